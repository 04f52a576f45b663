"""Copy a whole plan between databases: SQLite ⇄ PostgreSQL (services layer).

Used by ``planner copy --db SOURCE --to TARGET`` to move a laptop plan into the team
database and back to a new SQLite file for working offline. Generic over the tables
(planner/store/rows.py): every table in foreign-key order, ids kept, sequences moved on
afterwards. The copy is one transaction on the target; the row counts are checked before
it commits, and any mismatch or refusal rolls it back. A new SQLite file appears only once
the copy in it is complete, so a failed or killed copy leaves none.

Rows go in batches of one statement each: a team database gives every statement a few
seconds to answer (planner/store/watchdog.py), which one statement holding a whole table
of a large plan (100,000 milestones) outlasts; a batch takes a small part of that budget.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from planner.store import postgres
from planner.store.creation import new_plan
from planner.store.database import Store, StoreError, UnitOfWork
from planner.store.engine import database_url, sqlite_path
from planner.store.errors import NotAnswering
from planner.store.rows import (
    RowRejected,
    TableInfo,
    insert_rows,
    reset_sequences,
    row_values,
    table_infos,
)

Rows = list[tuple[int, dict[str, Any]]]
# Rows per statement for each second a team database may take to answer: 1,000 at the
# usual 5 s, which a loaded 2-core machine inserts in about 0.3 s (milestones, 100,000 plan).
ROWS_PER_SECOND = 200
SQLITE_BATCH = 5000


def _shown(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return f"“{path}”"
    return postgres.shown_url(url)


def read_all(store: Store) -> dict[str, Rows]:
    """Every row of every table, by id, from one consistent snapshot."""
    plan: dict[str, Rows] = {}
    with store.work() as work:
        postgres.consistent_reads(work.session)
        if postgres.rows_hidden(work.session):
            raise StoreError(
                f"{store.display_name}: confidential records are hidden from your database "
                "role, so a copy would be incomplete. Ask the plan's owner to make it.")
        for info in table_infos():
            rows = work.list(info.model, order_by=("id",))
            plan[info.name] = [(i, row_values(info, row)) for i, row in enumerate(rows)]
    return plan


def parents_first(info: TableInfo, rows: Rows) -> Rows:
    """Rows ordered so that each follows the rows of its own table it points to."""
    references = info.self_references
    if not references:
        return rows
    ids = {values["id"] for _, values in rows}
    ordered: Rows = []
    placed: set[int] = set()
    remaining = rows
    while remaining:
        waiting: Rows = []
        for index, values in remaining:
            parents = {values[c] for c in references if values.get(c) is not None} & ids
            if parents <= placed:
                ordered.append((index, values))
                placed.add(values["id"])
            else:
                waiting.append((index, values))
        if len(waiting) == len(remaining):  # a loop: let the database refuse it by name
            ordered += waiting
            break
        remaining = waiting
    return ordered


def batch_rows(url: str) -> int:
    """How many rows one insert statement carries when copying into ``url``."""
    if sqlite_path(url) is not None:
        return SQLITE_BATCH
    from planner.store.watchdog import answer_seconds  # a server URL: psycopg is there

    return max(50, int(ROWS_PER_SECOND * answer_seconds()))


def _count_all(work: UnitOfWork) -> dict[str, int]:
    return {info.name: work.count(info.model) for info in table_infos()}


def copy_database(source: str | Path, target: str | Path) -> dict[str, int]:
    """Copy the plan at ``source`` into the empty database ``target``; rows per table.

    ``target`` may be a new SQLite file (built beside its name and put in place only when
    the copy is complete and checked: planner/store/creation.py), an existing empty plan,
    or an empty database on a server. A target that already holds a plan is refused.
    """
    source_url, target_url = database_url(source), database_url(target)
    if source_url == target_url:
        raise StoreError("The copy would overwrite the plan it copies: choose another target.")
    target_path = sqlite_path(target_url)
    new_file = target_path is not None and not target_path.exists()

    with Store.open(source_url) as origin:
        plan = read_all(origin)

    destination: contextlib.AbstractContextManager[Store] = (
        new_plan(target_url) if new_file else Store.open(target_url, create=True))
    try:
        with destination as store, store.work() as work:
            present = {name: n for name, n in _count_all(work).items() if n}
            if present:
                held = ", ".join(f"{n} {name}" for name, n in sorted(present.items()))
                raise StoreError(f"{_shown(target_url)} already holds a plan ({held}); copy "
                                 "into an empty database or a new file.")
            batch = batch_rows(target_url)
            for info in table_infos():
                rows = parents_first(info, plan[info.name])
                for start in range(0, len(rows), batch):  # parents first, batch by batch
                    insert_rows(work, info, rows[start:start + batch])
            reset_sequences(work, [info.name for info in table_infos()])
            counts = _count_all(work)
            expected = {name: len(rows) for name, rows in plan.items()}
            wrong = [f"{name}: {counts.get(name, 0)} of {n}" for name, n in expected.items()
                     if counts.get(name, 0) != n]
            if wrong:
                raise StoreError("The copy was checked and did not match the original ("
                                 + "; ".join(wrong) + "); nothing was kept.")
    except NotAnswering as exc:
        raise StoreError(f"The copy to {_shown(target_url)} got no answer from {exc.host} in "
                         "time; nothing was kept. Try again when the server is less busy."
                         ) from None
    except RowRejected as exc:
        raise StoreError(f"The copy was refused by {_shown(target_url)} at {exc.table} "
                         f"row {exc.index + 1}: {exc.reason}; nothing was kept.") from None
    return counts
