"""A very large open group laid out from the columns that fix its rows (issue 22): the same
rows, bars, links and dates as ``build_layout`` gives from the whole milestones, for trees
of any depth, every grouping and undated, loose-started or reversed milestones."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from planner.domain import timeline as tl
from planner.domain import timeline_paging as tp

DAY = dt.date(2026, 3, 2)


def _plan(seed: int, n: int = 400) -> list[tl.TimelineItem]:
    """Milestones in trees up to five deep, in (position, id) order as a plan reads them."""
    rnd = random.Random(seed)
    items: list[tl.TimelineItem] = []
    for ident in range(1, n + 1):
        parent = rnd.choice([None, None, *(i.id for i in items[-30:])]) if items else None
        start = DAY + dt.timedelta(days=rnd.randint(-400, 400)) if rnd.random() < .7 else None
        due = (start or DAY) + dt.timedelta(days=rnd.randint(-20, 90)) \
            if rnd.random() < .8 else None
        status = rnd.choice(tl.STATUSES)
        items.append(tl.TimelineItem(
            id=ident, group_id=rnd.choice([7, 8]), title=f"Milestone {ident}", status=status,
            start=start, due=due,
            forecast=due + dt.timedelta(days=rnd.randint(-5, 30)) if due and rnd.random() < .5
            else due,
            baseline=due if rnd.random() < .6 else None,
            actual=(due or DAY) + dt.timedelta(days=rnd.randint(-3, 3))
            if status == "done" and rnd.random() < .8 else None,
            progress=rnd.choice([0, 40, 100, 120, -5]), parent_id=parent,
            owner=rnd.choice(["", "Ann", "Ben"]), small_win=rnd.random() < .2,
            position=rnd.randint(0, 5)))
    return sorted(items, key=lambda i: (i.position, i.id))


def _shape(item: tl.TimelineItem) -> tuple[object, ...]:
    return (item.id, item.parent_id, item.position, item.status, item.start, item.due,
            item.forecast, item.actual, item.baseline, item.progress, item.small_win)


def _key(grouping: str, item: tl.TimelineItem) -> str:
    label = tl.group_label(grouping, title=f"P{item.group_id}", owner=item.owner,
                           status=item.status)
    return tl.group_key(grouping, label, item.group_id)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("grouping", tl.GROUPINGS)
def test_a_group_laid_out_from_its_shapes_is_the_layout_of_its_milestones(
        seed: int, grouping: str) -> None:
    items = _plan(seed)
    titles = {7: "P7", 8: "P8"}
    links = [tl.Dependency(a.id, b.id, ("FS", "SS", "FF")[k % 3], (0, 2, -1)[k % 3])
             for k, (a, b) in enumerate(zip(items[::7], items[3::11], strict=False))]
    keys = sorted({_key(grouping, i) for i in items})
    for key in keys:
        plain = tl.build_layout(items, links, grouping=grouping, group_titles=titles,
                                collapsed=set(keys) - {key}, today=DAY)
        members = {i.id for i in items if _key(grouping, i) == key}
        label = next(r.label for r in plain.rows if r.group_key == key)
        group = tp.page_group(key, label, [_shape(i) for i in items], members,
                              by_tree=grouping == "partnership")
        assert group is not None
        group.dependencies = tuple(links)
        others = [i for i in items if i.id not in members]  # as the other groups read them
        paged = tl.build_layout(others, links, grouping=grouping, group_titles=titles,
                                collapsed=set(keys) - {key}, today=DAY, paged=[group])
        # Before their titles are read, its rows are the plain ones untitled...
        assert paged.rows == [replace(r, label="") if r.milestone_id in members else r
                              for r in plain.rows]
        assert paged.bars == [replace(b, title="") for b in plain.bars]
        assert (paged.links, paged.first_day, paged.last_day, paged.undated) == \
            (plain.links, plain.first_day, plain.last_day, plain.undated)
        group.name({i.id: i.title for i in items if i.id in members})
        assert tl.build_layout(others, links, grouping=grouping, group_titles=titles,
                               collapsed=set(keys) - {key}, today=DAY,
                               paged=[group]) == plain  # ...and once read, the same
        assert group.ids == [r.milestone_id for r in plain.rows if r.kind == "item"]
        assert group.statuses == [next(i.status for i in items if i.id == ident)
                                  for ident in group.ids]


def test_a_parent_loop_leaves_the_order_to_the_whole_milestones() -> None:
    items = [tl.TimelineItem(1, 7, "A", parent_id=2), tl.TimelineItem(2, 7, "B", parent_id=1),
             tl.TimelineItem(3, 7, "C")]
    assert tp.page_group("status:Not started", "Not started", [_shape(i) for i in items],
                         {1, 2, 3}, by_tree=False) is None
