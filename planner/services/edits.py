"""What an edit writes, declared before it runs (services layer).

An edit names each field it changes, with the value the user was shown there (``expected``)
and the value to write (``new``). The unit of work checks the declared fields once, before
the service writes anything (``Store.work(expect=...)``): a field that holds neither what
the user saw nor the new value was changed by someone else since, and the edit is refused
with an :class:`~planner.store.errors.EditClash` naming theirs and mine. Nothing else is
remembered between units of work, so a plan reopened from disk behaves exactly like one
made in this process, and undo is the same edit reversed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from planner.store.edits import Expectation, clashes_of


@dataclass(frozen=True)
class Write:
    """One field of one record: what the user saw there, and what to write.

    ``key`` finds the record: ``(("id", 7),)`` for most tables, or the columns of a
    natural key (a score is found by its opportunity and criterion) — a record not there
    yet holds nothing (None) in every field.
    """

    table: str
    key: tuple[tuple[str, Any], ...]
    field: str
    expected: Any
    new: Any

    @property
    def ident(self) -> int | None:
        found = dict(self.key).get("id")
        return found if isinstance(found, int) else None

    def reversed(self) -> Write:
        return replace(self, expected=self.new, new=self.expected)


Writes = tuple[Write, ...]


def writes(table: str, ident: int | Mapping[str, Any], old: Mapping[str, Any],
           new: Mapping[str, Any]) -> Writes:
    """The write set of setting ``new`` over ``old`` on one record (fields of ``new``)."""
    key = (("id", ident),) if isinstance(ident, int) else tuple(sorted(ident.items()))
    return tuple(Write(table, key, name, old.get(name), value) for name, value in new.items())


def reverse(edit: Sequence[Write]) -> Writes:
    """The undo of an edit: each field back to what it held, expecting what was written."""
    return tuple(w.reversed() for w in edit)


def values(edit: Sequence[Write]) -> dict[str, Any]:
    """The new values by field (one record's write set)."""
    return {w.field: w.new for w in edit}


def followed_by(first: Sequence[Write], later: Sequence[Write]) -> Writes:
    """Two edits of the same fields as one (typing merged into one undo step): what the
    first expected, what the later one writes."""
    latest = {(w.table, w.key, w.field): w.new for w in later}
    merged = [replace(w, new=latest.pop((w.table, w.key, w.field), w.new)) for w in first]
    merged += [w for w in later if (w.table, w.key, w.field) in latest]
    return tuple(merged)


def rebased(edit: Sequence[Write], theirs: Mapping[tuple[str, Any, str], Any],
            chosen: Mapping[tuple[str, Any, str], Any] | None = None) -> Writes:
    """The edit written over a colleague's values, knowingly: it now expects ``theirs``
    (so its undo brings theirs back), and writes ``chosen`` where the user merged."""
    chosen = chosen or {}
    out = []
    for w in edit:
        at = (w.table, w.key, w.field)
        if at in theirs:
            w = replace(w, expected=theirs[at])
        if at in chosen:
            w = replace(w, new=chosen[at])
        out.append(w)
    return tuple(out)


@dataclass(frozen=True)
class Clash:
    """A declared field that a colleague changed since the user saw it."""

    write: Write
    theirs: Any  # what the field holds now
    label: str  # the record's title or name, for the dialog


def clashes(store: Any, edit: Sequence[Write]) -> list[Clash]:
    """The fields of ``edit`` someone else changed since the user saw them (reads only).

    The view asks this before it pushes a command, so the user settles a clash before
    anything is written; the unit of work checks again when the edit runs.
    """
    if not edit:
        return []
    with store.work() as work:
        found = clashes_of(work.session, list(edit))
    by_write = {id(e.expectation): e for e in found}
    return [Clash(w, by_write[id(w)].current, by_write[id(w)].label) for w in edit
            if id(w) in by_write]


__all__ = ["Clash", "Expectation", "Write", "Writes", "clashes", "followed_by", "rebased",
           "reverse", "values", "writes"]
