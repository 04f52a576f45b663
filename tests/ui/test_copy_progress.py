"""File › Save a Copy… of a team database: the copy runs in the background with a progress
dialog saying how far it has gone, and Cancel keeps nothing (issue 22).

On a team database Save a Copy used to fail at once ("Backups through the file copy API need
a SQLite plan."): the plan is now copied row by row (planner/services/copying.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton

from planner.services import copying
from planner.services.portfolio_json import export_portfolio
from planner.store.database import Store
from planner.ui.shell.copy_progress import CopyDialog
from planner.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.postgresql



@pytest.fixture
def team_window(window_factory: Any, long_plan: Path, pg_url: str) -> Iterator[MainWindow]:
    copying.copy_database(long_plan, pg_url)  # the team's plan, made earlier
    window: MainWindow = window_factory(Store.open(pg_url))
    yield window


def _save_copy(window: MainWindow, target: Path, monkeypatch: pytest.MonkeyPatch) -> CopyDialog:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target), "Plans (*.sqlite)"))
    window.save_copy()
    dialog = window.findChild(CopyDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _slow_milestones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy dawdles once the milestones are written (a slow server): time to see the
    dialog say so."""
    real = copying.insert_rows
    written: list[str] = []

    def slow(work, info, rows):  # type: ignore[no-untyped-def]
        if "milestone" in written:
            time.sleep(0.5)
        real(work, info, rows)
        written.append(info.name)

    monkeypatch.setattr(copying, "insert_rows", slow)


def test_a_team_plan_is_saved_as_a_file_with_its_progress_shown(
        team_window: MainWindow, long_plan: Path, tmp_path: Path, errors: list[str],
        monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    _slow_milestones(monkeypatch)
    target = tmp_path / "offline.sqlite"
    dialog = _save_copy(team_window, target, monkeypatch)
    qtbot.waitUntil(lambda: dialog.labelText().startswith("Writing ")
                    and dialog.labelText().endswith("): milestone"),
                    timeout=30_000)
    assert errors == []
    assert 0 < dialog.value() < dialog.maximum()  # part of the way
    assert team_window.isEnabled()  # the window is not held while the copy runs
    qtbot.waitUntil(lambda: "Copy saved to" in team_window.statusBar().currentMessage(),
                    timeout=60_000)
    assert not team_window.findChildren(CopyDialog) or not dialog.isVisible()
    with Store.open(target) as copy, Store.open(long_plan) as original:
        assert export_portfolio(copy) == export_portfolio(original)  # the whole plan


def test_cancel_keeps_nothing(team_window: MainWindow, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    _slow_milestones(monkeypatch)
    target = tmp_path / "offline.sqlite"
    dialog = _save_copy(team_window, target, monkeypatch)
    qtbot.waitUntil(lambda: dialog.labelText().startswith("Writing ")
                    and dialog.labelText().endswith("): milestone"),
                    timeout=30_000)
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    button.click()
    assert dialog.labelText().startswith("Cancelling")
    qtbot.waitUntil(lambda: "cancelled" in team_window.statusBar().currentMessage(),
                    timeout=30_000)
    assert team_window.statusBar().currentMessage() == \
        "The copy was cancelled; nothing was kept."
    assert list(tmp_path.glob("offline*")) == []  # no file, nothing half-written beside it
