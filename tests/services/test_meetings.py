"""The meeting log service: validation, create/update/delete with exact undo, cadence."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from planner.services import dashboard as dash
from planner.services import meetings as svc
from planner.services.changes import ValidationError
from planner.services.edits import reverse
from planner.services.meetings import ActionData, MeetingData
from planner.store.database import NotFoundError, Store
from planner.store.tables import (
    Agreement,
    AgreementSection,
    Milestone,
    MilestoneSnapshot,
    Opportunity,
)

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def opp(store: Store) -> int:
    with store.work() as w:
        row = w.add(Opportunity(title="Riverside FC", stage="pursued", tier="strategic",
                                start_date=dt.date(2026, 1, 5)))
    assert row.id is not None
    return row.id


def meeting(opp: int, **kw: object) -> MeetingData:
    values: dict[str, object] = dict(
        opportunity_id=opp, held_on=dt.date(2026, 5, 20), kind="strategic", state="held",
        attendees=("Margaret Ellison", "Andrew Coles"), ceo_hours=1.5, staff_hours=3.0,
        decisions="Go ahead with the summer camp.",
        actions=(ActionData("Book the pitches", "Andrew Coles", dt.date(2026, 6, 10)),))
    values.update(kw)
    return MeetingData(**values)  # type: ignore[arg-type]


def test_create_and_read_back(store: Store, opp: int) -> None:
    ident, changes = svc.create_meeting(store, meeting(opp), today=TODAY)
    assert changes.touches("meeting") and ("opportunity", opp) in changes.ids
    got = svc.get_meeting(store, ident)
    assert got.partnership == "Riverside FC"
    assert got.attendees == ("Margaret Ellison", "Andrew Coles")
    assert got.actions[0].text == "Book the pitches" and got.actions[0].id is not None
    assert got.open_actions == 1
    assert [m.id for m in svc.list_meetings(store, opp)] == [ident]


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"kind": "social"}, "kind", "type of meeting"),
    ({"state": "postponed"}, "state", "state of the meeting"),
    ({"held_on": None}, "held_on", "required"),
    ({"held_on": "31/02/2026"}, "held_on", "2026-03-31"),
    ({"held_on": dt.date(2026, 6, 2)}, "held_on",
     "A meeting on 2 Jun 2026 is still in the future"),
    ({"ceo_hours": -1}, "ceo_hours", "less than 0"),
    ({"ceo_hours": 25}, "ceo_hours", "more than 24"),
    ({"staff_hours": float("nan")}, "staff_hours", "number"),
    ({"state": "cancelled"}, "ceo_hours", "Only a meeting that was held"),
    ({"attendees": ("Ann", "ann")}, "attendees", "appears twice"),
    ({"attendees": ("Ann", "  ")}, "attendees", "cannot be empty"),
    ({"decisions": "x" * 2_000_001}, "decisions", "too long"),
    ({"notes": "a\x00b"}, "notes", "NUL"),
    ({"actions": (ActionData("  "),)}, "actions", "Action 1: the action cannot be empty"),
    ({"actions": (ActionData("Ring", due_on=dt.date(2026, 5, 1)),)}, "actions",
     "Action 1: the due date (1 May 2026) is before the meeting (20 May 2026)."),
    ({"actions": (ActionData("Ring", done_on=dt.date(2026, 5, 1)),)}, "actions",
     "it cannot be done (1 May 2026) before the meeting that agreed it (20 May 2026)."),
    ({"held_on": dt.date(1, 1, 1)}, "held_on", "1 Jan 1) is outside the years 1900–2199"),
    ({"state": "planned", "ceo_hours": 0, "staff_hours": 0,
      "held_on": dt.date(9999, 12, 31)}, "held_on", "check the year"),
    ({"actions": (ActionData("Ring", due_on=dt.date(9999, 12, 31)),)}, "actions",
     "Action 1: the due date (31 Dec 9999) is outside"),
])
def test_bad_input_gets_a_clear_message(store: Store, opp: int, change: dict[str, object],
                                        field: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        svc.create_meeting(store, replace(meeting(opp), **change), today=TODAY)  # type: ignore[arg-type]
    assert info.value.field == field
    assert words in info.value.message
    assert svc.list_meetings(store) == []


def test_planned_meeting_in_the_future_is_fine(store: Store, opp: int) -> None:
    data = meeting(opp, held_on=dt.date(2026, 7, 1), state="planned", ceo_hours=0.0,
                   staff_hours=0.0, actions=())
    ident, _ = svc.create_meeting(store, data, today=TODAY)
    assert svc.get_meeting(store, ident).state == "planned"


def test_unusual_text_is_kept_exactly(store: Store, opp: int) -> None:
    odd = ("ليلى حداد", "Zofia Dąbrowska 🎉", "Robert'); DROP TABLE meeting;--")
    ident, _ = svc.create_meeting(store, meeting(opp, attendees=odd,
                                                 decisions="x" * 1_000_000), today=TODAY)
    got = svc.get_meeting(store, ident)
    assert got.attendees == odd and len(got.decisions) == 1_000_000


def test_unknown_partnership(store: Store, opp: int) -> None:
    with pytest.raises(ValidationError, match="Choose the partnership"):
        svc.create_meeting(store, meeting(opp + 99), today=TODAY)


def test_update_then_restore_puts_everything_back(store: Store, opp: int) -> None:
    ident, _ = svc.create_meeting(store, meeting(opp), today=TODAY)
    original = svc.get_meeting(store, ident)
    edited = replace(original, state="held", attendees=("Margaret Ellison",), ceo_hours=2.0,
                     actions=(replace(original.actions[0], done_on=dt.date(2026, 5, 25)),
                              ActionData("Tell the governors", "Margaret Ellison")))
    before, _ = svc.update_meeting(store, edited, today=TODAY)
    assert before.data == original
    now = svc.get_meeting(store, ident)
    assert now.attendees == ("Margaret Ellison",) and len(now.actions) == 2
    assert now.actions[0].id == original.actions[0].id  # kept, so links stay valid
    svc.restore_meeting(store, before)
    assert svc.get_meeting(store, ident) == original


def test_delete_and_restore_keeps_id_actions_and_snapshot_links(store: Store,
                                                                 opp: int) -> None:
    ident, _ = svc.create_meeting(store, meeting(opp), today=TODAY)
    with store.work() as w:
        ms = w.add(Milestone(opportunity_id=opp, title="Camp"))
        assert ms.id is not None
        snap = w.add(MilestoneSnapshot(milestone_id=ms.id, meeting_id=ident,
                                       taken_on=dt.date(2026, 5, 20)))
    original = svc.get_meeting(store, ident)
    saved, changes = svc.delete_meeting(store, ident)
    assert changes.touches("meeting")
    with pytest.raises(NotFoundError):
        svc.get_meeting(store, ident)
    with store.work() as w:
        assert w.one(MilestoneSnapshot, snap.id or 0).meeting_id is None
    svc.restore_meeting(store, saved)
    assert svc.get_meeting(store, ident) == original
    with store.work() as w:
        assert w.one(MilestoneSnapshot, snap.id or 0).meeting_id == ident


def test_set_action_done_and_back(store: Store, opp: int) -> None:
    ident, _ = svc.create_meeting(store, meeting(opp), today=TODAY)
    action = svc.get_meeting(store, ident).actions[0]
    assert action.id is not None
    old, _ = svc.set_action_done(store, action.id, dt.date(2026, 5, 30))
    assert old is None
    assert svc.get_meeting(store, ident).actions[0].done_on == dt.date(2026, 5, 30)
    with pytest.raises(ValidationError, match="before the meeting"):
        svc.set_action_done(store, action.id, dt.date(2026, 5, 1))
    svc.set_action_done(store, action.id, old)
    assert svc.get_meeting(store, ident).open_actions == 1


def test_held_vs_expected_from_the_agreed_protocol(store: Store, opp: int) -> None:
    with store.work() as w:
        ag = w.add(Agreement(opportunity_id=opp, title="Protocol", state="signed",
                             agreed_on=dt.date(2026, 1, 10)))
        assert ag.id is not None
        w.add(AgreementSection(agreement_id=ag.id, key="meetings", title="Meetings",
                               data={"meetings": [
                                   {"type": "Operational (leads)", "frequency": "monthly"},
                                   {"type": "Strategic (chief executives)",
                                    "frequency": "termly"}]}))
    for day in (dt.date(2026, 3, 10), dt.date(2026, 4, 10), dt.date(2026, 5, 10)):
        svc.create_meeting(store, meeting(opp, kind="operational", held_on=day, actions=()),
                           today=TODAY)
    rows = {r.kind: r for r in dash.held_vs_expected(store, opp, today=TODAY)}
    assert (rows["operational"].held, rows["operational"].expected) == (3, 3)
    assert not rows["operational"].behind
    assert (rows["strategic"].held, rows["strategic"].expected) == (0, 1)
    assert rows["strategic"].describe() == "0 of 1 strategic meetings held (one every 121 days)"


def test_partnerships_list_pursued_first(store: Store, opp: int) -> None:
    with store.work() as w:
        w.add(Opportunity(title="Aardvark Ltd", stage="identified"))
    assert [t for _, t in svc.partnerships(store)] == ["Riverside FC", "Aardvark Ltd"]


def test_cadence_row_wording() -> None:
    assert dash.CadenceRow("review", 365, 0, 0).describe() == (
        "review meetings: 0 held, none due yet (one every 365 days)")
    assert dash.CadenceRow("", 30, 2, 3).describe() == "2 of 3 meetings held (one every 30 days)"
    assert dash.CadenceRow("", 30, 2, 3).behind


def test_a_colleagues_save_is_never_overwritten(store: Store, opp: int) -> None:
    from planner.store.errors import EditClash

    ident, _ = svc.create_meeting(store, meeting(opp), today=TODAY)
    mine = svc.get_meeting(store, ident)  # my editor opens it
    theirs = replace(svc.get_meeting(store, ident), notes="Their note")
    svc.update_meeting(store, theirs, today=TODAY, expect=svc.edit_of(mine, theirs))
    mine_after = replace(mine, notes="My note")
    with pytest.raises(EditClash, match="Someone else changed this meeting"):
        svc.update_meeting(store, mine_after, today=TODAY, expect=svc.edit_of(mine, mine_after))
    assert svc.get_meeting(store, ident).notes == "Their note"
    # Undoing my later edit expects what I wrote; it stops at their change since.
    shown = svc.get_meeting(store, ident)
    edit = svc.edit_of(shown, replace(shown, notes="Mine"))
    before, _ = svc.update_meeting(store, replace(shown, notes="Mine"), today=TODAY,
                                   expect=edit)
    later = svc.get_meeting(store, ident)
    svc.update_meeting(store, replace(later, notes="Theirs again"), today=TODAY)
    with pytest.raises(EditClash):
        svc.restore_meeting(store, before, expect=reverse(edit))
    assert svc.get_meeting(store, ident).notes == "Theirs again"


def test_a_meeting_marked_confidential_is_stored_audited_and_restored(
        store: Store, opp: int) -> None:
    from planner.store.tables import AuditEvent, Meeting

    ident, _ = svc.create_meeting(store, meeting(opp, confidential=True), today=TODAY)
    assert svc.get_meeting(store, ident).confidential
    # On a plan file (one user), or as the team database's owner, marking is allowed.
    assert svc.can_mark_confidential(store)
    opened = replace(svc.get_meeting(store, ident), confidential=False)
    before, _ = svc.update_meeting(store, opened, today=TODAY)
    assert before.data.confidential and not svc.get_meeting(store, ident).confidential
    svc.restore_meeting(store, before)  # undo of the edit
    assert svc.get_meeting(store, ident).confidential
    snap, _ = svc.delete_meeting(store, ident)
    svc.restore_meeting(store, snap)  # undo of a delete brings the mark back too
    assert svc.get_meeting(store, ident) == before.data
    with store.work() as w:
        assert w.one(Meeting, ident).confidential is True
        details = [e.detail for e in w.list(AuditEvent, entity="meeting", entity_id=ident)]
    assert details[0].endswith("confidential") and not details[1].endswith("confidential")


@pytest.mark.parametrize("value", [1, "yes", None, "'; DROP TABLE meeting; --"])
def test_confidential_must_be_yes_or_no(store: Store, opp: int, value: object) -> None:
    with pytest.raises(ValidationError, match="Confidential must be yes or no") as info:
        svc.create_meeting(store, meeting(opp, confidential=value), today=TODAY)
    assert info.value.field == "confidential"
    assert svc.list_meetings(store) == []


def test_meetings_default_to_open(store: Store, opp: int) -> None:
    ident, _ = svc.create_meeting(store, meeting(opp), today=TODAY)
    assert svc.get_meeting(store, ident).confidential is False
