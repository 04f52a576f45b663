"""What the Timeline view reads of its scope, small or long (ui layer, no widgets).

A small scope is read whole, as it always was. A scope of more than
``timeline_scope.FOLD_ABOVE`` milestones (a trust's years of history: 100,000) is read as
its groups' summaries plus the milestones of the groups open; groups not met before open
folded. An open group of more than ``page_above`` milestones (grouped by status, "Done"
holds 48,886) is laid out from a light read of the columns that fix its rows
(``timeline_paging``), its milestones read whole a page at a time as they come into view
(``planner.ui.timeline.paging``). Either way the panel beside the chart speaks of the
whole scope, in the same words (``planner.services.timeline_scope`` picks the rows out in
SQL for a long one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QObject

from planner.domain import timeline as tl
from planner.domain import timeline_paging as tl_paging
from planner.domain import timeline_review as tl_review
from planner.services import timeline as svc
from planner.services import timeline_scope as scope
from planner.ui.shell.background import JobRunner
from planner.ui.shell.context import ViewContext

T = TypeVar("T")


class Pages(Generic[T]):
    """The items of pages read when first needed, kept: iterated again, it gives those read
    so far, then reads on."""

    def __init__(self, pages: Iterator[list[T]]) -> None:
        self._pages: Iterator[list[T]] | None = pages
        self._read: list[T] = []

    def __iter__(self) -> Iterator[T]:
        k = 0
        while True:
            while k < len(self._read):
                yield self._read[k]
                k += 1
            page = next(self._pages, None) if self._pages is not None else None
            if page is None:
                self._pages = None
                return
            self._read.extend(page)


class TimelineReads:
    """The reads behind the Timeline view; ``groups`` is None for a small scope."""

    def __init__(self, ctx: ViewContext, fold_above: int = scope.FOLD_ABOVE,
                 page_above: int = scope.FOLD_ABOVE) -> None:
        self.ctx = ctx
        self.fold_above = fold_above  # milestones in a scope above which it opens folded
        self.page_above = page_above  # milestones in an open group above which it is paged
        self.groups: scope.TimelineGroups | None = None
        self.paged: tuple[tl_paging.PagedGroup, ...] = ()  # open groups read a page at a time
        self.seen: frozenset[str] = frozenset()  # groups met (new ones open folded)
        # A long scope's panel, read once until the plan changes (``changed``): folding,
        # opening and regrouping change nothing it says.
        self._panel: dict[tuple[Any, ...], Any] = {}
        self._generation = 0  # plan changes seen: a read begun before one is stale
        self._waiting: dict[tuple[Any, ...], list[Callable[[Any], object]]] = {}
        self._jobs: JobRunner | None = None  # the slip chart read in the background

    def changed(self) -> None:
        """The plan changed: the panel beside the chart is read again when next drawn."""
        self._panel.clear()
        self._generation += 1

    def _cached(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        if key not in self._panel:
            self._panel[key] = read()
        return cast(T, self._panel[key])

    def read(self, partnership_id: int | None, grouping: str, collapsed: set[str]
             ) -> svc.TimelineData:
        """The scope's milestones as shown; folds the new groups of a long scope into
        ``collapsed``. Raises ValidationError when the partnership no longer exists."""
        store = self.ctx.store
        groups = scope.group_summaries(store, partnership_id, grouping)
        if groups.total <= self.fold_above:
            self.groups, self.paged = None, ()
            return svc.load_timeline(store, partnership_id)
        collapsed |= groups.keys - self.seen
        self.seen |= groups.keys
        self.groups = groups
        shown = groups.keys - collapsed
        large = sorted(s.key for s in groups.summaries
                       if s.key in shown and s.count > self.page_above)
        self.paged = tuple(p for p in (scope.load_paged(store, partnership_id, groups, key)
                                       for key in large) if p is not None)
        data = scope.load_groups(store, partnership_id, groups,
                                 shown - {p.key for p in self.paged})
        return scope.with_paged(data, self.paged)

    @property
    def summaries(self) -> tuple[tl.GroupSummary, ...]:
        return self.groups.summaries if self.groups is not None else ()

    def any_milestones(self, data: svc.TimelineData) -> bool:
        return bool(self.groups.total if self.groups is not None else data.items)

    def folded_text(self, collapsed: set[str]) -> str:
        return self.groups.folded_text(collapsed) if self.groups is not None else ""

    def warnings(self, data: svc.TimelineData, partnership_id: int | None, today: dt.date,
                 bite_days: int) -> Iterable[tl_review.BiteWarning]:
        """The bite check's list: overdue milestones, then steps to fix. A long scope's are
        read a page at a time as they are listed (the first 300 at once: 7,000 of them
        took 0.2 s of processor time to read and word)."""
        if self.groups is not None:
            return self._cached(("warnings", partnership_id, today, bite_days), lambda: Pages(
                scope.warning_pages(self.ctx.store, partnership_id, today, bite_days)))
        return (tl_review.overdue_warnings(data.items, today)
                + tl_review.bite_warnings(data.items, bite_days))

    def since(self, data: svc.TimelineData, partnership_id: int | None, limit: int
              ) -> tl_review.SinceLastMeeting:
        if self.groups is not None:
            return self._cached(("since", partnership_id, limit), partial(
                scope.since_last_meeting, self.ctx.store, partnership_id, limit))
        return tl_review.since_last_meeting(data.snapshots, data.items)

    def slip_lines(self, data: svc.TimelineData, partnership_id: int | None,
                   today: dt.date, *, owner: QObject | None = None,
                   then: Callable[[Any], object] | None = None
                   ) -> list[tl_review.SlipLine] | None:
        """The slip chart's lines. A long scope's, given an ``owner``, are read in the
        background the first time (None now; ``then`` hears when they are kept)."""
        if self.groups is None:
            return tl_review.slip_lines(data.snapshots, data.items, today=today)
        key = ("slip", partnership_id, today)
        read = partial(scope.slip_lines, self.ctx.store, partnership_id, today,
                       tl_review.SLIP_LINES)  # the lines the chart draws, no more
        if owner is None or then is None:
            return self._cached(key, read)
        if key not in self._panel:
            self.read_later(key, read, owner, then)
        return cast("list[tl_review.SlipLine] | None", self._panel.get(key))

    def titles(self, data: svc.TimelineData, ids: Iterable[int]) -> dict[int, str]:
        """The titles of the milestones ``ids``: as read, or read now (a folded group's)."""
        known = {i.id: i.title for i in data.items}
        missing = {i for i in ids if i not in known}
        if missing:
            known.update(scope.titles_of(self.ctx.store, missing))
        return known

    def choices(self, data: svc.TimelineData, partnership: int) -> list[tuple[int, str]]:
        """(id, title) of a partnership's milestones (parents, predecessors to offer)."""
        if self.groups is not None:
            return scope.titles_in(self.ctx.store, partnership)
        return [(i.id, i.title) for i in data.items if i.group_id == partnership]

    def kept(self, *key: Any) -> Any:
        """What a long scope's panel read and keeps under ``key`` (None: not read yet):
        ("slip", partnership, today), ("since", partnership, limit)."""
        return self._panel.get(key)

    def read_later(self, key: tuple[Any, ...], work: Callable[[], T], owner: QObject,
                   then: Callable[[T], object]) -> None:
        """``work`` done off the GUI thread (a long scope's slip chart: 36,000 milestones
        with snapshots at 100,000, about 2 s), its result kept under ``key`` until the plan
        changes and handed to ``then``. A read begun before a change is not handed on: the
        one asked for after it is."""
        generation = self._generation
        waiting = self._waiting.setdefault((*key, generation), [])
        waiting.append(then)
        if len(waiting) > 1:
            return  # being read already

        def read(result: T) -> None:
            callbacks = self._waiting.pop((*key, generation), [])
            if generation != self._generation:
                return
            self._panel[key] = result
            for call in callbacks:
                call(result)

        if self._jobs is None:
            self._jobs = JobRunner(owner)
        self._jobs.start(work, done=read, failed=lambda _why: self._waiting.pop(
            (*key, generation), None))

    def patched(self, data: svc.TimelineData, partnership_id: int | None, grouping: str,
                ids: Sequence[int]) -> svc.TimelineData | None:
        """``data`` with these edited milestones read again; None when the scope must be
        read again (one is not shown, left the scope, or moved to another group; a paged
        group is open, whose rows and spans were worked out from the milestones as read)."""
        if self.paged or any(data.item(i) is None for i in ids):
            return None
        fresh = svc.load_items(self.ctx.store, ids)
        if len(fresh) != len(ids) or any(
                f.group_id != partnership_id for f in fresh if partnership_id is not None):
            return None
        if self.groups is not None:  # in its group still? Then only the summaries move
            if any(self.group_of(data, f, grouping) != self.group_of(
                    data, data.item(f.id), grouping) for f in fresh):
                return None
            self.groups = scope.group_summaries(self.ctx.store, partnership_id, grouping)
        return data.with_items(fresh)

    def shows(self, data: svc.TimelineData | None, milestone_id: int) -> bool:
        """Whether the chart has a row for the milestone: read, or in a paged group (its
        row placed, perhaps not read yet)."""
        return data is not None and (data.item(milestone_id) is not None or any(
            row.milestone_id == milestone_id for group in self.paged for row in group.rows))

    def placed(self, milestone_id: int, grouping: str) -> tuple[int, str] | None:
        """(partnership, group key) of a milestone (None: it no longer exists)."""
        return scope.placed(self.ctx.store, milestone_id, grouping)

    @staticmethod
    def group_of(data: svc.TimelineData, item: tl.TimelineItem | None, grouping: str) -> str:
        assert item is not None
        label = tl.group_label(grouping, title=data.group_titles.get(item.group_id, ""),
                               owner=item.owner, status=item.status)
        return tl.group_key(grouping, label, item.group_id)
