"""Timeline layout, ticks, cycles, slips, bite warnings and page tiling (domain)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from planner.domain import timeline as tl
from planner.domain import timeline_paper as tl_paper
from planner.domain import timeline_review as tl_review

D = dt.date
TODAY = D(2026, 3, 2)


def items() -> list[tl.TimelineItem]:
    return [
        tl.TimelineItem(1, 10, "Goal", due=D(2026, 6, 30), forecast=D(2026, 6, 30)),
        tl.TimelineItem(2, 10, "Scope", start=D(2026, 1, 5), forecast=D(2026, 1, 30),
                        baseline=D(2026, 1, 26), parent_id=1, status="done",
                        actual=D(2026, 2, 2), owner="Ana"),
        tl.TimelineItem(3, 10, "Room", start=D(2026, 2, 9), forecast=D(2026, 3, 20),
                        parent_id=1, status="at_risk", owner="Ana", position=1),
        tl.TimelineItem(4, 20, "Visit", forecast=D(2026, 5, 29), owner="Omar"),
    ]


def test_rows_follow_groups_then_the_tree() -> None:
    layout = tl.build_layout(items(), group_titles={10: "Hub", 20: "Exchange"}, today=TODAY)
    assert [(r.kind, r.label, r.depth) for r in layout.rows] == [
        ("group", "Exchange", 0), ("item", "Visit", 0),
        ("group", "Hub", 0), ("item", "Goal", 0), ("item", "Scope", 1), ("item", "Room", 1)]


def test_bars_diamonds_and_summary_positions() -> None:
    layout = tl.build_layout(items(), group_titles={10: "Hub", 20: "Exchange"}, today=TODAY)
    bars = {b.milestone_id: b for b in layout.bars}
    assert bars[4].diamond and bars[4].start == D(2026, 5, 29).toordinal()
    assert bars[4].end == bars[4].start + 1
    room = bars[3]
    assert not room.diamond and room.start == D(2026, 2, 9).toordinal()
    assert room.end == D(2026, 3, 21).toordinal()  # inclusive last day -> exclusive end
    scope = bars[2]  # done: drawn to the actual date, slipped 7 days past its baseline
    assert scope.end == D(2026, 2, 3).toordinal() and scope.slip_days == 7
    assert scope.baseline_end == D(2026, 1, 27).toordinal()
    goal = bars[1]
    assert goal.summary and goal.start == D(2026, 1, 5).toordinal()
    assert goal.end == D(2026, 7, 1).toordinal()
    assert layout.first_day == D(2026, 1, 5).toordinal()
    assert layout.rows[room.row].milestone_id == 3


def test_collapsed_group_hides_its_rows_but_keeps_the_count() -> None:
    layout = tl.build_layout(items(), group_titles={10: "Hub", 20: "Exchange"},
                             collapsed={"partnership:10"}, today=TODAY)
    hub = next(r for r in layout.rows if r.label == "Hub")
    assert hub.collapsed and hub.count == 3
    assert [r.label for r in layout.rows] == ["Exchange", "Visit", "Hub"]


def test_grouping_by_owner_and_status() -> None:
    by_owner = tl.build_layout(items(), grouping="owner", today=TODAY)
    assert [r.label for r in by_owner.rows if r.kind == "group"] == [
        "Ana", "Omar", "No owner named"]
    by_status = tl.build_layout(items(), grouping="status", today=TODAY)
    assert [r.label for r in by_status.rows if r.kind == "group"] == [
        "Not started", "At risk", "Done"]


def test_links_run_from_anchor_to_anchor_and_flag_violations() -> None:
    deps = [tl.Dependency(2, 3, "FS"), tl.Dependency(3, 4, "FS", lag_days=90)]
    layout = tl.build_layout(items(), deps, today=TODAY)
    first, second = layout.links
    assert first.x0 == D(2026, 2, 3).toordinal() and first.x1 == D(2026, 2, 9).toordinal()
    assert not first.violated
    assert second.violated  # Room ends 20 Mar; +90 days is after the 29 May visit


@pytest.mark.parametrize("level, major, minor", [
    ("week", ["2 Mar 2026", "9 Mar 2026"], ["M", "T", "W"]),
    ("month", ["Mar 2026", "Apr 2026"], ["2", "9", "16"]),
    ("quarter", ["Q1 2026", "Q2 2026"], ["Jan", "Feb", "Mar"]),
    ("half", ["H1 2026", "H2 2026"], ["Q1", "Q2", "Q3"]),
    ("year", ["2026", "2027"], ["Q1", "Q2", "Q3"]),
])
def test_axis_ticks_per_zoom(level: str, major: list[str], minor: list[str]) -> None:
    first = D(2026, 3, 2).toordinal()
    span = {"week": 10, "month": 45, "quarter": 120, "half": 300, "year": 500}[level]
    if level in ("quarter", "half", "year"):
        first = D(2026, 1, 1).toordinal()
    got_major, got_minor = tl.axis_ticks(level, first, first + span)
    assert [t.label for t in got_major][:2] == major
    assert [t.label for t in got_minor][:3] == minor


def test_level_for_scale_orders_levels() -> None:
    levels = [tl.level_for_scale(tl.ZOOM_PX_PER_DAY[z]) for z in tl.ZOOM_PX_PER_DAY]
    assert levels == ["week", "month", "quarter", "half", "year"]


def test_find_cycle() -> None:
    assert tl.find_cycle([(1, 2), (2, 3), (1, 3)]) is None
    assert tl.find_cycle([(1, 2), (2, 3), (3, 1)]) == [1, 2, 3, 1]
    assert tl.find_cycle([(5, 5)]) == [5, 5]
    assert tl.parent_cycle({1: None, 2: 1, 3: 2}, 1, 3)
    assert not tl.parent_cycle({1: None, 2: 1, 3: 2}, 3, 1)


def test_slip_lines_and_since_last_meeting() -> None:
    snaps = [tl_review.SnapshotPoint(3, D(2026, 1, 15), D(2026, 3, 10), "on_track"),
             tl_review.SnapshotPoint(3, D(2026, 2, 12), D(2026, 3, 15), "at_risk"),
             tl_review.SnapshotPoint(2, D(2026, 2, 12), D(2026, 1, 30), "on_track"),
             tl_review.SnapshotPoint(4, D(2026, 2, 12), D(2026, 6, 5), "not_started")]
    lines = {line.milestone_id: line for line in tl_review.slip_lines(snaps, items(), today=TODAY)}
    assert lines[3].points == ((D(2026, 1, 15), D(2026, 3, 10)), (D(2026, 2, 12), D(2026, 3, 15)),
                               (TODAY, D(2026, 3, 20)))
    assert lines[3].total_slip_days == 10
    delta = tl_review.since_last_meeting(snaps, items())
    assert delta.meeting_date == D(2026, 2, 12)
    assert [(c.milestone_id, c.days) for c in delta.slipped] == [(3, 5)]
    assert [c.milestone_id for c in delta.done] == [2]
    assert [(c.milestone_id, c.days) for c in delta.pulled_in] == [(4, -7)]
    assert [c.milestone_id for c in delta.added] == [1]
    assert tl_review.since_last_meeting([], items()).meeting_date is None


def test_bite_warnings() -> None:
    found = tl_review.bite_warnings([
        *items(),
        tl.TimelineItem(5, 10, "Undated", owner="Ana"),
        tl.TimelineItem(6, 10, "Huge", start=D(2026, 1, 1), forecast=D(2026, 4, 1), owner="A"),
    ], bite_days=42)
    messages = [w.message for w in found]
    assert "“Room” spans 40 days" not in " ".join(messages)  # 40 days fits a 6-week bite
    assert "“Visit” has no owner." not in messages
    assert "“Undated” has no date." in messages
    assert any(m.startswith("“Huge” spans 91 days, more than a 42-day bite") for m in messages)
    assert all(w.milestone_id != 1 for w in found)  # a parent is not a bite


def test_tiling_splits_a_wide_chart() -> None:
    first, last = D(2026, 1, 1).toordinal(), D(2027, 1, 1).toordinal()
    fit = tl_paper.plan_pages(first, last, 30, mode="fit")
    assert len(fit.tiles) == 1 and fit.tiles[0].day1 == last
    tiles = tl_paper.plan_pages(first, last, 30, mode="tiles", cols=3, rows=2)
    assert [(t.col, t.row) for t in tiles.tiles] == [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1),
                                                      (2, 1)]
    assert [t.day0 - first for t in tiles.tiles[:3]] == [0, 122, 244]
    assert tiles.tiles[-1].row0 == 15 and tiles.tiles[-1].row1 == 30
    auto = tl_paper.plan_pages(first, last, 100, mode="auto", zoom="month", paper="A4")
    # 365 days at 3.2 pt/day across ~615 pt of chart: 2 pages across; 100 rows at 15 pt down.
    assert (auto.cols, auto.rows) == (2, 4) and len(auto.tiles) == 8
    a3 = tl_paper.plan_pages(first, last, 100, mode="auto", zoom="quarter", paper="A3")
    assert a3.cols == 1 and a3.width == pytest.approx(1190.55)
    with pytest.raises(ValueError, match="unknown paper"):
        tl_paper.plan_pages(first, last, 3, paper="B5")


def test_bite_spans_cover_the_goal_without_gaps() -> None:
    spans = tl_review.bite_spans(D(2026, 1, 1), D(2026, 3, 31), 42)
    assert len(spans) == 3
    assert spans[0][0] == D(2026, 1, 1) and spans[-1][1] == D(2026, 3, 31)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == end + dt.timedelta(days=1)
    assert all((e - s).days + 1 <= 42 for s, e in spans)
    assert tl_review.bite_spans(D(2026, 1, 1), D(2026, 1, 1), 42) == [(D(2026, 1, 1), D(2026, 1, 1))]
    with pytest.raises(ValueError):
        tl_review.bite_spans(D(2026, 1, 2), D(2026, 1, 1), 42)


def test_overdue_milestones_not_marked_late_are_flagged() -> None:
    found = tl_review.overdue_warnings(items(), D(2026, 3, 25))
    assert [w.message for w in found] == [
        "“Room” was due on 20 Mar 2026 and is not done: mark it late, or move its forecast."]


def test_a_long_span_labels_every_few_years_so_that_each_label_fits() -> None:
    assert tl.year_step(0.42, 47) == 1  # the Year zoom: 153 px a year
    assert tl.year_step(0.05, 47) == 5  # 18 px a year: every 5 years (91 px)
    assert tl.year_step(0.1, 47) == 2
    first = tl.day(dt.date(2023, 6, 1))
    major, minor = tl.axis_ticks("year", first, first + 365 * 12, 5)
    assert [t.label for t in major] == ["2025", "2030", "2035"]
    assert [t.label for t in minor] == ["2023", "2024", "", "2026", "2027", "2028", "2029", "",
                                        "2031", "2032", "2033", "2034", "", ]
    assert all(tl.date_of(t.day) == dt.date(int(t.label), 1, 1) for t in major)
