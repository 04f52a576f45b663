"""Automatic backups: consistent, verified, named in UTC, thinned (tests/domain/test_retention.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.store.backups import folder_for, list_backups, restore_backup, take_backup, thin
from planner.store.database import Store, StoreError
from planner.store.tables import Organisation


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
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    for n in reversed(range(40)):  # one a day for 40 days
        take_backup(store.path, folder, now=now - dt.timedelta(days=n))
    kept = list_backups(folder)
    assert 12 <= len(kept) <= 10 + 12 + 8 + 6
    assert kept[0].taken_at == now
    assert thin(folder, now=now) == []


def test_backups_are_named_in_utc_and_never_collide(store: Store, tmp_path: Path) -> None:
    assert store.path is not None
    folder = tmp_path / "b"
    now = dt.datetime(2026, 6, 1, 23, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    first = take_backup(store.path, folder, now=now)
    second = take_backup(store.path, folder, now=now)  # the same second
    assert first.path != second.path
    assert first.path.name.startswith("plan-20260601-213005Z-")
    assert {b.path for b in list_backups(folder)} == {first.path, second.path}
    assert list_backups(folder)[0].taken_at == now


def test_the_backup_just_taken_survives_a_clock_set_back(store: Store, tmp_path: Path) -> None:
    """Ten backups carry later times (the clock was ahead, or was set back since); the new
    one used to be thinned away at once while the window still said "Backup taken"."""
    assert store.path is not None
    folder = tmp_path / "b"
    now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    later = [take_backup(store.path, folder, now=now + dt.timedelta(days=n)).path
             for n in range(1, 11)]
    new = take_backup(store.path, folder, now=now)
    assert new.path.exists()
    assert {b.path for b in list_backups(folder)} == {new.path, *later}


def test_backups_named_the_old_way_are_still_listed(store: Store, tmp_path: Path) -> None:
    assert store.path is not None
    folder = tmp_path / "b"
    new = take_backup(store.path, folder)
    old = folder / "plan-20240102-030405.sqlite"  # local time, no suffix
    old.write_bytes(new.path.read_bytes())
    taken = [b.taken_at for b in list_backups(folder) if b.path == old]
    assert taken == [dt.datetime(2024, 1, 2, 3, 4, 5).astimezone()]


def test_restore_puts_the_backup_back_and_keeps_the_current_state(tmp_path: Path) -> None:
    plan = tmp_path / "plan.sqlite"
    folder = tmp_path / "backups"
    with Store.open(plan, create=True) as store:
        with store.work() as work:
            work.add(Organisation(name="Before"))
        backup = take_backup(plan, folder)
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


def test_restore_is_refused_while_the_plan_is_open(tmp_path: Path) -> None:
    plan = tmp_path / "plan.sqlite"
    folder = tmp_path / "backups"
    with Store.open(plan, create=True) as store:
        backup = take_backup(plan, folder)
        with store.work() as work:
            work.add(Organisation(name="Still here"))
        with pytest.raises(StoreError, match="already open"):
            restore_backup(backup.path, plan, folder)
        with store.work() as work:
            assert [o.name for o in work.list(Organisation)] == ["Still here"]
    assert not list(tmp_path.glob("*.restoring*"))
