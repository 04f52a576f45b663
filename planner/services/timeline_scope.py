"""What the Timeline view shows of a long plan, read as little as it needs (services layer).

A plan kept for years holds 100,000 milestones over 200 partnerships. A scope holding more
than ``FOLD_ABOVE`` milestones opens with its groups folded: each folded group is drawn from
a summary counted in SQL (``group_summaries``), and only the groups opened are read
(``load_groups``), with their milestones' parents and steps, so the chart lays them out as
it would with every milestone read. An open group too large to read whole (grouped by
status, "Done" holds 48,886) is laid out from a light read of the columns that fix its rows
(``load_paged``, ``planner.domain.timeline_paging``), its milestones read a page at a time
as they come into view (``page_items``). The panel beside the chart still speaks of the whole
scope: the overdue and bite warnings, "since last meeting" and the slip chart come from the
rows SQL picks out (the slip chart's 40 lines from a light read of every forecast), then
from the same domain rules as a small plan's (``planner.domain.timeline``), so their
sentences are the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from planner.domain import timeline as tl
from planner.domain import timeline_paging as tl_paging
from planner.domain import timeline_review as tl_review
from planner.services.changes import ValidationError
from planner.services.timeline_reads import ITEM_COLUMNS, TimelineData, _items_of
from planner.store import milestone_reads as q
from planner.store.database import Store, UnitOfWork
from planner.store.tables import (
    Milestone,
    MilestoneDependency,
    MilestoneSnapshot,
    Opportunity,
    Person,
)

FOLD_ABOVE = 2_000  # milestones in a scope above which its groups open folded
CHUNK = 5_000  # ids per IN list (SQLite allows 32,766 parameters)
PIECES = 8  # reads a very large group's own milestones take (a few MB of rows at a time)
_BY = {"partnership": "opportunity_id", "owner": "owner_ours_id", "status": "status"}


@dataclass(frozen=True)
class TimelineGroups:
    """The groups of a scope under one grouping, counted in SQL; ``members`` holds what
    each group's key stands for in the column ``_BY[grouping]`` (ids, or statuses)."""

    grouping: str
    summaries: tuple[tl.GroupSummary, ...]
    members: dict[str, tuple[Any, ...]]
    total: int

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(s.key for s in self.summaries)

    def folded_text(self, collapsed: Collection[str]) -> str:
        """What the chart says of its folded groups ("" when none is)."""
        folded = sum(1 for s in self.summaries if s.key in collapsed)
        if not folded:
            return ""
        noun = {"partnership": "partnership", "owner": "owner", "status": "status"}[
            self.grouping]
        nouns = noun + ("" if folded == 1 else ("es" if noun == "status" else "s"))
        return (f"{folded:,} {nouns} folded ({self.total:,} milestones): click a header to "
                "open one.")


def _check_scope(work: UnitOfWork, partnership_id: int | None) -> None:
    if partnership_id is not None and work.get(Opportunity, partnership_id) is None:
        raise ValidationError(f"Partnership {partnership_id} does not exist.", "partnership")


def _people(work: UnitOfWork) -> dict[int, str]:
    return {p.id: p.name for p in work.columns(Person, ("id", "name")) if p.id is not None}


def group_summaries(store: Store, partnership_id: int | None, grouping: str
                    ) -> TimelineGroups:
    """Each group's title, count and span, as ``build_layout`` would draw it folded."""
    if grouping not in _BY:
        raise ValueError(f"unknown grouping {grouping!r}")
    with store.work() as work:
        _check_scope(work, partnership_id)
        spans = q.group_spans(work, _BY[grouping], partnership_id)
        names: dict[Any, str] = {}
        if grouping == "partnership":
            names = {o.id: o.title for o in work.columns(
                Opportunity, ("id", "title"), id=[v for v, *_ in spans])}
        elif grouping == "owner":
            names = _people(work)
    found: dict[str, list[Any]] = {}  # key -> [label, count, first, last, members]
    for value, count, lo, hi in spans:
        if grouping == "partnership":
            label = tl.group_label(grouping, title=names.get(value, f"Partnership {value}"))
        elif grouping == "owner":
            label = tl.group_label(grouping, owner=names.get(value, "") if value else "")
        else:
            label = tl.group_label(grouping, status=value)
        key = tl.group_key(grouping, label, value)
        first = lo.toordinal() if lo is not None else None
        last = hi.toordinal() + 1 if hi is not None else None
        entry = found.setdefault(key, [label, 0, None, None, []])
        entry[1] += count
        if first is not None:
            entry[2] = first if entry[2] is None else min(entry[2], first)
        if last is not None:
            entry[3] = last if entry[3] is None else max(entry[3], last)
        entry[4].append(value)
    return TimelineGroups(
        grouping,
        tuple(tl.GroupSummary(key, label, count, first, last)
              for key, (label, count, first, last, _m) in found.items()),
        {key: tuple(entry[4]) for key, entry in found.items()},
        sum(entry[1] for entry in found.values()))


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for k in range(0, len(ids), CHUNK):
        yield list(ids[k:k + CHUNK])


def _rows_by(work: UnitOfWork, column: str, values: Iterable[Any],
             partnership_id: int | None, columns: Sequence[str] = ITEM_COLUMNS, *,
             plain: bool = False, among: Sequence[int] | None = None) -> list[Any]:
    """Milestone rows (of ``columns``; named tuples, or ``plain`` ones) whose ``column`` is
    one of ``values`` (None: IS NULL), within the scope (or ``among`` these partnerships)."""
    scope: dict[str, Any] = {} if partnership_id is None and among is None else {
        "opportunity_id": partnership_id if among is None else list(among)}
    read = work.tuples if plain else work.columns
    wanted = list(values)
    rows: list[Any] = []
    if None in wanted:
        rows += read(Milestone, columns, **{**scope, column: None})
    for chunk in _chunks([v for v in wanted if v is not None]):
        rows += read(Milestone, columns, **{**scope, column: chunk})
    return rows


def _related(work: UnitOfWork, by: str, values: Sequence[Any], partnership_id: int | None,
             columns: Sequence[str], *, plain: bool = False, pieces: int = 1
             ) -> Iterator[tuple[bool, list[Any]]]:
    """Rows of ``columns`` (the first "id", one "parent_id") of the milestones whose ``by``
    is one of ``values`` (first, read in about ``pieces`` reads; True with them), then of
    their parents up to the roots and their steps down to the leaves, a read at a time,
    each once: a parent's bar spans its steps, and the order of a group follows the whole
    tree (they may be in folded groups when grouping by owner or status)."""
    parent = list(columns).index("parent_id")
    seen: set[int] = set()

    def new(rows: Iterable[Any]) -> list[Any]:
        fresh = [r for r in rows if r[0] not in seen]
        seen.update(r[0] for r in fresh)
        return fresh

    partnerships: list[Any] = [None]
    if pieces > 1 and partnership_id is None:  # a read per some partnerships: less at once
        every = sorted(work.distinct(Milestone, "opportunity_id"))
        size = max(1, -(-len(every) // pieces))
        partnerships = [every[k:k + size] for k in range(0, len(every), size)] or [None]
    up: set[Any] = set()
    for among in partnerships:
        members = new(_rows_by(work, by, values, partnership_id, columns, plain=plain,
                               among=among))
        up |= {r[parent] for r in members}
        yield True, members
    # The first steps down are asked of SQL by group, not by the ids of a group that may
    # hold 48,886 milestones.
    first = new(q.steps_outside(work, columns, by, values, partnership_id)) if values else []
    up = (up | {r[parent] for r in first}) - seen - {None}
    yield False, first
    down = [r[0] for r in first]
    while up or down:
        above = new(_rows_by(work, "id", up, partnership_id, columns, plain=plain))
        below = new(_rows_by(work, "parent_id", down, partnership_id, columns,
                             plain=plain)) if down else []
        yield False, above
        yield False, below
        up = {r[parent] for r in above} - seen - {None}
        down = [r[0] for r in below]


def _links(work: UnitOfWork, ids: Sequence[int], partnership_id: int | None, *,
           plain: bool = False) -> list[Any]:
    """The dependencies (id, predecessor_id, successor_id, kind, lag_days; named tuples, or
    ``plain`` ones) with either end among the milestones ``ids``, by id."""
    dep_columns = ("id", "predecessor_id", "successor_id", "kind", "lag_days")
    read = work.tuples if plain else work.columns
    known = set(ids)
    if partnership_id is None and len(ids) > CHUNK:  # much of the plan: read whole, picked
        if not plain:
            return [d for d in read(MilestoneDependency, dep_columns)
                    if d[1] in known or d[2] in known]
        picked: list[Any] = []  # a piece at a time: 48,415 links held at once took 13 MB
        piece: Sequence[Any] = work.batch(MilestoneDependency, dep_columns, after=None,
                                          size=CHUNK)
        while piece:
            picked += [d for d in piece if d[1] in known or d[2] in known]
            piece = work.batch(MilestoneDependency, dep_columns, after=piece[-1][0],
                               size=CHUNK) if len(piece) == CHUNK else ()
        return picked
    deps: dict[int, Any] = {}
    for chunk in _chunks(ids):
        for name in ("successor_id", "predecessor_id"):
            where: dict[str, Any] = {name: chunk}
            deps.update((d[0], d) for d in read(MilestoneDependency, dep_columns, **where))
    return sorted(deps.values(), key=lambda d: d[0])


def load_groups(store: Store, partnership_id: int | None, groups: TimelineGroups,
                keys: Collection[str]) -> TimelineData:
    """The milestones of the groups ``keys`` (with their parents and steps, which give the
    order and the summary spans), their links and snapshots, in the timeline's order."""
    by = _BY[groups.grouping]
    with store.work() as work:
        _check_scope(work, partnership_id)
        values = [v for key in keys for v in groups.members.get(key, ())]
        ordered = sorted((r for _own, rows in _related(work, by, values, partnership_id,
                                                        ITEM_COLUMNS) for r in rows),
                         key=lambda r: (r.position, r.id))
        ids = [r[0] for r in ordered]
        snaps: list[Any] = []
        snap_columns = ("id", "milestone_id", "taken_on", "forecast_date", "status")
        known = set(ids)
        links = _links(work, ids, partnership_id)
        if partnership_id is None and len(ids) > CHUNK:  # read whole, then picked
            snaps += [s for s in work.columns(MilestoneSnapshot, snap_columns)
                      if s.milestone_id in known]
        else:
            for chunk in _chunks(ids):
                snaps += work.columns(MilestoneSnapshot, snap_columns, milestone_id=chunk)
        opportunity_ids = sorted({r.opportunity_id for r in ordered}
                                 | ({partnership_id} if partnership_id else set()))
        titles = {o.id: o.title for o in work.columns(Opportunity, ("id", "title"),
                                                      id=opportunity_ids)
                  if o.id is not None}
        people = _people(work)
    snaps.sort(key=lambda s: (s.taken_on, s.id))
    return TimelineData(
        items=_items_of(ordered, people),
        dependencies=tuple(tl.Dependency(d.predecessor_id, d.successor_id, d.kind, d.lag_days)
                           for d in links if d.predecessor_id in known
                           and d.successor_id in known),
        dependency_ids={(d.predecessor_id, d.successor_id): d.id for d in links},
        group_titles=titles,
        snapshots=tuple(tl_review.SnapshotPoint(s.milestone_id, s.taken_on, s.forecast_date,
                                         s.status) for s in snaps),
        people=people)


def load_paged(store: Store, partnership_id: int | None, groups: TimelineGroups, key: str
               ) -> tl_paging.PagedGroup | None:
    """The open group ``key`` as ``timeline_paging.page_group`` lays it out from the few
    columns that fix its rows (its titles are read as they come into view: ``page_items``),
    with the links that touch it; None when only reading it whole gives its order."""
    by = _BY[groups.grouping]
    summary = next(s for s in groups.summaries if s.key == key)
    with store.work() as work:
        _check_scope(work, partnership_id)
        values = list(groups.members.get(key, ()))
        columns = (*tl_paging.SHAPE, by) if by not in tl_paging.SHAPE else tl_paging.SHAPE
        shape = len(tl_paging.SHAPE)
        taken = tl_paging.GroupShapes()
        for own, rows in _related(work, by, values, partnership_id, columns, plain=True,
                                  pieces=PIECES):
            taken.add((r[:shape] for r in rows), members=own)  # each read let go once taken
        members = sorted(taken.members)
        group = taken.page(key, summary.label, by_tree=groups.grouping == "partnership")
        # The links of its bars (those of others' bars are read with them).
        links = _links(work, members, partnership_id, plain=True) if group else []
    if group is not None:
        kinds = {kind: kind for kind in tl.DEPENDENCY_KINDS}  # one text a kind, not a link
        group.dependencies = tuple(tl.Dependency(before, after, kinds.get(kind, kind), lag)
                                   for _id, before, after, kind, lag in links)
        group.dependency_ids = {(before, after): ident for ident, before, after, _k, _l in links}
    return group


def with_paged(data: TimelineData, paged: Sequence[tl_paging.PagedGroup]) -> TimelineData:
    """``data`` (the other open groups') with the links of the ``paged`` groups too, in the
    order of their ids, as one read of every open group gives them; its ``paged`` empty,
    to hold the milestones read as their rows come into view."""
    if not paged:
        return data
    ids = dict(data.dependency_ids)
    links = {(d.predecessor_id, d.successor_id): d for d in data.dependencies}
    for group in paged:
        ids.update(group.dependency_ids)
        links.update(((d.predecessor_id, d.successor_id), d) for d in group.dependencies)
    ordered = sorted(links.values(), key=lambda d: ids[d.predecessor_id, d.successor_id])
    return replace(data, dependencies=tuple(ordered), dependency_ids=ids, paged={})


def page_items(store: Store, ids: Sequence[int]) -> tuple[tuple[tl.TimelineItem, ...],
                                                        dict[int, str]]:
    """The milestones ``ids`` (a page of a paged group's rows), whole, in that order, and
    the titles of their partnerships."""
    with store.work() as work:
        rows = {r[0]: r for chunk in _chunks(list(ids))
                for r in work.columns(Milestone, ITEM_COLUMNS, id=chunk)}
        people = _people(work)
        titles = {o.id: o.title for o in work.columns(
            Opportunity, ("id", "title"), id=sorted({r.opportunity_id for r in rows.values()}))
            if o.id is not None}
    return _items_of([rows[i] for i in ids if i in rows], people), titles


def group_counts(store: Store, partnership_id: int | None, groups: TimelineGroups, *,
                 without: Sequence[str] = ()) -> dict[str, int]:
    """How many milestones each group holds, leaving out the statuses ``without``."""
    with store.work() as work:
        counts = q.group_counts(work, _BY[groups.grouping], partnership_id, without=without)
    return {key: sum(counts.get(v, 0) for v in members)
            for key, members in groups.members.items()}


def placed(store: Store, milestone_id: int, grouping: str) -> tuple[int, str] | None:
    """The partnership a milestone belongs to and the key of its group under ``grouping``
    (None: no such milestone)."""
    with store.work() as work:
        rows = work.columns(Milestone, ITEM_COLUMNS, id=[milestone_id])
        if not rows:
            return None
        people = _people(work) if grouping == "owner" else {}
        found = work.get(Opportunity, rows[0].opportunity_id)
        title = found.title if found is not None else ""
    item = _items_of(rows, people)[0]
    label = tl.group_label(grouping, title=title, owner=item.owner, status=item.status)
    return item.group_id, tl.group_key(grouping, label, item.group_id)


def titles_in(store: Store, partnership_id: int) -> list[tuple[int, str]]:
    """(id, title) of a partnership's milestones in the timeline's order (parent choices)."""
    with store.work() as work:
        return [(r.id, r.title) for r in work.columns(
            Milestone, ("id", "title"), order_by=("position", "id"),
            opportunity_id=partnership_id)]


def titles_of(store: Store, ids: Collection[int]) -> dict[int, str]:
    """The titles of the milestones ``ids`` (those a folded group holds were not read)."""
    with store.work() as work:
        return {r.id: r.title for chunk in _chunks(sorted(ids))
                for r in work.columns(Milestone, ("id", "title"), id=chunk)}


# ------------------------------------------------------------------ the panel beside the chart


def warnings(store: Store, partnership_id: int | None, today: dt.date, bite_days: int
             ) -> list[tl_review.BiteWarning]:
    """``overdue_warnings`` then ``bite_warnings`` of the whole scope, from the rows SQL
    picks out (the same sentences, in the same order, as from every milestone)."""
    with store.work() as work:
        overdue = q.overdue_rows(work, ITEM_COLUMNS, today, partnership_id)
        bites = q.bite_rows(work, ITEM_COLUMNS, bite_days, partnership_id)
        people = _people(work)
    return (tl_review.overdue_warnings(_items_of(overdue, people), today)
            + tl_review.bite_warnings(_items_of(bites, people), bite_days))


def warning_pages(store: Store, partnership_id: int | None, today: dt.date, bite_days: int,
                  page: int = 300) -> Iterator[list[tl_review.BiteWarning]]:
    """``warnings`` a page of milestones at a time, each page read when it is asked for:
    the bite check lists its first lines without reading the thousands after them. Joined,
    the pages are ``warnings`` (each page is read afresh: a plan changed meanwhile is
    read as it now is)."""
    for overdue in (True, False):
        offset = 0
        while True:
            with store.work() as work:
                if overdue:
                    rows = q.overdue_rows(work, ITEM_COLUMNS, today, partnership_id,
                                          offset=offset, limit=page)
                else:
                    rows = q.bite_rows(work, ITEM_COLUMNS, bite_days, partnership_id,
                                       offset=offset, limit=page)
                people = _people(work)
            items = _items_of(rows, people)
            found = (tl_review.overdue_warnings(items, today) if overdue
                     else tl_review.bite_warnings(items, bite_days))
            if found:
                yield found
            if len(rows) < page:
                break
            offset += page


def since_last_meeting(store: Store, partnership_id: int | None, limit: int
                       ) -> tl_review.SinceLastMeeting:
    """``since_last_meeting`` of the whole scope, from each partnership's latest snapshot
    and the milestones it holds; of the milestones added since, the first ``limit`` are
    named and the rest counted (``more_added``), as the panel lists no more."""
    with store.work() as work:
        then = q.latest_snapshots(work, partnership_id)
        if not then:
            return tl_review.SinceLastMeeting(None)
        people = _people(work)
        then_ids = sorted({s.milestone_id for s in then})
        rows: list[Any] = []
        for chunk in _chunks(then_ids):
            rows += work.columns(Milestone, ITEM_COLUMNS, id=chunk)
        rows.sort(key=lambda r: (r.position, r.id))
        met = sorted({r.opportunity_id for r in rows})
        counts = work.count_by(Milestone, "opportunity_id")  # through its index
        held = sum(counts.get(opportunity, 0) for opportunity in met)
        head = q.first_rows(work, ITEM_COLUMNS, met, limit + len(then_ids))
    points = [tl_review.SnapshotPoint(s.milestone_id, s.taken_on, s.forecast_date, s.status)
              for s in then]
    delta = tl_review.since_last_meeting(points, _items_of(rows, people))
    known = set(then_ids)
    added = tuple(tl_review.Change(i.id, i.title, None, i.end)
                  for i in _items_of(head, people) if i.id not in known)[:limit]
    return replace(delta, added=added, more_added=held - len(rows) - len(added))


def slip_lines(store: Store, partnership_id: int | None, today: dt.date,
               shown: int | None = None) -> list[tl_review.SlipLine]:
    """The slip chart of the whole scope: only the milestones with snapshots are read; given
    ``shown`` (the lines a chart draws: the worst slippers), only those lines are made, the
    others weighed from what the database says of each line's ends (``worst_slippers``)."""
    snap_columns = ("milestone_id", "taken_on", "forecast_date", "status")
    with store.work() as work:
        if shown is None:
            rows = q.snapshotted_rows(work, ITEM_COLUMNS, partnership_id)
        else:
            chosen = tl_review.worst_slippers(
                (tl_review.SlipEnds(*ends) for ends in q.slip_ends(work, partnership_id)),
                today=today, limit=shown)
            rows = sorted(work.columns(Milestone, ITEM_COLUMNS, id=chosen),
                          key=lambda r: (r.position, r.id))
        snaps = _snapshots(work, [r[0] for r in rows], ("id", *snap_columns),
                           whole=partnership_id is None and shown is None)
        people = _people(work)
    snaps.sort(key=lambda s: (s[2], s[0]))  # (taken_on, id)
    points = [tl_review.SnapshotPoint(*s[1:]) for s in snaps]  # as snap_columns
    return tl_review.slip_lines(points, _items_of(rows, people), today=today)


def _snapshots(work: UnitOfWork, ids: Sequence[int], columns: Sequence[str], *,
               whole: bool) -> list[Any]:
    """The snapshots (plain tuples of ``columns``) of the milestones ``ids``; ``whole``: they
    are every milestone with snapshots (the whole plan's), so the table is read whole."""
    if whole:
        return list(work.tuples(MilestoneSnapshot, columns))
    return [s for chunk in _chunks(ids)
            for s in work.tuples(MilestoneSnapshot, columns, milestone_id=chunk)]
