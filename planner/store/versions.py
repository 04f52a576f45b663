"""No lost updates: each save is checked against what this program last saw (store layer).

On a team database several programs edit one plan. Every editable row carries a
``row_version``. Per open plan, this module remembers the version of every row this program
read or wrote, and the value of every field it wrote (:class:`Seen`). Before a unit of work
changes or deletes a row, it is checked:

* A new change (the user edited what a view showed) is refused with ConflictError when the
  row's version moved on since this program last saw it — unless every field it changes
  still holds the value this program last wrote there, or the value the user was shown
  (``base``): then a colleague changed other fields, and as the UPDATE writes only the
  changed columns, theirs is kept.
* An undo or redo (``Store.step(replay=True)``) is refused when a field it writes no longer
  holds what this program last wrote there: a colleague changed it since, and undoing would
  revert their change. A live refresh that *showed* their change does not make it fair game.
* A deletion is checked against the whole row.

``overrides`` (the user chose "use mine" over a named version) and ``update_if_version``
(a service naming the version the user saw) replace the rule for that row. Nothing here knows
an area of the plan: it works on any table with a ``row_version``, so every service gets it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session

from planner.store.errors import ConflictError
from planner.store.tables import VERSION_COLUMN

Key = tuple[str, int]
_UNIT = "planner.versions.unit"
_LABEL_FIELDS = ("title", "name", "full_name", "text")


@dataclass
class Step:
    """One application of an undo step: first (``replay`` False) or an undo/redo after it."""

    replay: bool = False
    overrides: dict[Key, int] = field(default_factory=dict)  # "use mine" over this version
    base: dict[str, Any] = field(default_factory=dict)  # field values the user saw (edits)


@dataclass
class _Unit:
    """What one unit of work loaded and wrote, merged into :class:`Seen` on commit."""

    seen: Seen
    step: Step | None
    loaded: dict[Key, int] = field(default_factory=dict)
    written: dict[Key, dict[str, Any] | None] = field(default_factory=dict)  # None: deleted
    versions: dict[Key, int] = field(default_factory=dict)
    explicit: dict[Key, int] = field(default_factory=dict)
    bulk: bool = False


class Seen:
    """Per open plan: the version of each row this program last read or wrote, and the
    value of each field it wrote."""

    def __init__(self) -> None:
        self.versions: dict[Key, int] = {}
        self.mine: dict[Key, dict[str, Any]] = {}
        self.wrote: dict[Key, int] = {}  # the version this program's last write left
        self._local = threading.local()

    @property
    def step(self) -> Step | None:
        return getattr(self._local, "step", None)

    def run_step(self, step: Step) -> Iterator[Step]:
        """Units of work on this thread are checked as ``step`` says (see Store.step)."""
        outer = self.step
        self._local.step = step
        try:
            yield step
        finally:
            self._local.step = outer

    def begin(self, session: Session) -> None:
        session.info[_UNIT] = _Unit(self, self.step)

    def committed(self, session: Session) -> None:
        unit: _Unit | None = session.info.pop(_UNIT, None)
        if unit is None:
            return
        if unit.bulk:  # rows changed without the ORM: forget rather than misjudge
            self.versions.clear()
            self.mine.clear()
            self.wrote.clear()
        self.versions.update(unit.loaded)
        for key, values in unit.written.items():
            if values is None:
                self.versions.pop(key, None)
                self.mine.pop(key, None)
                self.wrote.pop(key, None)
                continue
            self.versions[key] = self.wrote[key] = unit.versions[key]
            self.mine.setdefault(key, {}).update(values)
        if unit.step is not None:  # a later unit of the same application builds on this one
            for key in unit.written:
                unit.step.overrides.pop(key, None)


def expect(session: Session, key: Key, version: int) -> None:
    """The caller names the version the user saw (update_if_version): check against that."""
    unit: _Unit | None = session.info.get(_UNIT)
    if unit is not None:
        unit.explicit[key] = version


def overridden(session: Session, key: Key, version: int) -> int:
    """The version a save must find: the caller's, or the newer one the user chose to write
    over ("use mine")."""
    unit: _Unit | None = session.info.get(_UNIT)
    if unit is None or unit.step is None:
        return version
    return unit.step.overrides.get(key, version)


def key_of(row: object) -> Key | None:
    table = getattr(row, "__table__", None)
    ident = getattr(row, "id", None)
    if table is None or not isinstance(ident, int) or VERSION_COLUMN not in table.c:
        return None
    return str(table.name), ident


def label_of(row: object) -> str:
    """The row's title or name as saved (before this flush's change), for messages."""
    committed = inspect(row).committed_state
    for name in _LABEL_FIELDS:
        value = committed[name] if name in committed else getattr(row, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


# ---------------------------------------------------------------------- session events


def _changes(row: object) -> dict[str, tuple[Any, Any]]:
    """Each field this flush will change: (value saved now, value to write)."""
    state = inspect(row)
    out: dict[str, tuple[Any, Any]] = {}
    for name in list(state.committed_state):
        if name == VERSION_COLUMN:
            continue
        history = state.attrs[name].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            out[name] = (before, getattr(row, name))
    return out


def _same(saved: Any, written: Any) -> bool:
    """Equal as stored: SQLite returns timestamps without their (UTC) zone; an empty text
    and no value are the same to the user."""
    if saved in (None, "") and written in (None, ""):
        return True
    if isinstance(saved, dt.datetime) and isinstance(written, dt.datetime):
        return saved.replace(tzinfo=None) == written.astimezone(dt.UTC).replace(tzinfo=None) \
            if written.tzinfo is not None and saved.tzinfo is None else saved == written
    if isinstance(saved, (list, tuple)) and isinstance(written, (list, tuple)):
        return list(saved) == list(written)  # views hold lists as tuples
    if isinstance(saved, str) and isinstance(written, str):
        return saved.strip() == written.strip()  # views may show text trimmed
    return bool(saved == written)


def _check(unit: _Unit, row: object, deleting: bool) -> None:
    key = key_of(row)
    if key is None:
        return
    changes = {} if deleting else _changes(row)
    if not deleting and not changes:
        return
    current = getattr(row, VERSION_COLUMN)
    step = unit.step
    named = unit.explicit.get(key, step.overrides.get(key) if step is not None else None)
    seen = unit.seen.versions.get(key)
    mine = unit.seen.mine.get(key, {})

    def kept(name: str, saved: Any) -> bool:  # still what this program last wrote there
        return name in mine and _same(saved, mine[name])

    base = step.base if step is not None and not step.replay else {}

    def shown(name: str, saved: Any) -> bool:  # what the user was shown when editing
        return kept(name, saved) or (name in base and _same(saved, base[name]))

    if named is not None:
        ok = named == current
    elif unit.seen.wrote.get(key) == current:
        ok = True  # nobody else has written the row since this program did
    elif deleting:
        ok = (all(kept(n, getattr(row, n)) for n in mine) if mine
              else seen is None or seen == current)
    elif step is not None and step.replay:
        ok = all(kept(n, before) or (n not in mine and (seen is None or seen == current))
                 for n, (before, _after) in changes.items())
    elif base and all(n in base for n in changes):
        # The view says what the user saw: a read since (a check before saving, say) does
        # not mean the user saw a colleague's change.
        ok = all(shown(n, before) for n, (before, _after) in changes.items())
    else:
        ok = seen is None or seen == current or all(
            shown(n, before) for n, (before, _after) in changes.items())
    if ok:
        return
    if deleting:
        theirs = {k: v for k, v in row.model_dump().items()  # type: ignore[attr-defined]
                  if k not in ("id", VERSION_COLUMN)}
        mine_now: dict[str, Any] = {}
    else:
        theirs = {name: before for name, (before, _after) in changes.items()}
        mine_now = {name: after for name, (_before, after) in changes.items()}
    raise ConflictError(key[0], key[1], named if named is not None else seen, current, theirs,
                        mine_now, label=label_of(row), deleting=deleting)


class PlannerSession(Session):
    """The session every unit of work uses: it checks versions before each flush."""


@event.listens_for(PlannerSession, "loaded_as_persistent")
def _loaded(session: Session, row: object) -> None:
    unit: _Unit | None = session.info.get(_UNIT)
    key = key_of(row) if unit is not None else None
    if unit is not None and key is not None:
        unit.loaded[key] = getattr(row, VERSION_COLUMN)


@event.listens_for(PlannerSession, "before_flush")
def _before_flush(session: Session, _context: object, _instances: object) -> None:
    unit: _Unit | None = session.info.get(_UNIT)
    if unit is None:
        return
    for row in list(session.dirty):
        _check(unit, row, deleting=False)
    for row in list(session.deleted):
        _check(unit, row, deleting=True)


@event.listens_for(PlannerSession, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    unit: _Unit | None = session.info.get(_UNIT)
    if unit is None:
        return
    for row in session.new:
        key = key_of(row)
        if key is not None:
            unit.written[key] = {k: v for k, v in row.model_dump().items()
                                 if k not in ("id", VERSION_COLUMN)}
            unit.versions[key] = getattr(row, VERSION_COLUMN)
    for row in session.dirty:
        key = key_of(row)
        changed = {name: after for name, (_before, after) in _changes(row).items()}
        if key is not None and changed:
            earlier = unit.written.get(key) or {}
            unit.written[key] = {**earlier, **changed}
            unit.versions[key] = getattr(row, VERSION_COLUMN)
    for row in session.deleted:
        key = key_of(row)
        if key is not None:
            unit.written[key] = None


@event.listens_for(PlannerSession, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete:
        unit: _Unit | None = state.session.info.get(_UNIT)
        if unit is not None:
            unit.bulk = True
