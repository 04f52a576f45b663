"""Domain rules of the conflict register: bands, lint, workflow, flags, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from planner.domain import conflicts as c

TODAY = dt.date(2026, 6, 1)


@dataclass(frozen=True)
class Area:
    id: int | None
    title: str
    residual_likelihood: int = 1
    residual_impact: int = 1
    likelihood: int = 3
    impact: int = 3
    status: str = "open"
    openness: str = "internal"
    next_review: dt.date | None = None
    identified_on: dt.date | None = None


@pytest.mark.parametrize(("score", "expected"), [
    (1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (15, "high"),
    (16, "critical"), (25, "critical"),
])
def test_default_bands(score: int, expected: str) -> None:
    assert c.band(score, [4, 9, 15]) == expected


def test_bands_follow_the_organisations_limits() -> None:
    assert c.band(6, [2, 5, 8]) == "high"
    assert c.band(9, [2, 5, 8]) == "critical"
    assert c.band(2, [2, 5, 8]) == "low"


def test_band_limits_must_rise() -> None:
    assert c.check_band_limits([4, 9, 15]) == (4, 9, 15)
    with pytest.raises(ValueError, match="must rise"):
        c.check_band_limits([9, 4, 15])
    with pytest.raises(ValueError, match="three numbers"):
        c.check_band_limits([4, 9])


def test_lint_names_each_serious_area_without_a_clause() -> None:
    areas = [
        Area(1, "Sixth-form recruitment", 4, 4),   # 16 critical
        Area(2, "Shared CPD brand", 3, 4),         # 12 high, linked
        Area(3, "Catchment overlap", 2, 2),        # 4 low
        Area(4, "Staff poaching", 5, 2),           # 10 high
        Area(5, "Old bid clash", 5, 5, status="closed"),
    ]
    messages = c.protocol_lint(areas, {2}, [4, 9, 15])
    assert len(messages) == 2
    assert "Sixth-form recruitment" in messages[0] and "critical" in messages[0]
    assert "Staff poaching" in messages[1] and "high" in messages[1]
    assert c.protocol_lint(areas, {1, 2, 4}, [4, 9, 15]) == []
    assert c.protocol_lint([], [], [4, 9, 15]) == []


def test_lint_uses_the_residual_rating_and_the_bands_given() -> None:
    area = Area(7, "Funding bids", residual_likelihood=2, residual_impact=3, likelihood=5,
                impact=5)
    assert c.protocol_lint([area], [], [4, 9, 15]) == []  # 6: medium after treatment
    assert len(c.protocol_lint([area], [], [2, 4, 5])) == 1  # stricter bands: critical


def test_highest_band_and_exposure_level() -> None:
    areas = [Area(1, "a", 1, 2), Area(2, "b", 3, 3), Area(3, "c", 5, 5, status="closed")]
    assert c.highest_band(areas, [4, 9, 15]) == "medium"
    assert c.exposure_level(c.highest_band(areas, [4, 9, 15])) == 3
    assert c.highest_band([], [4, 9, 15]) is None
    assert c.exposure_level(None) == 1


def test_no_skipping_to_protocol_agreed_without_a_clause() -> None:
    problem = c.openness_problem("internal", "agreed", linked_clauses=0)
    assert problem is not None and "clause" in problem
    assert c.openness_problem("joint", "agreed", linked_clauses=0) is not None
    assert c.openness_problem("joint", "agreed", linked_clauses=1) is None
    assert c.openness_problem("internal", "raised", linked_clauses=0) is None
    assert c.openness_problem("agreed", "joint", linked_clauses=0) is None
    assert c.openness_problem("raised", "settled", linked_clauses=3) is not None


def test_overdue_review() -> None:
    assert c.is_overdue(Area(1, "a", next_review=TODAY - dt.timedelta(days=1)), TODAY)
    assert not c.is_overdue(Area(1, "a", next_review=TODAY), TODAY)
    assert not c.is_overdue(Area(1, "a"), TODAY)
    assert not c.is_overdue(
        Area(1, "a", next_review=TODAY - dt.timedelta(days=9), status="closed"), TODAY)
    assert c.days_overdue(Area(1, "a", next_review=TODAY - dt.timedelta(days=9)), TODAY) == 9


def test_internal_only_after_thirty_days_is_flagged() -> None:
    fresh = Area(1, "a", identified_on=TODAY - dt.timedelta(days=30))
    stale = Area(2, "b", identified_on=TODAY - dt.timedelta(days=31))
    raised = Area(3, "c", identified_on=TODAY - dt.timedelta(days=300), openness="raised")
    assert not c.is_stale_internal(fresh, TODAY)
    assert c.is_stale_internal(stale, TODAY)
    assert not c.is_stale_internal(raised, TODAY)
    f = c.flags(stale, TODAY)
    assert f.any and "internal only" in f.describe()


def test_history_records_only_tracked_changes() -> None:
    before = {"status": "open", "likelihood": 3, "title": "x", "treatment": ""}
    after = {"status": "monitoring", "likelihood": 3, "title": "y", "treatment": "reduce"}
    changes = c.tracked_changes(before, after)
    assert [(ch.field, ch.old, ch.new) for ch in changes] == [
        ("status", "open", "monitoring"), ("treatment", "", "reduce")]


def test_heat_counts() -> None:
    counts = c.heat_counts([(1, 1), (5, 5), (5, 5), (3, 2)])
    assert counts[0][0] == 1 and counts[4][4] == 2 and counts[2][1] == 1
    assert sum(map(sum, counts)) == 4


def test_month_ends() -> None:
    assert c.month_ends(dt.date(2026, 3, 10), 3) == [
        dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 10)]
    assert c.month_ends(dt.date(2026, 1, 5), 2) == [dt.date(2025, 12, 31), dt.date(2026, 1, 5)]


def test_status_counts_rebuild_the_past_from_history() -> None:
    dates = [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    areas = [
        c.AreaLife(1, dt.date(2026, 1, 1), "closed"),
        c.AreaLife(2, dt.date(2026, 2, 15), "open"),     # not yet identified in January
        c.AreaLife(3, dt.date(2025, 6, 1), "monitoring"),  # no history: always monitoring
    ]
    changes = [
        c.StatusChange(1, dt.date(2026, 2, 10), "open", "escalated"),
        c.StatusChange(1, dt.date(2026, 3, 5), "escalated", "closed"),
    ]
    counts = c.status_counts(areas, changes, dates)
    assert counts["open"] == [1, 1, 1]
    assert counts["escalated"] == [0, 1, 0]
    assert counts["closed"] == [0, 0, 1]
    assert counts["monitoring"] == [1, 1, 1]
    assert [sum(col) for col in zip(*counts.values(), strict=True)] == [2, 3, 3]
