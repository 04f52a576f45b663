"""The SQL a plan kept for years runs, and how SQLite answers it (issue 22).

Every statement the dashboard's summary (its health rules and lists), the conflict register
and the timeline's first read run, recorded as they run on the sample and on the generated
plan of 100,000 milestones (bench/_scale_plan.py), each then run again alone: its median
time on both plans and their ratio, the rows it gives, and SQLite's own plan for it
(EXPLAIN QUERY PLAN): which index each table is searched by, and which tables are read
whole ("SCAN milestone" with no index is every row of the largest table, read for one view).

Run: ``.venv/bin/python -m bench.query_plans`` (``--size N`` for another generated plan).

Measured at 100,031 milestones (7 Dec 2026, main at ecb76ed, 2 cores, load ~2): 39
statements, 769 ms in all (the sample's: 1 ms). The slowest are the timeline panel's, read
off the GUI thread: the slip chart's ranking 252 ms (36,528 lines ranked in SQL, 40 kept),
the bite check 105 ms (every milestone read for its span: its length is no column an index
could hold), "since last meeting" 64 ms, overdue 30 ms (every milestone: most are done).
The dashboard's own: the milestones its rules name 49 ms (by the index on (partnership,
status)), each partnership's span 36 ms (a covering read of an index), the conflict rules
16 ms. The register reads its 29,009 areas whole (85 ms): it lists them all. Tables read
row by row otherwise: the few partnerships, people, organisations and agreements.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUNS = 3
SHOWN = 25  # the slowest statements listed; the sums count every one


@dataclass
class Statement:
    sql: str
    params: Any
    caller: str  # the planner function that ran it
    times: dict[int, float] = field(default_factory=dict)  # plan size -> median ms
    rows: dict[int, int] = field(default_factory=dict)
    plan: list[str] = field(default_factory=list)  # on the larger plan
    whole: list[str] = field(default_factory=list)  # the tables it reads every row of


def _caller() -> str:
    """The innermost planner function on the stack (the store or service read)."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        if "/planner/" in frame.filename:
            module = frame.filename.split("/planner/", 1)[1].removesuffix(".py")
            return f"{module.replace('/', '.')}.{frame.name}"
    return "?"


@contextmanager
def recording(engine: Any) -> Iterator[dict[str, Statement]]:
    """Every distinct statement run on ``engine`` meanwhile (the first parameters kept)."""
    from sqlalchemy import event

    seen: dict[str, Statement] = {}

    def note(_conn: Any, _cursor: Any, sql: str, params: Any, *_a: Any) -> None:
        if shape(sql) not in seen and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen[shape(sql)] = Statement(sql, params, _caller())

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def shape(sql: str) -> str:
    """The statement with its lists of values folded (``IN (?, ?, …)``: one per plan size)."""
    return re.sub(r"\(\?(?:, \?)*\)", "(…)", sql)


def _views(store: Any) -> None:
    """What a user opening the plan reads: the dashboard, the register, the timeline."""
    from bench._scale_plan import DAY
    from planner.services import dashboard, timeline_scope
    from planner.services.conflicts.register import register

    dashboard.summary(store, DAY)
    register(store, today=DAY)
    timeline_scope.group_summaries(store, None, "partnership")
    timeline_scope.warnings(store, None, DAY, 14)
    timeline_scope.since_last_meeting(store, None, 200)
    timeline_scope.slip_lines(store, None, DAY, 40)


def _timed(raw: Any, sql: str, params: Any) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        rows = len(raw.execute(sql, params or ()).fetchall())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def measure(size: int, statements: dict[str, Statement], *, explain: bool) -> None:
    """Record the statements of :func:`_views` on the plan of ``size`` generated milestones
    (a copy of the cached one) and time each alone there."""
    from bench.scale import _prepare
    from planner.store.database import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "plan.sqlite"
        shutil.copyfile(_prepare(size), copy)
        with Store.open(copy) as store:
            with recording(store.engine) as seen:
                _views(store)
            with store.engine.connect() as connection:
                raw = connection.connection.driver_connection
                assert raw is not None
                tables = {str(row[0]) for row in raw.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
                for key, found in seen.items():
                    kept = statements.setdefault(key, found)
                    kept.times[size], kept.rows[size] = _timed(raw, found.sql, found.params)
                    if explain:
                        kept.plan = [str(row[3]) for row in raw.execute(
                            f"EXPLAIN QUERY PLAN {found.sql}", found.params or ()).fetchall()]
                        kept.whole = whole_reads(kept.plan, tables)


def whole_reads(plan: list[str], tables: set[str]) -> list[str]:
    """The tables of the plan's own (not subqueries') read row by row without an index
    ("SCAN t", not "SCAN t USING [COVERING] INDEX …", which reads an index in order)."""
    return [step.split()[1] for step in plan
            if step.startswith("SCAN ") and "USING" not in step and step.split()[1] in tables]


def report(statements: dict[str, Statement], small: int, large: int,
           counts: dict[int, int]) -> None:
    done = [s for s in statements.values() if large in s.times]
    done.sort(key=lambda s: -s.times[large])
    print(f"SQL of the dashboard, the conflict register and the timeline's first read: "
          f"{len(done)} statements, each run alone (median of {RUNS}); ms on the plan of "
          f"{counts[large]:,} milestones, ratio to the sample's ({counts[small]:,})")
    print(f"{'ms':>7} {'sample':>7} {'rows':>7}  {'its caller':<40} how SQLite reads it")
    for s in done[:SHOWN]:
        base = s.times.get(small)
        how = "; ".join(step.replace("USING ", "").replace("INDEX ", "") for step in s.plan
                        if step.startswith(("SCAN", "SEARCH")))
        print(f"{s.times[large]:7.1f} {'' if base is None else f'{base:.2f}':>7} "
              f"{s.rows[large]:7,}  {s.caller[-40:]:<40} {how[:120]}")
    total = sum(s.times[large] for s in done)
    total_small = sum(s.times.get(small, 0.0) for s in done)
    print(f"  all {len(done)} statements: {total:.0f} ms on {counts[large]:,} milestones, "
          f"{total_small:.0f} ms on the sample ({total / max(total_small, 1e-9):.1f}x)")
    whole = [(s, t) for s in done for t in s.whole]
    print(f"  tables read whole (no index): {len(whole)} reads in {len({id(s) for s, _ in whole})}"
          " statements" + "".join(f"\n    {t:<20} {s.times[large]:7.1f} ms  {s.caller}"
                                  for s, t in whole))


def _count(size: int) -> int:
    import sqlite3

    from bench.scale import _prepare

    with sqlite3.connect(_prepare(size)) as connection:
        return int(connection.execute("SELECT count(*) FROM milestone").fetchone()[0])


def main(argv: list[str]) -> None:
    large = int(argv[argv.index("--size") + 1]) if "--size" in argv else 100_000
    statements: dict[str, Statement] = {}
    started = time.perf_counter()
    measure(0, statements, explain=False)
    measure(large, statements, explain=True)
    report(statements, 0, large, {0: _count(0), large: _count(large)})
    print(f"  (measured in {time.perf_counter() - started:.0f} s, {dt.date.today()})")


if __name__ == "__main__":
    main(sys.argv[1:])

