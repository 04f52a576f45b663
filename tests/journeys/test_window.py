"""Journeys through the window's own code path, on the sample plan made by another process.

``planner demo`` writes the sample in a subprocess; the window opens it as a user does
(File › Open: ``MainWindow.open_path``), the views are driven with pytest-qt, and undo and
redo are the window's own Edit › Undo and Edit › Redo. What was saved is read back by
another connection while the window is open, and by a fresh Store once it has closed the
plan. No modal dialog opens: every one that would is recorded instead (``shown``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from planner.services import agreements as ag
from planner.services import conflicts as cf
from planner.services import screening as sc
from planner.services import timeline as tl
from planner.store.database import Store
from planner.ui.shell.main_window import MainWindow
from tests.journeys.conftest import open_window, peek


def _window(qtbot: Any, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, tmp_path, size=(1400, 900))


@pytest.fixture
def window(qtbot: Any, demo_plan: Path, tmp_path: Path, shown: list[str]
           ) -> Iterator[MainWindow]:
    """The main window with the sample plan (made by another process) open in it."""
    made = _window(qtbot, tmp_path)
    assert made.open_path(demo_plan), shown
    yield made
    made.close_plan()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def sample_window(request: pytest.FixtureRequest, qtbot: Any, demo_plan: Path,
                  tmp_path: Path, shown: list[str]) -> Iterator[tuple[MainWindow, str]]:
    """The window on the sample made by another process: opened as a file, or copied to
    the team database (``planner copy``'s service) and opened there."""
    made = _window(qtbot, tmp_path)
    if request.param == "sqlite":
        target = str(demo_plan)
        assert made.open_path(demo_plan), shown
    else:
        from planner.services.copying import copy_database

        target = request.getfixturevalue("pg_url")
        copy_database(demo_plan, target)
        made.install_store(Store.open(target))
    yield made, target
    made.close_plan()


def _undo(window: MainWindow) -> None:
    assert window.menus.undo_action.isEnabled()
    window.menus.undo_action.trigger()


def _redo(window: MainWindow) -> None:
    assert window.menus.redo_action.isEnabled()
    window.menus.redo_action.trigger()


# ----------------------------------------------------------------------- the headline


def test_mark_agreed_on_the_sample_made_by_another_process(
        sample_window: tuple[MainWindow, str], qtbot: Any, shown: list[str]) -> None:
    """Open the sample, go to Agreements, choose the draft agreement, press Mark agreed:
    the agreement is agreed, and nothing asks about a colleague on a one-person plan."""
    window, target = sample_window
    view, draft_id = _choose_draft(window)
    qtbot.mouseClick(view.agree_button, Qt.MouseButton.LeftButton)
    assert shown == []
    assert "Someone else" not in window.statusBar().currentMessage()
    window.close_plan()
    with Store.open(target) as fresh:
        detail = ag.get_agreement(fresh, draft_id)
    assert detail.state == "agreed" and len(detail.fingerprint) == 64


def _choose_draft(window: MainWindow) -> tuple[Any, int]:
    """Agreements, then the draft agreement in the list (as a click on it does)."""
    from planner.ui.agreements.view import ID_ROLE, AgreementsView

    view = window.show_view("agreements")
    assert isinstance(view, AgreementsView)
    draft = next(a for a in ag.list_agreements(window.store) if a.state == "draft")
    items = [view.tree.topLevelItem(i).child(j)  # type: ignore[union-attr]
             for i in range(view.tree.topLevelItemCount())
             for j in range(view.tree.topLevelItem(i).childCount())]  # type: ignore[union-attr]
    view.tree.setCurrentItem(next(i for i in items if i.data(0, ID_ROLE) == draft.id))
    assert view.agreement_id == draft.id
    return view, draft.id


def _draw(qtbot: Any, pad: Any) -> None:
    from PySide6.QtCore import QPoint

    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 60))
    for x, y in ((40, 30), (60, 70), (90, 25), (130, 65)):
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(140, 60))


def test_agree_sign_countersign_and_amend_in_the_window(window: MainWindow, qtbot: Any,
                                                       demo_plan: Path, tmp_path: Path,
                                                       shown: list[str]) -> None:
    """The rest of the agreement's journey in the window, on the sample made elsewhere:
    agreed, signed by hand by our side, signed digitally by the partner, then amended."""
    view, agreement_id = _choose_draft(window)
    qtbot.mouseClick(view.agree_button, Qt.MouseButton.LeftButton)
    assert view.detail is not None and view.detail.state == "agreed", shown
    view.data_dir = tmp_path / "userdata"
    view.show_page("signatures")
    view.sign.signatoriesList.setCurrentRow(0)
    _draw(qtbot, view.sign.pad)
    view.sign.typedNameEdit.setText(view.detail.signatories[0].name)
    assert view.sign_drawn(), view.sign.messageLabel.text()
    assert view.detail.state == "partly_signed"
    view.sign.signatoriesList.setCurrentRow(1)
    assert view.create_identity(passphrase="journey passphrase") is not None
    _draw(qtbot, view.sign.pad)
    view.sign.typedNameEdit.setText(view.detail.signatories[1].name)
    job = view.sign_digitally(out=tmp_path / "signed.pdf", passphrase="journey passphrase")
    assert job is not None, view.sign.messageLabel.text()
    qtbot.waitUntil(lambda: not view.working, timeout=30_000)
    assert view.detail.state == "signed", view.banner.text()
    new_version = view.amend("The club moves to Saturday mornings.")
    assert new_version is not None
    assert shown == []
    window.close_plan()
    with Store.open(demo_plan) as fresh:
        versions = {(a.version, a.state) for a in ag.list_agreements(fresh)
                    if a.opportunity_id == ag.get_agreement(fresh, agreement_id).opportunity_id}
        signed = ag.get_agreement(fresh, agreement_id)
    assert versions == {(1, "signed"), (2, "draft")}
    assert [p.signature is not None for p in signed.signatories] == [True, True]
    assert signed.signatories[1].signature.digital  # type: ignore[union-attr]


# ------------------------------------------------------------ more journeys, with undo


def test_edit_an_opportunity_then_undo_and_redo(window: MainWindow, demo_plan: Path,
                                                shown: list[str]) -> None:
    from planner.ui.screening.view import ScreeningView

    view = window.show_view("screening")
    assert isinstance(view, ScreeningView)
    opp = sc.load(window.store).opportunities[0]
    before = opp.get("purpose")
    view.select(opp.id)
    view.editor.context.cui.purposeEdit.setPlainText("Weekly football for every Year 7 pupil.")
    reader = peek(demo_plan)
    try:
        purpose = lambda: sc.load(reader).opportunity(opp.id).get("purpose")  # type: ignore[union-attr]  # noqa: E731
        assert purpose() == "Weekly football for every Year 7 pupil."
        _undo(window)
        assert purpose() == before
        assert view.editor.context.cui.purposeEdit.toPlainText() == before
        _redo(window)
        assert purpose() == "Weekly football for every Year 7 pupil."
    finally:
        reader.engine.dispose()
    assert shown == []
    window.close_plan()
    with Store.open(demo_plan) as fresh:
        row = sc.load(fresh).opportunity(opp.id)
    assert row is not None and row.get("purpose") == "Weekly football for every Year 7 pupil."


def test_add_a_milestone_then_undo_and_redo(window: MainWindow, demo_plan: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            shown: list[str]) -> None:
    from planner.ui.timeline.view import TimelineView

    view = window.show_view("timeline")
    assert isinstance(view, TimelineView)
    partnership_id, partnership = tl.partnerships(window.store)[0]
    due = dt.date.today() + dt.timedelta(days=30)

    def fill(dialog: QDialog) -> int:
        dialog.ui.titleEdit.setText("Parents' evening stall")  # type: ignore[attr-defined]
        dialog.ui.dueEdit.setDate(due)  # type: ignore[attr-defined]
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(view, "_exec", fill)
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: (partnership, True))
    view.add_milestone()
    assert shown == []

    def titles(store: Store) -> dict[str, Any]:
        return {i.title: i.due for i in tl.load_timeline(store, partnership_id).items}

    reader = peek(demo_plan)
    try:
        assert titles(reader).get("Parents' evening stall") == due
        _undo(window)
        assert "Parents' evening stall" not in titles(reader)
        _redo(window)
        assert titles(reader).get("Parents' evening stall") == due
    finally:
        reader.engine.dispose()
    window.close_plan()
    with Store.open(demo_plan) as fresh:
        assert titles(fresh).get("Parents' evening stall") == due


def _review(window: MainWindow, note: str) -> cf.RegisterRow:
    """In Conflicts, choose an overdue area, type a note and press Reviewed today."""
    from planner.ui.conflicts.view import ConflictsView

    view = window.show_view("conflicts")
    assert isinstance(view, ConflictsView)
    area = next(r for r in cf.register(window.store).rows if r.overdue)
    assert view.select_area(area.id)
    view.ui.noteEdit.setText(note)
    view.ui.reviewedButton.click()
    return area


def test_record_a_conflict_review_then_undo_and_redo(window: MainWindow, demo_plan: Path,
                                                     shown: list[str]) -> None:
    area = _review(window, "Talked it through with the club's chair.")

    def state(store: Store) -> tuple[dt.date | None, bool]:
        row = next(r for r in cf.register(store).rows if r.id == area.id)
        return row.next_review, row.overdue

    reader = peek(demo_plan)
    try:
        reviewed = state(reader)
        assert reviewed[0] is not None and reviewed[0] > dt.date.today() and not reviewed[1]
        assert cf.history(reader, area.id)[0].note == "Talked it through with the club's chair."
        _undo(window)
        assert state(reader) == (area.next_review, True)
        _redo(window)
        assert state(reader) == reviewed
    finally:
        reader.engine.dispose()
    assert shown == []
    window.close_plan()
    with Store.open(demo_plan) as fresh:
        assert state(fresh) == reviewed


def test_an_undone_review_is_not_left_standing_in_the_history(window: MainWindow,
                                                              demo_plan: Path) -> None:
    note = "Talked it through with the club's chair."
    area = _review(window, note)
    _undo(window)
    reader = peek(demo_plan)
    try:
        newest = cf.history(reader, area.id)[0]
    finally:
        reader.engine.dispose()
    # The history records what happened: the review, then that it was undone.
    assert (newest.field, newest.note) == ("review", "review undone")
