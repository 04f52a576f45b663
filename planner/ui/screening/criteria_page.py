"""The criteria themselves (ui layer): name, description, direction and the five anchored
level descriptions; add and remove. A tab of the Weights page.

The page pushes nothing: it emits ``criterion_edited``, ``criterion_added`` and
``criterion_removed``, which the view records as undo steps.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.services import screening as svc
from planner.services import validate
from planner.services.changes import ValidationError
from planner.ui.screening.common import error_label, set_text


class CriteriaPage(QWidget):
    """The list of criteria beside the form of the chosen one."""

    criterion_edited = Signal(int, str, object, object)  # id, field, old, new
    criterion_added = Signal(str, str)  # name, direction
    criterion_removed = Signal(int, str)  # id, name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criteria: list[svc.CriterionRow] = []
        self._updating = False
        layout = QHBoxLayout(self)
        column = QVBoxLayout()
        self.criteria_list = QListWidget()
        # Long names wrap rather than hide behind a sideways scroll bar.
        self.criteria_list.setWordWrap(True)
        self.criteria_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.criteria_list.currentRowChanged.connect(self._selected)
        column.addWidget(self.criteria_list)
        # The new name gets a line of its own: beside the direction and the button it was
        # too narrow to read what was typed.
        self.new_criterion = QLineEdit()
        self.new_criterion.setPlaceholderText("Name of a new criterion")
        self.new_criterion.setAccessibleName("New criterion name")
        column.addWidget(self.new_criterion)
        add_row = QHBoxLayout()
        self.new_direction = QComboBox()
        self.new_direction.addItem("counts for", "benefit")
        self.new_direction.addItem("counts against", "cost")
        self.new_direction.setAccessibleName("New criterion direction")
        add = QPushButton("Add criterion")
        add.clicked.connect(self.add_criterion)
        self.new_criterion.returnPressed.connect(self.add_criterion)
        add_row.addWidget(self.new_direction, 1)
        add_row.addWidget(add)
        column.addLayout(add_row)
        self.remove_criterion_button = QPushButton("Remove criterion")
        self.remove_criterion_button.clicked.connect(self.remove_criterion)
        column.addWidget(self.remove_criterion_button)
        layout.addLayout(column, 1)
        form = QFormLayout()
        self.crit_name = QLineEdit()
        self.crit_description = QLineEdit()
        self.crit_direction = QComboBox()
        self.crit_direction.addItem("Benefit (higher is better)", "benefit")
        self.crit_direction.addItem("Cost (higher counts against)", "cost")
        self.level_edits = [QLineEdit() for _ in range(5)]
        form.addRow("Name", self.crit_name)
        form.addRow("Description", self.crit_description)
        form.addRow("Direction", self.crit_direction)
        for i, edit in enumerate(self.level_edits, start=1):
            form.addRow(f"Level {i}", edit)
        self.criteria_error = error_label()
        form.addRow("", self.criteria_error)
        layout.addLayout(form, 2)
        self.crit_name.textEdited.connect(lambda t: self._edit("name", t))
        self.crit_description.textEdited.connect(lambda t: self._edit("description", t))
        self.crit_direction.currentIndexChanged.connect(
            lambda _i: self._edit("direction", self.crit_direction.currentData()))
        for edit in self.level_edits:
            edit.textEdited.connect(lambda _t: self._edit(
                "levels", [e.text() for e in self.level_edits]))

    def _current(self) -> svc.CriterionRow | None:
        row = self.criteria_list.currentRow()
        return self.criteria[row] if 0 <= row < len(self.criteria) else None

    def _selected(self, _row: int) -> None:
        c = self._current()
        self._updating = True
        try:
            if c is None:
                return
            set_text(self.crit_name, c.name)
            set_text(self.crit_description, c.description)
            self.crit_direction.setCurrentIndex(max(self.crit_direction.findData(c.direction), 0))
            for edit, text in zip(self.level_edits, c.levels, strict=True):
                set_text(edit, text)
                edit.setToolTip(text)  # whole, when it is longer than the field
        finally:
            self._updating = False

    def _edit(self, field: str, value: Any) -> None:
        c = self._current()
        if self._updating or c is None:
            return
        try:
            if field == "name":
                value = validate.name(value, "The criterion's name", field="name")
                if any(o.id != c.id and o.name.casefold() == value.casefold()
                       for o in self.criteria):
                    raise ValidationError(f"There is already a criterion called “{value}”.")
            elif field in ("description",):
                value = validate.text(value, "The description", max_len=2000)
            elif field == "levels":
                value = [validate.text(v, "A level", max_len=500).strip() for v in value]
        except ValidationError as exc:
            self.criteria_error.setText(exc.message)
            return
        self.criteria_error.clear()
        old = {"name": c.name, "description": c.description, "direction": c.direction,
               "levels": list(c.levels)}[field]
        if old != value:
            self.criterion_edited.emit(c.id, field, old, value)

    def add_criterion(self) -> None:
        try:
            name = validate.name(self.new_criterion.text(), "The criterion's name")
            if any(o.name.casefold() == name.casefold() for o in self.criteria):
                raise ValidationError(f"There is already a criterion called “{name}”.")
        except ValidationError as exc:
            self.criteria_error.setText(exc.message)
            return
        self.criteria_error.clear()
        self.new_criterion.clear()
        self.criterion_added.emit(name, self.new_direction.currentData())
        self.criteria_list.setCurrentRow(self.criteria_list.count() - 1)

    def remove_criterion(self) -> None:
        c = self._current()
        if c is None:
            return
        others = [o for o in self.criteria if o.id != c.id]
        if not others or not any(o.weight > 0 for o in others):
            self.criteria_error.setText(
                f"“{c.name}” carries all the weight (or is the only criterion); give another "
                "criterion some weight first.")
            return
        self.criteria_error.clear()
        self.criterion_removed.emit(c.id, c.name)

    def load(self, data: svc.ScreeningData) -> None:
        """The criteria, the one being edited still chosen wherever it moved (by id)."""
        self.criteria = list(data.criteria)
        row = self.criteria_list.currentRow()
        current = self.criteria_list.currentItem()
        chosen = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.criteria_list.blockSignals(True)
        self.criteria_list.clear()
        for c in data.criteria:
            item = QListWidgetItem(f"{c.name} ({c.weight:.0f}%)"
                                   + (" — counts against" if c.direction == "cost" else ""))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.criteria_list.addItem(item)
        self.criteria_list.blockSignals(False)
        ids = [c.id for c in data.criteria]
        self.criteria_list.setCurrentRow(ids.index(chosen) if chosen in ids
                                         else min(max(row, 0), len(data.criteria) - 1))
