"""A very large open group of a long plan's timeline, laid out from a light read (domain
layer).

Grouped by status, "Done" may hold 48,886 of 100,000 milestones, in the depth-first order of
the whole milestone tree. Reading all of them whole and laying them out took ~3.5 s and
~150 MB. ``page_group`` works out the group's rows (order, depth) and bars from the few
columns that fix them (``SHAPE``), read for the group's milestones, their parents up to the
roots and their steps down to the leaves, exactly as ``build_layout`` would from the whole
milestones; the titles of the rows in view are read as they come into view
(``PagedGroup.titles``) and ``build_layout(paged=...)`` puts the group in the layout.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.domain.timeline import Dependency

# The columns of a milestone that fix its row and bar, in this order (``page_group``).
SHAPE = ("id", "parent_id", "position", "status", "start_date", "due_date", "forecast_date",
         "actual_date", "baseline_date", "progress", "small_win")

# One bar of a paged row: lo, hi (days, hi exclusive), diamond, summary, progress,
# baseline_end (exclusive, or None), small_win, slip_days; as ``Bar`` holds them.
BarShape = tuple[int, int, bool, bool, int, "int | None", bool, int]


@dataclass
class PagedGroup:
    """An open group's rows in the chart's order: (milestone id, depth, status, bar or None
    when it has no date); the days they cover; its links; the titles read so far."""

    key: str
    label: str
    rows: list[tuple[int, int, str, BarShape | None]]
    first_day: int | None
    last_day: int | None  # exclusive
    dependencies: tuple[Dependency, ...] = ()
    dependency_ids: dict[tuple[int, int], int] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)  # filled as rows come into view

    @property
    def ids(self) -> list[int]:
        return [row[0] for row in self.rows]


def page_group(key: str, label: str, shapes: Iterable[Sequence[Any]], members: Collection[int],
               *, by_tree: bool) -> PagedGroup | None:
    """The rows of the group ``key`` whose milestones are ``members``, from the ``SHAPE``
    of every milestone ``build_layout`` would be given (``shapes``: the members, their
    parents up to the roots, their steps down to the leaves, in (position, id) order).
    ``by_tree``: grouped by partnership (steps indented, parents drawn as summaries).
    None when a parent loop (bad data) makes the order ``build_layout``'s alone."""
    # Each milestone's parent, place among its siblings and own span, in day numbers [lo, hi)
    # (None: no date at all); the members' other columns.
    node: dict[int, tuple[int | None, tuple[int, int, int], tuple[int, int] | None]] = {}
    rest: dict[int, tuple[Any, ...]] = {}
    for (ident, parent, position, status, start, due, forecast, actual, baseline, progress,
         small_win) in shapes:
        end = actual if status == "done" and actual is not None else (forecast or due or start)
        if ident in members:
            rest[ident] = (status, baseline, progress, small_win)
        if end is None:
            node[ident] = (parent, (position, 10**7, ident), None)
            continue
        hi = end.toordinal() + 1
        lo = start.toordinal() if start is not None and start <= end else hi - 1
        node[ident] = (parent, (position, lo, ident), (lo, hi))
    limit = len(node)  # more steps up than milestones: a parent loop

    # Spans: a parent covers its own dates and all of its descendants' (a parent not read
    # is no parent, as ``build_layout`` has it); a milestone without steps, its own.
    covered: dict[int, tuple[int, int] | None] = {}
    for parent, _key, mine in node.values():
        climbed = 0
        while parent in node:
            seen = covered.get(parent) if parent in covered else node[parent][2]
            if mine is not None and seen is not None:
                covered[parent] = (min(seen[0], mine[0]), max(seen[1], mine[1]))
            else:
                covered[parent] = mine if seen is None else seen
            parent = node[parent][0]
            climbed += 1
            if climbed > limit:
                return None

    # Each member's path from its root: sorted, the paths give the depth-first order.
    path: dict[int, tuple[tuple[int, int, int], ...]] = {}
    for ident in rest:
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
            base = (*base, node[step][1])
            path[step] = base

    rows: list[tuple[int, int, str, BarShape | None]] = []
    first, last = 10**9, -(10**9)
    for ident in sorted(rest, key=path.__getitem__):
        status, baseline, progress, small_win = rest[ident]
        depth = len(path[ident]) - 1 if by_tree else 0
        item_span = covered[ident] if ident in covered else node[ident][2]
        if item_span is None:
            rows.append((ident, depth, status, None))
            continue
        lo, hi = item_span
        first, last = min(first, lo), max(last, hi)
        is_summary = by_tree and ident in covered
        mine = node[ident][2]
        diamond = not is_summary and (mine is None or mine[1] - mine[0] <= 1)
        baseline_end: int | None = None
        slip = 0
        if baseline is not None:
            baseline_end = baseline.toordinal() + 1
            if mine is not None:
                slip = mine[1] - baseline_end
            first, last = min(first, baseline_end - 1), max(last, baseline_end)
        if not 0 <= progress <= 100:
            progress = max(0, min(100, progress))
        rows.append((ident, depth, status,
                     (lo, hi, diamond, is_summary, progress, baseline_end, small_win, slip)))
    return PagedGroup(key, label, rows, first if first <= last else None,
                      last if first <= last else None)
