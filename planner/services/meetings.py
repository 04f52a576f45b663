"""The meeting log (services layer): meetings of each partnership with their actions.

A meeting is edited as a whole (its fields and its list of actions), which keeps undo
simple: every change returns the snapshot it replaced, and restoring a snapshot puts the
meeting back exactly, under the same id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from planner.domain import health
from planner.domain.capacity import Stage
from planner.domain.dates import day_text
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes, writes
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Agreement,
    AgreementSection,
    Meeting,
    MeetingAction,
    MilestoneSnapshot,
    Opportunity,
)

KIND_LABELS = {"strategic": "Strategic", "operational": "Operational", "review": "Review"}
STATE_LABELS = {"held": "Held", "cancelled": "Cancelled", "missed": "Missed",
                "planned": "Planned"}
MAX_HOURS = 24.0  # one meeting cannot take more than a day of anyone's time
MAX_STAFF_HOURS = 1000.0  # staff hours add up across many people
MAX_ATTENDEES = 200


@dataclass(frozen=True)
class ActionData:
    text: str
    owner: str = ""
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    id: int | None = None


@dataclass(frozen=True)
class MeetingData:
    """A meeting as the editor shows it and the services store it."""

    opportunity_id: int
    held_on: dt.date
    kind: str = "operational"
    state: str = "held"
    attendees: tuple[str, ...] = ()
    ceo_hours: float = 0.0
    staff_hours: float = 0.0
    decisions: str = ""
    notes: str = ""
    actions: tuple[ActionData, ...] = ()
    # Seen only by the plan's owner and the named confidential readers (on a team database
    # the server enforces it); kept on a plan file so that a copy to the server carries it.
    confidential: bool = False
    id: int | None = None
    partnership: str = ""  # title of the partnership, for lists

    @property
    def open_actions(self) -> int:
        return sum(1 for a in self.actions if a.done_on is None)


@dataclass(frozen=True)
class MeetingSnapshot:
    """Everything needed to put a deleted or changed meeting back as it was."""

    data: MeetingData
    snapshot_ids: tuple[int, ...] = field(default=())  # milestone snapshots taken at it




def clean_action(raw: ActionData | Mapping[str, Any], index: int) -> ActionData:
    if isinstance(raw, ActionData):
        values: Mapping[str, Any] = raw.__dict__
    else:
        values = raw
    where = f"Action {index + 1}"
    text = validate.text(values.get("text"), f"{where}: the action", field="actions",
                         required=True, max_len=2000).strip()
    owner = validate.text(values.get("owner"), f"{where}: the owner", field="actions",
                          max_len=validate.NAME_MAX).strip()
    due = validate.date(values.get("due_on"), f"{where}: the due date", field="actions")
    done = validate.date(values.get("done_on"), f"{where}: the date done", field="actions")
    ident = values.get("id")
    return ActionData(text=text, owner=owner, due_on=due, done_on=done,
                      id=ident if isinstance(ident, int) else None)


def clean_meeting(data: MeetingData, *, today: dt.date | None = None) -> MeetingData:
    """The meeting as it will be stored, or a ValidationError naming the field."""
    today = today or dt.date.today()
    if data.kind not in KIND_LABELS:
        raise ValidationError(
            f"The type of meeting must be one of {', '.join(KIND_LABELS).lower()}.", "kind")
    if not isinstance(data.confidential, bool):
        raise ValidationError(
            f"Confidential must be yes or no, not {str(data.confidential)[:40]!r}.",
            "confidential")
    if data.state not in STATE_LABELS:
        raise ValidationError(
            f"The state of the meeting must be one of {', '.join(STATE_LABELS).lower()}.",
            "state")
    held_on = validate.date(data.held_on, "The meeting date", field="held_on", required=True)
    assert held_on is not None
    if data.state == "held" and held_on > today:
        raise ValidationError(
            f"A meeting on {day_text(held_on)} is still in the future, so it cannot have been "
            "held yet; mark it as planned.", "held_on")
    if len(data.attendees) > MAX_ATTENDEES:
        raise ValidationError(f"A meeting can list at most {MAX_ATTENDEES} attendees.",
                              "attendees")
    attendees = validate.text_list(list(data.attendees), "Attendees", field="attendees")
    ceo = validate.number(data.ceo_hours, "CEO hours", field="ceo_hours", low=0,
                          high=MAX_HOURS)
    staff = validate.number(data.staff_hours, "Staff hours", field="staff_hours", low=0,
                            high=MAX_STAFF_HOURS)
    if data.state != "held" and (ceo or staff):
        raise ValidationError("Only a meeting that was held can have hours spent on it.",
                              "ceo_hours" if ceo else "staff_hours")
    decisions = validate.text(data.decisions, "Decisions", field="decisions")
    notes = validate.text(data.notes, "Notes", field="notes")
    actions = tuple(clean_action(a, i) for i, a in enumerate(data.actions))
    for i, action in enumerate(actions):
        if action.done_on is not None and action.done_on < held_on:
            raise ValidationError(
                f"Action {i + 1}: it cannot be done ({day_text(action.done_on)}) before the "
                f"meeting that agreed it ({day_text(held_on)}).", "actions")
        if action.due_on is not None and action.due_on < held_on:
            raise ValidationError(
                f"Action {i + 1}: the due date ({day_text(action.due_on)}) is before the "
                f"meeting ({day_text(held_on)}).", "actions")
    return replace(data, held_on=held_on, attendees=tuple(attendees), ceo_hours=ceo,
                   staff_hours=staff, decisions=decisions, notes=notes, actions=actions)


# ------------------------------------------------------------------------------ reading


def _as_data(meeting: Meeting, actions: Sequence[MeetingAction], title: str) -> MeetingData:
    assert meeting.id is not None
    return MeetingData(
        id=meeting.id, opportunity_id=meeting.opportunity_id, held_on=meeting.held_on,
        kind=meeting.kind, state=meeting.state, attendees=tuple(meeting.attendees),
        ceo_hours=meeting.ceo_hours, staff_hours=meeting.staff_hours,
        decisions=meeting.decisions, notes=meeting.notes, partnership=title,
        confidential=meeting.confidential,
        actions=tuple(ActionData(text=a.text, owner=a.owner, due_on=a.due_on,
                                 done_on=a.done_on, id=a.id) for a in actions))


def list_meetings(store: Store, opportunity_id: int | None = None) -> list[MeetingData]:
    """Meetings newest first, with their actions (all partnerships when no id is given)."""
    with store.work() as work:
        where: dict[str, Any] = {}
        if opportunity_id is not None:
            where["opportunity_id"] = opportunity_id
        meetings = work.list(Meeting, order_by=("-held_on", "-id"), **where)
        ids = [m.id for m in meetings]
        actions = work.list(MeetingAction, meeting_id=ids) if ids else []
        titles = {o.id: o.title for o in
                  work.list(Opportunity, id=list({m.opportunity_id for m in meetings}))}
    by_meeting: dict[int, list[MeetingAction]] = {}
    for a in actions:
        by_meeting.setdefault(a.meeting_id, []).append(a)
    return [_as_data(m, by_meeting.get(m.id or 0, []), titles.get(m.opportunity_id, ""))
            for m in meetings]


def get_meeting(store: Store, meeting_id: int) -> MeetingData:
    with store.work() as work:
        meeting = work.one(Meeting, meeting_id)
        actions = work.list(MeetingAction, meeting_id=meeting_id)
        opp = work.get(Opportunity, meeting.opportunity_id)
    return _as_data(meeting, actions, opp.title if opp else "")


def partnerships(store: Store) -> list[tuple[int, str]]:
    """(id, title) of the partnerships a meeting can be logged against: pursued first."""
    with store.work() as work:
        rows = work.list(Opportunity, order_by=("title",))
    order: dict[str, int] = {Stage.PURSUED: 0, Stage.PAUSED: 1}
    rows.sort(key=lambda o: (order.get(o.stage, 2), o.title.casefold()))
    return [(o.id, o.title) for o in rows if o.id is not None]


# ------------------------------------------------------------------------------ writing


def _write_actions(work: UnitOfWork, meeting_id: int, actions: Sequence[ActionData],
                   *, keep_ids: bool) -> None:
    for old in work.list(MeetingAction, meeting_id=meeting_id):
        work.delete(old)
    for a in actions:
        work.add(MeetingAction(id=a.id if keep_ids else None, meeting_id=meeting_id,
                               text=a.text, owner=a.owner, due_on=a.due_on,
                               done_on=a.done_on))


CONFIDENTIAL_REFUSED = (
    "Only the plan's owner and the people named as confidential readers can mark a meeting "
    "confidential (you would no longer see it yourself). Ask the owner to name you with "
    "planner team --reader, or leave it open.")


def can_mark_confidential(store: Store) -> bool:
    """Whether this user sees confidential meetings, and so may mark one (always, on a plan
    file; on a team database: the owner and the named readers)."""
    from planner.store import postgres  # PostgreSQL's roles: not loaded at start-up

    with store.work() as work:
        return postgres.sees_confidential(work.session)


def _check_confidential(work: UnitOfWork, clean: MeetingData) -> None:
    from planner.store import postgres

    # The server would refuse the row too (row-level security); say why in words first.
    if clean.confidential and not postgres.sees_confidential(work.session):
        raise ValidationError(CONFIDENTIAL_REFUSED, "confidential")


def _detail(data: MeetingData) -> str:
    return f"{data.kind} {data.held_on} {data.state}" + (" confidential" if data.confidential
                                                          else "")


def _changes(meeting_id: int | None, opportunity_id: int) -> ChangeSet:
    return (ChangeSet.of("meeting", meeting_id) | ChangeSet.of("meeting_action")
            | ChangeSet.of("opportunity", opportunity_id))


def create_meeting(store: Store, data: MeetingData, *,
                   today: dt.date | None = None) -> tuple[int, ChangeSet]:
    clean = clean_meeting(data, today=today)
    with store.work() as work:
        if work.get(Opportunity, clean.opportunity_id) is None:
            raise ValidationError("Choose the partnership the meeting belongs to.",
                                  "opportunity_id")
        _check_confidential(work, clean)
        row = work.add(Meeting(
            opportunity_id=clean.opportunity_id, kind=clean.kind, held_on=clean.held_on,
            state=clean.state, attendees=list(clean.attendees), ceo_hours=clean.ceo_hours,
            staff_hours=clean.staff_hours, decisions=clean.decisions, notes=clean.notes,
            confidential=clean.confidential))
        assert row.id is not None
        _write_actions(work, row.id, clean.actions, keep_ids=False)
        work.audit("meeting", row.id, "create", _detail(clean))
    return row.id, _changes(row.id, clean.opportunity_id)


_MEETING_FIELDS = ("opportunity_id", "kind", "held_on", "state", "attendees", "ceo_hours",
                   "staff_hours", "decisions", "notes", "confidential")


def edit_of(before: MeetingData, after: MeetingData) -> Writes:
    """The fields of the meeting record an edit changes, over what the editor showed
    (its actions are written whole, as the editor holds them)."""
    assert before.id is not None
    old = {name: getattr(before, name) for name in _MEETING_FIELDS}
    new = {name: getattr(after, name) for name in _MEETING_FIELDS
           if getattr(after, name) != old[name]}
    return writes("meeting", before.id, old, new)


def update_meeting(store: Store, data: MeetingData, *,
                   today: dt.date | None = None, expect: Writes = ()) -> tuple[MeetingSnapshot, ChangeSet]:
    """Replace a meeting's fields and actions; returns the snapshot it replaced.

    When ``data`` was read from the store (it carries a row version), someone else's save
    since then raises EditClash and nothing is written.
    """
    if data.id is None:
        raise ValidationError("This meeting has not been saved yet.")
    clean = clean_meeting(data, today=today)
    before = snapshot(store, data.id)
    fields = dict(opportunity_id=clean.opportunity_id, kind=clean.kind, held_on=clean.held_on,
                  state=clean.state, attendees=list(clean.attendees),
                  ceo_hours=clean.ceo_hours, staff_hours=clean.staff_hours,
                  decisions=clean.decisions, notes=clean.notes,
                  confidential=clean.confidential)
    with store.work(expect) as work:
        if work.get(Opportunity, clean.opportunity_id) is None:
            raise ValidationError("Choose the partnership the meeting belongs to.",
                                  "opportunity_id")
        _check_confidential(work, clean)
        row = work.one(Meeting, data.id)
        for name, value in fields.items():
            setattr(row, name, value)
        work.add(row)
        # Unchanged actions keep their ids, so links to them stay valid.
        _write_actions(work, data.id, clean.actions, keep_ids=True)
        work.audit("meeting", data.id, "update", _detail(clean))
    changes = _changes(data.id, clean.opportunity_id)
    if before.data.opportunity_id != clean.opportunity_id:
        changes = changes | ChangeSet.of("opportunity", before.data.opportunity_id)
    return before, changes


def snapshot(store: Store, meeting_id: int) -> MeetingSnapshot:
    data = get_meeting(store, meeting_id)
    with store.work() as work:
        snaps = work.list(MilestoneSnapshot, meeting_id=meeting_id)
    return MeetingSnapshot(data, tuple(s.id for s in snaps if s.id is not None))


def delete_meeting(store: Store, meeting_id: int, *,
                   expect: Writes = ()) -> tuple[MeetingSnapshot, ChangeSet]:
    """Delete a meeting and its actions; milestone snapshots taken at it lose the link only.

    With ``expect``, a meeting someone else changed since is left alone
    (EditClash)."""
    before = snapshot(store, meeting_id)
    with store.work(expect) as work:
        for snap in work.list(MilestoneSnapshot, meeting_id=meeting_id):
            snap.meeting_id = None
            work.add(snap)
        for action in work.list(MeetingAction, meeting_id=meeting_id):
            work.delete(action)
        work.delete(work.one(Meeting, meeting_id))
        work.audit("meeting", meeting_id, "delete", f"{before.data.held_on}")
    return before, _changes(meeting_id, before.data.opportunity_id)


def restore_meeting(store: Store, snap: MeetingSnapshot, *,
                    expect: Writes = ()) -> ChangeSet:
    """Put a meeting back exactly as the snapshot holds it (undo of edit or delete).

    With ``expect``, an existing meeting someone else changed since the edit being
    undone is left alone (EditClash)."""
    d = snap.data
    assert d.id is not None
    with store.work(expect) as work:
        row = work.get(Meeting, d.id)
        if row is None:
            row = Meeting(id=d.id, opportunity_id=d.opportunity_id, held_on=d.held_on)
        row.opportunity_id, row.kind, row.held_on, row.state = (
            d.opportunity_id, d.kind, d.held_on, d.state)
        row.attendees = list(d.attendees)
        row.ceo_hours, row.staff_hours = d.ceo_hours, d.staff_hours
        row.decisions, row.notes = d.decisions, d.notes
        row.confidential = d.confidential
        work.add(row)
        _write_actions(work, d.id, d.actions, keep_ids=True)
        for snap_id in snap.snapshot_ids:
            milestone_snap = work.get(MilestoneSnapshot, snap_id)
            if milestone_snap is not None:
                milestone_snap.meeting_id = d.id
                work.add(milestone_snap)
        work.audit("meeting", d.id, "restore", f"{d.held_on}")
    return _changes(d.id, d.opportunity_id)


def set_action_done(store: Store, action_id: int,
                    done_on: dt.date | None, *, expect: Writes = ()) -> tuple[dt.date | None, ChangeSet]:
    """Tick an action done (or not); returns the previous value for undo."""
    with store.work(expect) as work:
        action = work.one(MeetingAction, action_id)
        meeting = work.one(Meeting, action.meeting_id)
        if done_on is not None and done_on < meeting.held_on:
            raise ValidationError("An action cannot be done before the meeting that agreed it.",
                                  "done_on")
        old = action.done_on
        action.done_on = done_on
        work.add(action)
        work.audit("meeting_action", action_id, "done" if done_on else "reopen", "")
    return old, _changes(meeting.id, meeting.opportunity_id)


# ------------------------------------------------------------------------------ cadence


def protocol_cadence(work: UnitOfWork, opportunity_id: int,
                     agreements: Sequence[Agreement] | None = None) -> tuple[
        tuple[health.Cadence, ...], Agreement | None, Agreement | None]:
    """(cadence, agreed agreement, latest agreement) of a partnership.

    The cadence comes from the "meetings" section of the newest agreed or signed protocol;
    when none is agreed yet the draft's cadence still shows what is expected.
    ``agreements``: the partnership's agreements newest first, when already read.
    """
    if agreements is None:
        agreements = work.list(Agreement, order_by=("-version", "-id"),
                               opportunity_id=opportunity_id)
    agreements = [a for a in agreements if a.state != "superseded"] or agreements
    agreed = next((a for a in agreements if a.state in health.AGREED_STATES), None)
    latest = agreements[0] if agreements else None
    source = agreed or latest
    cadence: tuple[health.Cadence, ...] = ()
    if source is not None and source.id is not None:
        for section in work.list(AgreementSection, agreement_id=source.id, key="meetings"):
            cadence += health.cadence_from_data(section.data or {})
    return cadence, agreed, latest
