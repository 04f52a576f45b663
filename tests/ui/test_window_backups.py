"""A backup the window cannot take (a full disk, an unwritable folder, an unforeseen SQLite
error) is said once in the status bar, never as a crash or an error box; it leaves no
partial file, and the plan stays open and usable (issue 13, part 2)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store.backups import list_backups
from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow

FAILED = "Automatic backup failed"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB file system, nearly full (root only: CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs root to mount a small tmpfs (CI runs as root)")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        stats = os.statvfs(mount)
        (mount / "filler").write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - 64 * 1024))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """An empty folder nobody can write to (a read-only bind mount as root, who ignores
    permissions)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if subprocess.run(["mount", "--bind", str(folder), str(folder)],
                      capture_output=True).returncode:
        pytest.skip("cannot bind-mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _leftovers(folder: Path) -> list[str]:
    """Files other than the filler: a backup, or a partial one."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.name != "filler")


def _backing_up_window(window_factory, store: Store, data_dir: Path,  # type: ignore[no-untyped-def]
                       messages: list[str]) -> MainWindow:
    """A window whose opening backup goes to ``data_dir`` (at once, not after 3 s)."""
    window = window_factory()
    window.data_dir = data_dir
    window.auto_backup = True
    window.open_backup_delay_ms = 0
    window.statusBar().messageChanged.connect(messages.append)
    window.show()
    window.install_store(store)
    return window


def _said(messages: list[str]) -> list[str]:
    return [m for m in messages if m.startswith(FAILED)]


def _still_usable(window: MainWindow) -> None:
    from planner.services.organisation import get_profile, update_profile

    assert window.store is not None and window.isVisible()
    update_profile(window.store, "vision", "Still saving")
    assert get_profile(window.store).vision == "Still saving"
    assert window.show_view("timeline") is not None


def test_the_opening_backup_on_a_full_disk_is_said_once(
        window_factory, sample_store: Store, small_disk: Path, qtbot,  # type: ignore[no-untyped-def]
        errors: list[str]) -> None:
    messages: list[str] = []
    window = _backing_up_window(window_factory, sample_store, small_disk, messages)
    qtbot.waitUntil(lambda: bool(_said(messages)), timeout=10_000)
    assert "the disk is full" in _said(messages)[0]
    assert _leftovers(small_disk) == []  # no .part, no half backup
    window.backup_now()  # the next try fails the same way: not said again
    window.jobs.wait(10)
    assert len(_said(messages)) == 1 and errors == []
    _still_usable(window)

    (small_disk / "filler").unlink()  # room again: the next backup is taken
    window.backup_now()
    window.jobs.wait(10)
    assert messages[-1] == "Backup taken"
    assert len(list_backups(window.backup_folder())) == 1


def test_an_unwritable_backup_folder_is_said_once(
        window_factory, sample_store: Store, read_only_dir: Path, qtbot,  # type: ignore[no-untyped-def]
        errors: list[str]) -> None:
    messages: list[str] = []
    window = _backing_up_window(window_factory, sample_store, read_only_dir, messages)
    qtbot.waitUntil(lambda: bool(_said(messages)), timeout=10_000)
    window.close_plan()  # closing tries once more (the backup is still due): not said again
    assert len(_said(messages)) == 1 and errors == []
    assert _leftovers(read_only_dir) == []


def test_an_unforeseen_sqlite_error_in_a_backup_is_said_not_raised(
        window_factory, sample_store: Store, tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
        errors: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.store import backups

    def broken(plan: Path, folder: Path) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backups, "take_backup", broken)
    messages: list[str] = []
    window = _backing_up_window(window_factory, sample_store, tmp_path / "data", messages)
    qtbot.waitUntil(lambda: bool(_said(messages)), timeout=10_000)
    assert _said(messages) == [f"{FAILED}: disk I/O error"]
    assert errors == []  # no error box: the status bar says it
    _still_usable(window)
