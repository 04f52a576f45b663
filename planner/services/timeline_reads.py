"""Reading milestone timelines (services layer): what the timeline view and its exports show.

Reads return detached domain objects (``TimelineItem`` and friends), never rows bound to a
session; the whole plan's milestones are read as plain rows of the columns shown (a plan
kept for years holds 100,000). ``planner.services.timeline`` re-exports all of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review
from planner.domain.capacity import Stage
from planner.services.changes import ValidationError
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Milestone,
    MilestoneDependency,
    MilestoneSnapshot,
    Opportunity,
    Person,
)


@dataclass(frozen=True)
class TimelineData:
    """Everything a timeline view or export needs, detached from the database."""

    items: tuple[tl.TimelineItem, ...]
    dependencies: tuple[tl.Dependency, ...]
    dependency_ids: dict[tuple[int, int], int]
    group_titles: dict[int, str]
    snapshots: tuple[tl_review.SnapshotPoint, ...]
    people: dict[int, str] = field(default_factory=dict)
    # Milestones of a very large open group read so far, a page at a time as its rows come
    # into view (``timeline_paging``): laid out from the group, not from ``items``.
    paged: dict[int, tl.TimelineItem] = field(default_factory=dict)

    @cached_property
    def _by_id(self) -> dict[int, tl.TimelineItem]:
        return {item.id: item for item in self.items}

    def item(self, milestone_id: int) -> tl.TimelineItem | None:
        return self._by_id.get(milestone_id) or self.paged.get(milestone_id)

    def with_items(self, changed: Sequence[tl.TimelineItem]) -> TimelineData:
        """A copy with some milestones replaced by fresher versions of themselves."""
        fresh = {item.id: item for item in changed}
        return replace(self, items=tuple(fresh.get(item.id, item) for item in self.items))


def _title(work: UnitOfWork, milestone_id: int) -> str:
    row = work.get(Milestone, milestone_id)
    return f"“{row.title}”" if row is not None else f"milestone {milestone_id}"


ITEM_COLUMNS = ("id", "opportunity_id", "title", "status", "start_date", "due_date",
                "forecast_date", "baseline_date", "actual_date", "progress", "parent_id",
                "owner_ours_id", "owner_theirs_id", "small_win", "position",
                "definition_of_done")


def _to_item(row: Any, people: Mapping[int, str]) -> tl.TimelineItem:
    """A milestone (a row of ``ITEM_COLUMNS`` or the whole record) as the chart shows it."""
    assert row.id is not None
    return tl.TimelineItem(
        id=row.id, group_id=row.opportunity_id, title=row.title, status=row.status,
        start=row.start_date, due=row.due_date, forecast=row.forecast_date,
        baseline=row.baseline_date, actual=row.actual_date, progress=row.progress,
        parent_id=row.parent_id,
        owner=people.get(row.owner_ours_id, "") if row.owner_ours_id else "",
        owner_theirs=people.get(row.owner_theirs_id, "") if row.owner_theirs_id else "",
        small_win=row.small_win, position=row.position,
        definition_of_done=row.definition_of_done[:1000])


def _items_of(rows: Sequence[Any], people: Mapping[int, str]) -> tuple[tl.TimelineItem, ...]:
    """``_to_item`` of rows of ``ITEM_COLUMNS``, unpacked by position: naming each column of
    100,000 rows (``row.title``) costs ten times as much."""
    Item = tl.TimelineItem  # the class, looked up once
    return tuple(
        Item(ident, group, title, status, start, due, forecast, baseline, actual, progress,
             parent, people.get(ours, "") if ours else "",
             people.get(theirs, "") if theirs else "", small_win, position, done[:1000])
        for (ident, group, title, status, start, due, forecast, baseline, actual, progress,
             parent, ours, theirs, small_win, position, done) in rows)


def load_timeline(store: Store, partnership_id: int | None = None) -> TimelineData:
    """Milestones of one partnership (or all), with their links, snapshots and names."""
    # Plain rows of the columns shown, not records: a plan may hold 100,000 milestones.
    with store.work() as work:
        if partnership_id is not None:
            if work.get(Opportunity, partnership_id) is None:
                raise ValidationError(f"Partnership {partnership_id} does not exist.",
                                      "partnership")
            rows = work.columns(Milestone, ITEM_COLUMNS, order_by=("position", "id"),
                                opportunity_id=partnership_id)
        else:
            rows = work.columns(Milestone, ITEM_COLUMNS, order_by=("position", "id"))
        ids = [r[0] for r in rows]
        dep_columns = ("id", "predecessor_id", "successor_id", "kind", "lag_days")
        snap_columns = ("milestone_id", "taken_on", "forecast_date", "status")
        if partnership_id is None:  # everything: no long IN lists
            deps = work.columns(MilestoneDependency, dep_columns)
            snaps = work.columns(MilestoneSnapshot, snap_columns, order_by=("taken_on", "id"))
        else:
            deps = work.columns(MilestoneDependency, dep_columns,
                                successor_id=ids) if ids else []
            snaps = work.columns(MilestoneSnapshot, snap_columns, order_by=("taken_on", "id"),
                                 milestone_id=ids) if ids else []
        opportunity_ids = sorted({r[1] for r in rows} |
                                 ({partnership_id} if partnership_id else set()))
        titles = {o.id: o.title for o in work.columns(Opportunity, ("id", "title"),
                                                      id=opportunity_ids)
                  if o.id is not None}
        people = {p.id: p.name for p in work.columns(Person, ("id", "name"))
                  if p.id is not None}
    known = set(ids)
    return TimelineData(
        items=_items_of(rows, people),
        dependencies=tuple(tl.Dependency(before, after, kind, lag)
                           for _id, before, after, kind, lag in deps if before in known),
        dependency_ids={(before, after): ident for ident, before, after, _k, _l in deps
                        if ident is not None},
        group_titles=titles,
        snapshots=tuple(tl_review.SnapshotPoint(*s) for s in snaps),  # as snap_columns
        people=people)


def load_items(store: Store, milestone_ids: Sequence[int]) -> list[tl.TimelineItem]:
    """Just these milestones, fresh (an edit changed them; the rest need no reload)."""
    with store.work() as work:
        rows = work.list(Milestone, id=list(milestone_ids))
        owners = {r.owner_ours_id for r in rows} | {r.owner_theirs_id for r in rows}
        people = {p.id: p.name for p in work.list(Person, id=[o for o in owners if o])
                  if p.id is not None}
    return [_to_item(r, people) for r in rows]


def partnerships(store: Store) -> list[tuple[int, str]]:
    """Partnerships worth a timeline: pursued ones and any that already have milestones."""
    with store.work() as work:
        with_milestones = work.distinct(Milestone, "opportunity_id")
        rows = work.columns(Opportunity, ("id", "title", "stage"), order_by=("title",))
    return [(o.id, o.title) for o in rows
            if o.id is not None
            and (o.stage in (Stage.PURSUED, Stage.PAUSED) or o.id in with_milestones)]


def people(store: Store) -> list[tuple[int, str, str]]:
    """(id, name, organisation name) of everyone who can own a milestone."""
    from planner.store.tables import Organisation

    with store.work() as work:
        orgs = {o.id: o for o in work.list(Organisation)}
        result = []
        for p in work.list(Person, order_by=("name",)):
            org = orgs.get(p.organisation_id)
            if p.id is not None:
                result.append((p.id, p.name, org.name if org else ""))
    return result


def get_milestone(store: Store, milestone_id: int) -> dict[str, Any]:
    """All stored fields of one milestone, as plain values (for editors and undo)."""
    with store.work() as work:
        row = work.one(Milestone, milestone_id)
        return row.model_dump()


def dependencies_of(store: Store, milestone_id: int) -> list[dict[str, Any]]:
    with store.work() as work:
        rows = (work.list(MilestoneDependency, successor_id=milestone_id)
                + work.list(MilestoneDependency, predecessor_id=milestone_id))
        return [r.model_dump() for r in rows]
