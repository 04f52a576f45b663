"""Team database: a profile save round trip on loopback PostgreSQL against the same save on
SQLite, how soon a colleague's commit reaches a listening program (NOTIFY), and what the
no-lost-updates bookkeeping (planner/store/versions.py: each row's version noted as it is
read) costs when reading 10,000 milestones, against the same read in an untracked session.

With every server process stopped (SIGSTOP), the time from a save to its clear error.

A save is one service call as the window makes it: read the row, check its version, write,
audit, commit (and, on PostgreSQL, queue the NOTIFY). Medians of RUNS saves after WARMUP.
Needs a server: PLANNER_TEST_PG_URL (a superuser URL; `source .ci/pg.sh && pg_start` makes
one). Without it the PostgreSQL figures are skipped, not failed.
Run: make bench, or .venv/bin/python -m bench.teamdb
"""

from __future__ import annotations

import contextlib
import os
import queue
import statistics
import tempfile
import time
from pathlib import Path

RUNS = 200
WARMUP = 20


def _save_ms(store) -> float:  # type: ignore[no-untyped-def]
    from planner.services.organisation import update_profile

    times = []
    for n in range(WARMUP + RUNS):
        start = time.perf_counter()
        update_profile(store, "vision", f"Vision {n}")
        times.append(time.perf_counter() - start)
    return statistics.median(times[WARMUP:]) * 1000


def _notify_ms(store) -> float:  # type: ignore[no-untyped-def]
    from planner.services.organisation import update_profile
    from planner.store.database import Store
    from planner.store.postgres import ChangeListener

    arrived: queue.Queue[float] = queue.Queue()
    listener = ChangeListener(store.url, lambda _n: arrived.put(time.perf_counter()),
                              ignore_instance=store.instance, poll_seconds=0.05)
    listener.start()
    times = []
    with Store.open(store.url) as colleague:
        for n in range(40):
            start = time.perf_counter()
            update_profile(colleague, "vision", f"Heard {n}")
            times.append(arrived.get(timeout=5) - start)
    listener.stop()
    return statistics.median(times[5:]) * 1000


def _tracking(store) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median ms to read 10,000 milestones: untracked session (baseline), unit of work."""
    from sqlmodel import Session, select

    from bench._common import median_ms
    from planner.store.tables import Milestone, Opportunity

    with store.work() as w:
        partnership = w.add(Opportunity(title="Bench")).id
        for n in range(10_000):
            w.session.add(Milestone(title=f"Step {n}", opportunity_id=partnership))

    def plain() -> None:
        with Session(store.engine) as session:
            session.exec(select(Milestone)).all()

    def tracked() -> None:
        with store.work() as w:
            w.list(Milestone)

    return median_ms(plain, 7, warm_up=True), median_ms(tracked, 7, warm_up=True)


def _frozen_s(store, server: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds from a save on a frozen server (every server process SIGSTOPped; the default
    budget, planner/store/watchdog.py) to its clear error; seconds to the first save after
    the server runs again (same open plan)."""
    from planner.services.organisation import update_profile
    from planner.store.errors import NotAnswering
    from tests import pg

    update_profile(store, "vision", "Before the freeze")
    with pg.frozen(server):
        start = time.perf_counter()
        with contextlib.suppress(NotAnswering):
            update_profile(store, "vision", "During the freeze")
        first_error = time.perf_counter() - start
    start = time.perf_counter()
    update_profile(store, "vision", "After the freeze")
    return first_error, time.perf_counter() - start


def main() -> None:
    from planner.store.database import Store

    with tempfile.TemporaryDirectory() as tmp, \
            Store.open(Path(tmp) / "plan.sqlite", create=True) as lite:
        sqlite_ms = _save_ms(lite)
        plain_ms, tracked_ms = _tracking(lite)
    print(f"save round trip, SQLite file (baseline): {sqlite_ms:.2f} ms")
    print(f"read 10,000 milestones, untracked session (baseline): {plain_ms:.1f} ms")
    print(f"read 10,000 milestones, unit of work noting versions: {tracked_ms:.1f} ms "
          f"({tracked_ms / plain_ms:.2f}x)")

    server = os.environ.get("PLANNER_TEST_PG_URL", "")
    if not server:
        print("PostgreSQL figures skipped: set PLANNER_TEST_PG_URL (source .ci/pg.sh && pg_start)")
        return
    from tests import pg

    url = pg.new_database(server)
    try:
        with Store.open(url) as team:
            pg_ms = _save_ms(team)
            print(f"save round trip, PostgreSQL on loopback: {pg_ms:.2f} ms "
                  f"({pg_ms / sqlite_ms:.2f}x SQLite)")
            notify_ms = _notify_ms(team)
            print(f"commit to a colleague's listener (NOTIFY): {notify_ms:.2f} ms "
                  f"({notify_ms / pg_ms:.2f}x a save)")
            first_error, resumed = _frozen_s(team, server)
            print(f"frozen server (SIGSTOP): first clear error after {first_error:.1f} s "
                  f"(goal <= 10 s); first save after SIGCONT {resumed * 1000:.0f} ms")
    finally:
        pg.drop_database(url)


if __name__ == "__main__":
    main()
