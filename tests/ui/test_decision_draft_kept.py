"""A decision half written is kept while the CEO looks at another opportunity (found in
the real program).

On the Decision tab of "Mental health first aid" the CEO chose Pursue, Strategic and typed
a rationale, then clicked "Apprenticeships with Harrowgate" in the ranking to compare, and
back: the outcome, the tier and the rationale were gone. Now each opportunity keeps its
unrecorded decision until it is recorded. On the sample plan made earlier and reopened.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from planner.services import screening as svc
from planner.store.database import Store
from planner.ui.screening.common import ID_ROLE
from planner.ui.shell.main_window import MainWindow

WHY = "Parents keep asking; the nurse can start in January."


@pytest.fixture
def window(window_factory: Any, sample_store: Store, qtbot: Any) -> MainWindow:
    window: MainWindow = window_factory(sample_store)
    window.resize(1366, 738)
    window.show()
    qtbot.waitExposed(window)
    return window


def _click_row(view: Any, ident: int, qtbot: Any) -> None:
    """A mouse click on the opportunity's row of the ranking."""
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, 1)
        if view.proxy.data(index, ID_ROLE) == ident:
            view.table.scrollTo(index)
            qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                             pos=view.table.visualRect(index).center())
            QApplication.processEvents()
            return
    raise AssertionError(f"no row for {ident}")


def test_the_rationale_typed_survives_looking_at_another_opportunity(
        window: MainWindow, qtbot: Any) -> None:
    view: Any = window.show_view("screening")
    first, second = view.data.opportunities[:2]
    _click_row(view, first.id, qtbot)
    decision = view.editor.decision
    view.editor.tabs.setCurrentWidget(decision)
    decision.outcome_combo.setCurrentIndex(decision.outcome_combo.findData("defer"))
    decision.review_check.setChecked(True)
    decision.review_edit.setDate(QDate(2027, 3, 1))
    decision.rationale_edit.setFocus()
    qtbot.keyClicks(decision.rationale_edit, WHY)
    _click_row(view, second.id, qtbot)
    assert view.selected_id() == second.id
    assert decision.rationale_edit.toPlainText() == ""  # not the other one's
    assert decision.outcome_combo.currentData() == ""
    _click_row(view, first.id, qtbot)
    assert decision.rationale_edit.toPlainText() == WHY
    assert decision.outcome_combo.currentData() == "defer"
    assert decision.review_check.isChecked() and decision.review_edit.date() == QDate(2027, 3, 1)
    # Recorded, it is gone from the form: the next look starts afresh.
    decision.record_decision()
    store = window.store
    assert store is not None
    assert decision.decision_error.text() == ""
    # ... and the form is blank again: no outcome chosen for the next decision either.
    assert decision.outcome_combo.currentData() == "" and decision.rationale_edit.toPlainText() == ""
    assert WHY in [d.rationale for d in svc.load(store).opportunity(first.id).decisions]  # type: ignore[union-attr]
    _click_row(view, second.id, qtbot)
    _click_row(view, first.id, qtbot)
    assert decision.rationale_edit.toPlainText() == ""


def test_closing_the_plan_asks_about_a_half_written_decision(
        window: MainWindow, errors: list[str], qtbot: Any) -> None:
    """Quitting with Pursue and a rationale typed but not recorded lost them, unasked."""
    view: Any = window.show_view("screening")
    first, second = view.data.opportunities[:2]
    _click_row(view, first.id, qtbot)
    decision = view.editor.decision
    decision.outcome_combo.setCurrentIndex(decision.outcome_combo.findData("defer"))
    decision.rationale_edit.setPlainText(WHY)
    _click_row(view, second.id, qtbot)  # looking at another one when the CEO quits
    assert not window.may_leave_plan()  # the question (patched) was not answered Discard
    assert any("is not saved yet" in text for text in errors)
    assert view.selected_id() == first.id and decision.rationale_edit.toPlainText() == WHY
    assert "not recorded yet" in decision.decision_error.text()
    decision.record_decision()
    assert window.may_leave_plan()
