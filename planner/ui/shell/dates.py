"""One way to enter a date, everywhere (ui layer).

Every date box shows the date one way ("6 Dec 2026"; ISO only in files). A date that may be
left empty ("not set": the box's minimum date with its special text) behaves as people
expect: its calendar opens at today's month, not at the empty value's (December 1999);
typing into it starts from today instead of mixing the words "not set" with the digits;
and a clear button empties it again.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QStyle, QWidget

from planner.domain import dates

DISPLAY_FORMAT = dates.QT_FORMAT  # the interface's one date format: 6 Dec 2026
SEPARATORS = frozenset(" /-.,")  # between a typed date's day, month and year


def day_text(day: dt.date | None, empty: str = "") -> str:
    """A date as the interface writes it ("6 Dec 2026"), the same words as the date boxes
    and the services' messages (planner.domain.dates)."""
    return dates.day_text(day, empty=empty)


def is_empty(edit: QDateEdit) -> bool:
    """Showing "not set": an optional date box at its minimum."""
    return bool(edit.specialValueText()) and edit.date() == edit.minimumDate()


class _DateHelper(QObject):
    """Watches one date box and its calendar (kept by the box)."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self._last: int | None = None  # the section the last key was typed in
        edit.installEventFilter(self)
        edit.setCalendarPopup(True)
        calendar = edit.calendarWidget()
        if calendar is not None:
            calendar.installEventFilter(self)
        if edit.specialValueText():
            clear = QAction(edit.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton),
                            "Clear the date", edit)
            clear.setToolTip("Clear the date (not set)")
            clear.triggered.connect(self.clear)
            edit.addAction(clear)
            self.clear_action = clear
            # The button sits in the text box, at its end, as in a search box.
            line = edit.lineEdit()
            if line is not None:
                from PySide6.QtWidgets import QLineEdit

                line.addAction(clear, QLineEdit.ActionPosition.TrailingPosition)
            # Room for the button too: Qt sizes a date box for its text and arrow only, so
            # "30 Dec 2026" was cut under the button at 1024×768.
            icon = edit.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, edit)
            edit.setMinimumWidth(edit.sizeHint().width() + icon + 12)
            edit.dateChanged.connect(self._show_clear)
            self._show_clear()

    def _show_clear(self) -> None:
        """The clear button only where it can do something: a date set, the box editable."""
        self.clear_action.setVisible(self.edit.isEnabled() and not self.edit.isReadOnly()
                                     and not is_empty(self.edit))

    def clear(self) -> None:
        self.edit.setDate(self.edit.minimumDate())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.edit and kind == QEvent.Type.EnabledChange and \
                hasattr(self, "clear_action"):
            self._show_clear()
        if watched is not self.edit:
            if kind == QEvent.Type.Show and is_empty(self.edit):
                today = QDate.currentDate()
                calendar = self.edit.calendarWidget()
                calendar.setCurrentPage(today.year(), today.month())  # opens at today
            return False
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._typed(event.text())
        return False

    def _typed(self, text: str) -> bool:
        """Typing a whole date ("26 Mar 2027") gives that date (True: the key is eaten).

        Qt moves on to the month by itself once the day has two digits, so the space typed
        next skipped the month: "26 Mar 2027" became 26 Dec 2027. And with the whole date
        selected (a double-click, Ctrl+A) the digits typed were refused: 20 Dec 2026 became
        20 Mar 2027. Now a separator right after Qt moved on is eaten, and typing over the
        whole date starts at its day, as typing into "not set" does (from today)."""
        section = self.edit.currentSectionIndex()
        moved, self._last = self._last is not None and self._last != section, section
        if text in SEPARATORS and moved:
            return True
        if not text or not text.isprintable() or text.isspace():
            return False
        line = self.edit.lineEdit()
        whole = line is not None and line.hasSelectedText() and \
            line.selectedText() == line.text()
        if is_empty(self.edit) or whole:
            if is_empty(self.edit):
                self.edit.setDate(QDate.currentDate())
            self.edit.setCurrentSection(self.edit.sectionAt(0))
            if line is not None:
                line.setSelection(0, len(self.edit.sectionText(self.edit.sectionAt(0))))
            self._last = 0
        return False


def improve(edit: QDateEdit) -> None:
    """Give a date box the program's one format and its empty-date behaviour (once)."""
    if edit.property("planner_date") is True:
        return
    edit.setProperty("planner_date", True)
    edit.setDisplayFormat(DISPLAY_FORMAT)
    _DateHelper(edit)


def improve_all(root: QWidget) -> None:
    for edit in root.findChildren(QDateEdit):
        improve(edit)
