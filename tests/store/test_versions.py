"""No lost updates, for every table: a save over a colleague's unseen change is refused, an
undo step applies only over what it left, and a change to other fields is no conflict.

Runs on SQLite (a second engine on the file plays the colleague) and on PostgreSQL (a second
program's connection)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.store import engine as eng
from planner.store.database import Store
from planner.store.errors import ConflictError
from planner.store.tables import ConflictArea, Milestone, Opportunity


@pytest.fixture
def colleague(any_store: Store) -> Iterator[Store]:
    other = Store(any_store.url, eng.make_engine(any_store.url), None)
    yield other
    other.engine.dispose()


def _add(store: Store) -> int:
    with store.work() as w:
        return w.add(Opportunity(title="Shared sports hall", notes="Ours")).id or 0


def _set(store: Store, ident: int, **values: object) -> None:
    with store.work() as w:
        row = w.one(Opportunity, ident)
        for name, value in values.items():
            setattr(row, name, value)


def _read(store: Store, ident: int) -> Opportunity:
    with store.work() as w:
        return w.one(Opportunity, ident)


def test_saving_over_a_change_not_yet_seen_is_refused(any_store: Store, colleague: Store) -> None:
    ident = _add(any_store)
    _read(colleague, ident)
    _set(colleague, ident, title="Theirs")  # my program has not read it since
    with pytest.raises(ConflictError) as caught:
        _set(any_store, ident, title="Mine")
    exc = caught.value
    assert (exc.table, exc.ident, exc.theirs, exc.mine) == (
        "opportunity", ident, {"title": "Theirs"}, {"title": "Mine"})
    assert exc.label == "Theirs"
    assert "opportunity “Theirs”" in str(exc)
    assert _read(colleague, ident).title == "Theirs"  # nothing of mine was written
    # Once I have seen theirs (a refresh), my save goes through.
    _read(any_store, ident)
    _set(any_store, ident, title="Mine, after reading theirs")
    assert _read(colleague, ident).title == "Mine, after reading theirs"


def test_a_deletion_over_an_unseen_change_is_refused(any_store: Store, colleague: Store) -> None:
    ident = _add(any_store)
    _read(colleague, ident)
    _set(colleague, ident, notes="Theirs")
    with pytest.raises(ConflictError) as caught, any_store.work() as w:
        w.delete(w.one(Opportunity, ident))
    assert caught.value.deleting
    assert caught.value.theirs["notes"] == "Theirs"
    assert _read(colleague, ident).notes == "Theirs"


def test_undo_stops_at_a_colleagues_later_change_to_the_same_field(
        any_store: Store, colleague: Store) -> None:
    ident = _add(any_store)
    _set(any_store, ident, title="Mine")
    _read(colleague, ident)
    _set(colleague, ident, title="Theirs, later")
    _read(any_store, ident)  # a live refresh showed me theirs: still, undo must not revert it
    with pytest.raises(ConflictError) as caught, any_store.step(replay=True):
        _set(any_store, ident, title="Shared sports hall")
    assert caught.value.theirs == {"title": "Theirs, later"}
    assert caught.value.mine == {"title": "Shared sports hall"}
    assert _read(colleague, ident).title == "Theirs, later"
    # Undoing anyway, knowingly: the override names their version.
    exc = caught.value
    assert exc.key is not None and exc.current_version is not None
    with any_store.step({exc.key: exc.current_version}, replay=True):
        _set(any_store, ident, title="Shared sports hall")
    assert _read(colleague, ident).title == "Shared sports hall"


def test_undo_goes_ahead_when_a_colleague_changed_other_fields_only(
        any_store: Store, colleague: Store) -> None:
    ident = _add(any_store)
    _set(any_store, ident, title="Mine")
    _read(colleague, ident)
    _set(colleague, ident, notes="Theirs")
    with any_store.step(replay=True):
        _set(any_store, ident, title="Shared sports hall")
    row = _read(colleague, ident)
    assert (row.title, row.notes) == ("Shared sports hall", "Theirs")  # both kept
    # ... and the redo after it is checked against what the undo left.
    _read(colleague, ident)
    _set(colleague, ident, title="Theirs now")
    with pytest.raises(ConflictError), any_store.step(replay=True):
        _set(any_store, ident, title="Mine")


def test_undoing_a_creation_does_not_delete_a_record_a_colleague_has_since_edited(
        any_store: Store, colleague: Store) -> None:
    partnership = _add(any_store)
    with any_store.work() as w:
        ident = w.add(Milestone(title="Open the hall", opportunity_id=partnership)).id or 0
    with colleague.work() as w:
        w.one(Milestone, ident).notes = "Booked the caretaker"
    with pytest.raises(ConflictError) as caught, any_store.step(replay=True), \
            any_store.work() as w:
        w.delete(w.one(Milestone, ident))
    assert caught.value.deleting
    with colleague.work() as w:
        assert w.one(Milestone, ident).notes == "Booked the caretaker"


def test_my_own_later_steps_and_their_undos_never_conflict(any_store: Store) -> None:
    """Undoing step 1 after step 2 was undone: the row moved on, but only by my hand."""
    ident = _add(any_store)
    with any_store.step():
        _set(any_store, ident, title="One")
    with any_store.step():
        _set(any_store, ident, title="Two", notes="Two's notes")
    with any_store.step(replay=True):
        _set(any_store, ident, title="One", notes="Ours")
    with any_store.step(replay=True):
        _set(any_store, ident, title="Shared sports hall")
    assert _read(any_store, ident).title == "Shared sports hall"


def test_a_live_refresh_does_not_license_an_undo_over_theirs(
        any_store: Store, colleague: Store) -> None:
    """Seeing their change (a refresh) lets a *new* edit go ahead, never an undo."""
    ident = _add(any_store)
    _set(any_store, ident, notes="Mine")
    _read(colleague, ident)
    _set(colleague, ident, notes="Theirs")
    _read(any_store, ident)
    with pytest.raises(ConflictError), any_store.step(replay=True):
        _set(any_store, ident, notes="Ours")
    _set(any_store, ident, notes="Mine, having read theirs")  # a new edit over what I saw
    assert _read(colleague, ident).notes == "Mine, having read theirs"


def test_my_own_successive_saves_never_conflict(any_store: Store) -> None:
    """Typing saves on every key: each save builds on the one before, in any table."""
    ident = _add(any_store)
    with any_store.work() as w:
        area = w.add(ConflictArea(title="Sixth form places", opportunity_id=ident))
    for letter in "abcdef":
        _set(any_store, ident, notes=f"Ours {letter}")
        with any_store.work() as w:
            w.one(ConflictArea, area.id or 0).description += letter
    assert _read(any_store, ident).notes == "Ours f"
