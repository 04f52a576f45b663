"""File › Apply Waiting Changes… (ui layer): a file of waiting changes written into the plan.

A window whose team database stopped answering can keep its edits in a file (File › Save
Waiting Changes…, planner/ui/shell/offline.py). Once the server answers, the same person
applies that file here, as ``planner changes apply`` does from the command line
(planner/services/change_file.py): each step in order, each checked like any edit, a
colleague's change since never overwritten. The work runs in the background (a team
database may be slow to answer); the window then says, step by step, what was applied and
what was not, and the fields written are one step of Edit › Undo.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.services import change_file
from planner.services.changes import ChangeSet, ValidationError
from planner.services.edits import Writes
from planner.ui.shell import file_dialogs
from planner.ui.shell.commands import EditCommand

if TYPE_CHECKING:
    from planner.ui.shell.context import ViewContext
    from planner.ui.shell.main_window import MainWindow

TITLE = "Apply Waiting Changes"


class AppliedChanges(EditCommand):
    """The fields a file of waiting changes wrote. It is pushed once they are written, so
    its first redo only tells the views; Undo puts back what they replaced and Redo writes
    them again, each checked against a colleague's change like any edit."""

    def __init__(self, ctx: ViewContext, source: str, edit: Writes) -> None:
        super().__init__(ctx, f"Apply waiting changes from “{source}”", edit)
        self.source = source
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            self.ctx.events.emit_changes(ChangeSet.of_writes(self.edit))
            return
        super().redo()

    def run(self, forward: bool) -> ChangeSet:
        return change_file.rewrite(self.ctx.store, self.expected(forward), self.source)


def show_report(parent: QWidget, title: str, text: str, details: str) -> None:
    """What was applied, with every step's line behind Show Details (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setDetailedText(details)
    box.exec()


def choose_file(parent: QWidget) -> Path | None:
    return file_dialogs.ask_open(parent, TITLE, f"Waiting changes (*{change_file.SUFFIX})")


def apply_waiting_changes(window: MainWindow, path: Path | None = None) -> None:
    """Ask for the file (unless given), confirm, then apply it in the background."""
    ctx = window.ctx
    if ctx is None:
        return
    offline = ctx.offline
    if offline is not None and (offline.active or offline.held):
        window.statusBar().showMessage(
            "The team database is not answering yet: apply the file once it answers again "
            "and this window's own waiting changes are saved.", 10000)
        return
    path = path or choose_file(window)
    if path is None:
        return
    try:
        plan, steps = change_file.load(path)
    except ValidationError as exc:
        window.show_error("Cannot apply waiting changes", exc.message)
        return
    if not steps:
        window.statusBar().showMessage(f"“{path.name}” holds no changes.", 8000)
        return
    if not _confirmed(window, path, plan, ctx.store.display_name, steps):
        return
    store, source = ctx.store, path.name

    def applied(outcomes: list[change_file.Outcome]) -> None:
        if window.ctx is not ctx:  # the plan was closed meanwhile: it was written all the same
            return
        edit = tuple(w for o in outcomes for w in o.written)
        if edit:
            ctx.undo.push(AppliedChanges(ctx, source, edit))
        report = change_file.report(outcomes)
        summary = f"Waiting changes from “{source}”: " + report.splitlines()[-1].removesuffix(
            " (see above)")
        window.statusBar().showMessage(summary + ".", 10000)
        why = "" if all(o.ok for o in outcomes) else " The details say which, and why."
        show_report(window, TITLE, f"{summary}.{why}", report)

    window.statusBar().showMessage(f"Applying the waiting changes from “{source}”…")
    window.jobs.start(lambda: change_file.apply(store, steps, source), done=applied,
                      failed=lambda why: window.show_error("Cannot apply waiting changes",
                                                          why))


def _confirmed(window: QWidget, path: Path, plan: str, here: str,
               steps: list[change_file.Step]) -> bool:
    count = f"{len(steps)} waiting change{'s' if len(steps) != 1 else ''}"
    text = f"Apply {count} from “{path.name}” to {_quoted(here)}?"
    if plan and plan != here:
        text += (f"\n\nThe file was saved by a window on {_quoted(plan)}, not on this plan. "
                 "Apply it here only if this is the same plan under another name.")
    by_hand = sum(not s.writes for s in steps)
    if by_hand:
        text += (f"\n\n{by_hand} of them added or removed a record: the file cannot do that "
                 "again, and names them for you to redo by hand.")
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, text,
                      QMessageBox.StandardButton.Apply | QMessageBox.StandardButton.Cancel,
                      window)
    box.setDefaultButton(QMessageBox.StandardButton.Apply)
    box.setDetailedText("\n".join(s.text + ("" if s.writes else " (redo by hand)")
                                  for s in steps))
    return ask(box) == QMessageBox.StandardButton.Apply


def _quoted(plan: str) -> str:
    """A plan file's name in quotes; a team database's name ("the team database “plan” on
    host:port") quotes its own."""
    return plan if "“" in plan else f"“{plan}”"


def ask(box: QMessageBox) -> QMessageBox.StandardButton:
    """The button the user pressed (tests replace this)."""
    box.exec()
    return box.standardButton(box.clickedButton())
