"""A passing mouse wheel changes no score, rating or status (found in the real program).

At 1366×768 the Scores tab of an opportunity is a scrolled list of boxes, one per
criterion. Scrolling down it with the mouse wheel, a box that passed under the pointer took
the wheel: Sustainability went from 4 to 1 and the pursued opportunity's score from 66 to
60, saved as an edit. Scrolling a conflict area's editor turned its Status from Open to
Accepted. Now a box takes the wheel only while it has the keyboard focus.
On the sample plan made earlier and reopened (a fresh Store), in the real window size.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QMessageBox,
    QWidget,
)

from planner.services import conflicts as conflicts_svc
from planner.services import screening as screening_svc
from planner.store.database import Store
from planner.ui.conflicts.register_model import ROW_ROLE
from planner.ui.shell.main_window import MainWindow


@pytest.fixture
def window(window_factory: Any, sample_store: Store, qtbot: Any) -> MainWindow:
    window: MainWindow = window_factory(sample_store)
    window.resize(1366, 738)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _wheel(widget: QWidget, notches: int) -> None:
    """The wheel turned over the middle of ``widget`` (down for a negative count)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    _settle()


def _scored(view: Any) -> tuple[Any, int, QComboBox]:
    """A scored opportunity, shown on its Scores tab, and one of its level boxes."""
    for o in view.data.opportunities:
        if o.scores and any(s.level for s in o.scores.values()):
            view.select(o.id)
            _settle()
            scores = view.editor.scores
            view.editor.show_tab(scores)
            _settle()
            criterion = next(c for c, s in o.scores.items() if s.level)
            return o, criterion, scores.rows[criterion][0]
    raise AssertionError("the sample has no scored opportunity")


def test_scrolling_the_scores_changes_no_score(window: MainWindow) -> None:
    view = window.show_view("screening")
    _settle()
    opportunity, criterion, level = _scored(view)
    before = opportunity.scores[criterion].level
    steps = window.undo.count()
    view.search.setFocus()  # the user's keyboard is elsewhere; the pointer passes over
    _wheel(level, -1)
    _wheel(level, 3)
    assert level.currentData() == before
    assert window.undo.count() == steps, "a passing wheel made an edit"
    store = window.store
    assert store is not None
    again = next(o for o in screening_svc.load(store).opportunities if o.id == opportunity.id)
    assert again.scores[criterion].level == before


def test_a_box_with_the_focus_still_takes_the_wheel(window: MainWindow, qtbot: Any) -> None:
    view = window.show_view("screening")
    _settle()
    _opportunity, _criterion, level = _scored(view)
    window.activateWindow()
    level.setFocus()
    qtbot.waitUntil(level.hasFocus)
    before = level.currentIndex()
    _wheel(level, 1 if before > 1 else -1)
    assert level.currentIndex() != before


def test_scrolling_a_conflict_areas_editor_changes_no_status(window: MainWindow) -> None:
    view: Any = window.show_view("conflicts")
    _settle()
    row = view.proxy.index(0, 0).data(ROW_ROLE)
    view.select_area(row.id)
    _settle()
    view.ui.tabs.setCurrentWidget(view.ui.opennessTab)
    _settle()
    view.ui.titleEdit.setFocus()
    for box in (view.ui.statusCombo, view.ui.likelihoodCombo, view.ui.residualImpactCombo):
        _wheel(box, -2)
    store = window.store
    assert store is not None
    again = conflicts_svc.get_area(store, row.id)
    assert (again.status, again.likelihood, again.residual_impact) == (
        row.status, row.likelihood, row.residual_impact)


def test_a_passing_wheel_changes_nothing_in_any_dialog(tmp_path: Path) -> None:
    """The milestone dialog, the meeting editor, the new-person form, the print preview…:
    each opened as the program opens it, a wheel turned over each date, box and spin box
    (not the one with the keyboard focus) leaves its value alone. Dialogs are made outside
    the views, which the guard walked, so their boxes took every passing wheel. In a
    process of its own, as tests/ui/test_layout_dialogs.py opens them (what the dialogs
    leave behind crashed a later test's garbage collection)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__)),
         "-k", "wheel_in_every_dialog", f"--basetemp={tmp_path / 'run'}"],
        env={**os.environ, _CHILD: "1"}, capture_output=True, text=True, timeout=600,
        cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout, done.stdout[-3000:]


_CHILD = "PLANNER_WHEEL_DIALOGS"


@pytest.mark.skipif(not os.environ.get(_CHILD), reason="runs in a process of its own")
def test_wheel_in_every_dialog(window: MainWindow, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    from tests.ui import test_layout_dialogs as every_dialog

    changed: list[str] = []

    def wheel_over(dialog: QWidget) -> None:
        dialog.show()
        qtbot.waitExposed(dialog)
        _settle()  # the focus has landed on its first box: that one may take the wheel
        title = dialog.windowTitle() or type(dialog).__name__
        for box in dialog.findChildren(QComboBox) + dialog.findChildren(QAbstractSpinBox):
            if not box.isVisible() or not box.isEnabled() or box.hasFocus():
                continue
            before = _shown(box)
            _wheel(box, -1)
            down = _shown(box)
            _wheel(box, 1)
            if (down, _shown(box)) != (before, before):
                changed.append(f"{title}: {box.objectName() or box.accessibleName()}")

    def fake_exec(dialog: QDialog) -> int:
        wheel_over(dialog)
        dialog.hide()
        return 0

    monkeypatch.undo()  # the usual patches (clash dialog, raised question): every dialog shows
    monkeypatch.setattr(QDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(every_dialog, "_look_at", [wheel_over])
    for opener in every_dialog._openers(window, tmp_path):
        opener()
        for top in QApplication.topLevelWidgets():
            if isinstance(top, QDialog) and top.isVisible():
                top.hide()
    assert changed == []


def _shown(box: QWidget) -> str:
    return box.currentText() if isinstance(box, QComboBox) else box.text()  # type: ignore[attr-defined]
