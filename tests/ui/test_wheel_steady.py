"""A passing mouse wheel changes no score, rating or status (found in the real program).

At 1366×768 the Scores tab of an opportunity is a scrolled list of boxes, one per
criterion. Scrolling down it with the mouse wheel, a box that passed under the pointer took
the wheel: Sustainability went from 4 to 1 and the pursued opportunity's score from 66 to
60, saved as an edit. Scrolling a conflict area's editor turned its Status from Open to
Accepted. Now a box takes the wheel only while it has the keyboard focus.
On the sample plan made earlier and reopened (a fresh Store), in the real window size.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

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
