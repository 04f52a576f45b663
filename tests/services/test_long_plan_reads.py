"""A plan kept for years reads fast and says the same (issue 22): the dashboard's and the
timeline's fast reads against the plain ones, on a generated plan made earlier and reopened.

The plan comes from the benchmark's own generator (bench/_scale_plan.py): the sample
portfolio plus 1,000 milestones over two partnerships, with phases and steps, slips,
snapshots, meetings with actions and conflict areas, most steps long done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import _scale_plan
from planner.domain import health
from planner.domain import timeline as tl
from planner.services import conflicts, dashboard
from planner.services import timeline as svc
from planner.store.database import Store

DAYS = (_scale_plan.DAY, _scale_plan.DAY - dt.timedelta(days=700),
        _scale_plan.DAY + dt.timedelta(days=90))


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long.sqlite"
    _scale_plan.build(path, 1_000)
    return path


@pytest.fixture
def store(long_plan: Path) -> Iterator[Store]:
    with Store.open(long_plan) as opened:  # reopened: the plan was made by another Store
        yield opened


@pytest.mark.parametrize("today", DAYS)
def test_the_dashboard_says_the_same_as_reading_every_record(store: Store,
                                                             today: dt.date) -> None:
    fast = dashboard.summary(store, today)
    plain = dashboard.summary(store, today, plain=True)
    sentences = [(h.title, h.state, [s.sentence for s in h.signals]) for h in fast.health]
    assert sentences == [(h.title, h.state, [s.sentence for s in h.signals])
                         for h in plain.health]  # same words, same ranks
    assert sum(len(s) for _t, _st, s in sentences) > 10  # a plan with plenty to say
    if today == _scale_plan.DAY:
        assert fast.small_wins and fast.upcoming and fast.reviews_due
        # The conflict rules name areas asked of the database (not every area read): the
        # same areas, in the same words, as reading them all.
        codes = {s.code for h in fast.health for s in h.signals}
        assert {"conflict_review_overdue", "conflict_internal", "conflict_unaddressed"} <= codes
    assert fast.upcoming == plain.upcoming and fast.small_wins == plain.small_wins
    assert fast.reviews_due == plain.reviews_due and fast.hours == plain.hours
    assert fast == plain  # and every other figure (tiles, counts, the board pack's text)
    assert dashboard.boardpack_content(fast) == dashboard.boardpack_content(plain)


def test_portfolio_health_agrees_with_the_dashboard(store: Store) -> None:
    today = _scale_plan.DAY
    assert tuple(dashboard.portfolio_health(store, today)) == \
        dashboard.summary(store, today, plain=True).health
    assert [h.state for h in dashboard.portfolio_health(store, today)].count(health.AT_RISK)


def test_the_timeline_draws_the_same_items_as_the_records(store: Store) -> None:
    data = svc.load_timeline(store)
    records = svc.load_items(store, [item.id for item in data.items])  # whole records
    assert sorted(data.items, key=lambda i: i.id) == sorted(records, key=lambda i: i.id)
    assert len(data.items) == 1_031 and data.snapshots and data.dependencies
    fast = tl.build_layout(data.items, data.dependencies, group_titles=data.group_titles,
                           today=_scale_plan.DAY)
    plain = tl.build_layout(tuple(sorted(records, key=lambda i: (i.position, i.id))),
                            data.dependencies, group_titles=data.group_titles,
                            today=_scale_plan.DAY)
    assert fast == plain  # the chart: rows in order, bars, links, date range


def test_the_timeline_offers_every_partnership_with_milestones(store: Store) -> None:
    offered = dict(svc.partnerships(store))
    data = svc.load_timeline(store)
    assert {i.group_id for i in data.items} <= set(offered)
    assert "Partnership 002 with Łódź Technika" in offered.values()


@pytest.mark.parametrize("today", DAYS)
def test_the_conflict_register_says_the_same_as_reading_every_record(store: Store,
                                                                     today: dt.date) -> None:
    fast = conflicts.register(store, today=today)
    plain = conflicts.register(store, today=today, plain=True)
    assert len(fast.rows) > 250  # the generated areas as well as the sample's
    assert [(r.code, r.title, r.flag_text(), r.theirs_text()) for r in fast.rows] == \
        [(r.code, r.title, r.flag_text(), r.theirs_text()) for r in plain.rows]  # same words
    if today == _scale_plan.DAY:
        assert sum(r.flagged for r in fast.rows) > 10 and any(r.clauses for r in fast.rows)
    assert fast == plain  # every field: ratings, bands, owners, clauses, the partner's rating
    # The fast rows are filled past their __init__: exactly the fields a row has, and
    # still frozen.
    names = {f.name for f in dataclasses.fields(conflicts.RegisterRow)}
    assert all(vars(r).keys() == names for r in fast.rows)
    if today == _scale_plan.DAY:  # both kinds, compared above
        assert any(r.overdue for r in fast.rows) and any(not r.overdue for r in fast.rows)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.rows[0].title = "changed"  # type: ignore[misc]
    assert hash(fast.rows[0]) == hash(plain.rows[0])
    one = fast.rows[-1].opportunity_id
    assert conflicts.register(store, today=today, opportunity_id=one) == \
        conflicts.register(store, today=today, opportunity_id=one, plain=True)
    some = [r.id for r in fast.rows[::40]]
    assert conflicts.register(store, today=today, area_ids=some).rows == \
        conflicts.register(store, today=today, area_ids=some, plain=True).rows
