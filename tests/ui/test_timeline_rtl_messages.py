"""The timeline's refusals read left to right when they start with an Arabic or Hebrew title.

Found in the real program (Xvfb, 1366x768): a new milestone named in Arabic with its start
after its due date was refused with “<title>”: the start (20 Mar 2027) is after the due date
(1 Mar 2027)." — and the dialog's message label, which takes its direction from its first
letter, laid the English sentence out right to left, right-aligned, its words out of order
("DROP TABLE milestone; --”: the start (20 Mar 2027) is after ;' … “ / the due date …").
The same for the message box of an edit the timeline refuses ("“<title>” has no date to move
yet."). The plan is made earlier and reopened, as a plan is lived.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from planner.services import timeline as svc
from planner.store.database import Store
from planner.ui.shell.context import AppEvents, ViewContext
from planner.ui.shell.settings import Settings
from planner.ui.timeline.view import TimelineView
from tests.services.test_timeline_service import make_plan

TITLE = "تدريب المرشدين"  # "mentor training"


@pytest.fixture
def reopened(qtbot: Any, tmp_path: Path) -> tuple[TimelineView, dict[str, int]]:
    plan = tmp_path / "plan.sqlite"
    with Store.open(plan, create=True) as store:
        ids = make_plan(store)
        ids["undated"], _ = svc.create_milestone(store, ids["p1"], {"title": TITLE})
    store = Store.open(plan)  # reopened, as the program opens it the next day
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    widget = TimelineView(ViewContext(store, QUndoStack(), AppEvents(), settings))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.reload(keep_view=False)
    yield widget, ids
    store.close()


def _line_starts(label: QLabel) -> list[int]:
    """Where the ink of each painted line of ``label`` begins, from its left edge."""
    image = label.grab().toImage()
    background = QColor(image.pixel(image.width() - 1, image.height() - 1))
    starts: list[int] = []
    inked_before = False
    for y in range(image.height()):
        xs = [x for x in range(image.width())
              if abs(QColor(image.pixel(x, y)).lightness() - background.lightness()) > 60]
        if xs and not inked_before:
            starts.append(min(xs))
        elif xs:
            starts[-1] = min(starts[-1], min(xs))
        inked_before = bool(xs)
    return starts


def test_the_dialogs_refusal_starting_with_an_arabic_title_reads_left_to_right(
        qtbot: Any, reopened: tuple[TimelineView, dict[str, int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    widget, ids = reopened
    widget.chart.select_milestone(ids["goal"])  # its partnership gets the new milestone
    shown: list[list[int]] = []

    def run(dialog: Any) -> int:
        if shown or dialog.ui.errorLabel.text():  # refused once: look, then give up
            label = dialog.ui.errorLabel
            label.setFixedWidth(420)  # the sentence wraps onto a short last line
            dialog.show()
            qtbot.waitExposed(dialog)
            shown.append(_line_starts(label))
            dialog.close()
            return QDialog.DialogCode.Rejected
        dialog.ui.titleEdit.setText(TITLE)
        dialog.ui.startEdit.setDate(dt.date(2027, 3, 20))
        dialog.ui.dueEdit.setDate(dt.date(2027, 3, 1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(widget, "_exec", run)
    widget.add_milestone()
    assert shown, "the milestone was not refused"
    starts = shown[0]
    assert len(starts) >= 2, starts
    # Every line begins at the label's left edge: the last, short line too (right to left,
    # it was pushed to the right edge).
    assert max(starts) - min(starts) <= 2, starts


def test_a_refused_move_of_an_arabic_milestone_reads_left_to_right(
        qtbot: Any, reopened: tuple[TimelineView, dict[str, int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.domain.text_direction import right_to_left

    widget, ids = reopened
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    widget.move_milestone(ids["undated"], 1)  # Alt+→ on a milestone with no date yet
    assert said and TITLE in said[0] and "has no date to move yet" in said[0], said
    box = QMessageBox(QMessageBox.Icon.Warning, "Timeline", said[0], parent=widget)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and not right_to_left(label.text())


def test_the_celebration_prompt_and_a_refused_link_read_left_to_right(
        reopened: tuple[TimelineView, dict[str, int]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"“<title>” is done. What did passing it mean?" (Celebrate…) and "“<title>” already
    depends on “Room refitted”." (Depends on…) were laid out right to left as well."""
    from PySide6.QtWidgets import QInputDialog

    from planner.domain.text_direction import right_to_left

    widget, ids = reopened
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda _p, _t, label, *a: (asked.append(label), ("", False))[1])
    widget.chart.select_milestone(ids["undated"])
    widget.celebrate()
    assert asked and TITLE in asked[0] and not right_to_left(asked[0]), asked

    svc.update_milestone(widget.ctx.store, ids["launch"], {"title": TITLE})
    widget.reload(keep_view=True)
    widget.chart.select_milestone(ids["launch"])
    said: list[str] = []

    def link(dialog: Any) -> int:
        if dialog.error.text():
            said.append(dialog.error.text())
            return QDialog.DialogCode.Rejected
        dialog.predecessor.setCurrentIndex(dialog.predecessor.findData(ids["room"]))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(widget, "_exec", link)
    widget.add_dependency()
    assert said and "already depends on" in said[0] and not right_to_left(said[0]), said
