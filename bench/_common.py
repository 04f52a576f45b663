"""Timing helpers shared by the benchmarks (bench/, not part of the application).

Every benchmark reports milliseconds of wall time measured with ``time.perf_counter``;
these helpers are that measurement, written once.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def run_times_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    """The wall time of each of ``repeat`` calls of ``fn``, in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def median_ms(fn: Callable[[], object], repeat: int = 5, *, warm_up: bool = False) -> float:
    """Median wall time of ``fn`` in ms; ``warm_up`` first makes one untimed call."""
    if warm_up:
        fn()
    return statistics.median(run_times_ms(fn, repeat))
