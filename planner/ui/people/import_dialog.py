"""The Import contacts preview (ui layer): what an import of people will add and skip,
every name in a list that scrolls; OK imports, Cancel leaves the plan as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.services import people as svc


def import_preview(parent: QWidget, plan: svc.ImportPlan, source: str) -> QDialog:
    """What an import will add and skip, every name in a list that scrolls (a thousand
    contacts keep the dialog on a 768-pixel screen); OK imports, Cancel leaves the plan."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Import people")
    layout = QVBoxLayout(dialog)
    added = f"{len(plan.add)} to add from {source}"
    skipped = f"{len(plan.skipped)} skipped (already in the plan, or twice in the file)"
    heading = QLabel(f"{added}; {skipped}." if plan.skipped else f"{added}.")
    heading.setWordWrap(True)
    heading.setTextFormat(Qt.TextFormat.PlainText)  # file names and people as written
    layout.addWidget(heading)
    names = QListWidget()
    names.setWordWrap(True)
    names.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for c in plan.add:
        names.addItem(f"• {c.name}" + (f" — {c.organisation}" if c.organisation else ""))
    for c, why in plan.skipped:
        names.addItem(QListWidgetItem(f"Skipped: {c.name or c.email} ({why})"))
    layout.addWidget(names)
    buttons = QDialogButtonBox()
    if plan.add:
        ok = buttons.addButton(f"Import {len(plan.add)}",
                               QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    else:
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(520, 420)
    return dialog


def preview_import(parent: QWidget, plan: svc.ImportPlan, source: str) -> bool:
    """Show what an import will add and skip; True to go ahead (tests patch this)."""
    dialog = import_preview(parent, plan, source)
    return dialog.exec() == QDialog.DialogCode.Accepted and bool(plan.add)
