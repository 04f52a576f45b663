"""Backups on a full disk or in an unwritable folder, and restoring when the window won't open.

A full disk is a small tmpfs (root only: CI runs as root); an unwritable folder is a
read-only bind mount as root, or a read-only folder otherwise.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.cli import main
from planner.store.backups import folder_for, list_backups, restore_backup, take_backup
from planner.store.database import Store, StoreError
from planner.store.engine import sqlite_backup
from planner.store.tables import Organisation


@pytest.fixture
def small_disk_b(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB file system of its own (fill it with :func:`_leave_free`)."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs root to mount a small tmpfs (CI runs as root)")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _leave_free(mount: Path, free: int) -> None:
    """Fill ``mount`` until only about ``free`` bytes are left."""
    stats = os.statvfs(mount)
    (mount / "filler").write_bytes(b"\0" * max(0, stats.f_bavail * stats.f_frsize - free))


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """An existing, empty folder nobody can write to."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def plan(sample_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    sqlite_backup(sample_file, path)
    return path


def test_backup_command_on_a_full_disk_is_one_line_and_leaves_nothing(
        plan: Path, small_disk_b: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _leave_free(small_disk_b, 100_000)  # less than the plan
    out = small_disk_b / "copy.sqlite"
    assert main(["backup", "--db", str(plan), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "disk is full" in err and str(out) in err
    assert sorted(p.name for p in small_disk_b.iterdir()) == ["filler"]


def test_automatic_backup_on_a_full_disk_keeps_the_earlier_ones(plan: Path,
                                                                small_disk_b: Path) -> None:
    folder = small_disk_b / "backups"
    first = take_backup(plan, folder)
    _leave_free(small_disk_b, 100_000)
    with pytest.raises(StoreError) as info:
        take_backup(plan, folder)
    assert "disk is full" in str(info.value) and "\n" not in str(info.value)
    assert [b.path for b in list_backups(folder)] == [first.path]
    assert sorted(p.name for p in folder.iterdir()) == [first.path.name], "no .part left"


def test_automatic_backup_into_an_unwritable_folder(plan: Path, read_only_folder: Path) -> None:
    for folder in (read_only_folder, read_only_folder / "plan-1234"):
        with pytest.raises(StoreError) as info:
            take_backup(plan, folder)
        message = str(info.value)
        assert "read-only" in message and "\n" not in message
    assert list(read_only_folder.iterdir()) == []


def test_restore_on_a_full_disk_leaves_the_plan_as_it_was(sample_file: Path, tmp_path: Path,
                                                          small_disk_b: Path) -> None:
    plan = small_disk_b / "plan.sqlite"
    with Store.open(plan, create=True) as store, store.work() as work:
        work.add(Organisation(name="Only this"))
    before = plan.read_bytes()
    _leave_free(small_disk_b, 100_000)  # less than the sample being restored
    with pytest.raises(StoreError, match="disk is full"):
        restore_backup(sample_file, plan, tmp_path / "backups")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in small_disk_b.iterdir()) == ["filler", "plan.sqlite"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("PLANNER_DATA_DIR", str(folder))
    return folder


def test_listing_and_restoring_when_the_window_will_not_open(
        plan: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = folder_for(plan, data_dir / "backups")  # where the window keeps them
    assert main(["backups", "--db", str(plan)]) == 0
    assert "No automatic backups" in capsys.readouterr().out
    backup = take_backup(plan, folder)

    plan.write_bytes(plan.read_bytes()[:-10])  # the plan is damaged
    assert main(["check", "--db", str(plan)]) == 1
    assert "planner backups" in capsys.readouterr().err

    assert main(["backups", "--db", str(plan)]) == 0
    listing = capsys.readouterr().out
    assert backup.path.name in listing and f"{backup.taken_at:%Y-%m-%d %H:%M:%S}" in listing
    assert "KB" in listing

    assert main(["restore", "--db", str(plan), "--from", backup.path.name]) == 0
    said = capsys.readouterr().out
    assert "Restored" in said and "kept as" in said
    assert main(["check", "--db", str(plan)]) == 0
    # The damaged state was kept too (the damage and all: nothing thrown away): as a backup
    # if the backup API could still copy it, else byte for byte as "…-damaged.sqlite".
    kept = folder / said.split("kept as ")[1].strip()
    assert kept.is_file() and kept.stat().st_size > 0
    assert backup.path in [b.path for b in list_backups(folder)]


def test_a_plan_too_damaged_to_back_up_is_kept_byte_for_byte_when_restoring(
        plan: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = folder_for(plan, data_dir / "backups")
    backup = take_backup(plan, folder)
    ruined = plan.read_bytes()[:16] + b"\xff" * 4000  # its header is gone
    plan.write_bytes(ruined)
    assert main(["restore", "--db", str(plan), "--from", backup.path.name]) == 0
    kept = capsys.readouterr().out.split("kept as ")[1].strip()
    assert kept.endswith("-damaged.sqlite")
    assert (folder / kept).read_bytes() == ruined
    assert [b.path for b in list_backups(folder)] == [backup.path], "not offered as a backup"
    assert main(["check", "--db", str(plan)]) == 0


def test_restore_command_refusals_are_one_line(plan: Path, data_dir: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", "--db", str(plan), "--from", "nothing.sqlite"]) == 2
    assert "no such backup" in capsys.readouterr().err
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(plan.read_bytes()[:-2])
    before = plan.read_bytes()
    assert main(["restore", "--db", str(plan), "--from", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "cannot be restored" in err and "damaged" in err and len(err.splitlines()) == 1
    good = tmp_path / "good.sqlite"
    sqlite_backup(plan, good)
    with Store.open(plan):
        assert main(["restore", "--db", str(plan), "--from", str(good)]) == 1
        assert "already open" in capsys.readouterr().err
    assert plan.read_bytes() == before


def _plan_with(path: Path, name: str, rows: int) -> None:
    """A plan holding ``rows`` partners named ``name …`` (about 2 KB each)."""
    import sqlite3

    Store.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO organisation (row_version, name, is_self, kind, sector, "
                    "location, website, notes) VALUES (1, ?, 0, '', '', '', '', ?)",
                    [(f"{name} {n}", "x" * 2000) for n in range(rows)])
    con.commit()
    con.close()


def test_a_restore_killed_at_any_moment_leaves_one_whole_plan(tmp_path: Path,
                                                              data_dir: Path) -> None:
    """kill -9 while ``planner restore`` works: the plan is afterwards either the old one or
    the backup, whole and sound, and the command can simply be run again."""
    import signal
    import sys
    import time

    backup = tmp_path / "backup.sqlite"
    _plan_with(backup, "Restored", 1000)  # ~2 MB
    plan = tmp_path / "plan.sqlite"

    def restore(kill_after: float | None) -> float:
        for leftover in (plan, Path(f"{plan}-wal"), Path(f"{plan}-shm")):
            leftover.unlink(missing_ok=True)
        _plan_with(plan, "Old", 3)
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "planner.cli", "restore", "--db",
                                  str(plan), "--from", str(backup)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill_after is not None:
            time.sleep(kill_after)
            child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) in (0, -signal.SIGKILL)
        return time.monotonic() - start

    whole = restore(None)  # how long a restore takes here, start-up included
    # The first half or so is Python starting; cut the work itself, early and late.
    for share in (0.7, 0.9):
        restore(whole * share)
        with Store.open(plan, read_only=True) as store, store.work() as work:
            names = {o.name.split()[0] for o in work.list(Organisation)}
            assert store.check() == []
        assert names in ({"Old"}, {"Restored"})
    # Whatever the kill left, running the command again finishes the job.
    assert main(["restore", "--db", str(plan), "--from", str(backup)]) == 0
    with Store.open(plan, read_only=True) as store, store.work() as work:
        assert work.count(Organisation) == 1000
