"""Declared edits, for every table: a save over a colleague's unseen change is refused, an
undo (the same edit reversed) applies only over what it wrote, a change to other fields is
no clash, and a plan reopened from disk behaves exactly like one made in this process.

Runs on SQLite (a second engine on the file plays the colleague) and on PostgreSQL (a second
program's connection)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from planner.services.edits import Write, clashes, rebased, reverse, writes
from planner.store import engine as eng
from planner.store.database import Store
from planner.store.edits import same
from planner.store.errors import EditClash, NotFoundError
from planner.store.tables import CriterionScore, Opportunity


@pytest.fixture
def colleague(any_store: Store) -> Iterator[Store]:
    other = Store(any_store.url, eng.make_engine(any_store.url), None)
    yield other
    other.engine.dispose()


def _add(store: Store) -> int:
    with store.work() as w:
        return w.add(Opportunity(title="Shared sports hall", notes="Ours")).id or 0


def _save(store: Store, ident: int, edit: tuple[Write, ...]) -> None:
    """What a service does: the declared edit, then the writes."""
    with store.work(edit) as w:
        row = w.one(Opportunity, ident)
        for write in edit:
            setattr(row, write.field, write.new)
        w.add(row)


def _read(store: Store, ident: int) -> Opportunity:
    with store.work() as w:
        return w.one(Opportunity, ident)


def test_saving_over_a_change_not_yet_seen_is_refused(any_store: Store,
                                                      colleague: Store) -> None:
    ident = _add(any_store)
    _save(colleague, ident, writes("opportunity", ident, {"title": "Shared sports hall"},
                                   {"title": "Their title"}))
    mine = writes("opportunity", ident, {"title": "Shared sports hall"}, {"title": "My title"})
    with pytest.raises(EditClash) as caught:
        _save(any_store, ident, mine)
    assert (caught.value.theirs, caught.value.mine) == ({"title": "Their title"},
                                                         {"title": "My title"})
    assert caught.value.label == "Their title"
    assert _read(any_store, ident).title == "Their title"
    # The view asks first, and sees the same clash, reading only.
    found = clashes(any_store, mine)
    assert [(c.write.field, c.theirs) for c in found] == [("title", "Their title")]
    # Having seen theirs, the user uses mine: the rebased edit goes through, and its undo
    # brings theirs back, not the older past.
    chosen = rebased(mine, {("opportunity", mine[0].key, "title"): "Their title"})
    _save(any_store, ident, chosen)
    assert _read(colleague, ident).title == "My title"
    _save(any_store, ident, reverse(chosen))
    assert _read(colleague, ident).title == "Their title"


def test_a_change_to_other_fields_is_no_clash(any_store: Store, colleague: Store) -> None:
    ident = _add(any_store)
    _save(colleague, ident, writes("opportunity", ident, {"notes": "Ours"}, {"notes": "Theirs"}))
    edit = writes("opportunity", ident, {"title": "Shared sports hall"}, {"title": "Mine"})
    _save(any_store, ident, edit)
    row = _read(any_store, ident)
    assert (row.title, row.notes) == ("Mine", "Theirs")


def test_undo_stops_at_a_colleagues_later_change_to_the_same_field(
        any_store: Store, colleague: Store) -> None:
    ident = _add(any_store)
    edit = writes("opportunity", ident, {"notes": "Ours"}, {"notes": "Mine"})
    _save(any_store, ident, edit)
    _save(colleague, ident, writes("opportunity", ident, {"notes": "Mine"},
                                   {"notes": "Theirs, later"}))
    with pytest.raises(EditClash):
        _save(any_store, ident, reverse(edit))
    assert _read(any_store, ident).notes == "Theirs, later"


def test_undo_and_redo_work_on_a_plan_reopened_from_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Nothing is remembered between units of work: a fresh Store (a new program) undoes
    and redoes an edit made by an earlier one."""
    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True) as first:
        ident = _add(first)
        edit = writes("opportunity", ident, {"notes": "Ours"}, {"notes": "Mine"})
        _save(first, ident, edit)
    with Store.open(path) as second:
        _save(second, ident, reverse(edit))
        assert _read(second, ident).notes == "Ours"
    with Store.open(path) as third:
        _save(third, ident, edit)
        _save(third, ident, edit)  # applying it again is no clash with itself
        assert _read(third, ident).notes == "Mine"


def test_a_record_found_by_its_natural_key_may_not_exist_yet(any_store: Store) -> None:
    """A score that was never given holds its defaults: expecting "no level" is right."""
    ident = _add(any_store)
    key = {"opportunity_id": ident, "criterion_id": 999}
    assert clashes(any_store, writes("criterion_score", key, {"level": None},
                                     {"level": 4})) == []
    found = clashes(any_store, writes("criterion_score", key, {"level": 3}, {"level": 4}))
    assert [(c.write.field, c.theirs) for c in found] == [("level", None)]
    assert CriterionScore.__tablename__ == "criterion_score"


def test_a_record_deleted_meanwhile_is_named(any_store: Store) -> None:
    ident = _add(any_store)
    with any_store.work() as w:
        w.delete(w.one(Opportunity, ident))
    with pytest.raises(NotFoundError, match="opportunity no longer exists"):
        _save(any_store, ident, writes("opportunity", ident, {"notes": "Ours"},
                                       {"notes": "Mine"}))


@pytest.mark.parametrize(("saved", "shown", "equal"), [
    ("", None, True),  # an empty text and no value are the same to the user
    ("Text ", "Text", True),  # views show text trimmed
    (["a", "b"], ("a", "b"), True),  # views hold lists as tuples
    (dt.datetime(2027, 1, 2, 3, 4), dt.datetime(2027, 1, 2, 3, 4, tzinfo=dt.UTC), True),
    (dt.date(2027, 1, 2), "2027-01-02", True),
    ("Theirs", "Mine", False),
    (3, 4, False),
])
def test_values_are_compared_as_stored(saved: object, shown: object, equal: bool) -> None:
    assert same(saved, shown) is equal
