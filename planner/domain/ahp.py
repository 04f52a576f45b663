"""Pairwise-comparison weights (domain layer): Saaty's AHP eigenvector and consistency ratio.

A judgement ``a[i][j]`` says how much more important criterion *i* is than *j* on Saaty's
1-9 scale (1/3 means *j* is moderately more important). Weights are the principal right
eigenvector of the reciprocal matrix; the consistency ratio compares how far λmax strays
from *n* with the average stray of random matrices of the same size (Saaty's random
index). Below 0.10 is the customary "acceptable" line.

Coaching never changes a judgement by itself: :func:`most_inconsistent` names the single
judgement that disagrees most with the rest and proposes a value; the user decides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]

# Saaty's random consistency index for n = 1..15 (Saaty 1980; larger n from Saaty & Tran
# 2007). The ratio means little beyond ten criteria, which the view says.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}
ACCEPTABLE_CR = 0.10

# The values a judgement may take: 1/9 .. 1/2, 1, 2 .. 9.
SCALE: tuple[float, ...] = tuple([1.0 / v for v in range(9, 1, -1)] + [float(v) for v in range(1, 10)])

SCALE_WORDS = {
    1: "equally important",
    2: "equally to moderately more important",
    3: "moderately more important",
    4: "moderately to strongly more important",
    5: "strongly more important",
    6: "strongly to very strongly more important",
    7: "very strongly more important",
    8: "very to extremely more important",
    9: "extremely more important",
}


class AhpError(ValueError):
    """A comparison matrix that cannot be used (not square, not positive, not reciprocal)."""


@dataclass(frozen=True)
class AhpResult:
    weights: tuple[float, ...]  # sum to 1
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float  # 0 when n <= 2 (two judgements cannot disagree)

    @property
    def acceptable(self) -> bool:
        return self.consistency_ratio < ACCEPTABLE_CR


@dataclass(frozen=True)
class Judgement:
    """One judgement that disagrees most with the others, and a value that agrees better."""

    row: int
    col: int
    current: float
    suggested: float
    ratio_after: float  # the consistency ratio once the suggestion is accepted


def as_matrix(values: Sequence[Sequence[float]] | Matrix) -> Matrix:
    """A checked float matrix: square, positive, reciprocal (within rounding), ones on the diagonal."""
    a = np.asarray(values, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise AhpError("A comparison table must be square and not empty.")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise AhpError("Every comparison must be a positive number.")
    if not np.allclose(np.diag(a), 1.0):
        raise AhpError("A criterion compared with itself must be 1.")
    if not np.allclose(a * a.T, 1.0, rtol=1e-6):
        raise AhpError("Each comparison must be the reciprocal of its mirror (3 and 1/3).")
    return a


def matrix_from_judgements(n: int, judgements: dict[tuple[int, int], float]) -> Matrix:
    """A full reciprocal matrix from upper-triangle judgements; missing pairs count as 1."""
    a = np.ones((n, n), dtype=np.float64)
    for (i, j), value in judgements.items():
        if i == j:
            continue
        if value <= 0 or not math.isfinite(value):
            raise AhpError("Every comparison must be a positive number.")
        a[i, j] = value
        a[j, i] = 1.0 / value
    return a


def _principal(a: Matrix) -> tuple[Matrix, float]:
    values, vectors = np.linalg.eig(a)
    index = int(np.argmax(values.real))
    vector = np.abs(vectors[:, index].real)
    return vector / vector.sum(), float(values[index].real)


def random_index(n: int) -> float:
    return RANDOM_INDEX.get(n, RANDOM_INDEX[15])


def analyse(values: Sequence[Sequence[float]] | Matrix) -> AhpResult:
    """Weights, λmax, CI and CR of a pairwise comparison matrix."""
    a = as_matrix(values)
    n = a.shape[0]
    if n == 1:
        return AhpResult((1.0,), 1.0, 0.0, 0.0, 0.0)
    weights, lam = _principal(a)
    ci = max(0.0, (lam - n) / (n - 1))
    ri = random_index(n)
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(tuple(float(w) for w in weights), lam, ci, ri, cr)


def snap_to_scale(value: float) -> float:
    """The nearest value on Saaty's scale, measured on a log scale (so 1/3 and 3 are symmetric)."""
    target = math.log(value)
    return min(SCALE, key=lambda s: abs(math.log(s) - target))


def harker_weights(a: Matrix, missing: set[tuple[int, int]]) -> Matrix:
    """Weights with some judgements left out (Harker 1987): zero them, add one to the diagonal per gap."""
    b = a.copy()
    for i, j in missing:
        b[i, j] = 0.0
        b[j, i] = 0.0
        b[i, i] += 1.0
        b[j, j] += 1.0
    weights, _ = _principal(b)
    return weights


def most_inconsistent(values: Sequence[Sequence[float]] | Matrix) -> Judgement | None:
    """The judgement furthest from what the weights imply, with a better value on the scale.

    The error of ``a[i][j]`` is ``a[i][j] * w[j] / w[i]`` (1 when it agrees exactly); the
    worst is the one furthest from 1 on a log scale. The suggestion is what the *other*
    judgements imply for that pair (Harker's method leaves the pair out), snapped to the
    scale. None when there are fewer than three criteria or nothing disagrees.
    """
    a = as_matrix(values)
    n = a.shape[0]
    if n < 3:
        return None
    result = analyse(a)
    if result.consistency_index < 1e-9:
        return None
    w = np.asarray(result.weights)
    error = np.abs(np.log(a * w[np.newaxis, :] / w[:, np.newaxis]))
    upper = np.triu(error, k=1)
    i, j = (int(x) for x in np.unravel_index(int(np.argmax(upper)), upper.shape))
    others = harker_weights(a, {(i, j)})
    implied = float(others[i] / others[j])
    suggested = snap_to_scale(implied)
    if math.isclose(suggested, a[i, j], rel_tol=1e-6):
        # The nearest scale value is the current one: step one notch towards the implied value.
        index = min(range(len(SCALE)), key=lambda k: abs(SCALE[k] - suggested))
        step = 1 if implied > a[i, j] else -1
        index = min(max(index + step, 0), len(SCALE) - 1)
        suggested = SCALE[index]
    changed = a.copy()
    changed[i, j] = suggested
    changed[j, i] = 1.0 / suggested
    return Judgement(i, j, float(a[i, j]), suggested, analyse(changed).consistency_ratio)


def describe_value(value: float) -> str:
    """A judgement in words for *row versus column*: "3 (moderately more important)"."""
    if value >= 1:
        whole = round(value)
        return f"{whole} ({SCALE_WORDS.get(whole, 'more important')})"
    whole = round(1 / value)
    return f"1/{whole} (the other is {SCALE_WORDS.get(whole, 'more important')})"
