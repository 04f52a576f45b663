"""Screening arithmetic: hand-computed scores and ranks, gates, confidence, stability, ranges."""

from __future__ import annotations

import pytest

from planner.domain.screening import (
    COST,
    CriterionInfo,
    GateOutcome,
    OptionInput,
    ScreeningError,
    competition_ranks,
    gate_status,
    normalise_weights,
    rank_options,
    rank_stability,
    rebalance,
    stability_words,
    to_percentages,
    value_of,
    weight_ranges,
)

# Three criteria, one a cost: weights 50 / 30 / 20.
CRITERIA = (
    CriterionInfo(1, "Fit", weight=50),
    CriterionInfo(2, "Return", weight=30),
    CriterionInfo(3, "Cost", direction=COST, weight=20),
)


def option(ident: int, title: str, a: int | None, b: int | None, c: int | None,
           **kwargs: object) -> OptionInput:
    return OptionInput(ident, title, {1: a, 2: b, 3: c}, **kwargs)  # type: ignore[arg-type]


def test_hand_computed_scores_and_ranks() -> None:
    # X: 50*(5-1)/4 + 30*(3-1)/4 + 20*((6-2)-1)/4 = 50 + 15 + 15 = 80
    # Y: 50*3/4 + 30*4/4 + 20*((6-4)-1)/4 = 37.5 + 30 + 5 = 72.5
    # Z: 50*2/4 + 0 + 20*((6-1)-1)/4 = 25 + 0 + 20 = 45
    ranked = rank_options([option(3, "Z", 3, 1, 1), option(1, "X", 5, 3, 2),
                           option(2, "Y", 4, 5, 4)], CRITERIA)
    assert [(r.title, r.rank) for r in ranked] == [("X", 1), ("Y", 2), ("Z", 3)]
    assert [r.score for r in ranked] == pytest.approx([80, 72.5, 45])
    assert ranked[0].contributions == pytest.approx((50, 15, 15))


def test_cost_criteria_count_inversely() -> None:
    assert value_of(1, COST) == 1.0
    assert value_of(5, COST) == 0.0
    assert value_of(5, "benefit") == 1.0
    assert value_of(None, COST) is None
    with pytest.raises(ScreeningError):
        value_of(6, "benefit")


def test_ties_share_a_rank() -> None:
    assert competition_ranks([90, 80, 80, 70]) == [1, 2, 2, 4]
    # 0.1 + 0.2 != 0.3 in floating point, but the scores are the same to a CEO.
    assert competition_ranks([0.1 + 0.2, 0.3]) == [1, 1]
    ranked = rank_options([option(1, "A", 5, 5, 1), option(2, "B", 5, 5, 1)], CRITERIA)
    assert [r.rank for r in ranked] == [1, 1]


def test_failed_gate_excludes_unless_overridden() -> None:
    fail = (GateOutcome(1, "Values", "fail"), GateOutcome(2, "Fit", "pass"))
    overridden = (GateOutcome(1, "Values", "fail", overridden=True),)
    ranked = rank_options([option(1, "Best but failed", 5, 5, 1, gates=fail),
                           option(2, "Modest", 3, 3, 3),
                           option(3, "Overridden", 4, 4, 2, gates=overridden)], CRITERIA)
    by_title = {r.title: r for r in ranked}
    assert by_title["Best but failed"].rank is None
    assert by_title["Best but failed"].failed_gates == ("Values",)
    assert by_title["Overridden"].rank == 1 and by_title["Overridden"].gate_status == "overridden"
    assert by_title["Modest"].rank == 2
    assert ranked[-1].title == "Best but failed"  # shown, after the ranked ones


def test_gate_status_precedence() -> None:
    assert gate_status([]) == "pass"
    assert gate_status([GateOutcome(1, "a", "pass"), GateOutcome(2, "b", "unknown")]) == "unknown"
    assert gate_status([GateOutcome(1, "a", "fail"), GateOutcome(2, "b", "unknown")]) == "fail"


def test_declined_options_are_shown_but_not_ranked() -> None:
    ranked = rank_options([option(1, "Declined", 5, 5, 1, rankable=False),
                           option(2, "Open", 1, 1, 5)], CRITERIA)
    assert [(r.title, r.rank) for r in ranked] == [("Open", 1), ("Declined", None)]


def test_unscored_criteria_lower_confidence_without_error() -> None:
    ranked = rank_options([
        OptionInput(1, "Half", {1: 5, 2: None}, evidenced=frozenset({1})),
        OptionInput(2, "Full", {1: 3, 2: 3, 3: 3}, evidenced=frozenset({1, 2, 3})),
        OptionInput(3, "Nothing", {}),
    ], CRITERIA)
    by_title = {r.title: r for r in ranked}
    assert by_title["Half"].confidence == pytest.approx(1 / 3)
    assert by_title["Half"].score == pytest.approx(50)
    assert by_title["Full"].confidence == 1.0
    assert by_title["Nothing"].confidence == 0.0 and by_title["Nothing"].score == 0.0
    # A score without evidence counts as scored but not as evidenced.
    bare = rank_options([OptionInput(1, "Bare", {1: 4, 2: 4, 3: 4})], CRITERIA)[0]
    assert (bare.scored, bare.evidenced, bare.confidence) == (3, 0, 0.0)


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ScreeningError, match="above zero"):
        normalise_weights([0, 0, 0])
    with pytest.raises(ScreeningError, match="negative"):
        normalise_weights([50, -10])
    with pytest.raises(ScreeningError, match="no criteria"):
        normalise_weights([])


def test_percentages_always_total_100() -> None:
    assert to_percentages([1, 1, 1]) == [34, 33, 33]
    assert sum(to_percentages([0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333])) == 100
    assert to_percentages([0, 5]) == [0, 100]


def test_stability_is_certain_for_a_dominant_option() -> None:
    options = [option(1, "Dominant", 5, 5, 1), option(2, "B", 3, 2, 4), option(3, "C", 2, 3, 3)]
    result = rank_stability(options, CRITERIA, k=1)
    assert result.shares[1] == 1.0
    assert result.shares[2] + result.shares[3] == pytest.approx(0.0)
    assert result.words(1) == "first in every plausible weighting tried"


def test_stability_is_near_half_for_an_exact_tie() -> None:
    crits = (CriterionInfo(1, "a", weight=50), CriterionInfo(2, "b", weight=50))
    # Mirror images: tied at the agreed weights, either may lead when the weights wobble.
    mirrored = [OptionInput(1, "A", {1: 5, 2: 1}), OptionInput(2, "B", {1: 1, 2: 5})]
    shares = rank_stability(mirrored, crits, k=1).shares
    assert shares[1] == pytest.approx(0.5, abs=0.05)
    assert shares[1] + shares[2] == pytest.approx(1.0)
    # Identical rows stay tied under every weighting: they share the place exactly.
    twins = [OptionInput(1, "A", {1: 4, 2: 2}), OptionInput(2, "B", {1: 4, 2: 2})]
    assert rank_stability(twins, crits, k=1).shares == {1: 0.5, 2: 0.5}


def test_stability_is_repeatable_and_ignores_failed_options() -> None:
    options = [option(i, f"O{i}", 1 + i % 5, 1 + (i * 2) % 5, 1 + (i * 3) % 5) for i in range(12)]
    options.append(option(99, "Failed", 5, 5, 1, gates=(GateOutcome(1, "g", "fail"),)))
    first = rank_stability(options, CRITERIA, k=3)
    again = rank_stability(options, CRITERIA, k=3)
    assert first.shares == again.shares
    assert 99 not in first.shares
    assert sum(first.shares.values()) == pytest.approx(3.0)


def test_stability_words() -> None:
    assert stability_words(0.912, 3) == "in the top 3 in 91% of plausible weightings"
    assert stability_words(0.999, 3) == "in the top 3 in 99% of plausible weightings"
    assert stability_words(0.0, 2) == "never in the top 2 in the plausible weightings tried"
    assert stability_words(0.5, 1) == "first in 50% of plausible weightings"


def test_weight_range_matches_hand_computation() -> None:
    options = [option(1, "X", 5, 3, 2), option(2, "Y", 4, 5, 4), option(3, "Z", 3, 1, 1)]
    ranges = {r.name: r for r in weight_ranges(options, CRITERIA, k=1)}
    # Fit at weight t, Return and Cost sharing 1-t as 3:2:
    # X(t) = t + 0.6(1-t); Y(t) = 0.75t + 0.7(1-t); X >= Y  <=>  0.35t >= 0.1  <=>  t >= 2/7.
    assert ranges["Fit"].low == pytest.approx(100 * 2 / 7)
    assert ranges["Fit"].high == pytest.approx(100)
    assert ranges["Fit"].current == pytest.approx(50)
    for r in ranges.values():
        assert r.low <= r.current <= r.high
    assert "from 29% to 100%" in ranges["Fit"].words


def test_weight_range_is_whole_when_everyone_is_in_the_top_group() -> None:
    ranges = weight_ranges([option(1, "X", 5, 3, 2)], CRITERIA, k=3)
    assert all((r.low, r.high) == (0.0, 100.0) for r in ranges)


def test_rebalance_keeps_the_total_and_the_proportions() -> None:
    weights = [18, 12, 16, 10, 10, 8, 10, 8, 8]
    moved = rebalance(weights, 0, 40)
    assert moved[0] == 40 and sum(moved) == 100
    assert moved[2] > moved[1] > moved[5]  # the others keep their order
    assert rebalance([100, 0, 0], 0, 70) == [70, 15, 15]  # all-zero others share equally
    assert rebalance([50, 50], 1, 100) == [0, 100]
    assert rebalance([30, 70], 0, 150) == [100, 0]  # clamped
    assert rebalance([100], 0, 20) == [100]


def test_pruned_top_k_shares_equal_a_brute_force_count() -> None:
    import numpy as np

    from planner.domain.screening import sample_weightings, top_k_shares

    rng = np.random.default_rng(3)
    values = rng.integers(0, 5, size=(60, 4)) / 4.0  # many exact ties on purpose
    weights = sample_weightings([30, 30, 20, 20], 200)
    k = 3
    fast = top_k_shares(values, weights, k)
    slow = np.zeros(len(values))
    for w in weights:
        scores = np.round(values @ w, 9)
        kth = np.sort(scores)[::-1][k - 1]
        greater, equal = (scores > kth).sum(), (scores == kth).sum()
        slow += (scores > kth) + (scores == kth) * (k - greater) / equal
    assert fast == pytest.approx(slow / len(weights))
    assert fast.sum() == pytest.approx(k)
