"""The check every declared edit passes before it writes (store layer).

A service's unit of work is given the fields its edit changes, each with the value the user
was shown (``Store.work(expect=...)``). They are checked once, at the start of the unit of
work and on those fields only: a field that holds neither what the user saw nor the value
about to be written was changed by someone else, and the edit is refused with an
:class:`EditClash` naming theirs and mine. Nothing is remembered between units of work.

On PostgreSQL the rows are locked (``FOR UPDATE``) until the unit of work ends, so no
colleague can slip a change between the check and the write; a SQLite plan has one writer.
Two saves racing in the same instant are still caught by the row version
(``version_id_col``), as the last line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import and_, select
from sqlmodel import Session, SQLModel

from planner.store.errors import EditClash, NotFoundError

_LABEL_FIELDS = ("title", "name", "full_name", "text")


class Expectation(Protocol):
    """What the store needs of a declared write (``planner.services.edits.Write``)."""

    @property
    def table(self) -> str: ...
    @property
    def key(self) -> tuple[tuple[str, Any], ...]: ...
    @property
    def field(self) -> str: ...
    @property
    def expected(self) -> Any: ...
    @property
    def new(self) -> Any: ...


@dataclass(frozen=True)
class Found:
    """A declared field that holds something else now."""

    expectation: Expectation
    current: Any
    label: str


def same(saved: Any, written: Any) -> bool:
    """Equal as stored: SQLite returns timestamps without their (UTC) zone; an empty text
    and no value are the same to the user; views hold lists as tuples."""
    if saved in (None, "") and written in (None, ""):
        return True
    if isinstance(saved, dt.datetime) and isinstance(written, dt.datetime):
        if (saved.tzinfo is None) != (written.tzinfo is None):
            return saved.replace(tzinfo=None) == written.astimezone(dt.UTC).replace(
                tzinfo=None) if saved.tzinfo is None else same(written, saved)
        return saved == written
    if isinstance(saved, (list, tuple)) and isinstance(written, (list, tuple)):
        return len(saved) == len(written) and all(map(same, saved, written))
    if isinstance(saved, str) and isinstance(written, str):
        return saved.strip() == written.strip()  # views may show text trimmed
    if isinstance(saved, dt.date) and isinstance(written, str):
        return saved.isoformat() == written
    return bool(saved == written)


def _default(table: str, field: str) -> Any:
    """What a field of a record not yet saved holds: its model's default."""
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            info = mapper.class_.model_fields.get(field)
            return None if info is None or info.is_required() else info.get_default(
                call_default_factory=True)
    return None


def clashes_of(session: Session, expected: Sequence[Expectation], *,
               lock: bool = False) -> list[Found]:
    """The declared fields whose value is neither the one expected nor the new one.

    A record found by its id that is gone raises NotFoundError; a record found by a natural
    key that is not there yet holds its defaults (a gate not yet answered is "unknown").
    """
    found: list[Found] = []
    rows: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}
    for want in expected:
        at = (want.table, want.key)
        if at not in rows:
            table = SQLModel.metadata.tables[want.table]
            query = select(table).where(and_(*(table.c[k] == v for k, v in want.key)))
            if lock and session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update()
            rows[at] = session.execute(query).mappings().first()
            if rows[at] is None and dict(want.key).keys() == {"id"}:
                kind = want.table.replace("_", " ")
                raise NotFoundError(f"This {kind} no longer exists (someone deleted it); "
                                    "nothing was saved.")
        row = rows[at]
        current = _default(want.table, want.field) if row is None else row[want.field]
        if same(current, want.expected) or same(current, want.new):
            continue
        label = ""
        if row is not None:
            label = next((str(row[n]).strip() for n in _LABEL_FIELDS
                          if n in row and isinstance(row[n], str) and row[n].strip()), "")
        found.append(Found(want, current, label))
    return found


def check(session: Session, expected: Sequence[Expectation]) -> None:
    """EditClash (theirs and mine, per field) unless every declared field still holds what
    the user was shown; the first record that clashes is named."""
    found = clashes_of(session, expected, lock=True)
    if not found:
        return
    first = found[0].expectation
    same_record = [f for f in found
                   if (f.expectation.table, f.expectation.key) == (first.table, first.key)]
    ident = dict(first.key).get("id")
    raise EditClash(first.table, ident if isinstance(ident, int) else None,
                    {f.expectation.field: f.current for f in same_record},
                    {f.expectation.field: f.expectation.new for f in same_record},
                    label=found[0].label)
