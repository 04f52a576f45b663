"""A second organisation of the same name is refused, saying which (found in the real
program).

New organisation… "Harrowgate Engineering" twice gave two records of that name without a
word; the opportunity's Partner box then listed "Harrowgate Engineering" twice and the
partner chosen was a guess. Now the form says there is one already and keeps what was
typed; renaming one organisation to another's name is refused the same way. A second
person of the same name in the same organisation is refused too (New person… "Margaret
Ellison", Harrowgate, twice gave two people no box could tell apart). Case and spaces do not
make a different name. Our own organisation renamed to a partner's name is refused when the
name field is left (it saves as it is typed). On the sample plan made earlier and reopened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from planner.services import people as ps
from planner.services.changes import ValidationError
from planner.services.organisation import get_profile, update_profile
from planner.store.database import Store
from planner.store.engine import sqlite_backup
from planner.ui.organisation.view import OrganisationView
from planner.ui.people.view import PeopleView
from planner.ui.shell.chooser import NewRecordDialog
from planner.ui.shell.main_window import MainWindow


@pytest.fixture
def plan(sample_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "sample.sqlite"
    sqlite_backup(sample_file, copy)
    return copy


@pytest.fixture
def window(window_factory: Any, plan: Path) -> MainWindow:
    return window_factory(Store.open(plan))  # type: ignore[no-any-return]


def _names(plan: Path) -> list[str]:
    with Store.open(plan) as again:
        return [o.name for o in ps.load(again).organisations]


def test_the_new_organisation_form_refuses_a_name_in_the_plan(window: MainWindow,
                                                              plan: Path) -> None:
    assert window.ctx is not None
    dialog = NewRecordDialog(window.ctx, "organisation", "  harrowgate   ENGINEERING ltd ")
    dialog._accept()  # OK pressed
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "already an organisation called “Harrowgate Engineering Ltd”" in \
        dialog.error.text()
    assert dialog.name.text() == "  harrowgate   ENGINEERING ltd "  # kept to put right
    dialog.name.setText("Harrowgate Engineering Apprentices")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.close_plan()
    assert _names(plan).count("Harrowgate Engineering Ltd") == 1


def test_renaming_an_organisation_to_anothers_name_is_refused(window: MainWindow,
                                                               plan: Path) -> None:
    view = window.show_view("people")
    assert isinstance(view, PeopleView)
    kestrel = next(o for o in view.directory.organisations if o.name == "Kestrel Digital")
    assert view.show_record("organisation", kestrel.id)
    view.name_edit.setText("University of Wexmoor")
    assert not view.save()
    assert "already an organisation called “University of Wexmoor”" in view.message.text()
    assert view.name_edit.text() == "University of Wexmoor"  # nothing typed is lost
    window.close_plan()
    assert "Kestrel Digital" in _names(plan)


def test_the_service_refuses_it_whoever_asks(plan: Path) -> None:
    with Store.open(plan) as store:
        with pytest.raises(ValidationError, match="already an organisation called"):
            ps.create_organisation(store, {"name": "kestrel digital"})
        ours = ps.load(store).organisation(ps.load(store).self_id)
        assert ours is not None
        with pytest.raises(ValidationError, match="already an organisation called"):
            ps.create_organisation(store, {"name": ours.name.upper()})
        # Its own name, saved again (or in another case), is not a clash with itself.
        kestrel = next(o for o in ps.load(store).organisations if o.name == "Kestrel Digital")
        ps.update(store, "organisation", kestrel.id, {"name": "KESTREL Digital"})
    assert "KESTREL Digital" in _names(plan)


def test_the_new_person_form_refuses_a_name_already_in_that_organisation(
        window: MainWindow, plan: Path) -> None:
    assert window.ctx is not None
    directory = ps.load(window.ctx.store)
    someone = next(p for p in directory.people if p.organisation_id != directory.self_id)
    typed = f"  {someone.name.upper()} "
    dialog = NewRecordDialog(window.ctx, "person", typed, organisation_id=someone.organisation_id)
    dialog._accept()  # OK pressed
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert (f"already a person called “{someone.name}” in {someone.organisation}"
            in dialog.error.text())
    assert dialog.name.text() == typed  # kept to put right
    dialog.organisation.setCurrentIndex(0)  # the same name in our organisation is another
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.close_plan()
    with Store.open(plan) as again:
        people = ps.load(again).people
    assert sum(p.name == someone.name for p in people) == 1


def test_moving_a_person_beside_one_of_the_same_name_is_refused(plan: Path) -> None:
    with Store.open(plan) as store:
        directory = ps.load(store)
        someone = next(p for p in directory.people if p.organisation_id != directory.self_id)
        ident, _c = ps.create_person(store, {"name": someone.name})  # ours: not a clash
        with pytest.raises(ValidationError, match="already a person called"):
            ps.update(store, "person", ident, {"organisation_id": someone.organisation_id})
        with pytest.raises(ValidationError, match="already a person called"):
            ps.create_person(store, {"name": someone.name,
                                     "organisation_id": someone.organisation_id})
        ps.update(store, "person", someone.id, {"name": someone.name, "role": "Chair"})


def test_our_organisation_renamed_to_a_partners_name_is_refused_when_left(
        window: MainWindow, plan: Path, qtbot: Any, type_text: Any) -> None:
    """Organisation › Name "Kestrel Digital" gave two organisations of that name. The name
    saves as it is typed, so the check waits for the field to be left: "Kestrel" on the
    way to "Kestrel Digital Academy" is not a mistake."""
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    edit, error = view.ui.nameEdit, view.ui.nameError
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    type_text(edit, "Kestrel Digital")
    assert error.text() == ""  # nothing bites while typing
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # the field left
    assert not edit.hasFocus()
    assert "already an organisation called “Kestrel Digital”" in error.text()
    assert error.isVisibleTo(view) and edit.text() == "Kestrel Digital"  # kept to put right
    ours = get_profile(view.ctx.store)
    assert ours.name == "Riverbend Learning Trust"  # not "Kestrel Digita", saved on the way
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.end(False)
    type_text(edit, " Academy")
    assert error.text() == ""
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert error.text() == ""
    window.close_plan()
    names = _names(plan)
    assert names.count("Kestrel Digital") == 1 and "Kestrel Digital Academy" in names


def test_closing_with_a_partners_name_typed_asks_and_keeps_no_second_one(
        window: MainWindow, plan: Path, monkeypatch: pytest.MonkeyPatch,
        type_text: Any) -> None:
    asked: list[str] = []

    def warning(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "warning", warning)
    view = window.show_view("organisation")
    assert isinstance(view, OrganisationView)
    view.ui.nameEdit.selectAll()
    type_text(view.ui.nameEdit, "KESTREL digital")  # the field never left
    assert window.may_leave_plan()
    assert asked and "What you typed in Organisation is not saved yet" in asked[0]
    assert "already an organisation called “Kestrel Digital”" in view.ui.nameError.text()
    window.close_plan()
    assert [n.casefold() for n in _names(plan)].count("kestrel digital") == 1
    with Store.open(plan) as again:
        assert get_profile(again).name == "Riverbend Learning Trust"  # as it was


def test_the_service_refuses_a_partners_name_for_our_organisation(plan: Path) -> None:
    with Store.open(plan) as store:
        with pytest.raises(ValidationError, match="already an organisation called"):
            update_profile(store, "name", " kestrel  DIGITAL")
        update_profile(store, "name", get_profile(store).name.upper())  # its own, in capitals
