"""Screening arithmetic (domain layer): weighted scores, gates, ranks, confidence and stability.

Scores are on a 0-100 scale. A criterion's anchored level 1-5 becomes a value 0..1 as
``(level - 1) / 4``; a *cost* criterion counts inversely (level ``6 - x``), so a level 5
capacity cost is worth what a level 1 benefit is. Each criterion contributes
``weight% × value`` points; the total is their sum. An unscored criterion contributes
nothing (the score only counts what has been judged) and lowers *confidence*, the share
of criteria scored with an evidence note.

Gates are non-compensatory: a failed gate takes the opportunity out of the ranking,
however well it scores, unless the failure was overridden with a recorded reason.

Rank stability asks whether the ranking survives reasonable disagreement about weights:
weightings are drawn from a Dirichlet distribution centred on the agreed weights and we
count how often each opportunity stays in the top *k*. The draw is seeded, so the same
plan always reports the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

class Outcome(StrEnum):
    """A screening decision; the values are what plans store (and compare equal to the
    plain strings, so stored data and exports are unchanged)."""

    PURSUE = "pursue"
    DEFER = "defer"
    DECLINE = "decline"


BENEFIT = "benefit"
COST = "cost"
GATE_RESULTS = ("pass", "fail", "unknown")
DEFAULT_CONCENTRATION = 100.0  # each weight's spread is about ±30% of itself at 10%
DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 20_240_601
_TIE = 1e-9  # scores closer than this are equal (sums of floats differ in the last bits)


class ScreeningError(ValueError):
    """Input the arithmetic cannot use (negative or all-zero weights, a level outside 1-5)."""


@dataclass(frozen=True)
class CriterionInfo:
    id: int
    name: str
    direction: str = BENEFIT
    weight: float = 0.0  # percent (any non-negative numbers; they are normalised)


@dataclass(frozen=True)
class GateOutcome:
    gate_id: int
    name: str
    result: str = "unknown"  # pass / fail / unknown
    overridden: bool = False


@dataclass(frozen=True)
class OptionInput:
    """One opportunity as the arithmetic needs it."""

    id: int
    title: str
    levels: Mapping[int, int | None] = field(default_factory=dict)  # criterion id -> level
    evidenced: frozenset[int] = frozenset()  # criterion ids whose score has an evidence note
    gates: tuple[GateOutcome, ...] = ()
    rankable: bool = True  # False for declined / exited opportunities (shown, not ranked)


@dataclass(frozen=True)
class RankedOption:
    id: int
    title: str
    score: float  # 0-100
    contributions: tuple[float, ...]  # points per criterion, in criteria order
    rank: int | None  # None when a gate failed or it is not in the running
    gate_status: str  # pass / overridden / unknown / fail
    failed_gates: tuple[str, ...]
    scored: int
    evidenced: int
    confidence: float  # 0..1

    @property
    def eligible(self) -> bool:
        return self.rank is not None

    @property
    def unscored(self) -> bool:
        """No criterion scored yet: no score, rank, confidence or stability to speak of."""
        return self.scored == 0


# --------------------------------------------------------------------------- values


def value_of(level: int | None, direction: str) -> float | None:
    """A level 1-5 as a value 0..1 (cost criteria inverted); None when unscored."""
    if level is None:
        return None
    if not 1 <= level <= 5:
        raise ScreeningError(f"A level must be between 1 and 5, not {level}.")
    effective = 6 - level if direction == COST else level
    return (effective - 1) / 4.0


def normalise_weights(weights: Sequence[float]) -> Array:
    """Weights as fractions summing to 1; refuses negative and all-zero weights."""
    w = np.asarray(weights, dtype=np.float64)
    if w.size == 0:
        raise ScreeningError("There are no criteria to weigh.")
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise ScreeningError("Weights cannot be negative.")
    total = float(w.sum())
    if total <= 0:
        raise ScreeningError("At least one criterion needs a weight above zero.")
    return w / total


def to_percentages(weights: Sequence[float], total: int = 100) -> list[int]:
    """Whole percentages that add up to exactly ``total`` (largest remainders keep their share)."""
    w = normalise_weights(weights) * total
    floors = np.floor(w).astype(int)
    short = total - int(floors.sum())
    order = np.argsort(-(w - floors), kind="stable")
    for index in order[:short]:
        floors[index] += 1
    return [int(x) for x in floors]


def value_matrix(options: Sequence[OptionInput], criteria: Sequence[CriterionInfo]) -> Array:
    """Values 0..1 per option (rows) and criterion (columns); unscored cells are 0."""
    ids = [c.id for c in criteria]
    # Levels as a float array with NaN for unscored cells, then one vectorised conversion.
    levels = np.array([[np.nan if (x := o.levels.get(i)) is None else x for i in ids]
                       for o in options], dtype=np.float64).reshape(len(options), len(ids))
    scored = ~np.isnan(levels)
    if np.any((levels[scored] < 1) | (levels[scored] > 5)):
        bad = levels[scored][(levels[scored] < 1) | (levels[scored] > 5)][0]
        raise ScreeningError(f"A level must be between 1 and 5, not {bad:g}.")
    cost = np.array([c.direction == COST for c in criteria], dtype=bool)
    effective = np.where(cost[np.newaxis, :], 6 - levels, levels)
    return np.where(scored, (effective - 1) / 4.0, 0.0)


# --------------------------------------------------------------------------- gates


def gate_status(outcomes: Iterable[GateOutcome]) -> str:
    """fail (a failure stands) > unknown (not yet answered) > overridden > pass."""
    outcomes = list(outcomes)
    if any(o.result == "fail" and not o.overridden for o in outcomes):
        return "fail"
    if any(o.result == "unknown" for o in outcomes):
        return "unknown"
    if any(o.result == "fail" and o.overridden for o in outcomes):
        return "overridden"
    return "pass"


def is_scored(option: OptionInput) -> bool:
    """At least one criterion scored: an opportunity nobody has scored has no rank (a score of
    0 would rank it, and an unscored field would even be "stable" in the top group)."""
    return any(level is not None for level in option.levels.values())


def in_running(option: OptionInput) -> bool:
    """Whether an option competes for a rank: not declined or exited, no failed gate, and
    scored on at least one criterion."""
    return option.rankable and gate_status(option.gates) != "fail" and is_scored(option)


def failed_gates(outcomes: Iterable[GateOutcome]) -> tuple[str, ...]:
    return tuple(o.name for o in outcomes if o.result == "fail" and not o.overridden)


# --------------------------------------------------------------------------- ranking


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Ranks with ties sharing the better place: 90, 80, 80, 70 -> 1, 2, 2, 4."""
    values = np.round(np.asarray(scores, dtype=np.float64) / _TIE)
    if values.size == 0:
        return []
    # Rank = 1 + how many scores are strictly higher: a binary search in the sorted scores.
    ascending = np.sort(values)
    higher = values.size - np.searchsorted(ascending, values, side="right")
    return [int(h) + 1 for h in higher]


def rank_options(options: Sequence[OptionInput],
                 criteria: Sequence[CriterionInfo]) -> list[RankedOption]:
    """Every option with its score, contributions, gate status and rank, best first.

    Options out of the running (failed gate, declined) follow the ranked ones, by score.
    """
    n = len(criteria)
    if n:
        w = normalise_weights([c.weight for c in criteria])
        values = value_matrix(options, criteria)
        points = values * (w * 100.0)[np.newaxis, :]
    else:
        points = np.zeros((len(options), 0))
    totals = points.sum(axis=1) if len(options) else np.zeros(0)
    statuses = [gate_status(o.gates) for o in options]
    eligible = [i for i, o in enumerate(options) if o.rankable and statuses[i] != "fail"
                and any(o.levels.get(c.id) is not None for c in criteria)]
    ranks: dict[int, int] = dict(zip(eligible, competition_ranks([totals[i] for i in eligible]),
                                     strict=True))
    ids = [c.id for c in criteria]
    contributions = points.tolist()
    result: list[RankedOption] = []
    for i, option in enumerate(options):
        levels = option.levels
        scored = sum(1 for c in ids if levels.get(c) is not None)
        evidenced = sum(1 for c in ids if c in option.evidenced and levels.get(c) is not None)
        result.append(RankedOption(
            id=option.id, title=option.title, score=float(totals[i]),
            contributions=tuple(contributions[i]), rank=ranks.get(i),
            gate_status=statuses[i], failed_gates=failed_gates(option.gates),
            scored=scored, evidenced=evidenced, confidence=evidenced / n if n else 0.0))
    result.sort(key=lambda r: (r.rank is None, r.rank or 0, -r.score, r.title.casefold()))
    return result


# --------------------------------------------------------------------------- stability


def sample_weightings(weights: Sequence[float], samples: int = DEFAULT_SAMPLES, *,
                      concentration: float = DEFAULT_CONCENTRATION,
                      seed: int = DEFAULT_SEED) -> Array:
    """``samples`` weightings (rows, summing to 1) drawn around the agreed ones.

    Dirichlet(concentration × w): the mean is the agreed weighting; a larger concentration
    keeps draws closer. Criteria weighted zero stay at zero (nobody argued for them).
    """
    w = normalise_weights(weights)
    rng = np.random.default_rng(seed)
    out = np.zeros((samples, w.size), dtype=np.float64)
    live = w > 0
    # Gamma draws normalised per row are a Dirichlet draw, and faster than rng.dirichlet.
    gammas = rng.standard_gamma(concentration * w[live], size=(samples, int(live.sum())))
    sums = gammas.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    out[:, live] = gammas / sums
    return out


def top_k_shares(values: Array, weightings: Array, k: int) -> Array:
    """For each option (row of ``values``), the share of weightings that keep it in the top k.

    Ties at the k-th place share the remaining places equally, so two identical options
    competing for one place each get half of it.
    """
    m = values.shape[0]
    if m == 0:
        return np.zeros(0)
    if k >= m:
        return np.ones(m)
    if k <= 0:
        return np.zeros(m)
    # Samples x options, so each row (one weighting) is contiguous for the partition.
    scores = weightings @ values.T
    shares = np.zeros(m)
    candidates = np.arange(m)
    if m > 4 * k:
        # Prune options that can never reach the top k. The k-th best of a subset is a lower
        # bound for the true k-th best in every sample, so an option below that bound in
        # every sample has a share of exactly 0; the subset's own leaders stay candidates,
        # so the k-th best among the candidates is the true one.
        leaders = np.argpartition(-scores.mean(axis=0), 3 * k)[:3 * k]
        bound = -np.partition(-scores[:, leaders], k - 1, axis=1)[:, k - 1:k]
        candidates = np.flatnonzero((scores >= bound - _TIE).any(axis=0))
        scores = scores[:, candidates]
    kth = -np.partition(-scores, k - 1, axis=1)[:, k - 1:k]  # the k-th best score per sample
    above = scores > kth + _TIE
    at = np.abs(scores - kth) <= _TIE
    greater = above.sum(axis=1, keepdims=True)
    equal = at.sum(axis=1, keepdims=True)
    share_at = (k - greater) / np.maximum(equal, 1)
    member = above + at * share_at
    shares[candidates] = member.mean(axis=0)
    return shares


@dataclass(frozen=True)
class StabilityResult:
    k: int
    samples: int
    concentration: float
    shares: dict[int, float]  # option id -> share of weightings in the top k

    def words(self, option_id: int) -> str:
        share = self.shares.get(option_id)
        return stability_words(share, self.k) if share is not None else "not ranked"


def stability_words(share: float, k: int) -> str:
    """The share in words a CEO reads: "in the top 3 in 91% of plausible weightings"."""
    place = "first" if k == 1 else f"in the top {k}"
    percent = round(share * 100)
    if percent >= 100 and share > 0.9999:
        return f"{place} in every plausible weighting tried"
    if percent <= 0 and share < 0.0001:
        return f"never {place} in the plausible weightings tried"
    percent = min(max(percent, 1), 99)  # do not round a near-certainty into a certainty
    return f"{place} in {percent}% of plausible weightings"


def rank_stability(options: Sequence[OptionInput], criteria: Sequence[CriterionInfo], k: int,
                   *, samples: int = DEFAULT_SAMPLES,
                   concentration: float = DEFAULT_CONCENTRATION,
                   seed: int = DEFAULT_SEED) -> StabilityResult:
    """Top-k shares for the options in the running (gates not failed, not declined)."""
    running = [o for o in options if in_running(o)]
    if not running or not criteria:
        return StabilityResult(k, samples, concentration, {})
    values = value_matrix(running, criteria)
    weightings = sample_weightings([c.weight for c in criteria], samples,
                                   concentration=concentration, seed=seed)
    shares = top_k_shares(values, weightings, k)
    return StabilityResult(k, samples, concentration,
                           {o.id: float(s) for o, s in zip(running, shares, strict=True)})


# --------------------------------------------------------------------------- weight ranges


@dataclass(frozen=True)
class WeightRange:
    """How far one criterion's weight can move (others scaled to fill the rest) with the top k unchanged."""

    criterion_id: int
    name: str
    current: float  # percent
    low: float  # percent
    high: float  # percent

    @property
    def words(self) -> str:
        if self.high - self.low < 0.5:
            return f"{self.name}: any change alters the top group (a tie at its edge)"
        return (f"{self.name}: the top group holds from {self.low:.0f}% to {self.high:.0f}% "
                f"(now {self.current:.0f}%)")


def weight_ranges(options: Sequence[OptionInput], criteria: Sequence[CriterionInfo],
                  k: int) -> list[WeightRange]:
    """Per criterion, the weight interval over which the top-k set stays the same.

    Moving criterion j's weight to t (the others keep their proportions in 1 - t) makes every
    score a straight line in t, so the set changes only where an insider's line crosses an
    outsider's: the interval is bounded by the nearest crossings either side of today's weight.
    """
    ranked = [r for r in rank_options(options, criteria) if r.eligible]
    if not criteria:
        return []
    w = normalise_weights([c.weight for c in criteria])
    by_id = {o.id: o for o in options}
    ordered = [by_id[r.id] for r in ranked]
    result: list[WeightRange] = []
    if len(ordered) <= k or k <= 0:
        return [WeightRange(c.id, c.name, float(w[j] * 100), 0.0, 100.0)
                for j, c in enumerate(criteria)]
    values = value_matrix(ordered, criteria)
    scores = values @ w
    tie_at_edge = abs(scores[k - 1] - scores[k]) < _TIE
    inside, outside = values[:k], values[k:]
    n = len(criteria)
    for j, criterion in enumerate(criteria):
        t0 = float(w[j])
        if tie_at_edge:
            result.append(WeightRange(criterion.id, criterion.name, t0 * 100, t0 * 100, t0 * 100))
            continue
        rest = np.delete(w, j)
        rest = rest / rest.sum() if rest.sum() > 0 else np.full(n - 1, 1.0 / max(n - 1, 1))
        r_in = np.delete(inside, j, axis=1) @ rest
        r_out = np.delete(outside, j, axis=1) @ rest
        d0 = r_in[:, np.newaxis] - r_out[np.newaxis, :]  # gap at t = 0
        d1 = inside[:, j][:, np.newaxis] - outside[:, j][np.newaxis, :]  # gap at t = 1
        slope = d1 - d0
        low, high = 0.0, 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            crossing = np.where(np.abs(slope) > 1e-12, -d0 / slope, np.nan)
        rising = slope > 1e-12  # the gap grows with t: the crossing bounds from below
        falling = slope < -1e-12
        below = crossing[rising & (crossing <= t0 + 1e-12)]
        above = crossing[falling & (crossing >= t0 - 1e-12)]
        if below.size:
            low = max(low, float(below.max()))
        if above.size:
            high = min(high, float(above.min()))
        result.append(WeightRange(criterion.id, criterion.name, t0 * 100,
                                  max(0.0, low) * 100, min(1.0, high) * 100))
    return result


# --------------------------------------------------------------------------- slider weights


def rebalance(weights: Sequence[int], index: int, value: int, total: int = 100) -> list[int]:
    """Whole-number weights after one is set to ``value``, the rest rescaled to keep ``total``.

    The others keep their proportions (largest remainders round); when they are all zero
    they share what is left equally. This is what sliders that "always total 100" do.
    """
    n = len(weights)
    value = max(0, min(total, int(value)))
    if n == 1:
        return [total]
    others = [i for i in range(n) if i != index]
    rest = total - value
    current = [max(0, int(weights[i])) for i in others]
    base = current if sum(current) > 0 else [1] * len(others)
    shares = to_percentages(base, rest) if rest > 0 else [0] * len(others)
    result = [0] * n
    result[index] = value
    for i, share in zip(others, shares, strict=True):
        result[i] = share
    return result
