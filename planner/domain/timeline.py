"""Milestone timeline rules and layout (domain layer): rows, bars, links, ticks, pages, slips.

The layout is computed here once and drawn by two renderers: the pyqtgraph chart on screen
and ReportLab on paper. Everything is in *day numbers* (``date.toordinal()``) on the x axis
and row indices on the y axis, so no renderer ever meets a time zone: a calendar date is a
whole day, and a bar for an inclusive date range ``start..end`` covers ``[start, end + 1)``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.domain.timeline_paging import PagedGroup


class MilestoneStatus(StrEnum):
    """Where a milestone stands. The values are what plans store (a CHECK constraint holds
    them): a member equals its text, ``MilestoneStatus.DONE == "done"``, so statuses read
    from a plan compare, sort and look up labels and styles as before."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    DONE = "done"
    DROPPED = "dropped"


STATUSES: tuple[str, ...] = tuple(MilestoneStatus)  # in the order legends and groups show
# A closed milestone asks nothing more of anyone (no bite, no overdue warning).
CLOSED_STATUSES = frozenset({MilestoneStatus.DONE, MilestoneStatus.DROPPED})
STATUS_LABELS: dict[str, str] = {  # read with the text a plan stores
    MilestoneStatus.NOT_STARTED: "Not started",
    MilestoneStatus.ON_TRACK: "On track",
    MilestoneStatus.AT_RISK: "At risk",
    MilestoneStatus.LATE: "Late",
    MilestoneStatus.DONE: "Done",
    MilestoneStatus.DROPPED: "Dropped",
}


@dataclass(frozen=True)
class StatusStyle:
    """How a status looks: a colour plus a fill pattern that survives black-and-white print."""

    colour: str  # "#rrggbb"
    pattern: str  # solid | hollow | hatch | crosshatch | dashed
    mark: str  # a short word printed in the legend, e.g. "hatched"


STATUS_STYLES: dict[str, StatusStyle] = {
    "not_started": StatusStyle("#8d99a6", "hollow", "outline only"),
    "on_track": StatusStyle("#2e7d32", "solid", "solid"),
    "at_risk": StatusStyle("#e0a100", "hatch", "single hatch"),
    "late": StatusStyle("#c62828", "crosshatch", "cross-hatched"),
    "done": StatusStyle("#1f5fa8", "solid", "solid, tick"),
    "dropped": StatusStyle("#b0b0b0", "dashed", "dashed outline"),
}

DEPENDENCY_KINDS = ("FS", "SS", "FF")
DEPENDENCY_LABELS = {"FS": "finish-to-start", "SS": "start-to-start", "FF": "finish-to-finish"}

GROUPINGS = ("partnership", "owner", "status")
ZOOMS = ("week", "month", "quarter", "half", "year", "fit")
ZOOM_LABELS = {"week": "Week", "month": "Month", "quarter": "Quarter", "half": "Half-year",
               "year": "Year", "fit": "Fit"}
# Screen pixels per day for each fixed zoom level; the axis picks its ticks from the scale,
# so a wheel zoom between levels still gets sensible ticks.
ZOOM_PX_PER_DAY = {"week": 24.0, "month": 5.0, "quarter": 1.7, "half": 0.85, "year": 0.42}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

DEFAULT_BITE_DAYS = 42  # six weeks


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One milestone as the layout needs it (any object with these attributes would do)."""

    id: int
    group_id: int  # the partnership (opportunity) id
    title: str
    status: str = "not_started"
    start: dt.date | None = None
    due: dt.date | None = None
    forecast: dt.date | None = None
    baseline: dt.date | None = None
    actual: dt.date | None = None
    progress: int = 0
    parent_id: int | None = None
    owner: str = ""  # display name of our owner
    owner_theirs: str = ""
    small_win: bool = False
    position: int = 0
    definition_of_done: str = ""

    @property
    def end(self) -> dt.date | None:
        """The date the milestone is (or was) expected to finish on."""
        if self.status == "done" and self.actual is not None:
            return self.actual
        return self.forecast or self.due or self.start


@dataclass(frozen=True, slots=True)
class Dependency:
    predecessor_id: int
    successor_id: int
    kind: str = "FS"
    lag_days: int = 0


# --------------------------------------------------------------------------- layout output


@dataclass(slots=True)
class Row:
    index: int
    kind: str  # "group" | "item"
    label: str
    depth: int = 0
    milestone_id: int | None = None
    group_key: str = ""
    collapsed: bool = False
    count: int = 0  # items in a group row
    span: tuple[int, int] | None = None  # a folded group's days [first, last): its summary bar


@dataclass(slots=True)
class Bar:
    """A bar (``diamond`` False) or a diamond on one row, in day numbers."""

    row: int
    milestone_id: int
    start: int  # first day covered (inclusive)
    end: int  # day after the last day covered (exclusive)
    diamond: bool
    summary: bool
    status: str
    progress: int
    title: str
    baseline_end: int | None = None  # exclusive end of the baseline span
    small_win: bool = False
    slip_days: int = 0  # forecast minus baseline; positive means later than first agreed


@dataclass(slots=True)
class Link:
    predecessor_id: int
    successor_id: int
    kind: str
    from_row: int
    to_row: int
    x0: float
    x1: float
    violated: bool  # the successor is scheduled earlier than the dependency allows


@dataclass(slots=True)
class Layout:
    rows: list[Row]
    bars: list[Bar]
    links: list[Link]
    first_day: int
    last_day: int  # exclusive
    today: int
    undated: list[int] = field(default_factory=list)  # milestone ids without any date

    def row_of(self, milestone_id: int) -> int | None:
        for row in self.rows:
            if row.milestone_id == milestone_id:
                return row.index
        return None


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """A group drawn folded without its milestones (a long plan reads only the groups
    opened): its title, how many milestones it holds, and the days their spans cover."""

    key: str  # as ``build_layout`` names groups: "partnership:7", "owner:Ann", "status:Late"
    label: str
    count: int
    first_day: int | None = None  # first day of the earliest span (None: no dated milestone)
    last_day: int | None = None  # day after the latest span ends (exclusive)


def group_key(grouping: str, label: str, group_id: int | None = None) -> str:
    """The key of a group of ``grouping`` (a partnership's by its id, others by title)."""
    return f"partnership:{group_id}" if grouping == "partnership" else f"{grouping}:{label}"


def group_label(grouping: str, *, title: str = "", owner: str = "", status: str = "") -> str:
    """A group's title: the partnership's, the owner's name or the status's label."""
    if grouping == "owner":
        return owner or "No owner named"
    if grouping == "status":
        return STATUS_LABELS.get(status, status)
    return title


def day(value: dt.date) -> int:
    return value.toordinal()


def date_of(day_number: float) -> dt.date:
    return dt.date.fromordinal(math.floor(day_number))


def _group_label(item: TimelineItem, grouping: str, group_titles: Mapping[int, str]) -> str:
    return group_label(grouping, title=group_titles.get(item.group_id,
                                                        f"Partnership {item.group_id}"),
                       owner=item.owner, status=item.status)


def _group_order(grouping: str, label: str) -> tuple[int, str]:
    if grouping == "status":
        for index, key in enumerate(STATUSES):
            if STATUS_LABELS[key] == label:
                return (index, "")
    if grouping == "owner":
        return (1 if label == "No owner named" else 0, label.casefold())
    return (0, label.casefold())


def build_layout(items: Sequence[TimelineItem], dependencies: Iterable[Dependency] = (), *,
                 grouping: str = "partnership", group_titles: Mapping[int, str] | None = None,
                 collapsed: Iterable[str] = (), today: dt.date | None = None,
                 summaries: Iterable[GroupSummary] = (),
                 paged: Iterable[PagedGroup] = ()) -> Layout:
    """Rows (group headers, then each milestone under its parent), bars, diamonds and links.

    ``collapsed`` holds group keys whose milestones are hidden. A collapsed group with one
    of ``summaries`` is drawn from it, whatever of its milestones ``items`` holds (a long
    plan reads only the open groups' milestones, with their parents and steps for the
    order and spans): the layout is the one all the milestones would give. An open group
    with one of ``paged`` is drawn from it (``timeline_paging``: a very large group's rows
    worked out from a light read), whatever of its milestones ``items`` holds. Partnerships
    are in title order, statuses in their natural order, owners by name. This runs on every reload, for
    up to tens of thousands of milestones, so each item's dates are worked out once.
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}")
    titles = group_titles or {}
    folded = set(collapsed)
    today_day = (today or dt.date.today()).toordinal()

    # Each item's own span in day numbers: [lo, hi), or None when it has no date at all.
    own: dict[int, tuple[int, int] | None] = {}
    sort_key: dict[int, tuple[int, int, int]] = {}
    for item in items:
        end = item.end
        if end is None:
            own[item.id] = None
            sort_key[item.id] = (item.position, 10**7, item.id)
            continue
        hi = end.toordinal() + 1
        lo = item.start.toordinal() if item.start is not None and item.start <= end else hi - 1
        own[item.id] = (lo, hi)
        sort_key[item.id] = (item.position, lo, item.id)

    children: dict[int | None, list[TimelineItem]] = defaultdict(list)
    for item in items:
        parent = item.parent_id if item.parent_id in own else None
        children[parent].append(item)
    for siblings in children.values():
        siblings.sort(key=lambda it: sort_key[it.id])

    # Depth-first order of the milestone tree (the elephant, then its bites).
    ordered: list[tuple[TimelineItem, int]] = []
    stack: list[tuple[TimelineItem, int]] = [(root, 0) for root in reversed(children[None])]
    seen: set[int] = set()
    while stack:
        item, depth = stack.pop()
        if item.id in seen:  # a parent loop in bad data: show each milestone once
            continue
        seen.add(item.id)
        ordered.append((item, depth))
        kids = children.get(item.id)
        if kids:
            stack.extend((child, depth + 1) for child in reversed(kids))
    if len(seen) < len(own):  # milestones caught in a parent loop still appear
        ordered.extend((item, 0) for item in items if item.id not in seen)

    # Grouping by owner or status flattens the tree: each milestone sits in its own group.
    by_tree = grouping == "partnership"
    groups: dict[str, list[tuple[TimelineItem, int]]] = {}
    labels: dict[str, str] = {}
    key_cache: dict[object, str] = {}
    for item, depth in ordered:
        raw: object = item.group_id if by_tree else (
            item.owner if grouping == "owner" else item.status)
        key = key_cache.get(raw)
        if key is None:
            label = _group_label(item, grouping, titles)
            key = group_key(grouping, label, item.group_id)
            key_cache[raw] = key
            labels[key] = label
        members = groups.get(key)
        if members is None:
            members = groups[key] = []
        members.append((item, depth if by_tree else 0))
    folded_summaries = {s.key: s for s in summaries if s.key in folded}
    for key, summary in folded_summaries.items():
        if key not in groups:
            groups[key] = []
            labels[key] = summary.label
    paged_groups = {p.key: p for p in paged if p.key not in folded}
    for key, group in paged_groups.items():
        groups[key] = []  # its rows come from the group itself
        labels[key] = group.label
    group_keys = sorted(groups, key=lambda k: _group_order(grouping, labels[k]))

    # Summary spans: a parent covers its own dates and all of its descendants'.
    span: dict[int, tuple[int, int]] = {}
    for item, _depth in reversed(ordered):
        mine = own[item.id]
        kids = children.get(item.id)
        if kids:
            lo, hi = mine if mine is not None else (10**9, -(10**9))
            for child in kids:
                child_span = span.get(child.id)
                if child_span is not None:
                    lo, hi = min(lo, child_span[0]), max(hi, child_span[1])
            if lo < hi:
                span[item.id] = (lo, hi)
        elif mine is not None:
            span[item.id] = mine

    rows: list[Row] = []
    bars: list[Bar] = []
    undated: list[int] = []
    first, last = 10**9, -(10**9)
    add_row, add_bar = rows.append, bars.append
    for key in group_keys:
        members = groups[key]
        hidden = key in folded
        drawn = folded_summaries.get(key)
        if drawn is not None:  # folded, from its summary: its own members were not all read
            folded_span = None
            if drawn.first_day is not None and drawn.last_day is not None:
                first, last = min(first, drawn.first_day), max(last, drawn.last_day)
                folded_span = (drawn.first_day, drawn.last_day)
            add_row(Row(len(rows), "group", labels[key], 0, None, key, True, drawn.count,
                        folded_span))
            continue
        pages = paged_groups.get(key)
        if pages is not None:  # open, laid out from its light read: its own rows and bars
            add_row(Row(len(rows), "group", labels[key], 0, None, key, False, len(pages.rows)))
            pages.place(len(rows))
            undated += pages.undated
            rows += pages.rows
            bars += pages.bars
            if pages.first_day is not None and pages.last_day is not None:
                first, last = min(first, pages.first_day), max(last, pages.last_day)
            continue
        header = Row(len(rows), "group", labels[key], 0, None, key, hidden, len(members))
        add_row(header)
        if hidden:  # folded: its header shows the days its milestones' own dates cover
            # (as a summary counted in SQL says: a parent's steps may sit in other groups)
            spans = [s for s in (own[item.id] for item, _d in members) if s is not None]
            if spans:
                header.span = (min(s[0] for s in spans), max(s[1] for s in spans))
        for item, depth in members:
            iid = item.id
            item_span = span.get(iid)
            if item_span is not None:
                lo, hi = item_span
                if lo < first:
                    first = lo
                if hi > last:
                    last = hi
            if hidden:
                continue
            index = len(rows)
            add_row(Row(index, "item", item.title, depth, iid, key))
            if item_span is None:
                undated.append(iid)
                continue
            is_summary = by_tree and iid in children
            mine = own[iid]
            # A diamond: a point in time (no start, or a start on the day it is due).
            diamond = not is_summary and (mine is None or mine[1] - mine[0] <= 1)
            baseline_end: int | None = None
            slip = 0
            if item.baseline is not None:
                baseline_end = item.baseline.toordinal() + 1
                if mine is not None:
                    slip = mine[1] - baseline_end
                if baseline_end - 1 < first:
                    first = baseline_end - 1
                if baseline_end > last:
                    last = baseline_end
            progress = item.progress
            if not 0 <= progress <= 100:
                progress = max(0, min(100, progress))
            add_bar(Bar(index, iid, lo, hi, diamond, is_summary, item.status, progress,
                        item.title, baseline_end, item.small_win, slip))

    if first > last:
        first, last = today_day - 14, today_day + 76
    first, last = min(first, today_day), max(last, today_day + 1)

    bar_of = {bar.milestone_id: bar for bar in bars} if dependencies else {}
    links: list[Link] = []
    for dep in dependencies:
        pred, succ = bar_of.get(dep.predecessor_id), bar_of.get(dep.successor_id)
        if pred is None or succ is None:
            continue
        x0 = float(pred.start if dep.kind == "SS" else pred.end)
        x1 = float(succ.end if dep.kind == "FF" else succ.start)
        if pred.diamond:
            x0 = pred.start + 0.5
        if succ.diamond:
            x1 = succ.start + 0.5
        # The successor's anchor day may not fall before the predecessor's anchor + lag.
        # A diamond is a point in time: it counts as its day for either end of a link.
        pred_anchor = pred.start if dep.kind == "SS" or pred.diamond else pred.end
        succ_anchor = succ.end if dep.kind == "FF" or succ.diamond else succ.start
        violated = succ_anchor < pred_anchor + dep.lag_days
        links.append(Link(dep.predecessor_id, dep.successor_id, dep.kind,
                          pred.row, succ.row, x0, x1,
                          violated))
    return Layout(rows, bars, links, first, last, today_day, undated)


# --------------------------------------------------------------------------- axis ticks


@dataclass(frozen=True, slots=True)
class Tick:
    day: int
    label: str


def level_for_scale(px_per_day: float) -> str:
    """The zoom level whose ticks suit a scale (pixels or points per day)."""
    if px_per_day >= 12:
        return "week"
    if px_per_day >= 2.6:
        return "month"
    if px_per_day >= 1.1:
        return "quarter"
    if px_per_day >= 0.55:
        return "half"
    return "year"


YEAR_STEPS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)


def year_step(px_per_day: float, label_px: float) -> int:
    """How many years apart the year level's labels go so that each fits its space:
    every year, or every 2, 5, 10... (a label ``label_px`` wide, space between included)."""
    for step in YEAR_STEPS:
        if step * 365.25 * px_per_day >= label_px:
            return step
    return YEAR_STEPS[-1]


def _month_starts(first: dt.date, last: dt.date, step: int) -> Iterable[dt.date]:
    year, month = first.year, first.month
    month -= (month - 1) % step
    while True:
        current = dt.date(year, month, 1)
        if current > last:
            return
        yield current
        month += step
        while month > 12:
            month -= 12
            year += 1


def axis_ticks(level: str, first_day: float, last_day: float, years: int = 1
               ) -> tuple[list[Tick], list[Tick]]:
    """(major, minor) ticks with labels for the days ``first_day..last_day`` at a zoom level.

    week: major = Mondays ("Mon 3 Mar"), minor = days; month: major = months, minor = Mondays;
    quarter: major = quarters, minor = months; half: major = half-years, minor = quarters;
    year: major = years, minor = quarters; every ``years`` years (``year_step``): major =
    those years, minor = the years (or every fifth of the step) between.
    """
    if level == "fit":
        level = "quarter"
    lo = date_of(max(first_day, 1))
    hi = date_of(max(min(last_day, dt.date.max.toordinal() - 400), 2))
    major: list[Tick] = []
    minor: list[Tick] = []
    if level == "week":
        monday = lo - dt.timedelta(days=lo.weekday())
        current = monday
        while current <= hi:
            major.append(Tick(day(current), f"{current.day} {MONTHS[current.month - 1]} "
                                            f"{current.year}"))
            current += dt.timedelta(days=7)
        minor = [Tick(d, "MTWTFSS"[date_of(d).weekday()]) for d in range(day(lo), day(hi) + 1)]
    elif level == "month":
        major = [Tick(day(m), f"{MONTHS[m.month - 1]} {m.year}")
                 for m in _month_starts(lo, hi, 1)]
        monday = lo - dt.timedelta(days=lo.weekday())
        current = monday
        while current <= hi:
            minor.append(Tick(day(current), str(current.day)))
            current += dt.timedelta(days=7)
    elif level == "quarter":
        major = [Tick(day(m), f"Q{(m.month - 1) // 3 + 1} {m.year}")
                 for m in _month_starts(lo, hi, 3)]
        minor = [Tick(day(m), MONTHS[m.month - 1]) for m in _month_starts(lo, hi, 1)]
    elif level == "half":
        major = [Tick(day(m), f"H{(m.month - 1) // 6 + 1} {m.year}")
                 for m in _month_starts(lo, hi, 6)]
        minor = [Tick(day(m), f"Q{(m.month - 1) // 3 + 1}") for m in _month_starts(lo, hi, 3)]
    elif level == "year" and years > 1:
        minor_step = max(1, years // 5)
        year = lo.year - lo.year % minor_step
        while year <= min(hi.year, 9999):
            first_of_year = day(dt.date(max(1, year), 1, 1))
            if year % years == 0:
                major.append(Tick(first_of_year, str(year)))
            minor.append(Tick(first_of_year, "" if year % years == 0 else str(year)))
            year += minor_step
    elif level == "year":
        major = [Tick(day(m), str(m.year)) for m in _month_starts(lo, hi, 12)]
        minor = [Tick(day(m), f"Q{(m.month - 1) // 3 + 1}") for m in _month_starts(lo, hi, 3)]
    else:
        raise ValueError(f"unknown zoom level {level!r}")
    return major, minor


# --------------------------------------------------------------------------- dependencies


def find_cycle(edges: Iterable[tuple[int, int]]) -> list[int] | None:
    """A dependency cycle as the list of ids around it (first id repeated last), or None."""
    graph: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    white, grey, black = 0, 1, 2
    colour: dict[int, int] = defaultdict(int)
    for root in list(graph):
        if colour[root] != white:
            continue
        path: list[int] = [root]
        iters = [iter(graph[root])]
        colour[root] = grey
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                iters.pop()
                continue
            if colour[nxt] == grey:
                return [*path[path.index(nxt):], nxt]
            if colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                iters.append(iter(graph.get(nxt, ())))
    return None


def parent_cycle(parents: Mapping[int, int | None], child: int, new_parent: int | None) -> bool:
    """True when giving ``child`` the parent ``new_parent`` would make a parent loop."""
    current = new_parent
    steps = 0
    while current is not None and steps <= len(parents) + 1:
        if current == child:
            return True
        current = parents.get(current)
        steps += 1
    return False
