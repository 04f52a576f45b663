"""The window opens a plan after SQLite's quick check and runs the full one once the plan is
shown: a plan whose index no longer matches its table is then said to be damaged, as an
opening would have said it, and stays open to read with every change refused (issue 22)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from planner.store.database import StoreError
from planner.store.engine import sqlite_backup
from planner.store.tables import Organisation
from planner.ui.shell.background import wait_all


def _organisations(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM organisation ORDER BY id")]
    finally:
        con.close()



def test_the_window_says_the_plan_is_damaged_and_keeps_it_read_only(
        qtbot, window_factory, damaged: Path, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    window = window_factory()
    before = _organisations(damaged)
    assert window.open_path(damaged)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)  # the check, once it is shown
    assert errors and "sample.sqlite" in errors[0] and "damaged" in errors[0]
    assert "no change to it will be saved" in errors[0]
    assert "read only" in window.windowTitle()
    assert window.store is not None
    with pytest.raises(StoreError, match="not saved"), window.store.work() as work:
        work.add(Organisation(name="Harbour Arts"))
    assert _organisations(damaged) == before


def test_a_sound_plan_opened_in_the_window_is_edited_as_before(
        window_factory, sample_file: Path, tmp_path: Path, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sound.sqlite"
    sqlite_backup(sample_file, path)
    window = window_factory()
    assert window.open_path(path)
    QApplication.processEvents()  # the check starts once the plan is shown
    assert wait_all(30)
    QApplication.processEvents()
    assert window.store is not None
    with window.store.work() as work:  # would wait for the check, were it still running
        work.add(Organisation(name="Harbour Arts"))
    assert errors == [] and "read only" not in window.windowTitle()
    assert "Harbour Arts" in _organisations(path)
