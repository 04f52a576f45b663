"""Backup retention with a simulated clock: 12 daily, 8 weekly, 6 monthly, back from today."""

from __future__ import annotations

import datetime as dt

from planner.domain.retention import backups_to_keep


def _at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H")


def test_four_hundred_days_of_two_backups_a_day() -> None:
    """A backup at 09:00 and 17:00 every day from 2 Nov 2025 to Sunday 6 Dec 2026, the
    folder thinned after each one as the program does. What is left can be counted on a
    calendar."""
    end = dt.date(2026, 12, 6)
    kept: dict[dt.datetime, dt.datetime] = {}
    for n in range(400):
        day = end - dt.timedelta(days=399 - n)
        for hour in (9, 17):
            now = dt.datetime.combine(day, dt.time(hour))
            kept[now] = now
            kept = {k: kept[k] for k in backups_to_keep(kept, now)}
    expected = (
        # 6 months, this one included: the last backup of Jul, Aug, Sep, Oct, Nov (and Dec).
        ["2026-07-31 17", "2026-08-31 17", "2026-09-30 17", "2026-10-31 17"]
        # 8 ISO weeks, this one included: their Sundays, 18 Oct ... 6 Dec.
        + ["2026-10-18 17", "2026-10-25 17", "2026-11-01 17", "2026-11-08 17",
           "2026-11-15 17", "2026-11-22 17", "2026-11-29 17"]
        # 12 days, today included: 25 Nov ... 6 Dec (30 Nov also ends November).
        + [f"2026-11-{d} 17" for d in range(25, 31) if d != 29]
        + ["2026-12-01 17"]
        # The 10 newest: both backups of the last five days.
        + [f"2026-12-0{d} {h}" for d in range(2, 7) for h in ("09", "17")]
    )
    assert sorted(kept) == sorted(_at(t) for t in expected)
    assert len(kept) == 27
    # Thinning all at once at the end keeps the same backups as thinning day by day.
    every = {s: s for n in range(400) for s in (
        dt.datetime.combine(end - dt.timedelta(days=n), dt.time(9)),
        dt.datetime.combine(end - dt.timedelta(days=n), dt.time(17)))}
    assert backups_to_keep(every, _at("2026-12-06 17")) == set(kept)


def test_the_windows_count_back_from_today_not_from_the_newest_backup() -> None:
    """A plan not opened for two months: its old daily backups are no longer 'the last 12
    days'; each old month keeps one."""
    stamps = {s: s for s in (_at(f"2026-09-{d:02d} 10") for d in range(1, 31))}
    keep = backups_to_keep(stamps, _at("2026-11-30 12"), recent=0)
    # September is one of the last 6 months: its newest stays; the same ISO week's
    # newest (Sunday 27th) is not in the last 8 weeks.
    assert keep == {_at("2026-09-30 10")}


def test_backups_stamped_after_now_are_kept_and_do_not_push_out_the_new_one() -> None:
    """The clock went back an hour (or a year): ten backups carry later times than the one
    just taken. None of them is deleted for it, and the new one stays too."""
    now = _at("2026-03-01 09")
    later = {now + dt.timedelta(days=n): f"later {n}" for n in range(1, 11)}
    stamps = {name: when for when, name in later.items()} | {"just taken": now}
    assert backups_to_keep(stamps, now) == set(stamps)


def test_a_busy_day_keeps_its_ten_newest() -> None:
    day = {f"b{n}": _at("2026-03-01 08") + dt.timedelta(minutes=30 * n) for n in range(15)}
    keep = backups_to_keep(day, _at("2026-03-01 20"))
    assert keep == {f"b{n}" for n in range(5, 15)}


def test_little_is_all_kept_and_nothing_is_nothing() -> None:
    stamps = {s: s for s in (_at(f"2026-03-{d:02d} 10") for d in (1, 5, 9))}
    assert backups_to_keep(stamps, _at("2026-03-09 11")) == set(stamps)
    assert backups_to_keep({}, _at("2026-03-09 11")) == set()
