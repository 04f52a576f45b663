"""A plan kept for years reads fast and says the same (issue 22): the dashboard's and the
timeline's fast reads against the plain ones, on a generated plan made earlier and reopened.

The plan comes from the benchmark's own generator (bench/_scale_plan.py): the sample
portfolio plus 1,000 milestones over two partnerships, with phases and steps, slips,
snapshots, meetings with actions and conflict areas, most steps long done.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bench import _scale_plan
from planner.domain import conflicts as rules
from planner.domain import health
from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review
from planner.services import conflicts, copying, dashboard, dashboard_health, timeline_scope
from planner.services import timeline as svc
from planner.store.database import Store
from planner.store.tables import (
    Agreement,
    AgreementSection,
    Meeting,
    Milestone,
    MilestoneSnapshot,
    Opportunity,
)

DAYS = (_scale_plan.DAY, _scale_plan.DAY - dt.timedelta(days=700),
        _scale_plan.DAY + dt.timedelta(days=90))



@pytest.fixture
def store(long_plan: Path) -> Iterator[Store]:
    with Store.open(long_plan) as opened:  # reopened: the plan was made by another Store
        yield opened


@pytest.mark.parametrize("today", DAYS)
def test_the_dashboard_says_the_same_as_reading_every_record(
        store: Store, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    # The summary lists the nearest reviews due and counts them all (at 100,000 milestones
    # 10,450 are due); the board pack lists them all. Fewer listed here, to see the cut.
    monkeypatch.setattr(dashboard, "REVIEWS_LISTED", 3)
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
    every = dashboard.reviews_due(store, today)
    assert every == dashboard.reviews_due(store, today, plain=True)
    assert len(every) == fast.reviews_due_count and every[:3] == fast.reviews_due
    if today == _scale_plan.DAY:
        assert fast.reviews_due_count > 3  # the cut is seen
    pack = dashboard.board_pack(store, today)
    assert pack == dashboard.boardpack_content(plain, every)
    listed = dict(pack.sections)["Conflict areas due for review"]
    assert len(listed) == max(1, len(every))  # every review due, not the nearest only


@pytest.mark.parametrize("limits", [(2, 3, 4), (4, 9, 15), (8, 12, 20)])
def test_the_conflict_rules_name_the_same_areas_under_other_band_limits(
        store: Store, limits: tuple[int, int, int]) -> None:
    """The rules read only the areas in a serious band past their review (asked of the
    database by score): the bands follow the plan's own limits, as the register's do."""
    conflicts.set_band_limits(store, limits)
    for today in DAYS:
        fast = dashboard.summary(store, today)
        plain = dashboard.summary(store, today, plain=True)
        assert fast == plain
        said = [s.sentence for h in fast.health for s in h.signals
                if s.code == "conflict_review_overdue"]
        if today == _scale_plan.DAY:
            assert said  # some area in a serious band is overdue under every limit
        assert dashboard.reviews_due(store, today) == dashboard.reviews_due(store, today,
                                                                            plain=True)


@pytest.mark.parametrize("grace", [0, 30, 400])
def test_the_areas_kept_internal_are_counted_the_same_under_other_graces(
        store: Store, grace: int) -> None:
    """Of the areas kept internal past the grace in a band below serious, the rule names
    the oldest and counts the rest: only those are asked of the database."""
    dashboard.set_health_setting(store, "internal_grace_days", grace)
    for today in DAYS:
        fast = dashboard.summary(store, today)
        assert fast == dashboard.summary(store, today, plain=True)
        said = [s.sentence for h in fast.health for s in h.signals
                if s.code == "conflict_internal"]
        if today == _scale_plan.DAY and grace < 400:
            assert any(s.split()[0].isdigit() for s in said)  # "7 conflict areas have not…"


def test_portfolio_health_agrees_with_the_dashboard(store: Store) -> None:
    today = _scale_plan.DAY
    assert tuple(dashboard.portfolio_health(store, today)) == \
        dashboard.summary(store, today, plain=True).health
    assert tuple(dashboard_health.portfolio_health_of(store, today)) == \
        dashboard.summary(store, today, plain=True).health  # judged from the facts alone
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
    # The fast rows are made past their __new__: exactly the fields a row has, each in its
    # place (the plain rows are made by keyword), and still read-only.
    names = conflicts.RegisterRow._fields
    assert all(type(r) is conflicts.RegisterRow and len(r) == len(names) for r in fast.rows)
    assert [r._asdict() for r in fast.rows] == [r._asdict() for r in plain.rows]
    assert all(type(r.code) is str and type(r.overdue) is bool and type(r.clauses) is tuple
               and type(r.inherent_score) is int for r in fast.rows)
    if today == _scale_plan.DAY:  # both kinds, compared above
        assert any(r.overdue for r in fast.rows) and any(not r.overdue for r in fast.rows)
        # The date rules the fast build applies inline, at their edges (compared above):
        # a closed area past its review date is not overdue, and one kept internal is
        # flagged only while active.
        closed = [r for r in fast.rows if r.status in rules.INACTIVE_STATUSES]
        assert any(r.next_review and r.next_review < today and not r.overdue for r in closed)
        assert any(r.stale_internal for r in fast.rows)
        assert any(r.internal_days > rules.INTERNAL_GRACE_DAYS and not r.stale_internal
                   for r in closed)
    with pytest.raises(AttributeError):
        fast.rows[0].title = "changed"  # type: ignore[misc]
    assert hash(fast.rows[0]) == hash(plain.rows[0])
    one = fast.rows[-1].opportunity_id
    assert conflicts.register(store, today=today, opportunity_id=one) == \
        conflicts.register(store, today=today, opportunity_id=one, plain=True)
    some = [r.id for r in fast.rows[::40]]
    assert conflicts.register(store, today=today, area_ids=some).rows == \
        conflicts.register(store, today=today, area_ids=some, plain=True).rows


SETTINGS = (  # the fatigue rules' reach in every direction: short, long, none at all
    {"attendance_recent": 1, "attendance_baseline": 1, "missed_in_a_row": 1,
     "missed_in_a_row_risk": 2, "slip_growth_reviews": 1, "hours_tolerance_percent": 0},
    {"attendance_recent": 6, "attendance_baseline": 9, "attendance_drop_percent": 5,
     "hours_window_days": 400, "cadence_window_days": 30, "slip_growth_reviews": 3},
    {"attendance_recent": 0, "attendance_baseline": 0, "hours_window_days": 0,
     "cadence_window_days": 0, "slip_growth_reviews": 0, "missed_in_a_row": 0},
)


@pytest.fixture(scope="module")
def odd_plan(long_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The long plan with the meetings the fatigue rules find hardest to read from a few:
    a streak not held ending today, two on one day, a meeting planned for today, a year of
    review meetings under a signed protocol asking for a yearly strategic one too."""
    path = tmp_path_factory.mktemp("odd") / "odd.sqlite"
    shutil.copyfile(long_plan, path)
    day = _scale_plan.DAY
    with Store.open(path) as store, store.work() as work:
        generated = work.first(Opportunity, title="Partnership 001 with " +
                               _scale_plan.SCHOOLS[0])
        assert generated is not None and generated.id is not None
        signed = work.first(Agreement, state="signed")
        assert signed is not None and signed.id is not None
        section = work.first(AgreementSection, agreement_id=signed.id, key="meetings")
        assert section is not None
        section.data = {"meetings": [*section.data["meetings"],
                                     {"kind": "strategic", "frequency": "yearly"},
                                     {"kind": "", "every_days": 45}]}
        work.add(section)
        signed.agreed_on = signed.effective_from = day - dt.timedelta(days=800)
        work.add(signed)  # in force long enough for a yearly meeting to fall due

        def meeting(opp: int, days_ago: int, state: str, people: int, kind: str = "review",
                    hours: float = 1.0) -> None:
            work.add(Meeting(opportunity_id=opp, held_on=day - dt.timedelta(days=days_ago),
                             state=state, kind=kind, attendees=[f"P{n}" for n in range(people)],
                             ceo_hours=hours))
        for n, ago in enumerate(range(700, 0, -37)):  # under the signed protocol
            meeting(signed.opportunity_id, ago, "held" if n % 4 else "cancelled", 2 + n % 5,
                    kind=("review", "strategic")[n % 2], hours=2.5)
        for ago, state in ((3, "held"), (3, "missed"), (3, "held"), (2, "cancelled"),
                           (1, "missed"), (0, "cancelled"), (0, "planned")):
            meeting(generated.id, ago, state, 1 + ago)
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def odd_store(request: pytest.FixtureRequest, odd_plan: Path, tmp_path: Path) -> Iterator[Store]:
    """The odd plan made earlier, reopened: a copy of the file, or copied to the team
    database (the rules' reads are SQL of their own on each)."""
    target: str | Path = tmp_path / "plan.sqlite"
    if request.param == "sqlite":
        shutil.copyfile(odd_plan, target)
    else:
        target = request.getfixturevalue("pg_url")
        copying.copy_database(odd_plan, target)
    with Store.open(target) as opened:
        yield opened


def test_the_conflict_register_reads_the_same_from_a_team_database(odd_store: Store) -> None:
    """The long plan's register from the plan file and from the team database (where the
    areas' columns are psycopg's own rows, past SQLAlchemy's) equals the one whole records
    give: dates still dates, ticks still booleans, every flag the same."""
    fast = conflicts.register(odd_store, today=_scale_plan.DAY)
    assert fast == conflicts.register(odd_store, today=_scale_plan.DAY, plain=True)
    assert len(fast.rows) > 250 and any(r.overdue for r in fast.rows)
    assert any(r.confidential for r in fast.rows) and any(r.stale_internal for r in fast.rows)
    assert all(type(r.identified_on) is dt.date and type(r.confidential) is bool
               and type(r.likelihood) is int for r in fast.rows)
    assert any(type(r.next_review) is dt.date for r in fast.rows)


@pytest.mark.parametrize("changed", SETTINGS)
def test_the_meeting_rules_read_from_a_few_meetings_say_the_same(
        odd_store: Store, changed: dict[str, int]) -> None:
    store = odd_store
    codes: set[str] = set()
    for name, value in changed.items():
        dashboard.set_health_setting(store, name, value)
    settings = dashboard.health_settings(store)
    for today in (*DAYS, _scale_plan.DAY - dt.timedelta(days=3)):
        fast = dashboard.summary(store, today)
        plain = dashboard.summary(store, today, plain=True)
        assert [(h.title, h.state, [s.sentence for s in h.signals]) for h in fast.health] \
            == [(h.title, h.state, [s.sentence for s in h.signals]) for h in plain.health]
        assert fast == plain  # the hours bars and every list too
        assert tuple(dashboard.portfolio_health(store, today, settings)) == plain.health
        assert tuple(dashboard_health.portfolio_health_of(store, today, settings)) == \
            plain.health
        codes |= {s.code for h in fast.health for s in h.signals}
        every = {f.id: f for f in dashboard.facts_for(store, None, today)}  # all read
        for ident, facts in every.items():
            for window in (None, 1, 30, 500):
                rows = dashboard.held_vs_expected(store, ident, today=today,
                                                  window_days=window)
                assert [(r.kind, r.every_days, r.held, r.expected) for r in rows] == [
                    (c.kind, c.every_days, held, expected) for c, held, expected in
                    health.held_vs_expected(facts, today, window or 90)]
    assert {"meetings_missed", "attendance_falling", "hours_above_estimate",
            "behind_cadence"} <= codes  # each rule had something to say
    assert "slip_growing" in codes or changed["slip_growth_reviews"] >= 3


def test_every_recent_small_win_is_listed_as_reading_every_milestone(odd_store: Store) -> None:
    """The dashboard lists every small win done in the last 60 days, not only each
    partnership's last one: fourteen done on one partnership, on dates inside and on the
    edges of the window, and one past today, read as the plain path reads them."""
    store, day = odd_store, _scale_plan.DAY
    with store.work() as work:
        done = [m for m in work.list(Milestone, status="done", small_win=False)
                if m.parent_id is not None][:14]
        assert len({m.opportunity_id for m in done}) >= 1 and len(done) == 14
        for n, m in enumerate(done):
            m.small_win, m.celebration_note = True, f"Win {n}"
            m.actual_date = day - dt.timedelta(days=(0, 1, 7, 30, 59, 60, 61, -1, 90)[n % 9])
            work.add(m)
    for today in (day, day + dt.timedelta(days=1)):
        fast = dashboard.summary(store, today)
        plain = dashboard.summary(store, today, plain=True)
        assert fast.small_wins == plain.small_wins and fast == plain
    shown = {w.text for w in dashboard.summary(store, day).small_wins}
    assert {f"{m.title}" for m in done[:5]} <= shown  # 0..59 days ago: every one listed
    # The next planned win is the earliest dated one; an undated one, first made, waits.
    later = day + dt.timedelta(days=400)
    fast = dashboard.summary(store, later)
    named = [s for h in fast.health for s in h.signals
             if s.code == "no_small_win" and s.kind == "milestone"]
    assert named
    with store.work() as work:
        first = work.get(Milestone, named[0].record_id)
        assert first is not None
        planned = [m for m in work.list(Milestone, opportunity_id=first.opportunity_id,
                                        small_win=True)
                   if m.status in health.OPEN_MILESTONE and m.id != first.id]
        assert planned  # another one to name when this one is undated
        undated = min(planned, key=lambda m: m.id or 0)
        undated.forecast_date = undated.due_date = undated.baseline_date = None
        undated.start_date = None
        work.add(undated)
    fast, plain = dashboard.summary(store, later), dashboard.summary(store, later, plain=True)
    assert fast == plain
    assert undated.id not in {s.record_id for h in fast.health for s in h.signals
                              if s.code == "no_small_win"}


# ------------------------------------------------------------ the timeline of a long scope


def _scopes(store: Store) -> list[int | None]:
    """Every partnership together, and the generated partnership with the most milestones."""
    counts = timeline_scope.group_summaries(store, None, "partnership").summaries
    biggest = max(counts, key=lambda s: s.count)
    return [None, int(biggest.key.split(":")[1])]


@pytest.mark.parametrize("grouping", tl.GROUPINGS)
@pytest.mark.parametrize("chunk", [timeline_scope.CHUNK, 40])
def test_a_folded_timeline_draws_what_reading_every_milestone_draws(
        store: Store, grouping: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folded groups from their summaries and open groups read alone lay out exactly as
    every milestone read: the same rows (titles, counts), bars, links and dates. Chunks of
    40 ids: groups holding more are read as a large plan's are (links and snapshots read
    whole, then picked)."""
    monkeypatch.setattr(timeline_scope, "CHUNK", chunk)
    for partnership in _scopes(store):
        whole = svc.load_timeline(store, partnership)
        groups = timeline_scope.group_summaries(store, partnership, grouping)
        assert groups.total == len(whole.items)
        keys = sorted(groups.keys)
        for opened in (set(), set(keys[::2]), set(keys)):
            folded = set(keys) - opened
            part = timeline_scope.load_groups(store, partnership, groups, opened)
            fast = tl.build_layout(part.items, part.dependencies, grouping=grouping,
                                   group_titles=part.group_titles, collapsed=folded,
                                   today=_scale_plan.DAY, summaries=groups.summaries)
            plain = tl.build_layout(whole.items, whole.dependencies, grouping=grouping,
                                    group_titles=whole.group_titles, collapsed=folded,
                                    today=_scale_plan.DAY)
            assert [(r.kind, r.label, r.count) for r in fast.rows] == \
                [(r.kind, r.label, r.count) for r in plain.rows]  # the titles the chart shows
            assert fast == plain  # and every bar, link and date
            read = {item.id for item in part.items}
            assert part.snapshots == tuple(p for p in whole.snapshots if p.milestone_id in read)
            assert part.dependency_ids == {pair: ident for pair, ident in
                                           whole.dependency_ids.items() if read & set(pair)}
            if not opened:
                assert len(part.items) == 0 and len(fast.rows) == len(keys)
            if opened and folded:
                assert 0 < len(part.items) < len(whole.items)  # a part read, not the whole


@pytest.mark.parametrize("grouping", tl.GROUPINGS)
@pytest.mark.parametrize("chunk", [timeline_scope.CHUNK, 40])
def test_a_very_large_open_group_read_a_page_at_a_time_draws_what_every_milestone_draws(
        store: Store, grouping: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The largest open groups laid out from the columns that fix their rows
    (``load_paged``), beside other groups open and folded: untitled until their rows are
    read, then exactly what every milestone read gives (rows, bars, links, dates); a page
    of them read whole is those milestones as every milestone read has them."""
    monkeypatch.setattr(timeline_scope, "CHUNK", chunk)
    for partnership in _scopes(store):
        whole = svc.load_timeline(store, partnership)
        groups = timeline_scope.group_summaries(store, partnership, grouping)
        keys = sorted(groups.keys)
        large = sorted(keys, key={s.key: s.count for s in groups.summaries}.get)[-2:]
        for opened in ({large[-1]}, set(large) | set(keys[::3]), set(keys)):
            folded = set(keys) - opened
            read = [timeline_scope.load_paged(store, partnership, groups, key)
                    for key in sorted(opened & set(large))]
            paged = [group for group in read if group is not None]
            assert len(paged) == len(read)
            part = timeline_scope.with_paged(timeline_scope.load_groups(
                store, partnership, groups, opened - set(large)), paged)
            shown = {"grouping": grouping, "group_titles": part.group_titles,
                     "collapsed": folded, "today": _scale_plan.DAY,
                     "summaries": groups.summaries, "paged": paged}
            plain = tl.build_layout(whole.items, whole.dependencies, grouping=grouping,
                                    group_titles=whole.group_titles, collapsed=folded,
                                    today=_scale_plan.DAY)
            ids = {i for group in paged for i in group.ids}
            assert len(ids) > 100  # (others' parents and steps among them are read whole)
            untitled = tl.build_layout(part.items, part.dependencies, **shown)  # type: ignore[arg-type]
            assert untitled.rows == [replace(r, label="") if r.milestone_id in ids else r
                                     for r in plain.rows]
            assert untitled.bars == [replace(b, title="") if b.milestone_id in ids else b
                                     for b in plain.bars]
            assert untitled.links == plain.links
            page = sorted(ids)[::7]
            items, titles = timeline_scope.page_items(store, page)
            assert items == tuple(whole.item(i) for i in page)
            assert titles.items() <= whole.group_titles.items()
            for group in paged:
                titled, _titles = timeline_scope.page_items(store, group.ids)
                group.name({i.id: i.title for i in titled})
            assert tl.build_layout(part.items, part.dependencies, **shown) == plain  # type: ignore[arg-type]


@pytest.mark.parametrize("chunk", [timeline_scope.CHUNK, 40])
def test_a_very_large_open_group_reads_the_same_from_a_team_database(
        odd_store: Store, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The largest status's light read, its pages and its links, from a team database as
    from a file: the layout every milestone read gives (chunks of 40: its links picked
    from the whole table a piece at a time)."""
    monkeypatch.setattr(timeline_scope, "CHUNK", chunk)
    whole = svc.load_timeline(odd_store)
    groups = timeline_scope.group_summaries(odd_store, None, "status")
    key = max(groups.summaries, key=lambda s: s.count).key
    group = timeline_scope.load_paged(odd_store, None, groups, key)
    assert group is not None and len(group.rows) > 300
    group.name({i.id: i.title for i in timeline_scope.page_items(odd_store, group.ids)[0]})
    part = timeline_scope.with_paged(timeline_scope.load_groups(odd_store, None, groups, ()),
                                     [group])
    folded = groups.keys - {key}
    assert tl.build_layout(part.items, part.dependencies, grouping="status", collapsed=folded,
                           today=_scale_plan.DAY, summaries=groups.summaries,
                           paged=[group]) == tl.build_layout(
        whole.items, whole.dependencies, grouping="status", collapsed=folded,
        today=_scale_plan.DAY)


@pytest.mark.parametrize("today", DAYS)
def test_the_panel_beside_a_long_timeline_says_the_same_as_every_milestone(
        store: Store, today: dt.date) -> None:
    """Bites, overdue, "since last meeting" and the slip chart from the rows SQL picks out:
    the same sentences, in the same order, as from every milestone."""
    for partnership in _scopes(store):
        whole = svc.load_timeline(store, partnership)
        for bite_days in (14, tl.DEFAULT_BITE_DAYS):
            fast = timeline_scope.warnings(store, partnership, today, bite_days)
            plain = (tl_review.overdue_warnings(whole.items, today)
                     + tl_review.bite_warnings(whole.items, bite_days))
            assert [w.message for w in fast] == [w.message for w in plain]
            assert fast == plain
            for page in (7, 300):  # the bite check's list, read a page at a time
                pages = list(timeline_scope.warning_pages(store, partnership, today,
                                                          bite_days, page))
                assert [w for found in pages for w in found] == plain
                assert all(len(found) <= 2 * page for found in pages)
        assert any("was due on" in w.message for w in fast) or today < _scale_plan.DAY
        every = tl_review.since_last_meeting(whole.snapshots, whole.items)
        for limit in (5, 200):  # what the panel lists: the first added named, others counted
            since = timeline_scope.since_last_meeting(store, partnership, limit)
            assert since == replace(every, added=every.added[:limit],
                                    more_added=max(0, len(every.added) - limit))
            assert since.added_count == len(every.added) and every.slipped
        lines = tl_review.slip_lines(whole.snapshots, whole.items, today=today)
        assert timeline_scope.slip_lines(store, partnership, today) == lines
        for shown in (3, tl_review.SLIP_LINES):  # the lines a chart draws: those alone made
            drawn = sorted(lines, key=lambda line: -abs(line.total_slip_days))[:shown]
            made = timeline_scope.slip_lines(store, partnership, today, shown)
            assert made == [line for line in lines if line in drawn]  # in the plan's order
            assert sorted(made, key=lambda line: -abs(line.total_slip_days)) == drawn
            assert len(lines) > len(made) == shown and drawn[0].total_slip_days


def test_the_slip_chart_draws_the_worst_slippers_of_odd_snapshots_on_either_database(
        odd_store: Store) -> None:
    """The lines the slip chart draws, ranked by the database, against every line made: with
    the snapshots hardest to rank (a day with several forecasts, the last standing; a
    forecast left blank; a milestone whose only forecasts are blank; a meeting today and
    one planned after it; a milestone done on a day of its own), from a plan file and a
    team database, on days before, at and after the last meeting."""
    day = _scale_plan.DAY
    with odd_store.work() as work:
        first = work.first(Opportunity, title="Partnership 001 with " + _scale_plan.SCHOOLS[0])
        assert first is not None
        mine = [m for m in work.list(Milestone, opportunity_id=first.id)][:6]
        mine[0].status, mine[0].actual_date = "done", day - dt.timedelta(days=3)
        work.add(mine[0])

        def snap(m: Milestone, ago: int, forecast: int | None) -> None:
            assert m.id is not None
            work.add(MilestoneSnapshot(
                milestone_id=m.id, taken_on=day - dt.timedelta(days=ago), status="late",
                forecast_date=None if forecast is None else day + dt.timedelta(days=forecast)))
        for m, shots in zip(mine, (
                ((900, 5), (900, 400), (900, None), (0, 420)),  # 400 stands, not 5 (blank)
                ((880, None), (30, None)),  # no forecast at any meeting: no line
                ((870, -300), (0, 500), (0, 505)),  # today a meeting: 505 stands
                ((860, 350), (-20, -350)),  # a meeting after today
                ((850, 600),),  # one meeting: a line through today
                ((840, -600), (840, 620), (20, None))), strict=True):
            for ago, forecast in shots:
                snap(m, ago, forecast)
    for partnership in _scopes(odd_store):
        whole = svc.load_timeline(odd_store, partnership)
        for today in (day - dt.timedelta(days=400), day, day + dt.timedelta(days=60)):
            lines = tl_review.slip_lines(whole.snapshots, whole.items, today=today)
            for shown in (1, 7, tl_review.SLIP_LINES):
                drawn = sorted(lines, key=lambda line: -abs(line.total_slip_days))[:shown]
                made = timeline_scope.slip_lines(odd_store, partnership, today, shown)
                assert made == [line for line in lines if line in drawn]
    whole = svc.load_timeline(odd_store, first.id)
    drawn = {line.milestone_id for line in tl_review.slip_lines(whole.snapshots, whole.items,
                                                                today=day)}
    assert {m.id for m in mine[2:]} <= drawn and mine[1].id not in drawn


def test_screening_reads_the_same_conflict_exposure_as_reading_every_area(store: Store) -> None:
    """Screening's conflict-exposure levels come from the distinct ratings of the areas,
    not every record: the same level for every opportunity, so the same ranking."""
    from planner.services import screening

    fast = conflicts.exposure_levels(store)
    assert fast == conflicts.exposure_levels(store, plain=True)
    assert len(fast) >= 3 and len(set(fast.values())) >= 2  # several levels, not all one
    data = screening.load(store)
    assert data == screening.load(store, plain=True)
    assert data.register_levels == fast
    assert data.ranking(None) == screening.load(store, plain=True).ranking(None)


def _pdf_pages(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_long_plan_prints_from_its_open_groups_the_pages_every_milestone_gives(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Printed with its groups folded but one, a long plan reads that group and the others'
    summaries, not every milestone: the same pages, read back as text; ``progress`` hears
    each page and a set ``cancel`` stops it."""
    import threading

    from planner.services import timeline_print

    groups = timeline_scope.group_summaries(store, None, "partnership")
    largest = max(groups.summaries, key=lambda s: s.count)
    options = svc.PrintOptions(mode="tiles", cols=2, rows=2, collapsed=tuple(
        sorted(groups.keys - {largest.key})))
    plain, plain_plan = svc.timeline_pdf(store, None, options, today=DAYS[0])
    heard: list[tuple[int, int, str]] = []

    def whole_plan(*_args: object) -> None:
        raise AssertionError("read every milestone")

    monkeypatch.setattr(timeline_print, "load_timeline", whole_plan)
    fast, plan = svc.timeline_pdf(store, None, options, today=DAYS[0], fold_above=500,
                                  progress=lambda *said: heard.append(said))
    assert plan == plain_plan and len(plan.tiles) == 4
    texts = _pdf_pages(fast)
    assert texts == _pdf_pages(plain) and len(texts) == 4
    assert "Milestones: all partnerships" in texts[0] and largest.label[:20] in "".join(texts)
    assert heard[0] == (0, 0, "Reading the plan…") and heard[-1][:2] == (4, 4)
    assert [h[0] for h in heard if h[1] == 4] == [0, 1, 2, 3, 4]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(timeline_print.Cancelled):
        svc.timeline_pdf(store, None, options, today=DAYS[0], fold_above=500, cancel=cancel)


@pytest.mark.postgresql
def test_the_dashboard_of_a_team_database_edited_meanwhile_says_one_state(
        long_plan: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a team database a colleague's edit committed while the dashboard reads (between
    its reads of the partnerships and of their milestones) is in none of them: the whole
    summary is the plan as it was when the dashboard began to read (it is in the next).
    Before, the milestones were read after the edit and the rest before it."""
    copying.copy_database(long_plan, pg_url)
    day = _scale_plan.DAY
    with Store.open(pg_url) as store, Store.open(pg_url) as colleague:
        before = dashboard.summary(store, day, plain=True)
        assert before.upcoming and any(h.signals for h in before.health)
        read_series = dashboard_health.health_reads.series_snapshots

        def edited_meanwhile(*args: object, **kwargs: object) -> object:
            with colleague.work() as work:  # every open milestone done today
                for m in work.list(Milestone, status=sorted(health.OPEN_MILESTONE)):
                    m.status, m.actual_date = "done", day
                    work.add(m)
            monkeypatch.setattr(dashboard_health.health_reads, "series_snapshots", read_series)
            return read_series(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(dashboard_health.health_reads, "series_snapshots", edited_meanwhile)
        assert dashboard.summary(store, day) == before
        after = dashboard.summary(store, day, plain=True)
        assert not after.upcoming and after != before
        assert dashboard.summary(store, day) == after  # read again once it changed

