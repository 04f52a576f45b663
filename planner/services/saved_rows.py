"""Rows taken away by a delete, kept so an undo puts them back with their ids (services).

A redo or an undo that recreated a record under a new id would lose every link to it, and
on a team database could even land a later edit on a colleague's record inserted in the
meantime. So whatever a step deletes, it keeps as :class:`SavedRows` and puts back whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.services.changes import ChangeSet, ValidationError
from planner.store.database import UnitOfWork


@dataclass(frozen=True)
class SavedRows:
    """Rows removed together (parents first), with every column, ids included."""

    rows: tuple[tuple[type[Any], dict[str, Any]], ...]

    def changes(self) -> ChangeSet:
        out = ChangeSet()
        for model, values in self.rows:
            out = out | ChangeSet.of(model.__tablename__, values.get("id"))
        return out


def save(*rows: Any) -> SavedRows:
    return SavedRows(tuple((type(r), r.model_dump()) for r in rows))


def restore(work: UnitOfWork, saved: SavedRows) -> None:
    """Insert the rows again, parents first, with the ids they had.

    A record a colleague added since in the same place (a plan file reuses the highest id)
    is never overwritten: the step is refused instead, and nothing changes."""
    for model, values in saved.rows:
        ident = values.get("id")
        if ident is not None and work.get(model, ident) is not None:
            kind = str(model.__tablename__).replace("_", " ")
            raise ValidationError(f"This {kind} cannot be put back: a colleague has since "
                                  "added one in its place. Nothing was changed.")
        work.add(model(**values))


def remove(work: UnitOfWork, *rows: Any) -> SavedRows:
    """Delete rows (children first), keeping them all, parents first, for an undo."""
    saved = save(*rows)
    for row in reversed(rows):
        work.delete(row)
    return saved
