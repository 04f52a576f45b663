"""Milestone timelines (services layer): milestones, dependencies, snapshots, wins.

Every write validates first and names the milestone it refuses; each returns a ChangeSet so
the views can refresh. Reads (``timeline_reads``; a long plan's in ``timeline_scope``)
return detached domain objects (``TimelineItem`` and friends), never rows bound to a
session. Printing and the chart's files (``timeline_print``) hand domain layouts to
``planner.reports``; the names callers use are offered here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review
from planner.domain.dates import day_text
from planner.services import validate
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes

# Printing and the chart's files live in timeline_print; named here too, as callers use them.
from planner.services.timeline_print import (
    PrintOptions as PrintOptions,
)
from planner.services.timeline_print import (
    export_timeline as export_timeline,
)
from planner.services.timeline_print import (
    page_images as page_images,
)
from planner.services.timeline_print import (
    picture_plan as picture_plan,
)
from planner.services.timeline_print import (
    timeline_layout as timeline_layout,
)
from planner.services.timeline_print import (
    timeline_pdf as timeline_pdf,
)

# Reading lives in timeline_reads; named here too, as the views and exports call them.
from planner.services.timeline_reads import (
    ITEM_COLUMNS as ITEM_COLUMNS,
)
from planner.services.timeline_reads import (
    TimelineData as TimelineData,
)
from planner.services.timeline_reads import (
    _title,
)
from planner.services.timeline_reads import (
    _to_item as _to_item,
)
from planner.services.timeline_reads import (
    dependencies_of as dependencies_of,
)
from planner.services.timeline_reads import (
    get_milestone as get_milestone,
)
from planner.services.timeline_reads import (
    load_items as load_items,
)
from planner.services.timeline_reads import (
    load_timeline as load_timeline,
)
from planner.services.timeline_reads import (
    partnerships as partnerships,
)
from planner.services.timeline_reads import (
    people as people,
)
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Meeting,
    Milestone,
    MilestoneDependency,
    MilestoneSnapshot,
    Opportunity,
    Person,
)

DATE_FIELDS = ("start_date", "due_date", "baseline_date", "forecast_date", "actual_date")
EDITABLE_FIELDS = ("title", "definition_of_done", "owner_ours_id", "owner_theirs_id",
                   *DATE_FIELDS, "status", "progress", "small_win", "celebration_note", "notes",
                   "parent_id", "position")
DATE_LABELS = {"start_date": "start", "due_date": "due date", "baseline_date": "baseline date",
               "forecast_date": "forecast date", "actual_date": "actual date"}
FIELD_LABELS = {"title": "The title", "definition_of_done": "The definition of done",
                "notes": "The notes", "celebration_note": "The celebration note"}


# --------------------------------------------------------------------------- validation


def _clean(work: UnitOfWork, values: Mapping[str, Any], current: Mapping[str, Any],
           milestone_id: int | None) -> dict[str, Any]:
    """Validated values for the fields given; checks them against the record's other fields."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown milestone field {sorted(unknown)[0]!r}.",
                              sorted(unknown)[0])
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "title":
            out[name] = validate.name(value, "The milestone's title", field=name)
        elif name in ("definition_of_done", "notes", "celebration_note"):
            out[name] = validate.text(value, FIELD_LABELS[name], field=name)
        elif name in DATE_FIELDS:
            out[name] = validate.date(value, f"The {DATE_LABELS[name]}", field=name)
        elif name == "status":
            if value not in tl.STATUSES:
                raise ValidationError(f"Unknown status {value!r}; choose one of "
                                      + ", ".join(tl.STATUS_LABELS.values()) + ".", name)
            out[name] = value
        elif name == "progress":
            out[name] = validate.integer(value, "Progress", field=name, low=0, high=100)
        elif name == "position":
            out[name] = validate.integer(value, "Position", field=name)
        elif name == "small_win":
            out[name] = bool(value)
        elif name in ("owner_ours_id", "owner_theirs_id", "parent_id"):
            if value is None:
                out[name] = None
                continue
            ident = validate.integer(value, name, field=name)
            model = Milestone if name == "parent_id" else Person
            if work.get(model, ident) is None:
                what = "parent milestone" if name == "parent_id" else "person"
                raise ValidationError(f"The chosen {what} ({ident}) no longer exists.", name)
            out[name] = ident
    merged = {**current, **out}
    title = merged.get("title") or "This milestone"
    start, due = merged.get("start_date"), merged.get("due_date")
    forecast, actual = merged.get("forecast_date"), merged.get("actual_date")
    # Work starts by its forecast end once it has one (a slip may carry the start past the
    # due date, which stays as agreed), else by its due date.
    end_name, end = ("forecast_date", forecast) if forecast is not None else ("due_date", due)
    if start is not None and end is not None and start > end:
        after = f"the {DATE_LABELS[end_name]} ({day_text(end)})"
        if end_name == "forecast_date" and due is not None and start > due:
            end_name, after = "due_date", (f"the due date ({day_text(due)}) and the forecast "
                                           f"({day_text(end)})")
        field = next((f for f in (end_name, "forecast_date", "due_date") if f in out),
                     "start_date")
        raise ValidationError(f"“{title}”: the start ({day_text(start)}) is after {after}.",
                              field)
    if start is not None and actual is not None and start > actual:
        raise ValidationError(
            f"“{title}”: the actual date ({day_text(actual)}) is before the start "
            f"({day_text(start)}).", "actual_date")
    parent = merged.get("parent_id")
    if parent is not None:
        parent_row = work.one(Milestone, parent)
        if parent_row.opportunity_id != merged.get("opportunity_id"):
            raise ValidationError(f"“{parent_row.title}” belongs to another partnership; a "
                                  "milestone's parent must be in the same one.", "parent_id")
        if milestone_id is not None:
            if parent == milestone_id:
                raise ValidationError(f"“{title}” cannot be its own parent.", "parent_id")
            parents = {m.id: m.parent_id for m in
                       work.list(Milestone, opportunity_id=parent_row.opportunity_id)
                       if m.id is not None}
            if tl.parent_cycle(parents, milestone_id, parent):
                raise ValidationError(f"“{parent_row.title}” is one of “{title}”'s own steps, so "
                                      "it cannot also be its parent.", "parent_id")
    return out


# --------------------------------------------------------------------------- milestones


def create_milestone(store: Store, opportunity_id: int, values: Mapping[str, Any],
                     *, milestone_id: int | None = None) -> tuple[int, ChangeSet]:
    """A new milestone. The baseline and forecast default to the due date (first agreed)."""
    with store.work() as work:
        return add_milestone(work, opportunity_id, values, milestone_id=milestone_id)


def add_milestone(work: UnitOfWork, opportunity_id: int, values: Mapping[str, Any],
                  *, milestone_id: int | None = None) -> tuple[int, ChangeSet]:
    """:func:`create_milestone` inside a unit of work that may hold more (an import)."""
    if work.get(Opportunity, opportunity_id) is None:
        raise ValidationError(f"Partnership {opportunity_id} does not exist.", "partnership")
    data = dict(values)
    data.setdefault("title", "")
    cleaned = _clean(work, data, {"opportunity_id": opportunity_id}, None)
    due = cleaned.get("due_date")
    if "baseline_date" not in values:
        cleaned["baseline_date"] = due
    if "forecast_date" not in values:
        cleaned["forecast_date"] = due
    if "position" not in values:
        cleaned["position"] = work.count(Milestone, opportunity_id=opportunity_id)
    row = Milestone(opportunity_id=opportunity_id, **cleaned)
    if milestone_id is not None:
        row.id = milestone_id
    work.add(row)
    assert row.id is not None
    work.audit("milestone", row.id, "create", row.title)
    return row.id, ChangeSet.of("milestone", row.id)


def update_milestone(store: Store, milestone_id: int, values: Mapping[str, Any], *, expect: Writes = ()) -> ChangeSet:
    with store.work(expect) as work:
        row = work.one(Milestone, milestone_id)
        cleaned = _clean(work, values, row.model_dump(), milestone_id)
        changed = {k: v for k, v in cleaned.items() if getattr(row, k) != v}
        for name, value in changed.items():
            setattr(row, name, value)
        if changed:
            work.add(row)
            work.audit("milestone", milestone_id, "update",
                       ", ".join(f"{k}={v}" for k, v in changed.items())[:500])
    return ChangeSet.of("milestone", milestone_id)


def move_milestone(store: Store, milestone_id: int, days: int) -> ChangeSet:
    """Shift the forecast by ``days`` (and the start with it, keeping the bar's length)."""
    record = get_milestone(store, milestone_id)
    delta = dt.timedelta(days=days)
    end = record["forecast_date"] or record["due_date"] or record["start_date"]
    if end is None:
        raise ValidationError(f"“{record['title']}” has no date to move yet.", "forecast_date")
    values: dict[str, Any] = {"forecast_date": end + delta}
    if record["start_date"] is not None:
        values["start_date"] = record["start_date"] + delta
    return update_milestone(store, milestone_id, values)


def split_into_bites(store: Store, milestone_id: int, bite_days: int = tl.DEFAULT_BITE_DAYS,
                     *, today: dt.date | None = None) -> tuple[list[int], ChangeSet]:
    """Break a goal into dated steps no longer than a bite, under the goal, owners copied.

    The bites cut up what is left to do: from the goal's start, or from ``today`` once the
    goal has started (days gone by cannot be planned again, and a bite born past due is
    only one more warning); what is left of a started goal may be a single bite. A goal whose forecast has passed is refused until it is moved
    to when the work can now be done; a done or dropped goal has nothing left to split."""
    days = validate.integer(bite_days, "The bite length", field="bite_days", low=1, high=3650)
    today = today or dt.date.today()
    goal = get_milestone(store, milestone_id)
    title = goal["title"]
    end = goal["forecast_date"] or goal["due_date"]
    if goal["start_date"] is None or end is None:
        raise ValidationError(f"Give “{title}” a start and a due date first; its bites "
                              "share that span.", "start_date")
    if goal["status"] in tl.CLOSED_STATUSES:
        raise ValidationError(f"“{title}” is {tl.STATUS_LABELS[goal['status']].lower()}: "
                              "there is nothing left to split.", "status")
    if end < today:
        raise ValidationError(
            f"“{title}” was due on {day_text(end)} and is not done: move its forecast to "
            "when it can now be done, then split what is left into bites.", "forecast_date")
    start = max(goal["start_date"], today)
    spans = tl_review.bite_spans(start, end, days)
    if len(spans) < 2 and start == goal["start_date"]:
        raise ValidationError(f"“{title}” already fits in one {days}-day bite.", "bite_days")
    made: list[int] = []
    changes = ChangeSet.of("milestone", milestone_id)
    for k, (start, due) in enumerate(spans, 1):
        # What is left may be one bite: the bite check asked to split the goal's whole
        # span, and the step from today is what answers it.
        step = f"step {k} of {len(spans)}" if len(spans) > 1 else "what is left"
        ident, change = create_milestone(store, goal["opportunity_id"], {
            "title": f"{title[:150]} — {step}",
            "parent_id": milestone_id, "start_date": start, "due_date": due,
            "owner_ours_id": goal["owner_ours_id"],
            "owner_theirs_id": goal["owner_theirs_id"]})
        made.append(ident)
        changes = changes | change
    return made, changes


def delete_milestones(store: Store, milestone_ids: Sequence[int]
                      ) -> tuple[list[DeletedMilestone], ChangeSet]:
    """Delete several milestones (undo of a split), last made first; what was deleted comes
    back, in that order, for :func:`restore_milestones`."""
    changes = ChangeSet()
    deleted: list[DeletedMilestone] = []
    for ident in reversed(milestone_ids):
        gone, change = delete_milestone(store, ident)
        deleted.append(gone)
        changes = changes | change
    return deleted, changes


def restore_milestones(store: Store, deleted: Sequence[DeletedMilestone]) -> ChangeSet:
    """Put back what :func:`delete_milestones` took away, with the same ids."""
    changes = ChangeSet()
    for gone in reversed(deleted):
        changes = changes | restore_milestone(store, gone)
    return changes


@dataclass(frozen=True)
class DeletedMilestone:
    """What deleting took away, so undo can put it all back."""

    record: dict[str, Any]
    dependencies: tuple[dict[str, Any], ...]
    snapshots: tuple[dict[str, Any], ...]
    children: tuple[int, ...]


def delete_milestone(store: Store, milestone_id: int) -> tuple[DeletedMilestone, ChangeSet]:
    """Delete one milestone; its own steps move up to its parent."""
    with store.work() as work:
        row = work.one(Milestone, milestone_id)
        record = row.model_dump()
        deps = (work.list(MilestoneDependency, successor_id=milestone_id)
                + work.list(MilestoneDependency, predecessor_id=milestone_id))
        snaps = work.list(MilestoneSnapshot, milestone_id=milestone_id)
        kids = work.list(Milestone, parent_id=milestone_id)
        deleted = DeletedMilestone(record, tuple(d.model_dump() for d in deps),
                                   tuple(s.model_dump() for s in snaps),
                                   tuple(k.id for k in kids if k.id is not None))
        for kid in kids:
            kid.parent_id = row.parent_id
            work.add(kid)
        for dep in deps:
            work.delete(dep)
        for snap in snaps:
            work.delete(snap)
        work.delete(row)
        work.audit("milestone", milestone_id, "delete", record["title"])
    return deleted, ChangeSet.of("milestone", milestone_id, *deleted.children)


def restore_milestone(store: Store, deleted: DeletedMilestone) -> ChangeSet:
    """Undo a delete: the milestone with its id, links, snapshots and steps."""
    with store.work() as work:
        row = Milestone(**deleted.record)
        work.add(row)
        for kid_id in deleted.children:
            kid = work.get(Milestone, kid_id)
            if kid is not None:
                kid.parent_id = row.id
                work.add(kid)
        for dep in deleted.dependencies:
            if (work.get(Milestone, dep["predecessor_id"]) is not None
                    and work.get(Milestone, dep["successor_id"]) is not None):
                work.add(MilestoneDependency(**dep))
        for snap in deleted.snapshots:
            work.add(MilestoneSnapshot(**snap))
        work.audit("milestone", row.id, "restore", row.title)
    return ChangeSet.of("milestone", row.id, *deleted.children)


# --------------------------------------------------------------------------- dependencies


def add_dependency(store: Store, predecessor_id: int, successor_id: int, kind: str = "FS",
                   lag_days: int = 0, *, dependency_id: int | None = None
                   ) -> tuple[int, ChangeSet]:
    """Link two milestones; refuses self-links, duplicates and loops, naming the milestones."""
    with store.work() as work:
        return link_milestones(work, predecessor_id, successor_id, kind, lag_days,
                               dependency_id=dependency_id)


def link_milestones(work: UnitOfWork, predecessor_id: int, successor_id: int, kind: str,
                    lag_days: Any, *, dependency_id: int | None = None) -> tuple[int, ChangeSet]:
    """:func:`add_dependency` inside a unit of work (its checks come before any write)."""
    if kind not in tl.DEPENDENCY_KINDS:
        raise ValidationError(f"Unknown dependency type {kind!r}; choose finish-to-start, "
                              "start-to-start or finish-to-finish.", "kind")
    lag = validate.integer(lag_days, "The lag", field="lag_days", low=-3650, high=3650)
    pred = work.one(Milestone, predecessor_id)
    succ = work.one(Milestone, successor_id)
    if predecessor_id == successor_id:
        raise ValidationError(f"“{pred.title}” cannot depend on itself.", "predecessor")
    if work.first(MilestoneDependency, predecessor_id=predecessor_id,
                  successor_id=successor_id) is not None:
        raise ValidationError(f"“{succ.title}” already depends on “{pred.title}”.",
                              "predecessor")
    edges = [(d.predecessor_id, d.successor_id) for d in work.list(MilestoneDependency)]
    cycle = tl.find_cycle([*edges, (predecessor_id, successor_id)])
    if cycle:
        # Name the loop starting from the link being added, as the user thinks of it.
        at = cycle.index(successor_id) if successor_id in cycle[:-1] else 0
        ring = cycle[:-1]
        cycle = [predecessor_id, *ring[at:], *ring[:at]]
        if cycle[1] == predecessor_id:
            cycle = cycle[1:]
        cycle = [*cycle, cycle[0]] if cycle[-1] != cycle[0] else cycle
        names = " → ".join(_title(work, i) for i in cycle)
        raise ValidationError(f"That would make a loop of dependencies: {names}.",
                              "predecessor")
    row = MilestoneDependency(predecessor_id=predecessor_id, successor_id=successor_id,
                              kind=kind, lag_days=lag)
    if dependency_id is not None:
        row.id = dependency_id
    work.add(row)
    assert row.id is not None
    work.audit("milestone_dependency", row.id, "create",
               f"{pred.title} -> {succ.title} {kind}{lag:+d}")
    return row.id, ChangeSet.of("milestone_dependency", row.id) | ChangeSet.of(
        "milestone", successor_id)


def remove_dependency(store: Store, dependency_id: int) -> tuple[dict[str, Any], ChangeSet]:
    with store.work() as work:
        row = work.one(MilestoneDependency, dependency_id)
        record = row.model_dump()
        work.delete(row)
        work.audit("milestone_dependency", dependency_id, "delete")
    return record, ChangeSet.of("milestone_dependency", dependency_id) | ChangeSet.of(
        "milestone", record["successor_id"])


# --------------------------------------------------------------------------- meetings, wins


def take_snapshot(store: Store, partnership_id: int | None, taken_on: dt.date,
                  meeting_id: int | None = None) -> tuple[list[int], ChangeSet]:
    """Record every milestone's forecast as it stands at a meeting (replacing that day's)."""
    made, _replaced, changes = retake_snapshot(store, partnership_id, taken_on, meeting_id)
    return made, changes


def retake_snapshot(store: Store, partnership_id: int | None, taken_on: dt.date,
                    meeting_id: int | None = None
                    ) -> tuple[list[int], list[dict[str, Any]], ChangeSet]:
    """:func:`take_snapshot`, also returning the same-day snapshots it replaced, so that
    undo can put them back (:func:`restore_snapshots`)."""
    replaced: list[dict[str, Any]] = []
    with store.work() as work:
        if meeting_id is not None:
            work.one(Meeting, meeting_id)
        if partnership_id is not None:
            rows = work.list(Milestone, opportunity_id=partnership_id)
        else:
            rows = work.list(Milestone)
        ids = [r.id for r in rows if r.id is not None]
        for old in work.list(MilestoneSnapshot, milestone_id=ids, taken_on=taken_on):
            replaced.append(old.model_dump())
            work.delete(old)
        # Without a meeting named, link each partnership's snapshot to the meeting it held
        # that day in the meeting log, when there is one.
        held = {m.opportunity_id: m.id for m in work.list(Meeting, held_on=taken_on)
                if m.state == "held"} if meeting_id is None else {}
        made: list[int] = []
        for r in rows:
            assert r.id is not None
            end = r.actual_date if r.status == tl.MilestoneStatus.DONE and r.actual_date else (
                r.forecast_date or r.due_date or r.start_date)
            snap = work.add(MilestoneSnapshot(
                milestone_id=r.id, meeting_id=meeting_id or held.get(r.opportunity_id),
                taken_on=taken_on, forecast_date=end, status=r.status))
            assert snap.id is not None
            made.append(snap.id)
        work.audit("milestone_snapshot", None, "take", f"{len(made)} on {taken_on}")
    return made, replaced, ChangeSet.of("milestone_snapshot", *made)


def swap_snapshots(store: Store, remove: Sequence[int],
                   put_back: Sequence[dict[str, Any]] = ()
                   ) -> tuple[list[dict[str, Any]], list[int], ChangeSet]:
    """Delete snapshots and put back others with their ids (undo and redo of a retake).

    Returns the records removed (to put back later) and the ids put back."""
    with store.work() as work:
        removed = []
        for snap in work.list(MilestoneSnapshot, id=list(remove)):
            removed.append(snap.model_dump(exclude={"row_version"}))
            work.delete(snap)
        back: list[int] = []
        for record in put_back:
            # The milestone may have gone since (deleted in another window): skip it.
            if work.get(Milestone, record["milestone_id"]) is None:
                continue
            if record.get("meeting_id") is not None and work.get(
                    Meeting, record["meeting_id"]) is None:
                record = {**record, "meeting_id": None}
            back.append(work.add(MilestoneSnapshot(**record)).id or 0)
        if back:
            work.audit("milestone_snapshot", None, "restore", f"{len(back)} restored")
    return removed, back, ChangeSet.of("milestone_snapshot", *remove, *back)


def celebration(record: Mapping[str, Any], note: str, on: dt.date | None = None
                ) -> dict[str, Any]:
    """The fields a celebration sets on a milestone (``record``: its stored fields): done, a
    small win, with the note. A done date already recorded is kept (a step finished in July
    and celebrated in December was still done in July); else ``on``, else today."""
    return {"status": tl.MilestoneStatus.DONE, "small_win": True, "progress": 100,
            "actual_date": record.get("actual_date") or on or dt.date.today(),
            "celebration_note": note}


def celebrate(store: Store, milestone_id: int, note: str, on: dt.date | None = None
              ) -> ChangeSet:
    """Mark a milestone done as a small win, with a note of what it meant."""
    cleaned = validate.text(note, "The celebration note", field="celebration_note",
                            max_len=5000)
    return update_milestone(store, milestone_id,
                            celebration(get_milestone(store, milestone_id), cleaned, on))


@dataclass(frozen=True)
class Win:
    milestone_id: int
    partnership_id: int
    partnership: str
    title: str
    on: dt.date
    note: str


def recent_wins(store: Store, *, days: int = 60, today: dt.date | None = None,
                partnership_id: int | None = None) -> list[Win]:
    """Small wins done in the last ``days`` days, newest first (dashboard, meeting mode)."""
    since = (today or dt.date.today()) - dt.timedelta(days=days)
    with store.work() as work:
        filters: dict[str, Any] = {"status": tl.MilestoneStatus.DONE, "small_win": True}
        if partnership_id is not None:
            filters["opportunity_id"] = partnership_id
        rows = work.columns(Milestone, ("id", "opportunity_id", "title", "actual_date",
                                        "celebration_note"), **filters)
        titles = {o.id: o.title for o in work.columns(Opportunity, ("id", "title"))}
    wins = [Win(r.id, r.opportunity_id, titles.get(r.opportunity_id, ""), r.title,
                r.actual_date, r.celebration_note)
            for r in rows if r.id is not None and r.actual_date is not None
            and r.actual_date >= since]
    wins.sort(key=lambda w: w.on, reverse=True)
    return wins
