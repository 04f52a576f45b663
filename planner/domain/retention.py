"""Which automatic backups to keep (domain layer): the last 12 daily, 8 weekly, 6 monthly.

The newest few are kept whatever their day, so today's earlier states (before this
morning's mistake, say) stay restorable; older days keep one backup each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable

RECENT, DAILY, WEEKLY, MONTHLY = 10, 12, 8, 6


def _newest_per(stamps: list[dt.datetime], key: Callable[[dt.datetime], Hashable],
                count: int) -> set[dt.datetime]:
    kept: dict[Hashable, dt.datetime] = {}
    for stamp in sorted(stamps, reverse=True):
        bucket = key(stamp)
        if bucket not in kept:
            if len(kept) == count:
                break
            kept[bucket] = stamp
    return set(kept.values())


def backups_to_keep(stamps: Iterable[dt.datetime], *, recent: int = RECENT, daily: int = DAILY,
                    weekly: int = WEEKLY, monthly: int = MONTHLY) -> set[dt.datetime]:
    """The ``recent`` newest backups, and the newest backup of each of the last ``daily``
    days, ``weekly`` ISO weeks and ``monthly`` months that have backups."""
    items = sorted(set(stamps))
    if not items:
        return set()
    keep = set(items[-recent:])
    keep |= _newest_per(items, lambda s: s.date(), daily)
    keep |= _newest_per(items, lambda s: s.isocalendar()[:2], weekly)
    keep |= _newest_per(items, lambda s: (s.year, s.month), monthly)
    return keep
