"""Benchmark: ranking and rank stability for 1,000 opportunities x 10 criteria x 1,000 weightings.

Run: ``.venv/bin/python -m bench.screening``. Goal: the whole stability sweep (draw 1,000
weightings, score every opportunity under each, find who stays in the top k) in <= 200 ms.
The baseline is the same sweep written as plain Python loops, timed in the same run on the
same data, so the ratio does not depend on the machine.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

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


def timed(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    options, criteria = make_data()
    ranking_ms = timed(lambda: rank_options(options, criteria), 5)
    stability_ms = timed(lambda: rank_stability(options, criteria, TOP_K), 5)
    baseline_ms = timed(lambda: naive_stability(options, criteria, TOP_K), 1)
    ours = rank_stability(options, criteria, TOP_K).shares
    theirs = naive_stability(options, criteria, TOP_K)
    worst = max(abs(ours[i] - theirs[i]) for i in ours)

    print(f"Screening benchmark: {OPTIONS:,} opportunities x {CRITERIA} criteria x "
          f"{WEIGHTINGS:,} weightings, top {TOP_K}")
    print(f"{'figure':<44}{'ms':>10}{'vs baseline':>14}")
    print(f"{'ranking (scores, gates, confidence, ranks)':<44}{ranking_ms:>10.1f}{'':>14}")
    print(f"{'stability sweep (numpy, ours)':<44}{stability_ms:>10.1f}"
          f"{baseline_ms / stability_ms:>13.1f}x")
    print(f"{'stability sweep (pure-Python loops, baseline)':<44}{baseline_ms:>10.1f}"
          f"{1.0:>13.1f}x")
    print(f"largest difference in a top-{TOP_K} share, ours vs baseline: {worst:.4f}")
    total = ranking_ms + stability_ms
    verdict = "meets" if total <= GOAL_MS else "MISSES"
    print(f"ranking + stability: {total:.1f} ms, {verdict} the {GOAL_MS:.0f} ms goal "
          f"({GOAL_MS / total:.1f}x headroom)")


if __name__ == "__main__":
    main()
