"""An edit clash (ui layer): a colleague's value and mine side by side, and a merge.

Shown before an edit, an undo or a redo is applied when a colleague changed one of its
fields since the user saw it (planner/ui/shell/commands.py). Not about *conflict areas* (the
register). The user keeps theirs, uses mine, or writes a merged text by hand; nothing is
overwritten without this choice. ``resolve_clash`` is the one entry point (tests patch it,
or ``ClashDialog.exec``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.ui.shell.long_text import calm_wrapping

THEIRS, MINE, MERGED = "theirs", "mine", "merged"


@dataclass(frozen=True)
class Resolution:
    choice: str  # THEIRS, MINE or MERGED
    text: str  # the merged text (for MERGED)


class ClashDialog(QDialog):
    def __init__(self, what: str, theirs: str, mine: str,
                 validate: Callable[[str], str | None] | None = None,
                 parent: QWidget | None = None, *, undoing: bool = False, step: str = "",
                 can_merge: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("clashDialog")
        self.setWindowTitle(f"Someone else changed the {what}")
        self.validate = validate
        self.resolution = Resolution(THEIRS, theirs)
        layout = QVBoxLayout(self)
        if undoing:
            text = (f"A colleague changed the {what} after your step “{step}”, so undoing it "
                    "now would overwrite their change. Keep theirs (the step is not undone), "
                    "or undo anyway.")
        elif step:
            text = (f"A colleague changed the {what} after you last saw it, so “{step}” was "
                    "not saved over it. Keep theirs, or use yours.")
        else:
            text = (f"A colleague saved a different {what} after you opened it, so yours was "
                    "not saved over it. Keep theirs, or use yours.")
        if can_merge:
            text += " You can also edit the merged text and use that."
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.theirs_edit = self._column(grid, 0, "Theirs (saved now)", theirs, read_only=True)
        self.mine_edit = self._column(grid, 1, "After the undo" if undoing else
                                      "Yours (not saved)", mine, read_only=True)
        self.merged_edit = self._column(grid, 2, "Merged (edit freely)", mine, read_only=False)
        layout.addLayout(grid)
        self.error_label = QLabel()
        self.error_label.setObjectName("conflictError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        buttons = QGridLayout()
        self.theirs_button = QPushButton("Keep theirs")
        self.mine_button = QPushButton("Undo anyway" if undoing else "Use mine")
        self.merged_button = QPushButton("Use merged text")
        self.theirs_button.setDefault(True)  # the safe choice: nothing of theirs is lost
        for column, button in enumerate((self.theirs_button, self.mine_button,
                                         self.merged_button)):
            buttons.addWidget(button, 0, column)
        layout.addLayout(buttons)
        self.theirs_button.clicked.connect(lambda: self.choose(THEIRS))
        self.mine_button.clicked.connect(lambda: self.choose(MINE))
        self.merged_button.clicked.connect(lambda: self.choose(MERGED))
        if not can_merge:  # several fields, or not text: nothing to merge by hand
            for widget in (self.merged_edit, self.merged_button, self.merged_title):
                widget.hide()
        calm_wrapping(self)  # a colleague's 1 MB paste must not freeze the dialog
        self.resize(900, 380)

    def _column(self, grid: QGridLayout, column: int, title: str, text: str,
                read_only: bool) -> QPlainTextEdit:
        self.merged_title = QLabel(f"<b>{title}</b>")  # the last column's is kept
        grid.addWidget(self.merged_title, 0, column)
        edit = QPlainTextEdit(text)
        edit.setReadOnly(read_only)
        grid.addWidget(edit, 1, column)
        return edit

    def choose(self, choice: str) -> None:
        text = self.merged_edit.toPlainText()
        if choice == MERGED and self.validate is not None:
            problem = self.validate(text)
            if problem:
                self.error_label.setText(problem)
                return
        self.resolution = Resolution(choice, text)
        self.accept()


def resolve_clash(what: str, theirs: str, mine: str,
                     validate: Callable[[str], str | None] | None = None, *,
                     undoing: bool = False, step: str = "",
                     can_merge: bool = True) -> Resolution:
    """Ask the user; closing the dialog keeps theirs. ``step`` names the undo step that
    met the clash (planner/ui/shell/commands.py); ``undoing`` when it met it being undone."""
    dialog = ClashDialog(what, theirs, mine, validate, QApplication.activeWindow(),
                            undoing=undoing, step=step, can_merge=can_merge)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return Resolution(THEIRS, theirs)
    return dialog.resolution
