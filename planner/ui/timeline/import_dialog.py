"""File › Import milestones… (ui layer): what a project file will add, before it is added.

Shows the file's tasks as they will become milestones (indented under their summary task,
with start, due and owners), which owners are people of the plan and which are not, what is
left out, and the partnership they go into; nothing is written until the user says Import.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.services.dashboard import fmt_date
from planner.services.milestone_import import ImportedProject
from planner.ui.shell.wheel_guard import steady_wheels


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(project: ImportedProject, matched: dict[str, tuple[str, int]]) -> str:
    """One paragraph: what will be added and what will not."""
    links = len(project.links)
    names = project.owner_names()
    unknown = [n for n in names if n not in matched]
    text = (f"{_plural(len(project.tasks), 'task')} and {_plural(links, 'link')} from "
            f"{project.source} ({project.kind}) will become milestones.")
    if names:
        text += (f" Owners: {len(names) - len(unknown)} of {len(names)} are people of this "
                 "plan")
        text += (f"; not found, so left blank: {', '.join(unknown)}." if unknown else ".")
    if project.skipped:
        text += (f" {_plural(project.skipped, 'detail')} this program does not keep (such "
                 "as actual start dates, costs or custom fields) will be left out.")
    return text


class ImportPreviewDialog(QDialog):
    def __init__(self, project: ImportedProject, partnerships: list[tuple[int, str]],
                 current: int | None, matched: dict[str, tuple[str, int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import milestones")
        self.resize(760, 520)
        self.project = project
        self.summary = QLabel(summary(project, matched))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # titles and names as typed
        self.target = QComboBox()
        for ident, title in partnerships:
            self.target.addItem(title, ident)
        if current is not None and self.target.findData(current) >= 0:
            self.target.setCurrentIndex(self.target.findData(current))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Milestone", "Start", "Due", "Owners"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        items: dict[str, QTreeWidgetItem] = {}
        for task in project.tasks:
            owners = ", ".join(n if n in matched else f"{n} (not found)" for n in task.owners)
            row = QTreeWidgetItem([task.title, fmt_date(task.start), fmt_date(task.due),
                                   owners])
            row.setToolTip(0, task.title)
            holder = items.get(task.parent or "")
            (holder.addChild(row) if holder is not None
             else self.tree.addTopLevelItem(row))
            items[task.key] = row
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Into the partnership", self.target)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        steady_wheels(self)  # a passing wheel scrolls, it changes no date or choice here

    def partnership(self) -> int:
        return int(self.target.currentData())
