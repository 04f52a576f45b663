"""The meeting log tab: the model, the Designer editor, and every edit undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QTableWidgetItem

from planner.services import meetings as svc
from planner.store.database import Store
from planner.ui.dashboard.meeting_log import (
    MeetingEditorDialog,
    MeetingLogWidget,
    MeetingTableModel,
)
from planner.ui.dashboard.view import DashboardView
from planner.ui.shell.context import ViewContext
from planner.ui.shell.main_window import MainWindow
from tests.services.test_dashboard import build_portfolio


def ctx_of(log: MeetingLogWidget) -> ViewContext:
    """The context of the Dashboard view the log sits in (the log itself holds none)."""
    widget = log.parentWidget()
    while widget is not None and not isinstance(widget, DashboardView):
        widget = widget.parentWidget()
    assert widget is not None
    return widget.ctx


@pytest.fixture
def log(window_factory, store: Store) -> MeetingLogWidget:  # type: ignore[no-untyped-def]
    build_portfolio(store)
    window: MainWindow = window_factory(store)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    view.show_page("meetings")
    return view.meeting_log


def fill(dialog: MeetingEditorDialog, *, title: str = "Riverside FC",
         day: dt.date | None = None, state: str = "held", attendees: str = "Ann\nBen",
         ceo: float = 1.5, actions: tuple[tuple[str, str, str, str], ...] = ()) -> None:
    ui = dialog.ui
    ui.partnershipCombo.setCurrentIndex(ui.partnershipCombo.findText(title))
    ui.kindCombo.setCurrentIndex(ui.kindCombo.findData("strategic"))
    ui.stateCombo.setCurrentIndex(ui.stateCombo.findData(state))
    day = day or dt.date.today() - dt.timedelta(days=1)
    ui.dateEdit.setDate(QDate(day.year, day.month, day.day))
    ui.attendeesEdit.setPlainText(attendees)
    ui.ceoSpin.setValue(ceo)
    ui.decisionsEdit.setPlainText("Agreed the summer camp dates.")
    for row in actions:
        dialog.add_action_row()
        r = ui.actionsTable.rowCount() - 1
        for col, value in enumerate(row):
            ui.actionsTable.setItem(r, col, QTableWidgetItem(value))


def answer_dialog(monkeypatch: pytest.MonkeyPatch,
                  how: Callable[[MeetingEditorDialog], None]) -> list[MeetingEditorDialog]:
    """Replace the modal exec: ``how`` fills the form, then Save is pressed."""
    opened: list[MeetingEditorDialog] = []

    def fake_exec(self: MeetingEditorDialog) -> int:
        opened.append(self)
        how(self)
        self.try_accept()
        return int(self.result())

    monkeypatch.setattr(MeetingEditorDialog, "exec", fake_exec)
    return opened


def test_model_passes_the_model_tester(log: MeetingLogWidget, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert log.model.rowCount() == 9
    qtmodeltester.check(log.model)
    empty = MeetingTableModel()
    qtmodeltester.check(empty)


def test_the_full_partnership_name_is_in_the_tooltip(log: MeetingLogWidget) -> None:
    model = log.model
    for row, meeting in enumerate(model.rows):
        tip = model.data(model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
        assert tip == meeting.partnership


def test_filter_by_partnership_shows_held_vs_expected(log: MeetingLogWidget) -> None:
    combo = log.partnership_combo
    combo.setCurrentIndex(combo.findText("Northside Health Trust"))
    assert log.model.rowCount() == 7
    assert {m.partnership for m in log.model.rows} == {"Northside Health Trust"}
    assert "Held against the protocol" in log.cadence_label.text()
    assert "operational meetings held" in log.cadence_label.text()
    assert "behind" in log.cadence_label.text()  # 5 held where the protocol expects more
    combo.setCurrentIndex(combo.findText("City University"))
    assert "No meeting cadence" in log.cadence_label.text()


def test_log_a_meeting_then_undo_and_redo(log: MeetingLogWidget,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    answer_dialog(monkeypatch, lambda d: fill(
        d, actions=(("Book the pitches", "Ben", "2099-01-31", ""),)))
    before = log.model.rowCount()
    log.new_button.click()
    assert log.model.rowCount() == before + 1
    m = log.selected()
    assert m is not None and m.partnership == "Riverside FC" and m.attendees == ("Ann", "Ben")
    assert m.actions[0].due_on == dt.date(2099, 1, 31)
    assert log.actions_tree.topLevelItem(0).text(0) == "Book the pitches"
    stack = ctx_of(log).undo
    stack.undo()
    assert log.model.rowCount() == before
    stack.redo()
    assert log.model.row_of(m.id or 0) >= 0  # back under the same id
    assert svc.get_meeting(ctx_of(log).store, m.id or 0) == m


def test_bad_input_keeps_the_dialog_open_with_a_message(log: MeetingLogWidget,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    opened = answer_dialog(monkeypatch, lambda d: fill(d, day=tomorrow,
                                                       attendees="ليلى حداد\nZofia 🎉"))
    before = log.model.rowCount()
    log.new_button.click()
    dialog = opened[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "still in the future" in dialog.ui.errorLabel.text()
    assert dialog.ui.attendeesEdit.toPlainText() == "ليلى حداد\nZofia 🎉"  # nothing lost
    assert log.model.rowCount() == before and ctx_of(log).undo.count() == 0

    opened = answer_dialog(monkeypatch, lambda d: fill(
        d, actions=(("Ring the club", "", "31/01/2099", ""),)))
    log.new_button.click()
    assert "Action 1: the due date must be a date" in opened[0].ui.errorLabel.text()


def test_edit_and_delete_are_undoable(log: MeetingLogWidget,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    log.select_meeting(log.model.rows[0].id or 0)
    original = log.selected()
    assert original is not None
    answer_dialog(monkeypatch, lambda d: d.ui.attendeesEdit.setPlainText("Only me"))
    log.edit_button.click()
    assert log.selected() is not None and log.selected().attendees == ("Only me",)  # type: ignore[union-attr]
    ctx_of(log).undo.undo()
    assert svc.get_meeting(ctx_of(log).store, original.id or 0) == original

    count = log.model.rowCount()
    log.select_meeting(original.id or 0)
    log.delete_button.click()
    assert log.model.rowCount() == count - 1
    ctx_of(log).undo.undo()
    assert log.model.rowCount() == count
    assert svc.get_meeting(ctx_of(log).store, original.id or 0) == original


def test_enter_edits_and_delete_deletes_from_the_keyboard(
        qtbot, log: MeetingLogWidget, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    log.window().show()
    qtbot.waitExposed(log.window())
    log.window().activateWindow()
    log.select_meeting(log.model.rows[0].id or 0)
    log.table.setFocus()
    qtbot.waitUntil(log.table.hasFocus)
    opened = answer_dialog(monkeypatch, lambda d: d.ui.attendeesEdit.setPlainText("Only me"))
    QTest.keyClick(log.table, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert log.selected() is not None and log.selected().attendees == ("Only me",)  # type: ignore[union-attr]
    count = log.model.rowCount()
    log.table.setFocus()
    QTest.keyClick(log.table, Qt.Key.Key_Delete)
    assert log.model.rowCount() == count - 1
    ctx_of(log).undo.undo()
    assert log.model.rowCount() == count


def test_ticking_an_action_done_is_undoable(log: MeetingLogWidget) -> None:
    target = next(m for m in log.model.rows if m.actions and m.actions[0].done_on is None)
    log.select_meeting(target.id or 0)
    item = log.actions_tree.topLevelItem(0)
    item.setCheckState(0, Qt.CheckState.Checked)
    done = svc.get_meeting(ctx_of(log).store, target.id or 0).actions[0].done_on
    assert done is not None and done >= target.held_on
    assert ctx_of(log).undo.undoText().startswith("Tick off action")
    ctx_of(log).undo.undo()
    assert svc.get_meeting(ctx_of(log).store, target.id or 0).actions[0].done_on is None


def test_the_editor_loads_a_meeting_faithfully(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    ids = build_portfolio(store)
    data = svc.get_meeting(store, ids["uni_meeting"])
    dialog = MeetingEditorDialog(svc.partnerships(store), data)
    qtbot.addWidget(dialog)
    assert svc.clean_meeting(dialog.collect()) == data


def test_editing_a_meeting_a_colleague_changed_asks_and_keeps_theirs(
        log: MeetingLogWidget, monkeypatch: pytest.MonkeyPatch, answers) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    log.select_meeting(log.model.rows[0].id or 0)
    mine = log.selected()
    assert mine is not None and mine.id is not None
    messages: list[str] = []
    ctx_of(log).events.status.connect(messages.append)

    def colleague_saves_first(dialog: MeetingEditorDialog) -> None:
        svc.update_meeting(ctx_of(log).store, replace(svc.get_meeting(ctx_of(log).store, mine.id or 0),
                                                  notes="A colleague's note"))
        dialog.ui.notesEdit.setPlainText("My note")

    answer_dialog(monkeypatch, colleague_saves_first)
    answers.queue.append("theirs")
    log.edit_button.click()
    assert [(a["theirs"], a["mine"]) for a in answers] == [("A colleague's note", "My note")]
    assert svc.get_meeting(ctx_of(log).store, mine.id).notes == "A colleague's note"
    assert any("Kept the meeting" in m for m in messages)
    assert ctx_of(log).undo.count() == 0  # the refused step is not left on the stack


def test_action_owners_and_dates_are_not_cut_short(log: MeetingLogWidget) -> None:
    """The owner column was a fixed 100 px: "Zofia Dąbrowska" showed as "Zofia Dąbrow…"."""
    target = next(r for r in log.model.rows if r.actions)
    data = svc.get_meeting(ctx_of(log).store, target.id or 0)
    svc.update_meeting(ctx_of(log).store, replace_actions(data, "Zofia Dąbrowska-Wiśniewska"))
    log.reload()
    log.select_meeting(target.id or 0)
    tree = log.actions_tree
    metrics = tree.fontMetrics()
    item = tree.topLevelItem(0)
    for column in (1, 2):
        assert tree.header().sectionSize(column) >= metrics.horizontalAdvance(item.text(column))


def replace_actions(data: svc.MeetingData, owner: str) -> svc.MeetingData:
    from dataclasses import replace

    return replace(data, actions=tuple(replace(a, owner=owner) for a in data.actions))
