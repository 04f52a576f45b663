"""The rows of a very large open group, read whole a page at a time as they come into view
(ui layer, no widgets of its own).

A long plan's open group of more than ``TimelineReads.page_above`` milestones is laid out
from a light read (``planner.domain.timeline_paging``): its rows and bars are placed, their
titles not yet read. Before the chart paints rows whose milestones are not read yet,
``RowPages`` reads those milestones whole, ``AHEAD`` rows either side of the view, and
puts their titles in the rows and bars, their dates in the title column and the
milestones themselves in the view's data (``TimelineData.paged``: selecting, editing and
the right-click menu find them there). Meeting mode steps through such a group the same
way (``PagedItems``).
"""

from __future__ import annotations

import functools
import gc
import math
from collections.abc import Callable, MutableMapping, Sequence
from typing import TYPE_CHECKING, ParamSpec, TypeVar, overload

from planner.domain import timeline as tl
from planner.services import timeline as svc
from planner.services import timeline_scope as scope

if TYPE_CHECKING:
    from planner.services.plans import Store
    from planner.ui.timeline.gantt_chart import GanttChart
    from planner.ui.timeline.reading import TimelineReads

P = ParamSpec("P")
R = TypeVar("R")
NEAR = 40  # rows beyond the view read before it is painted
AHEAD = 200  # rows read either side of the view each time (a page is ~30 rows at 768 px)


def collector_paused(method: Callable[P, R]) -> Callable[P, R]:
    """``method`` run with the cyclic garbage collector paused (on again after it, if it
    was): reading and laying out a long scope makes ~100,000 tuples and rows that all live
    on, and the collections they trigger found nothing to free but took ~0.4 s of the
    ~1.1 s of opening "Done" at 100,000 milestones. Reference counting still frees the rest
    at once; cyclic garbage waits for the next collection, as ``building_rows`` in the
    Conflicts register has it."""

    @functools.wraps(method)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


class RowPages:
    """Keeps the rows in view of a paged group read: ``fill`` after each layout and each
    vertical scroll (``data`` gives the view's data, which holds what was read)."""

    def __init__(self, reads: TimelineReads, chart: GanttChart,
                 data: Callable[[], svc.TimelineData | None]) -> None:
        self.reads, self.chart, self.data = reads, chart, data
        self.pages = 0  # pages read (tests, bench)
        chart.vb.sigYRangeChanged.connect(lambda *_: self.fill())

    def fill(self) -> None:
        data, shown = self.data(), self.chart.data
        if not self.reads.paged or data is None or shown is None:
            return
        groups = {group.key: group for group in self.reads.paged}
        rows = shown.layout.rows
        y0, y1 = self.chart.visible_rows()

        def unread(lo: int, hi: int) -> list[tl.Row]:
            return [r for r in rows[max(0, lo):max(0, min(len(rows), hi))]
                    if r.kind == "item" and r.group_key in groups
                    and r.milestone_id not in data.paged]

        if not unread(math.floor(y0) - NEAR, math.ceil(y1) + NEAR):
            return
        lo, hi = max(0, math.floor(y0) - AHEAD), min(len(rows), math.ceil(y1) + AHEAD)
        wanted = unread(lo, hi)
        items, _titles = scope.page_items(self.reads.ctx.store,
                                          [r.milestone_id for r in wanted
                                           if r.milestone_id is not None])
        self.pages += 1
        read = {item.id: item for item in items}
        dates = self.chart.item_dates
        for row in wanted:
            item = read.get(row.milestone_id) if row.milestone_id is not None else None
            if item is None:  # gone since the group was read: the next change reads it
                continue
            data.paged[item.id] = item
            row.label = item.title
            dates[item.id] = (item.start, item.due, item.forecast)
        first, last = shown.bars_in_rows(lo, hi)
        for bar in shown.layout.bars[first:last]:
            if bar.milestone_id in read:
                bar.title = read[bar.milestone_id].title
        self.chart.labels.update()
        self.chart.gantt.update()


class LazyItems(Sequence[tl.TimelineItem]):
    """Milestones in the chart's order, each read when it is first asked for: a subclass
    says how many there are (``__len__``) and reads the one at an index in range
    (``_item``)."""

    @overload
    def __getitem__(self, index: int) -> tl.TimelineItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[tl.TimelineItem]: ...

    def __getitem__(self, index: int | slice) -> tl.TimelineItem | list[tl.TimelineItem]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)

    def _item(self, index: int) -> tl.TimelineItem:
        raise NotImplementedError


class PagedItems(LazyItems):
    """The milestones ``ids`` (a paged group's, in the chart's order) for meeting mode,
    read a page at a time when one is first asked for; their partnerships' titles go into
    ``titles``."""

    PAGE = 200
    KEPT = 8  # pages kept while the meeting steps back and forth

    def __init__(self, store: Store, ids: list[int], titles: MutableMapping[int, str]) -> None:
        self.store, self.ids, self.titles = store, ids, titles
        self._pages: dict[int, dict[int, tl.TimelineItem]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _item(self, index: int) -> tl.TimelineItem:
        ident = self.ids[index]
        page = index // self.PAGE
        if page not in self._pages:
            items, titles = scope.page_items(
                self.store, self.ids[page * self.PAGE:(page + 1) * self.PAGE])
            self.titles.update(titles)
            self._pages[page] = {item.id: item for item in items}
            while len(self._pages) > self.KEPT:
                self._pages.pop(next(iter(self._pages)))
        # Deleted since the group was read: a placeholder until the next change reads it.
        return self._pages[page].get(ident) or tl.TimelineItem(ident, 0, "")
