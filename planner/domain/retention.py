"""Which automatic backups to keep (domain layer): 12 daily, 8 weekly, 6 monthly, back from today.

Counted back from *now* (the clock is passed in), not from the newest backup: the last 12
days (today included), the last 8 ISO weeks (this one included) and the last 6 calendar
months (this one included) each keep their newest backup. The newest few are kept whatever
their day, so today's earlier states (before this morning's mistake, say) stay restorable.
A backup stamped after *now* (the clock was set back since it was taken) cannot be placed in
a day that has not come yet, so it is kept rather than guessed about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

RECENT, DAILY, WEEKLY, MONTHLY = 10, 12, 8, 6

K = TypeVar("K", bound=Hashable)
Bucket = Callable[[dt.datetime], Hashable]


def _day(stamp: dt.datetime) -> Hashable:
    return stamp.date()


def _week(stamp: dt.datetime) -> Hashable:
    return stamp.isocalendar()[:2]


def _month(stamp: dt.datetime) -> Hashable:
    return (stamp.year, stamp.month)


def _last(now: dt.datetime, bucket: Bucket, count: int) -> set[Hashable]:
    """The ``count`` buckets back from now's, this one included (a day, week or month)."""
    wanted: set[Hashable] = set()
    day = now.date()
    while len(wanted) < count:
        wanted.add(bucket(dt.datetime.combine(day, dt.time())))
        day -= dt.timedelta(days=1)
    return wanted


def backups_to_keep(stamps: Mapping[K, dt.datetime], now: dt.datetime, *, recent: int = RECENT,
                    daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY) -> set[K]:
    """The keys of ``stamps`` (backup -> when taken) to keep at ``now``.

    Stamps and ``now`` are compared as given (both naive, or both aware); days, weeks and
    months are those of ``now``'s time zone.
    """
    def local(stamp: dt.datetime) -> dt.datetime:
        if stamp.tzinfo is None or now.tzinfo is None:
            return stamp
        return stamp.astimezone(now.tzinfo)

    keep = {key for key, stamp in stamps.items() if stamp > now}
    placed = sorted(((stamp, key) for key, stamp in stamps.items() if key not in keep),
                    key=lambda item: item[0])
    keep |= {key for _stamp, key in placed[len(placed) - recent:]}
    for bucket, count in ((_day, daily), (_week, weekly), (_month, monthly)):
        wanted = _last(now, bucket, count)
        newest: dict[Hashable, K] = {}
        for stamp, key in placed:  # oldest first: the newest of each bucket ends up kept
            label = bucket(local(stamp))
            if label in wanted:
                newest[label] = key
        keep |= set(newest.values())
    return keep
