"""Keeping the user's place when a colleague's change arrives (ui layer).

On a team database, another person's commit reaches this program as a ChangeSet whose origin is ``COLLEAGUE``
(planner/ui/shell/live_refresh.py) and the open view refreshes while the user may be half-way
through typing something the view has not saved: an empty required name, a reversed date,
a paragraph waiting for the typing pause. The main window runs such a refresh inside
``colleague_refresh()``; while it does, ``show_value`` leaves alone the one editor that has
the keyboard focus (in its window, active or not) and holds text the user typed (it differs from the value the view last
showed there), so the text and the cursor stay; every other editor shows the colleague's
values. Views put stored values into their editors through ``show_value`` and keep their
selection by record id (``same_current_item`` for a refilled tree), so a row that moved
stays selected.

The user's own edits, undo and redo refresh as before: what they change is shown, even in
the focused editor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QStatusBar,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from planner.services.changes import ChangeSet

_SHOWN = "plannerShownValue"  # the stored value a view last showed in an editor


class _State:
    depth = 0  # > 0 while a colleague's change is being shown
    left: QWidget | None = None  # the editor the user left in a view being caught up
    kept: list[tuple[Editor, Any]] = []  # editors whose typing was kept, the stored value


@dataclass
class Kept:
    """What a colleague's refresh did with the user's typing: ``dropped`` holds what was
    typed in an editor the change made read-only (a clause of an agreement a colleague
    marked agreed): it can no longer be saved there, so the editor shows the stored value
    again instead of text that looks saved (the caller puts it on the clipboard)."""

    dropped: list[str] = field(default_factory=list)

    def hand_back(self, bar: QStatusBar) -> None:
        """Put what was dropped on the clipboard, and say so in the status bar ``bar``."""
        if self.dropped:
            QApplication.clipboard().setText("\n\n".join(self.dropped))
            # After the refresh's own "Updated with a colleague's changes.", not under it.
            QTimer.singleShot(0, bar, partial(
                bar.showMessage, "A colleague's change made the text you were typing "
                "read-only, so what you typed was not saved: it is on the clipboard.", 20000))


@contextlib.contextmanager
def colleague_refresh(changes: ChangeSet, left: QWidget | None = None) -> Iterator[Kept]:
    """Run a view's refresh; when ``changes`` are a colleague's, the user's typing is kept:
    in the focused editor, or in ``left`` — where the keyboard was when the user left a
    view that now catches up with what arrived while it was hidden."""
    kept = Kept()
    if not changes.colleagues:
        yield kept
        return
    _State.depth += 1
    outer, _State.left = _State.left, left
    try:
        yield kept
    finally:
        _State.depth -= 1
        _State.left = outer
        if _State.depth == 0:
            held, _State.kept = _State.kept, []
            for widget, stored in {id(w): (w, v) for w, v in held}.values():  # each once
                if shiboken6.isValid(widget) and not _editable(widget):
                    kept.dropped.append(str(value_of(widget)))
                    show_value(widget, stored)  # (no longer a colleague's refresh: shown)


def _editable(widget: QWidget) -> bool:
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)) and \
            widget.isReadOnly():
        return False
    return widget.isEnabled()


def showing_colleagues_change() -> bool:
    return _State.depth > 0


Editor = QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox | QComboBox


def value_of(widget: QWidget) -> Any:
    """What an editor holds now, comparable with the value a view shows there."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QDateEdit):
        return widget.date()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    raise TypeError(f"not an editor: {type(widget).__name__}")


def is_focus(widget: QWidget) -> bool:
    """True when ``widget`` is where its window's keyboard focus is, even while the user is
    in another program (a colleague's change often arrives just then); ``hasFocus`` is
    False whenever the window is not the active one."""
    focused = widget.window().focusWidget()
    if focused is None:
        return False
    return focused is widget or focused is widget.focusProxy() or focused.focusProxy() is widget


def typing_in(widget: QWidget) -> bool:
    """True while a colleague's change is shown and the user is typing in ``widget``: it
    has the focus and holds something other than what the view last showed there."""
    if not showing_colleagues_change() or not (is_focus(widget) or widget is _State.left):
        return False
    shown = widget.property(_SHOWN)
    if shown is None:  # never shown through here: trust the editor's own flag
        if isinstance(widget, QLineEdit):
            return widget.isModified()
        if isinstance(widget, (QPlainTextEdit, QTextEdit)):
            return widget.document().isModified()
        return False
    return bool(value_of(widget) != shown)


def saved_as_typed(values: Iterable[Any]) -> None:
    """The user's own edit was saved with ``values``: the text editor the keyboard is in,
    holding one of them, holds what is stored now, no longer typing. A colleague's newer
    value arriving there is then shown, not kept over as if it were unsaved (a title saved
    keystroke by keystroke, then changed by a colleague who saw it, stayed in the box as
    typed while the register said the colleague's; a next keystroke saved over theirs)."""
    widget = QApplication.focusWidget()
    if not isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)) \
            or isinstance(widget, QDateEdit):
        return
    value = value_of(widget)
    if any(value == stored or (isinstance(stored, str) and isinstance(value, str)
                               and value.strip() == stored.strip()) for stored in values):
        widget.setProperty(_SHOWN, value)


def editing_cell(view: QAbstractItemView) -> bool:
    """True while a colleague's change is shown and the user has a cell (or list entry) of
    ``view`` open for editing: the view should not be refilled under the open editor. What
    the user then commits is checked against the colleague's save like any other edit."""
    return showing_colleagues_change() and \
        view.state() == QAbstractItemView.State.EditingState


def show_value(widget: Editor, value: Any) -> bool:
    """Show a stored value in an editor (text, a QDate, a number, a combo's text).

    Unchanged values are left alone, so the cursor stays where it is. While a colleague's
    change is shown, the focused editor the user is typing in keeps its text and cursor.
    Returns False when the user's typing was kept, True when ``value`` is shown.
    """
    kept = value_of(widget) != value and typing_in(widget)
    widget.setProperty(_SHOWN, value)
    if kept:
        _State.kept.append((widget, value))  # still editable once the refresh is done?
        return False
    if value_of(widget) == value:
        return True
    focused = is_focus(widget)
    if isinstance(widget, QLineEdit):
        at = widget.cursorPosition()
        widget.setText(value)
        # Where the user was, if they are there; else the start of a long line, not its end.
        widget.setCursorPosition(min(at, len(value)) if focused else 0)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        cursor = widget.textCursor()
        at = cursor.position()
        widget.setPlainText(value)
        if focused:
            cursor = widget.textCursor()
            cursor.setPosition(min(at, len(widget.toPlainText())))
            widget.setTextCursor(cursor)
    elif isinstance(widget, QDateEdit):
        widget.setDate(value if isinstance(value, QDate) else QDate(value))
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        widget.setValue(value)
    elif isinstance(widget, QComboBox):
        found = widget.findText(value)
        if found >= 0:
            widget.setCurrentIndex(found)
        else:
            widget.setEditText(value)
    return True


@contextlib.contextmanager
def same_current_item(view: QTreeWidget | QListWidget, role: int) -> Iterator[None]:
    """Refill a tree or list widget inside the block; the item that was current stays
    current: the item whose ``role`` data (a record's key; column 0 of a tree) is the same,
    wherever it moved."""
    item = view.currentItem()
    key = (item.data(0, role) if isinstance(item, QTreeWidgetItem) else item.data(role)) \
        if item is not None else None
    yield
    if key is None:
        return
    if isinstance(view, QTreeWidget):
        found = view.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        again = next((i for i in found if i.data(0, role) == key), None)
        if again is not None:
            view.setCurrentItem(again)
        return
    for row in range(view.count()):
        if view.item(row).data(role) == key:
            view.setCurrentRow(row)
            return


Place = tuple[Any, int, int, str]  # row key, widget's index in its row, cursor, text


def focused_place(rows: Mapping[Any, Sequence[QWidget]]) -> Place | None:
    """Where the keyboard is among rows of editors a view is about to rebuild (the rows of
    a record's gates or scores, say): which row, which of its widgets, the cursor and the
    text there. None when it is elsewhere."""
    for key, widgets in rows.items():
        for index, widget in enumerate(widgets):
            if is_focus(widget):
                cursor, text = 0, ""
                if isinstance(widget, QLineEdit):
                    cursor, text = widget.cursorPosition(), widget.text()
                return key, index, cursor, text
    return None


def focus_place(rows: Mapping[Any, Sequence[QWidget]], place: Place | None) -> None:
    """After the rebuild and reload: the keyboard goes back where it was; a line the user
    was typing in (saved or refused) gets its text and cursor back."""
    if place is None or place[0] not in rows:
        return
    key, index, cursor, text = place
    widget = rows[key][index]
    if isinstance(widget, QLineEdit) and widget.text() != text and showing_colleagues_change():
        widget.setText(text)
    if widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
        return  # the reload hid it (a failure's reason, once the gate passes)
    widget.show()  # a widget new to a shown layout is shown only later (queued)
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.setCursorPosition(min(cursor, len(widget.text())))
