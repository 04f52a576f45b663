"""Automatic backups: consistent, verified, thinned to 12 daily, 8 weekly, 6 monthly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.domain.retention import backups_to_keep
from planner.store.backups import folder_for, list_backups, restore_backup, take_backup, thin
from planner.store.database import Store, StoreError
from planner.store.tables import Organisation


def test_retention_keeps_newest_per_day_week_and_month() -> None:
    start = dt.datetime(2026, 1, 1, 9, 0)
    # Two backups a day for a year.
    stamps = [start + dt.timedelta(hours=12 * n) for n in range(730)]
    keep = backups_to_keep(stamps)
    newest = max(stamps)
    assert newest in keep
    days = {s.date() for s in keep}
    # The last 12 days are each kept once, by their newest backup.
    for n in range(12):
        day = newest.date() - dt.timedelta(days=n)
        assert day in days
        assert max(s for s in stamps if s.date() == day) in keep
    months = {(s.year, s.month) for s in keep}
    assert len(months) == 6
    assert len(keep) <= 10 + 12 + 8 + 6
    # The ten newest are all kept, even two on one day.
    assert set(sorted(stamps)[-10:]) <= keep
    assert backups_to_keep([]) == set()


def test_same_day_backups_beyond_the_recent_ones_are_thinned() -> None:
    day = [dt.datetime(2026, 3, 1, 8) + dt.timedelta(minutes=30 * n) for n in range(15)]
    keep = backups_to_keep(day)
    assert keep == set(day[-10:])


def test_retention_keeps_everything_when_there_is_little() -> None:
    stamps = [dt.datetime(2026, 3, d, 10) for d in (1, 5, 9)]
    assert backups_to_keep(stamps) == set(stamps)


def test_backup_is_a_consistent_verified_copy_while_the_plan_is_open(store: Store,
                                                                     tmp_path: Path) -> None:
    with store.work() as work:
        work.add(Organisation(name="Łódź Academy"))
    assert store.path is not None
    folder = folder_for(store.path, tmp_path / "backups")
    backup = take_backup(store.path, folder)
    assert backup.path.exists()
    with Store.open(backup.path) as copy, copy.work() as work:
        assert [o.name for o in work.list(Organisation)] == ["Łódź Academy"]
    assert list_backups(folder)[0].path == backup.path


def test_thinning_removes_old_backups(store: Store, tmp_path: Path) -> None:
    assert store.path is not None
    folder = tmp_path / "b"
    now = dt.datetime(2026, 11, 25, 12, 0)
    for n in range(40):
        take_backup(store.path, folder, now=now - dt.timedelta(days=n))
    kept = list_backups(folder)
    assert 12 <= len(kept) <= 36
    assert kept[0].taken_at == now
    assert thin(folder) == []


def test_restore_puts_the_backup_back_and_keeps_the_current_state(tmp_path: Path) -> None:
    plan = tmp_path / "plan.sqlite"
    folder = tmp_path / "backups"
    with Store.open(plan, create=True) as store:
        with store.work() as work:
            work.add(Organisation(name="Before"))
        backup = take_backup(plan, folder, now=dt.datetime(2026, 1, 1, 8))
        with store.work() as work:
            work.add(Organisation(name="After"))
    restore_backup(backup.path, plan, folder)
    with Store.open(plan) as store, store.work() as work:
        assert [o.name for o in work.list(Organisation)] == ["Before"]
    assert len(list_backups(folder)) == 2  # the replaced state was kept as a backup too


def test_restore_refuses_a_bad_backup(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database")
    plan = tmp_path / "plan.sqlite"
    Store.open(plan, create=True).close()
    before = plan.read_bytes()
    with pytest.raises(StoreError, match="not a Partnership Planner plan"):
        restore_backup(bad, plan, tmp_path / "b")
    assert plan.read_bytes() == before
