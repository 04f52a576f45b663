"""Copy a whole plan between databases: SQLite ⇄ PostgreSQL (services layer).

Used by ``planner copy --db SOURCE --to TARGET`` to move a laptop plan into the team
database and back to a new SQLite file for working offline. Generic over the tables
(planner/store/rows.py): every table in foreign-key order, ids kept, sequences moved on
afterwards. The copy is one transaction on the target; the row counts are checked before
it commits, and any mismatch or refusal rolls it back. A new SQLite file appears only once
the copy in it is complete, so a failed or killed copy leaves none.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from planner.store import postgres
from planner.store.creation import new_plan
from planner.store.database import Store, StoreError, UnitOfWork
from planner.store.engine import database_url, sqlite_path
from planner.store.rows import (
    RowRejected,
    TableInfo,
    insert_rows,
    reset_sequences,
    row_values,
    table_infos,
)

Rows = list[tuple[int, dict[str, Any]]]


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
            for info in table_infos():
                rows = parents_first(info, plan[info.name])
                if rows:
                    insert_rows(work, info, rows)
            reset_sequences(work, [info.name for info in table_infos()])
            counts = _count_all(work)
            expected = {name: len(rows) for name, rows in plan.items()}
            wrong = [f"{name}: {counts.get(name, 0)} of {n}" for name, n in expected.items()
                     if counts.get(name, 0) != n]
            if wrong:
                raise StoreError("The copy was checked and did not match the original ("
                                 + "; ".join(wrong) + "); nothing was kept.")
    except RowRejected as exc:
        raise StoreError(f"The copy was refused by {_shown(target_url)} at {exc.table} "
                         f"row {exc.index + 1}: {exc.reason}; nothing was kept.") from None
    return counts
