"""What meeting mode steps through (ui layer, no widgets): every milestone of the scope but
the dropped, in the chart's order.

A small scope's milestones are all read, as the chart's are (``meeting_order``). A long
scope's (a trust's years: 100,000) are counted per group in SQL and read one group at a
time, when the meeting reaches it (``MeetingSteps``): the projector shows its first
milestone at once, and stepping into the next group reads that group only. Reading all
100,000 and laying them out took about 7 s.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import OrderedDict
from collections.abc import Sequence
from functools import partial
from itertools import accumulate
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from planner.domain import timeline as tl
from planner.domain import timeline_paging as tl_paging
from planner.domain import timeline_review as tl_review
from planner.services import timeline as svc
from planner.services import timeline_scope as scope
from planner.ui.timeline.paging import LazyItems, PagedItems, collector_paused

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.timeline.meeting_mode import MeetingModeWidget
    from planner.ui.timeline.reading import TimelineReads

SKIPPED = ("dropped",)  # meeting mode does not show dropped milestones
SINCE_LISTED = 200  # added milestones named, as the panel beside the chart reads them
KEPT_GROUPS = 4  # groups kept read while the meeting steps back and forth


def fill_meeting(widget: MeetingModeWidget, reads: TimelineReads, data: svc.TimelineData,
                 partnership_id: int | None, grouping: str, today: dt.date, wins: list[svc.Win],
                 *, owner: QObject) -> None:
    """Meeting mode on the scope shown: every milestone but the dropped; a long scope's
    read a group at a time as the meeting reaches it, its slip chart in the background
    (``owner`` is the view the read belongs to)."""
    title = ("all partnerships" if partnership_id is None
             else data.group_titles.get(partnership_id, ""))
    if reads.groups is None:
        widget.set_steps(meeting_order(data, grouping, today), titles=data.group_titles,
                         scope=title, wins=wins, today=today,
                         since=tl_review.since_last_meeting(data.snapshots, data.items),
                         slip_lines=tl_review.slip_lines(data.snapshots, data.items,
                                                         today=today))
        return
    steps = MeetingSteps(reads.ctx.store, partnership_id, reads.groups, today,
                         page_above=reads.page_above, paged=reads.paged)
    since_key, slip_key = ("since", partnership_id, SINCE_LISTED), ("slip", partnership_id, today)
    widget.set_steps(steps, titles=steps.titles, scope=title, wins=wins, today=today,
                     since=reads.kept(*since_key), slip_lines=reads.kept(*slip_key))
    store = reads.ctx.store
    if widget.since_reading:  # the changes and the slip chart of 100,000: in the background
        reads.read_later(since_key, partial(scope.since_last_meeting, store, partnership_id,
                                            SINCE_LISTED), owner, widget.set_since)
    if widget.slip_reading:
        reads.read_later(slip_key, partial(scope.slip_lines, store, partnership_id, today,
                                           tl_review.SLIP_LINES),
                         owner, widget.set_slip_lines)


def meeting_order(data: svc.TimelineData, grouping: str, today: dt.date
                  ) -> list[tl.TimelineItem]:
    """The milestones ``data`` holds in the chart's order with every group open, but the
    dropped."""
    full = tl.build_layout(data.items, grouping=grouping, group_titles=data.group_titles,
                           today=today)
    ids = [r.milestone_id for r in full.rows if r.milestone_id is not None]
    by_id = {item.id: item for item in data.items}
    return [by_id[i] for i in ids if i in by_id and by_id[i].status not in SKIPPED]


class MeetingSteps(LazyItems):
    """A long scope's milestones, in the chart's order but the dropped, each group read
    when one of its milestones is first asked for; ``titles`` names the partnerships."""

    def __init__(self, store: Store, partnership_id: int | None,
                 groups: scope.TimelineGroups, today: dt.date,
                 page_above: int | None = None,
                 paged: Sequence[tl_paging.PagedGroup] = ()) -> None:
        self.store, self.partnership_id, self.groups = store, partnership_id, groups
        self.today = today
        self.page_above = page_above  # a group above this many is read a page at a time
        self.paged = {group.key: group for group in paged}  # as the chart shows them now
        counts = scope.group_counts(store, partnership_id, groups, without=SKIPPED)
        # The groups in the chart's order: as a layout of them all folded lists them.
        headers = tl.build_layout((), grouping=groups.grouping, collapsed=groups.keys,
                                  summaries=groups.summaries, today=today).rows
        self.keys = [r.group_key for r in headers if counts.get(r.group_key)]
        self.starts = [0, *accumulate(counts[key] for key in self.keys)]
        self.titles: dict[int, str] = {}
        self._read: OrderedDict[str, Sequence[tl.TimelineItem]] = OrderedDict()

    def __len__(self) -> int:
        return self.starts[-1]

    def _item(self, index: int) -> tl.TimelineItem:
        group = bisect.bisect_right(self.starts, index) - 1
        items = self.group(self.keys[group])
        offset = index - self.starts[group]
        return items[min(offset, len(items) - 1)]  # the plan changed since it was counted

    @collector_paused
    def group(self, key: str) -> Sequence[tl.TimelineItem]:
        """The milestones of group ``key`` in the chart's order (read now, or kept); a
        group of more than ``page_above``, a page at a time (``paging.PagedItems``)."""
        if key in self._read:
            self._read.move_to_end(key)
            return self._read[key]
        count = next((s.count for s in self.groups.summaries if s.key == key), 0)
        paged = self.paged.get(key) or (  # open in the chart: its order is known already
            scope.load_paged(self.store, self.partnership_id, self.groups, key) if (
                self.page_above is not None and count > self.page_above) else None)
        if paged is not None:
            ids = [row.milestone_id for row, status in zip(paged.rows, paged.statuses,
                                                           strict=True)
                   if status not in SKIPPED and row.milestone_id is not None]
            return self._keep(key, PagedItems(self.store, ids, self.titles) if ids else [])
        data = scope.load_groups(self.store, self.partnership_id, self.groups, {key})
        layout = tl.build_layout(data.items, data.dependencies, grouping=self.groups.grouping,
                                 group_titles=data.group_titles, today=self.today)
        by_id = {item.id: item for item in data.items}
        # Parents and steps of other groups (grouped by owner or status) were read for the
        # order only: this group's rows are its own.
        items = [by_id[r.milestone_id] for r in layout.rows
                 if r.kind == "item" and r.group_key == key and r.milestone_id is not None
                 and by_id[r.milestone_id].status not in SKIPPED]
        self.titles.update(data.group_titles)
        return self._keep(key, items)

    def _keep(self, key: str, items: Sequence[tl.TimelineItem]) -> Sequence[tl.TimelineItem]:
        self._read[key] = items or [tl.TimelineItem(0, 0, "")]
        while len(self._read) > KEPT_GROUPS:
            self._read.popitem(last=False)
        return self._read[key]

    def index_of(self, milestone_id: int) -> int | None:
        """Where a milestone comes in the meeting (None: not shown, or no longer there)."""
        placed = scope.placed(self.store, milestone_id, self.groups.grouping)
        if placed is None or placed[1] not in self.keys:
            return None
        group = self.keys.index(placed[1])
        items = self.group(placed[1])
        ids = items.ids if isinstance(items, PagedItems) else [item.id for item in items]
        if milestone_id in ids:
            return self.starts[group] + ids.index(milestone_id)
        return None
