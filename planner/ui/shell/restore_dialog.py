"""File › Restore from backup (ui layer): the automatic backups of this plan, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from planner.services.plans import Backup


class RestoreDialog(QDialog):
    def __init__(self, backups: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        self.selected: Backup | None = None
        layout = QVBoxLayout(self)
        note = QLabel("Choose the backup to go back to. The plan as it is now is kept as a "
                      "backup too, so you can change your mind.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QListWidget()
        for backup in backups:
            at = backup.taken_at  # the interface's date ("Sun 6 Dec 2026"), with the time
            text = (f"{at:%a} {at.day} {at:%b %Y, %H:%M:%S}  "
                    f"({backup.size / 1024:,.0f} KB)")
            self.list.addItem(QListWidgetItem(text))
        if not backups:
            self.list.addItem("No backups yet: one is taken each time the plan opens.")
            self.list.setEnabled(False)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if backups:
            self.list.setCurrentRow(0)

    def _accept(self) -> None:
        row = self.list.currentRow()
        if self.backups and row >= 0:
            self.selected = self.backups[row]
            self.accept()
