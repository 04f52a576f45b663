"""The meeting editor's actions: dates read as everywhere else ("6 Dec 2026", never ISO),
edited in the program's date box; an owner is one of the plan's people, or a new person
made from the owner box ("New person…" or typing a new name), stored by their name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QStyleOptionViewItem

from planner.services import meetings as svc
from planner.services import people as people_svc
from planner.store.database import Store
from planner.ui.dashboard.meeting_log import MeetingEditorDialog, MeetingLogWidget
from planner.ui.dashboard.view import DashboardView
from planner.ui.shell import chooser
from tests.services.test_dashboard import build_portfolio
from tests.ui.test_meeting_log import answer_dialog, ctx_of, fill

ISO = re.compile(r"\d{4}-\d\d-\d\d")


@pytest.fixture
def log(window_factory: Any, store: Store) -> MeetingLogWidget:
    build_portfolio(store)
    window = window_factory(store)
    view = window.show_view("dashboard")
    assert isinstance(view, DashboardView)
    view.show_page("meetings")
    return view.meeting_log


def _shown(dialog: MeetingEditorDialog) -> list[list[str]]:
    table = dialog.ui.actionsTable
    return [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]


def test_action_dates_read_as_the_interface_does_and_are_edited_in_a_date_box(
        log: MeetingLogWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    target = next(m for m in log.model.rows if any(a.due_on for a in m.actions))
    meeting = svc.get_meeting(ctx_of(log).store, target.id or 0)
    seen: list[list[list[str]]] = []
    new_due = meeting.held_on + dt.timedelta(days=40)

    def edit(dialog: MeetingEditorDialog) -> None:
        seen.append(_shown(dialog))
        assert "2026-03-31" not in dialog.ui.actionsLabel.text()
        table = dialog.ui.actionsTable
        index = table.model().index(0, 2)
        delegate = table.itemDelegateForColumn(2)
        editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
        assert isinstance(editor, QDateEdit) and editor.displayFormat() == "d MMM yyyy"
        delegate.setEditorData(editor, index)
        editor.setDate(QDate(new_due.year, new_due.month, new_due.day))
        delegate.setModelData(editor, table.model(), index)

    answer_dialog(monkeypatch, edit)
    log.select_meeting(meeting.id or 0)
    log.edit_button.click()
    rows = seen[0]
    assert rows and not any(ISO.search(cell) for row in rows for cell in row), rows
    first = meeting.actions[0]
    assert rows[0][2] == (f"{first.due_on.day} {first.due_on:%b %Y}" if first.due_on else "")
    saved = svc.get_meeting(ctx_of(log).store, meeting.id or 0)
    assert saved.actions[0].due_on == new_due
    assert [a.text for a in saved.actions] == [a.text for a in meeting.actions]
    ctx_of(log).undo.undo()
    assert svc.get_meeting(ctx_of(log).store, meeting.id or 0).actions[0].due_on == first.due_on


def test_an_action_owner_is_a_person_chosen_or_made_from_the_owner_box(
        log: MeetingLogWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(_parent: object, _ctx: object, table: str, name: str = "",
               organisation_id: int | None = None) -> dict[str, Any]:
        asked.append(name)
        return {"name": name or "Zofia Dąbrowska", "organisation_id": None, "role": "Coach",
                "email": ""}

    monkeypatch.setattr(chooser, "ask_new_record", answer)

    def how(dialog: MeetingEditorDialog) -> None:
        fill(dialog)
        table = dialog.ui.actionsTable
        for _ in range(2):
            dialog.add_action_row()
        for row, text in enumerate(("Book the pitches", "Send the kit list")):
            table.item(row, 0).setText(text)
        first = table.cellWidget(0, 1)
        assert isinstance(first, QComboBox)
        first.setCurrentIndex(first.findText("New person…"))  # the “New…” entry
        second = table.cellWidget(1, 1)
        assert isinstance(second, QComboBox)
        line = second.lineEdit()
        assert line is not None
        line.setText("Ravi Shah")  # a name the plan does not have: offered as new
        line.editingFinished.emit()
        assert [table.item(r, 1).text() for r in range(2)] == ["Zofia Dąbrowska", "Ravi Shah"]

    answer_dialog(monkeypatch, how)
    undo = ctx_of(log).undo
    before = undo.count()
    log.new_button.click()
    assert asked == ["", "Ravi Shah"]
    names = {p.name for p in people_svc.load(ctx_of(log).store).people}
    assert {"Zofia Dąbrowska", "Ravi Shah"} <= names
    m = log.selected()
    assert m is not None
    assert [(a.text, a.owner) for a in m.actions] == [("Book the pitches", "Zofia Dąbrowska"),
                                                      ("Send the kit list", "Ravi Shah")]
    assert undo.count() == before + 3  # two people, then the meeting: each its own step
    for _ in range(3):
        undo.undo()
    assert not {"Zofia Dąbrowska", "Ravi Shah"} & {
        p.name for p in people_svc.load(ctx_of(log).store).people}


def test_an_owner_typed_in_another_case_is_the_person_as_the_plan_spells_them(
        log: MeetingLogWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    person = people_svc.load(ctx_of(log).store).people[0]
    monkeypatch.setattr(chooser, "ask_new_record", lambda *a, **k: pytest.fail("asked"))

    def how(dialog: MeetingEditorDialog) -> None:
        fill(dialog)
        dialog.add_action_row()
        table = dialog.ui.actionsTable
        table.item(0, 0).setText("Call back")
        box = table.cellWidget(0, 1)
        assert isinstance(box, QComboBox)
        line = box.lineEdit()
        assert line is not None
        line.setText(person.name.upper())
        line.editingFinished.emit()

    answer_dialog(monkeypatch, how)
    log.new_button.click()
    m = log.selected()
    assert m is not None and m.actions[0].owner == person.name
