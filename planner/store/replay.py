"""Writing declared field values again (store layer): a saved file of waiting changes.

A window whose team database stopped answering can save the edits still waiting as a file
(planner/services/change_file.py); ``planner changes apply`` writes them later. Each
waiting edit is its declared write set (planner/services/edits.py): fields of records,
found by id or by a natural key, with the value the user saw and the value to write. The
unit of work checks them first as for any edit (a colleague's change since is a clash);
here each field is set, on the record found by its key. A record found by a natural key
that is not there yet (a score not yet given) is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_
from sqlmodel import Session, SQLModel, select

from planner.store.edits import Expectation, check, same
from planner.store.errors import NotFoundError


def model_of(table: str) -> type[SQLModel]:
    """The model class of a plan's table."""
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    raise NotFoundError(f"The plan has no table “{table}”.")


def write(session: Session, writes: Sequence[Expectation],
          final: Mapping[tuple[str, Any, str], Any] | None = None,
          ) -> list[tuple[Expectation, int | None]]:
    """Check, then set each declared field to its new value; the writes that changed a
    field, each with its record's id — empty when every field held its value already.

    ``final``: what the whole file finally writes to each field. A field that holds it
    already is done (a later step wrote it, or the server saved it after all): it is
    neither checked nor written again."""
    final = final or {}
    pending = []
    for want in writes:
        at = (want.table, want.key, want.field)
        if at in final and same(_current(session, want), final[at]):
            continue
        pending.append(want)
    check(session, pending)
    changed: list[tuple[Expectation, int | None]] = []
    for want in pending:
        model = model_of(want.table)
        row = _row(session, want)
        key = dict(want.key)
        if row is None:
            if key.keys() == {"id"}:
                raise NotFoundError(f"This {want.table.replace('_', ' ')} no longer exists "
                                    "(someone deleted it); nothing was saved.")
            row = model(**key)
            session.add(row)
        elif same(getattr(row, want.field), want.new):
            continue
        setattr(row, want.field, _value(want.new))
        session.flush()
        ident = getattr(row, "id", None)
        changed.append((want, ident if isinstance(ident, int) else None))
    return changed


def _row(session: Session, want: Expectation) -> Any:
    model = model_of(want.table)
    table = SQLModel.metadata.tables[want.table]
    return session.exec(select(model).where(
        and_(*(table.c[k] == v for k, v in want.key)))).first()


def _current(session: Session, want: Expectation) -> Any:
    row = _row(session, want)
    return None if row is None else getattr(row, want.field)


def _value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
