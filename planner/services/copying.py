"""Copy a whole plan between databases: SQLite ⇄ PostgreSQL (services layer).

Used by ``planner copy --db SOURCE --to TARGET`` to move a laptop plan into the team
database and back to a new SQLite file for working offline. Generic over the tables
(planner/store/rows.py): every table in foreign-key order, ids kept, sequences moved on
afterwards. The copy is one transaction on the target; the row counts are checked before
it commits, and any mismatch or refusal rolls it back. A new SQLite file appears only once
the copy in it is complete, so a failed or killed copy leaves none.

Rows go in batches of one statement each, both ways: a team database gives every
statement a few seconds to answer (planner/store/watchdog.py), which one statement holding
a whole table of a large plan (100,000 milestones) outlasts; a batch takes a small part of
that budget. Reads go by id (keyset: each batch the rows after the last id read), inside
one snapshot.

A long copy says how far it has gone (``progress``: a :class:`CopyProgress` after each
batch) and stops when asked (``cancel``, looked at between batches): nothing is kept then,
as for any other failure.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.store import postgres
from planner.store.creation import new_plan
from planner.store.database import Store, StoreError, UnitOfWork
from planner.store.engine import database_url, sqlite_path
from planner.store.errors import NotAnswering
from planner.store.naming import private
from planner.store.naming import shown as shown  # the one name for a plan in a message
from planner.store.rows import (
    RowRejected,
    TableInfo,
    insert_rows,
    reset_sequences,
    table_infos,
)

# A table's rows as read: plain tuples of its columns' values, in TableInfo.columns order
# (a plan of 100,000 milestones held as dicts took twice the memory).
Rows = list[tuple[Any, ...]]
# Rows per statement for each second a team database may take to answer: 1,000 at the
# usual 5 s, which a loaded 2-core machine inserts in about 0.3 s (milestones, 100,000 plan).
ROWS_PER_SECOND = 200
SQLITE_BATCH = 5000


class CopyCancelled(StoreError):
    """The copy was stopped by its user; nothing was kept."""


@dataclass(frozen=True)
class CopyProgress:
    """How far a copy has gone: ``stage`` "reading" the plan, "writing" it to the target or
    "checking" it there; ``table`` the table at hand; ``done`` rows of the stage so far, of
    ``total`` rows in the plan."""

    stage: str
    table: str
    done: int
    total: int

    # Of the whole copy's time: 100,000 milestones took 26 s to read and 24 s to write
    # between two files, and longer to write to a team database.
    READING_SHARE = 0.4

    @property
    def fraction(self) -> float:
        """How much of the whole copy is done, 0..1 (reading counts for 40%)."""
        part = self.done / self.total if self.total else 1.0
        if self.stage == "reading":
            return self.READING_SHARE * part
        if self.stage == "writing":
            return self.READING_SHARE + (1 - self.READING_SHARE) * part
        return 1.0

    def text(self) -> str:
        """One line for a person: "Writing 40,000 of 180,000 rows (53%): milestone" (the
        rows of the whole plan, the table at hand last)."""
        if self.stage == "checking":
            return f"Checking the copy ({self.fraction:.0%})"
        return (f"{self.stage.capitalize()} {self.done:,} of {self.total:,} rows "
                f"({self.fraction:.0%}): {self.table}")


Progress = Callable[[CopyProgress], object]


def _go_on(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise CopyCancelled("The copy was cancelled; nothing was kept.")


def read_all(store: Store, *, batch: int | None = None, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> dict[str, Rows]:
    """Every row of every table, by id, from one consistent snapshot, ``batch`` rows per
    statement (by default as many as the plan's database answers for quickly)."""
    batch = batch or batch_rows(store.url)
    plan: dict[str, Rows] = {}
    with store.work() as work:
        postgres.consistent_reads(work.session)
        if postgres.rows_hidden(work.session):
            raise StoreError(
                f"{shown(store.url, capital=True)}: confidential records are hidden from your "
                "database role, so a copy would be incomplete. Ask the plan's owner to make it.")
        total = sum(_count_all(work).values()) if progress is not None else 0
        done = 0
        for info in table_infos():
            names = _names(info)
            ident = names.index("id")
            rows: Rows = []
            last: int | None = None
            while True:
                _go_on(cancel)
                found = work.batch(info.model, names, after=last, size=batch)
                rows += found
                done += len(found)
                if progress is not None:
                    progress(CopyProgress("reading", info.name, done, total))
                if len(found) < batch:
                    break
                last = rows[-1][ident]
            plan[info.name] = rows
    return plan


def _names(info: TableInfo) -> tuple[str, ...]:
    return tuple(column.name for column in info.columns)


def parents_first(info: TableInfo, rows: Rows) -> list[int]:
    """The places of ``rows`` in an order where each row follows the rows of its own table
    it points to."""
    names = _names(info)
    references = [names.index(c) for c in info.self_references]
    if not references:
        return list(range(len(rows)))
    ident = names.index("id")
    ids = {values[ident] for values in rows}
    ordered: list[int] = []
    placed: set[int] = set()
    remaining = list(range(len(rows)))
    while remaining:
        waiting: list[int] = []
        for index in remaining:
            values = rows[index]
            parents = {values[c] for c in references if values[c] is not None} & ids
            if parents <= placed:
                ordered.append(index)
                placed.add(values[ident])
            else:
                waiting.append(index)
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


def copy_database(source: str | Path | Store, target: str | Path, *,
                  progress: Progress | None = None,
                  cancel: threading.Event | None = None) -> dict[str, int]:
    """Copy the plan at ``source`` (a path, a URL, or a plan open in the window) into the
    empty database ``target``; rows per table.

    ``target`` may be a new SQLite file (built beside its name and put in place only when
    the copy is complete and checked: planner/store/creation.py), an existing empty plan,
    or an empty database on a server. A target that already holds a plan is refused.
    ``progress`` hears how far the copy has gone after each batch (on the copying thread);
    once ``cancel`` is set the copy stops at the next batch with :class:`CopyCancelled`,
    keeping nothing.
    """
    source_url = source.url if isinstance(source, Store) else database_url(source)
    target_url = database_url(target)
    try:
        return _copy(source, source_url, target_url, progress, cancel)
    except StoreError as exc:  # the store's words may hold a URL: say it without its user
        exc.args = (private(str(exc), source_url, target_url),)
        raise


def _copy(source: str | Path | Store, source_url: str, target_url: str,
          progress: Progress | None, cancel: threading.Event | None) -> dict[str, int]:
    if source_url == target_url:
        raise StoreError("The copy would overwrite the plan it copies: choose another target.")
    target_path = sqlite_path(target_url)
    new_file = target_path is not None and not target_path.exists()

    try:
        if isinstance(source, Store):
            plan = read_all(source, progress=progress, cancel=cancel)
        else:
            with Store.open(source_url) as origin:
                plan = read_all(origin, progress=progress, cancel=cancel)
    except NotAnswering as exc:
        raise StoreError(f"The copy from {shown(source_url)} got no answer from {exc.host} "
                         "in time; nothing was copied. Try again when the server is less "
                         "busy.") from None
    total = sum(len(rows) for rows in plan.values())

    destination: contextlib.AbstractContextManager[Store] = (
        new_plan(target_url) if new_file else Store.open(target_url, create=True))
    try:
        with destination as store, store.work() as work:
            present = {name: n for name, n in _count_all(work).items() if n}
            if present:
                held = ", ".join(f"{n} {name}" for name, n in sorted(present.items()))
                raise StoreError(f"{shown(target_url, capital=True)} already holds a plan "
                                 f"({held}); copy into an empty database or a new file.")
            batch = batch_rows(target_url)
            done = 0
            for info in table_infos():
                rows, names = plan[info.name], _names(info)
                order = parents_first(info, rows)
                for start in range(0, len(order), batch):  # parents first, batch by batch
                    _go_on(cancel)
                    places = order[start:start + batch]
                    # Each row with its place in the table as read, which a refusal names.
                    insert_rows(work, info, [(i, dict(zip(names, rows[i], strict=True)))
                                             for i in places])
                    done += len(places)
                    if progress is not None:
                        progress(CopyProgress("writing", info.name, done, total))
            _go_on(cancel)
            reset_sequences(work, [info.name for info in table_infos()])
            if progress is not None:
                progress(CopyProgress("checking", "", total, total))
            counts = _count_all(work)
            expected = {name: len(rows) for name, rows in plan.items()}
            wrong = [f"{name}: {counts.get(name, 0)} of {n}" for name, n in expected.items()
                     if counts.get(name, 0) != n]
            if wrong:
                raise StoreError("The copy was checked and did not match the original ("
                                 + "; ".join(wrong) + "); nothing was kept.")
    except NotAnswering as exc:
        raise StoreError(f"The copy to {shown(target_url)} got no answer from {exc.host} in "
                         "time; nothing was kept. Try again when the server is less busy."
                         ) from None
    except RowRejected as exc:
        raise StoreError(f"The copy was refused by {shown(target_url)} at {exc.table} "
                         f"row {exc.index + 1}: {exc.reason}; nothing was kept.") from None
    return counts
