"""Screening at 1024×768 as a CEO uses it, on the sample plan made and closed earlier.

Both found using the real program at 1024×768:

- Pursuing an opportunity whose gates are still open shows the refusal and a box to tick
  ("pursue before screening is complete"). That box's one long line made the decision
  form wider than the window: the whole view could be scrolled sideways, the refusal was
  cut at the right ("why it should b…") and the Record decision button half hidden.
- The ranking table's title column fills what the other columns leave; at 1024 they leave
  nothing, so the first time the table's width changed (the form above widening, or the
  divider dragged a little) the titles shrank to 26 px ("…") and stayed so.
- The search and new-title boxes shared one row with three buttons: about 40 px each.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QSplitter

from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow


@pytest.fixture
def screening(window_factory: Any, sample_store: Store, qtbot: Any) -> Iterator[Any]:
    window: MainWindow = window_factory(sample_store)
    window.resize(1024, 738)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("screening")
    _settle()
    yield window, view


def _settle() -> None:
    for _ in range(10):
        QApplication.processEvents()


def _choose(view: Any, words: str) -> None:
    for row in range(view.proxy.rowCount()):
        if words in str(view.proxy.index(row, 1).data()):
            view.table.selectRow(row)
            _settle()
            return
    raise AssertionError(f"no opportunity with {words!r}")


def _seen_whole(window: MainWindow, widget: Any) -> bool:
    """The widget lies inside the part of the view the window shows (no sideways scroll)."""
    port = window.view_scroll.viewport()
    top_left = widget.mapTo(port, QPoint(0, 0))
    return port.rect().contains(QRect(top_left, widget.size()).adjusted(0, 0, -1, -1)) or \
        top_left.y() >= port.height() or top_left.y() < 0  # below or above: scrolled to


def test_the_refusal_to_pursue_fits_the_window(screening: Any) -> None:
    window, view = screening
    _choose(view, "Attendance")  # gates still open in the sample
    decision = view.editor.decision
    view.editor.tabs.setCurrentWidget(decision)
    decision.outcome_combo.setCurrentIndex(decision.outcome_combo.findData("pursue"))
    decision.tier_combo.setCurrentIndex(decision.tier_combo.findData("operational"))
    decision.rationale_edit.setPlainText("Club funding confirmed; start with Year 7.")
    decision.decide_button.click()
    _settle()
    assert decision.despite_check.isVisible() and "Gates still open" in \
        decision.decision_error.text()
    sideways = window.view_scroll.horizontalScrollBar().maximum()
    assert sideways == 0, f"the view now scrolls sideways by {sideways} px"
    for widget in (decision.despite_check, decision.decision_error, decision.decide_button):
        assert _seen_whole(window, widget), f"{type(widget).__name__} is cut at the right"
    # Ticked, it is recorded, and the titles are still there to read.
    decision.despite_check.setChecked(True)
    decision.decide_button.click()
    _settle()
    assert "Decision recorded" in window.statusBar().currentMessage()


def test_the_titles_stay_readable_when_the_table_width_changes(screening: Any) -> None:
    window, view = screening
    header = view.table.horizontalHeader()
    splitter = next(s for s in view.findChildren(QSplitter)
                    if s.orientation() == Qt.Orientation.Horizontal)
    left, right = splitter.sizes()
    splitter.setSizes([left - 20, right + 20])  # the divider dragged a little
    _settle()
    assert header.sectionSize(1) >= 150, (
        f"titles shrank to {header.sectionSize(1)} px in a table {view.table.viewport().width()}"
        " px wide")
    # The table scrolls sideways to the other columns instead; on a wider window the
    # titles take the room the others leave, every column in view.
    bar = view.table.horizontalScrollBar()
    assert bar.maximum() > 0
    window.resize(1600, 900)
    _settle()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != 1)
    assert header.sectionSize(1) == view.table.viewport().width() - others >= 150
    assert bar.maximum() == 0


def test_the_search_and_new_title_boxes_can_be_read(screening: Any) -> None:
    """At 1024 the two boxes were squeezed to about 40 px ("Sear…", "N…"), the empty plan's
    "type a title in the box above" pointing at a box 36 px wide."""
    window, view = screening
    for box in (view.search, view.new_title):
        assert box.width() >= 160, f"{box.accessibleName() or box.placeholderText()!r} is " \
            f"{box.width()} px wide"
        assert _seen_whole(window, box)
    words = view.new_title.fontMetrics().horizontalAdvance(view.new_title.placeholderText())
    assert view.new_title.width() >= words + 12, "the new-title box's hint is cut"
    for button in (view.new_button, view.delete_button, view.show_declined):
        assert _seen_whole(window, button)
        assert button.width() >= button.sizeHint().width()
    assert window.view_scroll.horizontalScrollBar().maximum() == 0
