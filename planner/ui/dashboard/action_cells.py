"""The meeting editor's action table, cell by cell (ui layer).

Dates read as everywhere in the interface ("6 Dec 2026", ISO only in files) and are
edited in the program's date box; an action's owner is chosen from the plan's people, or
added as a new person ("New person…" or typing a name the plan does not have), and is
kept as that person's name, so the same person is always written the same way. The
people come from a ``PeopleOffer`` the view makes (this module holds no context).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from planner.services import validate
from planner.services.dashboard import fmt_date
from planner.ui.shell.chooser import PeopleOffer
from planner.ui.shell.dates import improve, is_empty
from planner.ui.shell.wheel_guard import steady_wheels

DATE_ROLE = Qt.ItemDataRole.UserRole  # the cell's date itself (its text is for reading)
OWNER, DUE, DONE = 1, 2, 3
NOT_SET = "not set"

_Index = QModelIndex | QPersistentModelIndex


def date_item(day: dt.date | None) -> QTableWidgetItem:
    """A date cell: "6 Dec 2026" shown, the date kept."""
    item = QTableWidgetItem(fmt_date(day))
    item.setData(DATE_ROLE, day)
    return item


def parse_shown(text: str) -> dt.date | str:
    """A date cell's text as a date when it is one ("6 Dec 2026", or ISO); else the text,
    for the service to name what is wrong with it."""
    text = text.strip()
    for form in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def cell_date(item: QTableWidgetItem | None) -> dt.date | str:
    """What a date cell holds: its date when its text still shows that date; else the
    text as typed (parsed if it reads as a date); "" when empty."""
    if item is None or not item.text().strip():
        return ""
    day = item.data(DATE_ROLE)
    if isinstance(day, dt.date) and item.text() == fmt_date(day):
        return day
    return parse_shown(item.text())


class DateDelegate(QStyledItemDelegate):
    """Edits a date cell in the program's date box (an empty date is "not set")."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        editor = QDateEdit(parent)
        editor.setDateRange(QDate(validate.FIRST_YEAR - 1, 12, 31),
                            QDate(validate.LAST_YEAR, 12, 31))
        editor.setSpecialValueText(NOT_SET)  # the minimum: no date
        improve(editor)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QDateEdit)
        day = index.data(DATE_ROLE)
        if not isinstance(day, dt.date):
            shown = parse_shown(str(index.data() or ""))
            day = shown if isinstance(shown, dt.date) else None
        editor.setDate(editor.minimumDate() if day is None
                       else QDate(day.year, day.month, day.day))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: _Index) -> None:
        assert isinstance(editor, QDateEdit)
        q = editor.date()
        day = None if is_empty(editor) else dt.date(q.year(), q.month(), q.day())
        model.setData(index, day, DATE_ROLE)
        model.setData(index, fmt_date(day), Qt.ItemDataRole.EditRole)


class OwnerBoxes:
    """Each action row's owner as a box of the plan's people with “New person…”; the
    chosen person's name is written into the row's owner cell (the cell stays the truth)."""

    def __init__(self, table: QTableWidget, people: PeopleOffer) -> None:
        self.table, self.people = table, people
        self.directory = people.load()

    def names(self) -> list[str]:
        return [p.name for p in self.directory.people]

    def attach(self, row: int) -> QComboBox:
        """The owner box of ``row``, showing the cell's owner."""
        combo = QComboBox()
        combo.setAccessibleName("Owner")
        combo.setToolTip("Who does it: a person of the plan, or a new person")
        owner = self._text(row)
        combo.addItem("—", None)
        for p in self.directory.people:
            combo.addItem(p.name, p.id)
        if owner and combo.findText(owner) < 0:  # a name written before people existed
            combo.addItem(owner, owner)
        combo.setCurrentIndex(max(combo.findText(owner), 0) if owner else 0)
        self.people.attach(combo, partial(self._picked, combo))
        self.table.setCellWidget(row, OWNER, combo)
        steady_wheels(combo)  # rows come and go: scrolling the actions picks no owner
        return combo

    def _text(self, row: int) -> str:
        item = self.table.item(row, OWNER)
        return item.text() if item is not None else ""

    def _row_of(self, combo: QComboBox) -> int:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, OWNER) is combo:
                return row
        return -1

    def _picked(self, combo: QComboBox, value: Any) -> None:
        if isinstance(value, int):
            person = self.directory.person(value)
            if person is None:  # added just now, by “New person…” or typing
                self.directory = self.people.load()
                person = self.directory.person(value)
            name = person.name if person is not None else ""
            if person is not None:
                blocked = combo.blockSignals(True)
                combo.setItemText(combo.currentIndex(), name)
                combo.blockSignals(blocked)
        else:
            name = value if isinstance(value, str) else ""
        row = self._row_of(combo)
        item = self.table.item(row, OWNER) if row >= 0 else None
        if item is not None:
            item.setText(name)
        elif row >= 0:
            self.table.setItem(row, OWNER, QTableWidgetItem(name))
