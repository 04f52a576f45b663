"""Benchmark: ranking and rank stability for 1,000 opportunities x 10 criteria x 1,000 weightings.

Run: ``.venv/bin/python -m bench.screening``. Goal: the whole stability sweep (draw 1,000
weightings, score every opportunity under each, find who stays in the top k) in <= 200 ms.
The baseline is the same sweep written as plain Python loops, timed in the same run on the
same data, so the ratio does not depend on the machine.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable

from bench._common import run_times_ms
from planner.domain.screening import (
    CriterionInfo,
    OptionInput,
    rank_options,
    rank_stability,
    sample_weightings,
)

OPTIONS = 1000
CRITERIA = 10
WEIGHTINGS = 1000
TOP_K = 3
GOAL_MS = 200.0


def make_data(seed: int = 7) -> tuple[list[OptionInput], list[CriterionInfo]]:
    rng = random.Random(seed)
    criteria = [CriterionInfo(c, f"Criterion {c}", "cost" if c % 4 == 3 else "benefit",
                              float(rng.randint(1, 20))) for c in range(CRITERIA)]
    options = [OptionInput(o, f"Opportunity {o}",
                           {c.id: rng.randint(1, 5) for c in criteria},
                           frozenset(c.id for c in criteria if rng.random() < 0.6))
               for o in range(OPTIONS)]
    return options, criteria


def naive_stability(options: list[OptionInput], criteria: list[CriterionInfo],
                    k: int) -> dict[int, float]:
    """The baseline: the same sweep with Python loops (ties ignored)."""
    weightings = sample_weightings([c.weight for c in criteria], WEIGHTINGS).tolist()
    values = []
    for o in options:
        row = []
        for c in criteria:
            level = o.levels[c.id]
            effective = 6 - level if c.direction == "cost" else level
            row.append((effective - 1) / 4)
        values.append(row)
    hits = dict.fromkeys((o.id for o in options), 0)
    for w in weightings:
        scores = [(sum(v * x for v, x in zip(row, w, strict=True)), o.id)
                  for row, o in zip(values, options, strict=True)]
        scores.sort(reverse=True)
        for _, ident in scores[:k]:
            hits[ident] += 1
    return {ident: count / len(weightings) for ident, count in hits.items()}


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best and median wall time in ms (the best shows the code, the median the machine)."""
    times = run_times_ms(func, repeat)
    return min(times), statistics.median(times)


def main() -> None:
    options, criteria = make_data()
    rank_best, rank_med = timed(lambda: rank_options(options, criteria), 9)
    stab_best, stab_med = timed(lambda: rank_stability(options, criteria, TOP_K), 9)
    base_best, _ = timed(lambda: naive_stability(options, criteria, TOP_K), 1)
    ours = rank_stability(options, criteria, TOP_K).shares
    theirs = naive_stability(options, criteria, TOP_K)
    worst = max(abs(ours[i] - theirs[i]) for i in ours)

    print(f"Screening benchmark: {OPTIONS:,} opportunities x {CRITERIA} criteria x "
          f"{WEIGHTINGS:,} weightings, top {TOP_K}")
    print(f"{'figure':<46}{'best ms':>9}{'median ms':>11}{'vs baseline':>13}")
    print(f"{'ranking (scores, gates, confidence, ranks)':<46}{rank_best:>9.1f}{rank_med:>11.1f}")
    print(f"{'stability sweep (numpy, ours)':<46}{stab_best:>9.1f}{stab_med:>11.1f}"
          f"{base_best / stab_med:>12.1f}x")
    print(f"{'stability sweep (pure-Python loops, baseline)':<46}{base_best:>9.1f}{'':>11}"
          f"{1.0:>12.1f}x")
    print(f"largest difference in a top-{TOP_K} share, ours vs baseline: {worst:.4f}")
    total = rank_med + stab_med
    verdict = "meets" if total <= GOAL_MS else "MISSES"
    print(f"ranking + stability (medians): {total:.1f} ms, {verdict} the {GOAL_MS:.0f} ms goal "
          f"({GOAL_MS / total:.1f}x headroom; best case {rank_best + stab_best:.1f} ms)")


if __name__ == "__main__":
    main()
