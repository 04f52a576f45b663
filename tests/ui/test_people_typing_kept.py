"""What is typed in the Partners & people form is not lost (found in the real program).

A CEO chose Andrew Coles, typed his new role "Chief Executive and Accounting Officer" and
clicked the next person: the role was thrown away without a word (only "Save changes"
saved it), and so it was on choosing another view or quitting. Now leaving the record
saves it, as Save changes does; typing that cannot be saved keeps the form on its record,
with why. On the sample plan made earlier, reopened from disk afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.services import people as ps
from planner.store.database import Store
from planner.store.engine import sqlite_backup
from planner.ui.people.view import PeopleView
from planner.ui.shell.main_window import MainWindow

ROLE = "Chief Executive and Accounting Officer"


@pytest.fixture
def plan(sample_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "sample.sqlite"
    sqlite_backup(sample_file, copy)
    return copy


@pytest.fixture
def window(window_factory: Any, plan: Path, qtbot: Any) -> Iterator[MainWindow]:
    window: MainWindow = window_factory(Store.open(plan))
    window.resize(1366, 738)
    window.show()
    qtbot.waitExposed(window)
    yield window


def _view(window: MainWindow) -> PeopleView:
    view = window.show_view("people")
    assert isinstance(view, PeopleView)
    return view


def _click_person(view: PeopleView, name: str, qtbot: Any) -> int:
    """A mouse click on the person's row."""
    proxy, table = view.person_proxy, view.person_table
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data() == name:
            ident = int(index.data(Qt.ItemDataRole.UserRole))  # the click may refill the list
            table.scrollTo(index)
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                             pos=table.visualRect(index).center())
            for _ in range(3):
                QApplication.processEvents()
            return ident
    raise AssertionError(f"no {name} in the list")


def _chosen(view: PeopleView) -> str:
    """The name of the person whose row the list shows chosen."""
    rows = view.person_table.selectionModel().selectedRows()
    return ", ".join(str(index.data()) for index in rows)


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _people(plan: Path) -> ps.Directory:
    with Store.open(plan) as again:
        return ps.load(again)


def test_choosing_the_next_person_saves_the_role_typed(window: MainWindow, plan: Path,
                                                       qtbot: Any) -> None:
    view = _view(window)
    first, second = (r.name for r in view.person_model.rows[:2])
    ident = _click_person(view, first, qtbot)
    _type(qtbot, view.role_edit, ROLE)
    steps = window.undo.count()
    _click_person(view, second, qtbot)
    assert view.name_edit.text() == second  # the form moved on
    assert window.undo.count() == steps + 1  # one undo step, as Save changes makes
    window.close_plan()
    assert _people(plan).person(ident).role == ROLE  # type: ignore[union-attr]


def test_typing_that_cannot_be_saved_keeps_the_form_on_its_record(window: MainWindow,
                                                                  qtbot: Any) -> None:
    view = _view(window)
    first, second = (r.name for r in view.person_model.rows[:2])
    _click_person(view, first, qtbot)
    _type(qtbot, view.email_edit, "not an address")
    _click_person(view, second, qtbot)
    assert view.name_edit.text() == first and view.email_edit.text() == "not an address"
    assert _chosen(view) == first  # the list agrees with the form
    assert "does not look like an email" in view.message.text()
    # Put right, the next click on the same person goes there, saving it.
    _type(qtbot, view.email_edit, "andrew@oakfield.example")
    _click_person(view, second, qtbot)
    assert view.name_edit.text() == second == _chosen(view)


def test_another_view_or_closing_the_plan_saves_the_typing(window: MainWindow, plan: Path,
                                                           qtbot: Any) -> None:
    view = _view(window)
    first, second = (r.name for r in view.person_model.rows[:2])
    one = _click_person(view, first, qtbot)
    _type(qtbot, view.role_edit, ROLE)
    window.show_view("dashboard")
    QApplication.processEvents()
    view = _view(window)
    two = _click_person(view, second, qtbot)
    _type(qtbot, view.phone_edit, "+44 1632 960123")
    assert window.may_leave_plan()  # File › Quit, Close or Open asks this first
    window.close_plan()
    people = _people(plan)
    assert people.person(one).role == ROLE  # type: ignore[union-attr]
    assert people.person(two).phone == "+44 1632 960123"  # type: ignore[union-attr]


def test_closing_with_typing_that_cannot_be_saved_asks(window: MainWindow,
                                                       errors: list[str], qtbot: Any) -> None:
    view = _view(window)
    _click_person(view, view.person_model.rows[0].name, qtbot)
    _type(qtbot, view.email_edit, "not an address")
    window.show_view("dashboard")
    assert not window.may_leave_plan()  # the question's answer (patched) was not Discard
    assert any("is not saved yet" in text for text in errors)
    assert window.stack.currentWidget() is view and view.email_edit.text() == "not an address"


def test_new_person_saves_the_typing_first(window: MainWindow, plan: Path, qtbot: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.ui.shell import chooser

    view = _view(window)
    one = _click_person(view, view.person_model.rows[0].name, qtbot)
    _type(qtbot, view.role_edit, ROLE)
    monkeypatch.setattr(chooser, "ask_new_record",
                        lambda *_a, **_k: {"name": "Nadia Haddad", "role": "Bursar"})
    new = view.add("person")  # New person…: the form then shows Nadia Haddad
    assert new is not None and view.name_edit.text() == "Nadia Haddad"
    window.close_plan()
    people = _people(plan)
    assert people.person(one).role == ROLE  # type: ignore[union-attr]


def test_an_undo_meanwhile_leaves_the_typing_in_the_form(
        window: MainWindow, plan: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lists are read again after any change (an undo, a colleague's save on a team
    database): the form was filled again from the record and the typing was gone."""
    from planner.ui.shell import chooser

    view = _view(window)
    monkeypatch.setattr(chooser, "ask_new_record",
                        lambda *_a, **_k: {"name": "Nadia Haddad", "role": "Bursar"})
    assert view.add("person") is not None
    first = view.person_model.rows[0].name
    one = _click_person(view, first, qtbot)
    _type(qtbot, view.role_edit, ROLE)
    window.undo.undo()  # Edit › Undo: Nadia Haddad goes
    assert "Nadia Haddad" not in [r.name for r in view.person_model.rows]
    assert view.name_edit.text() == first and view.role_edit.text() == ROLE
    assert window.may_leave_plan()
    window.close_plan()
    assert _people(plan).person(one).role == ROLE  # type: ignore[union-attr]
