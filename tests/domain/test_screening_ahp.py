"""AHP weights and consistency against a published worked example."""

from __future__ import annotations

import pytest

from planner.domain.ahp import (
    AhpError,
    analyse,
    describe_value,
    matrix_from_judgements,
    most_inconsistent,
    snap_to_scale,
)

# T. L. Saaty, "How to make a decision: The Analytic Hierarchy Process", European Journal of
# Operational Research 48 (1990) 9-26, the house-buying example (Table 2): eight criteria
# (size, transportation, neighbourhood, age, yard, modern facilities, general condition,
# financing). Published: priorities .173 .054 .188 .018 .031 .036 .167 .333,
# λmax = 9.669, CI = 0.238, CR = 0.169 (so the judgements are not acceptably consistent).
HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_WEIGHTS = (0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333)


def test_saaty_house_example() -> None:
    result = analyse(HOUSE)
    assert result.weights == pytest.approx(HOUSE_WEIGHTS, abs=0.0006)
    assert result.lambda_max == pytest.approx(9.669, abs=0.0006)
    assert result.consistency_index == pytest.approx(0.238, abs=0.0006)
    assert result.random_index == 1.41
    assert result.consistency_ratio == pytest.approx(0.169, abs=0.0006)
    assert not result.acceptable


def test_consistent_judgements_have_zero_ratio() -> None:
    # Weights 4:2:1 stated exactly: a consistent matrix, λmax = n.
    result = analyse(matrix_from_judgements(3, {(0, 1): 2, (0, 2): 4, (1, 2): 2}))
    assert result.weights == pytest.approx((4 / 7, 2 / 7, 1 / 7))
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.acceptable
    assert most_inconsistent(matrix_from_judgements(3, {(0, 1): 2, (0, 2): 4, (1, 2): 2})) is None


def test_one_reversed_judgement_is_named_with_a_better_value() -> None:
    # Weights 8:4:2:1 stated consistently, except "d is three times a" (it should be a = 8d).
    a = matrix_from_judgements(4, {(0, 1): 2, (0, 2): 4, (0, 3): 1 / 3,
                                   (1, 2): 2, (1, 3): 4, (2, 3): 2})
    assert analyse(a).consistency_ratio > 0.10
    judgement = most_inconsistent(a)
    assert judgement is not None
    assert (judgement.row, judgement.col) == (0, 3)
    assert judgement.suggested == 8  # what the other five judgements imply
    assert judgement.ratio_after == pytest.approx(0.0, abs=1e-9)


def test_house_example_suggestion_improves_consistency() -> None:
    judgement = most_inconsistent(HOUSE)
    assert judgement is not None
    assert judgement.ratio_after < analyse(HOUSE).consistency_ratio
    assert judgement.suggested != judgement.current


def test_two_criteria_are_always_consistent() -> None:
    result = analyse([[1, 3], [1 / 3, 1]])
    assert result.weights == pytest.approx((0.75, 0.25))
    assert result.consistency_ratio == 0.0


def test_bad_matrices_are_refused() -> None:
    with pytest.raises(AhpError, match="reciprocal"):
        analyse([[1, 3], [3, 1]])
    with pytest.raises(AhpError, match="positive"):
        analyse([[1, 0], [0, 1]])
    with pytest.raises(AhpError, match="square"):
        analyse([[1, 2, 3]])


def test_scale_snapping_and_words() -> None:
    assert snap_to_scale(2.9) == 3
    assert snap_to_scale(0.3) == pytest.approx(1 / 3)
    assert snap_to_scale(40) == 9
    assert describe_value(3) == "3 (moderately more important)"
    assert describe_value(1 / 5).startswith("1/5 (the other is strongly")
