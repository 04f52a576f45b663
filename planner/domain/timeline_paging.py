"""A very large open group of a long plan's timeline, laid out from a light read (domain
layer).

Grouped by status, "Done" may hold 48,886 of 100,000 milestones, in the depth-first order of
the whole milestone tree. Reading all of them whole and laying them out took ~3.5 s and
~150 MB. ``page_group`` works out the group's rows (order, depth) and bars from the few
columns that fix them (``SHAPE``), read for the group's milestones, their parents up to the
roots and their steps down to the leaves, exactly as ``build_layout`` would from the whole
milestones. Its rows are untitled until the titles of those in view are read
(``PagedGroup.name``); ``build_layout(paged=...)`` places the group's own rows and bars in
the layout (made once: 48,886 of each).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.domain.timeline import STATUSES, Bar, Dependency, Row

# The columns of a milestone that fix its row and bar, in this order (``page_group``).
SHAPE = ("id", "parent_id", "position", "status", "start_date", "due_date", "forecast_date",
         "actual_date", "baseline_date", "progress", "small_win")
_STATUS = {status: status for status in STATUSES}  # one text per status, not one a row


@dataclass
class PagedGroup:
    """An open group's rows in the chart's order and the bars of those with dates (placed
    by ``place``), each row's status, the days they cover, and the links of its bars."""

    key: str
    label: str
    rows: list[Row]
    bars: list[Bar]
    statuses: list[str]
    undated: list[int]  # its milestones without any date (rows without a bar)
    first_day: int | None
    last_day: int | None  # exclusive
    dependencies: tuple[Dependency, ...] = ()
    dependency_ids: dict[tuple[int, int], int] = field(default_factory=dict)
    offset: int = 0  # where its first row is: the rows and bars hold their place in a layout

    @property
    def ids(self) -> list[int]:
        return [row.milestone_id for row in self.rows if row.milestone_id is not None]

    def place(self, offset: int) -> None:
        """Its rows and bars moved to start at row ``offset`` of a layout."""
        shift, self.offset = offset - self.offset, offset
        if shift:
            bars = iter(self.bars)  # in the order of the rows
            bar = next(bars, None)
            for row in self.rows:
                row.index += shift
                if bar is not None and bar.milestone_id == row.milestone_id:
                    bar.row = row.index  # the row's own number, not a copy of it
                    bar = next(bars, None)

    def name(self, titles: Mapping[int, str]) -> None:
        """Its rows and bars of the milestones ``titles`` holds, titled."""
        for row in self.rows:
            title = titles.get(row.milestone_id)  # type: ignore[arg-type]  # an item's
            if title is not None:
                row.label = title
        for bar in self.bars:
            if bar.milestone_id in titles:
                bar.title = titles[bar.milestone_id]


def page_group(key: str, label: str, shapes: Iterable[Sequence[Any]], members: Collection[int],
               *, by_tree: bool) -> PagedGroup | None:
    """``GroupShapes.page`` of ``shapes`` (of which those of ``members`` are the group's)."""
    taken = GroupShapes()
    every = list(shapes)
    taken.add((s for s in every if s[0] in members), members=True)
    taken.add((s for s in every if s[0] not in members), members=False)
    return taken.page(key, label, by_tree=by_tree)


class GroupShapes:
    """The ``SHAPE`` of every milestone ``build_layout`` would be given for a group: the
    group's own (its members), their parents up to the roots and their steps down to the
    leaves, taken a read at a time (``add``), each kept as a flat tuple, so the rows read
    can go at once: 66,752 of them at 100,000 milestones. ``page`` lays the group out."""

    def __init__(self) -> None:
        # Each milestone's parent, place among its siblings (position, first day) and own
        # span in day numbers [lo, hi) (None: no date at all); a member's also the rest of
        # its bar.
        self.node: dict[int, tuple[Any, ...]] = {}
        self.members: list[int] = []
        self._day: dict[int, int] = {}  # one number a day, not one a bar: a few thousand

    def __contains__(self, ident: object) -> bool:
        return ident in self.node

    def add(self, shapes: Iterable[Sequence[Any]], *, members: bool) -> None:
        """Take these shapes, the group's own (``members``) or its parents' and steps'."""
        node, day = self.node, self._day
        for (ident, parent, position, status, start, due, forecast, actual, baseline,
             progress, small_win) in shapes:
            end = actual if status == "done" and actual is not None else (
                forecast or due or start)
            if end is None:
                lo = hi = None
            else:
                hi = end.toordinal() + 1
                lo = start.toordinal() if start is not None and start <= end else hi - 1
                hi, lo = day.setdefault(hi, hi), day.setdefault(lo, lo)
            node[ident] = (parent, position, 10**7 if lo is None else lo, lo, hi) + (
                (_STATUS.get(status, status), baseline, progress, small_win)
                if members else ())
            if members:
                self.members.append(ident)

    def page(self, key: str, label: str, *, by_tree: bool) -> PagedGroup | None:
        """The rows of the group ``key`` (its members') and their bars, as ``build_layout``
        lays them out from the whole milestones. ``by_tree``: grouped by partnership (steps
        indented, parents drawn as summaries). None when a parent loop (bad data) makes the
        order ``build_layout``'s alone. The shapes taken are let go as they are used."""
        node, day, members = self.node, self._day, self.members
        limit = len(node)  # more steps up than milestones: a parent loop

        # Spans: a parent covers its own dates and all of its descendants' (a parent not read
        # is no parent, as ``build_layout`` has it); a milestone without steps, its own.
        covered: dict[int, tuple[int, int] | None] = {}
        for parent, _position, _first, lo, hi, *_rest in node.values():
            climbed = 0
            while parent in node:
                above = node[parent]
                seen = covered[parent] if parent in covered else (
                    None if above[3] is None else (above[3], above[4]))
                if lo is not None and seen is not None:
                    covered[parent] = (min(seen[0], lo), max(seen[1], hi))
                else:
                    covered[parent] = (lo, hi) if seen is None and lo is not None else seen
                parent = above[0]
                climbed += 1
                if climbed > limit:
                    return None

        # Each member's path from its root, flat: (position, first day, id) of its root,
        # then of each step down to it. Sorted, the paths give the depth-first order.
        path: dict[int, tuple[int, ...]] = {}
        for ident in members:
            chain: list[int] = []
            at: int | None = ident
            while at is not None and at not in path:
                chain.append(at)
                if len(chain) > limit:
                    return None
                parent = node[at][0]
                at = parent if parent in node else None
            base = () if at is None else path[at]
            for step in reversed(chain):
                found = node[step]
                base = (*base, found[1], found[2], step)
                path[step] = base
        order = sorted(members, key=path.__getitem__)
        depths = [len(path[ident]) // 3 - 1 if by_tree else 0 for ident in order]
        del path

        rows: list[Row] = []
        bars: list[Bar] = []
        statuses: list[str] = []
        undated: list[int] = []
        first, last = 10**9, -(10**9)
        for ident, depth in zip(order, depths, strict=True):
            _parent, _position, _key, own_lo, own_hi, status, baseline, progress, small_win = \
                node.pop(ident)  # let go as it is used
            rows.append(Row(len(rows), "item", "", depth, ident, key))
            statuses.append(status)
            has_steps = ident in covered
            item_span = covered.pop(ident) if has_steps else (
                None if own_lo is None else (own_lo, own_hi))
            if item_span is None:
                undated.append(ident)
                continue
            lo, hi = item_span
            first, last = min(first, lo), max(last, hi)
            is_summary = by_tree and has_steps
            diamond = not is_summary and (own_lo is None or own_hi - own_lo <= 1)
            baseline_end: int | None = None
            slip = 0
            if baseline is not None:
                baseline_end = day.setdefault(baseline.toordinal() + 1, baseline.toordinal() + 1)
                if own_hi is not None:
                    slip = own_hi - baseline_end
                first, last = min(first, baseline_end - 1), max(last, baseline_end)
            if not 0 <= progress <= 100:
                progress = max(0, min(100, progress))
            bars.append(Bar(len(rows) - 1, ident, lo, hi, diamond, is_summary, status, progress,
                            "", baseline_end, small_win, slip))
        return PagedGroup(key, label, rows, bars, statuses, undated,
                          first if first <= last else None,
                          last if first <= last else None)
