"""The slip chart's worst slippers found without making every line (issue 22): the same
lines, in the same order, as ranking every line ``slip_lines`` makes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

import pytest

from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review

DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize("seed", range(8))
def test_the_worst_slippers_are_the_lines_a_chart_of_every_line_draws(seed: int) -> None:
    rnd = random.Random(seed)
    days = [DAY - dt.timedelta(days=d) for d in (0, 14, 28, 90, 200)]  # today a meeting too
    items = [tl.TimelineItem(k, 1, f"M{k}", rnd.choice(tl.STATUSES),
                             due=DAY + dt.timedelta(days=rnd.randint(-60, 60)),
                             actual=DAY if rnd.random() < .3 else None)
             if rnd.random() < .9 else tl.TimelineItem(k, 1, f"M{k}")  # no end at all
             for k in range(1, 120)]
    snaps = sorted((tl_review.SnapshotPoint(
        rnd.randint(1, 130), rnd.choice(days),
        None if rnd.random() < .1 else DAY + dt.timedelta(days=rnd.randint(-30, 30)), "late")
        for _ in range(400)), key=lambda s: s.taken_on)  # several a day: the last stands
    lines = tl_review.slip_lines(snaps, items, today=DAY)
    assert len({abs(line.total_slip_days) for line in lines}) < len(lines)  # ties kept in order
    for limit in (1, 5, 40, 500):
        drawn = sorted(lines, key=lambda line: -abs(line.total_slip_days))[:limit]
        chosen = tl_review.worst_slippers(_ends(snaps, items), today=DAY, limit=limit)
        assert chosen == [line.milestone_id for line in lines if line in drawn]


def _ends(snaps: Sequence[tl_review.SnapshotPoint], items: Sequence[tl.TimelineItem]
          ) -> Iterator[tl_review.SlipEnds]:
    """Each line's ends, as the database gives them (planner/store/milestone_reads.py)."""
    forecasts: dict[int, dict[dt.date, dt.date]] = {}
    for snap in snaps:  # in the order taken: a day's last forecast stands
        if snap.forecast is not None:
            forecasts.setdefault(snap.milestone_id, {})[snap.taken_on] = snap.forecast
    for item in items:
        days = forecasts.get(item.id)
        if days:
            first, last = min(days), max(days)
            yield tl_review.SlipEnds(item.id, len(days), days[first], last, days[last],
                                     item.end)
