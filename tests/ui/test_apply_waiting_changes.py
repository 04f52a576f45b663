"""File › Apply Waiting Changes…: the file a window saved while its team database did not
answer is written into the plan from the window, not only from the command line. Each
change lands once, a colleague's change since is kept, the window says what happened step
by step, the fields written are one step of Undo, and the plan keeps them when reopened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.services import change_file
from planner.services.edits import writes
from planner.services.organisation import get_profile, update_profile
from planner.store.database import Store
from planner.store.tables import Milestone
from planner.ui.shell import apply_changes
from planner.ui.shell.main_window import MainWindow

OFFLINE_VISION = "Typed while offline — مدرسة الأمل 🤝"


class Dialogs:
    """The question asked and the report shown, in place of modal boxes."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.details: list[str] = []
        self.reports: list[tuple[str, str]] = []
        self.answer = QMessageBox.StandardButton.Apply

    def ask(self, box: QMessageBox) -> QMessageBox.StandardButton:
        self.questions.append(box.text())
        self.details.append(box.detailedText())
        return self.answer

    def show_report(self, _parent: Any, _title: str, text: str, details: str) -> None:
        self.reports.append((text, details))


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    seen = Dialogs()
    monkeypatch.setattr(apply_changes, "ask", seen.ask)
    monkeypatch.setattr(apply_changes, "show_report", seen.show_report)
    return seen


def _saved_file(store: Store, folder: Path, plan: str = "") -> tuple[Path, int, dt.date]:
    """A file of waiting changes as a window on this plan would have saved it: the vision
    retyped, a milestone moved, and a partnership added (which a file cannot redo)."""
    with store.work() as work:
        milestone = work.list(Milestone)[0]
        ident, due = milestone.id, milestone.due_date
    assert ident is not None and due is not None
    vision = get_profile(store).vision
    steps = [
        change_file.Step("Edit vision", writes("profile", 1, {"vision": vision},
                                               {"vision": OFFLINE_VISION})),
        change_file.Step("Move milestone", writes("milestone", ident, {"due_date": due},
                                                  {"due_date": dt.date(2031, 3, 14)})),
        change_file.Step("Add opportunity “Night school”", ()),
    ]
    path = folder / f"waiting{change_file.SUFFIX}"
    change_file.save(path, plan or store.display_name, steps)
    return path, ident, due


def _due(store: Store, ident: int) -> dt.date | None:
    with store.work() as work:
        return work.get(Milestone, ident).due_date


def _applied(qtbot: Any, window: MainWindow, dialogs: Dialogs, path: Path) -> tuple[str, str]:
    shown = len(dialogs.reports)
    apply_changes.apply_waiting_changes(window, path)
    qtbot.waitUntil(lambda: len(dialogs.reports) > shown, timeout=10000)
    return dialogs.reports[-1]


def test_the_file_is_applied_from_the_window_and_is_one_undo_step(
        qtbot: Any, window_factory: Any, sample_store: Store, tmp_path: Path,
        dialogs: Dialogs) -> None:
    path, ident, due = _saved_file(sample_store, tmp_path)
    vision = get_profile(sample_store).vision
    window = window_factory(sample_store)
    assert window.menus.apply_waiting_action.isEnabled()  # a plan is open
    summary, details = _applied(qtbot, window, dialogs, path)
    assert dialogs.questions == [
        f"Apply 3 waiting changes from “{path.name}” to “{sample_store.display_name}”?\n\n"
        "1 of them added or removed a record: the file cannot do that again, and names "
        "them for you to redo by hand."]
    assert "Add opportunity “Night school” (redo by hand)" in dialogs.details[0]
    assert summary == (f"Waiting changes from “{path.name}”: 2 applied, 0 already there, "
                       "1 not applied. The details say which, and why.")
    assert "applied: Edit vision" in details and "applied: Move milestone" in details
    assert "redo by hand: Add opportunity “Night school”" in details
    assert window.statusBar().currentMessage() == summary.removesuffix(
        " The details say which, and why.")
    assert get_profile(sample_store).vision == OFFLINE_VISION
    assert _due(sample_store, ident) == dt.date(2031, 3, 14)
    # The organisation view shows the vision the file wrote.
    view = window.show_view("organisation")
    assert view.ui.visionEdit.toPlainText() == OFFLINE_VISION
    # One step of Undo puts back both fields; Redo writes them again.
    assert window.undo.undoText() == f"Apply waiting changes from “{path.name}”"
    window.undo.undo()
    assert get_profile(sample_store).vision == vision and _due(sample_store, ident) == due
    assert view.ui.visionEdit.toPlainText() == vision
    window.undo.redo()
    assert get_profile(sample_store).vision == OFFLINE_VISION
    # Kept when the plan is reopened, and applying the file again changes nothing.
    where = sample_store.path
    assert where is not None
    window.close_plan()
    with Store.open(where) as again:
        assert get_profile(again).vision == OFFLINE_VISION
        assert _due(again, ident) == dt.date(2031, 3, 14)
        window = window_factory(again)
        undo_before = window.undo.count()
        summary, _details = _applied(qtbot, window, dialogs, path)
        assert "0 applied, 2 already there, 1 not applied" in summary
        assert window.undo.count() == undo_before  # nothing written: nothing to undo


def test_a_colleagues_change_since_is_kept_and_only_the_rest_is_undone(
        qtbot: Any, window_factory: Any, sample_store: Store, tmp_path: Path,
        dialogs: Dialogs) -> None:
    path, ident, due = _saved_file(sample_store, tmp_path)
    update_profile(sample_store, "vision", "The colleague's vision")
    window = window_factory(sample_store)
    _summary, details = _applied(qtbot, window, dialogs, path)
    assert "clash: Edit vision — a colleague changed the profile" in details
    assert "theirs “The colleague's vision”" in details
    assert get_profile(sample_store).vision == "The colleague's vision"
    assert _due(sample_store, ident) == dt.date(2031, 3, 14)
    window.undo.undo()
    assert _due(sample_store, ident) == due
    assert get_profile(sample_store).vision == "The colleague's vision"


def test_cancel_writes_nothing_and_another_plans_file_is_named(
        qtbot: Any, window_factory: Any, sample_store: Store, tmp_path: Path,
        dialogs: Dialogs) -> None:
    path, ident, due = _saved_file(sample_store, tmp_path, plan="planner@db.trust.example")
    window = window_factory(sample_store)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    apply_changes.apply_waiting_changes(window, path)
    assert "saved by a window on “planner@db.trust.example”, not on this plan" in \
        dialogs.questions[0]
    qtbot.wait(200)
    assert not dialogs.reports
    assert _due(sample_store, ident) == due
    assert window.undo.count() == 0


@pytest.mark.parametrize("content, said", [
    (b"", "is not a file of waiting changes: it is empty."),
    (b'{"format": "partnership-planner-waiting-chan', "it is not whole (cut short"),
    (b'{"format": "something else"}', "is not a file of waiting changes saved by"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a file of waiting changes: it is not text"),
    (b"%PDF-1.7\n%\x93\x8c\x8b\x9e", "is not a file of waiting changes: it is not text"),
])
def test_an_empty_truncated_or_foreign_file_is_refused_in_a_sentence(
        window_factory: Any, sample_store: Store, tmp_path: Path, dialogs: Dialogs,
        errors: list[str], content: bytes, said: str) -> None:
    path = tmp_path / f"odd{change_file.SUFFIX}"
    path.write_bytes(content)
    window = window_factory(sample_store)
    apply_changes.apply_waiting_changes(window, path)
    assert len(errors) == 1 and said in errors[0] and "Traceback" not in errors[0]
    assert "codec" not in errors[0] and "Expecting" not in errors[0]  # no Python words
    assert not dialogs.questions and window.undo.count() == 0
