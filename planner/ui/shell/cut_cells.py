"""A table cell too narrow for its text says it whole on hover (ui layer).

A column narrowed to fit a 1024-pixel screen shows "Shared sixth-form curric…"; hovering
the cell shows the whole text in a tooltip, before the model's own tooltip if it has one
that does not already say it. Every table, tree and list of a view gets this once
(:func:`say_whole_cells`), so no model has to remember it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QToolTip, QWidget

PADDING = 6  # the style's text margins either side of a cell (3 px each in Fusion)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def is_cut(view: QAbstractItemView, index: QModelIndex, text: str) -> bool:
    """Whether ``text`` does not fit the cell it is drawn in (so Qt elides it)."""
    rect = view.visualRect(index)
    if rect.width() <= 0:
        return False
    font = index.data(Qt.ItemDataRole.FontRole)
    metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
    room = rect.width() - PADDING
    if index.data(Qt.ItemDataRole.DecorationRole) is not None:
        room -= view.iconSize().width() + 4 if view.iconSize().width() > 0 else 20
    wraps = bool(getattr(view, "wordWrap", lambda: False)())
    if wraps:
        needed = metrics.boundingRect(QRect(0, 0, max(room, 1), 1_000_000),
                                      int(Qt.TextFlag.TextWordWrap), text).height()
        return needed > rect.height() - 2
    lines = text.split("\n")
    if len(lines) * metrics.lineSpacing() > rect.height() + 2:
        return True
    return max(metrics.horizontalAdvance(line) for line in lines) > room


class WholeCells(QObject):
    """Watches one view's viewport for tooltip requests."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.view.indexAt(event.pos())
        text = index.data(Qt.ItemDataRole.DisplayRole) if index.isValid() else None
        if not isinstance(text, str) or not text.strip() or not is_cut(self.view, index, text):
            return False
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        own = own if isinstance(own, str) else ""
        if _plain(text) in _plain(own):
            return False  # the model's tooltip already says it whole
        QToolTip.showText(event.globalPos(), text + (f"\n\n{_plain(own)}" if own else ""),
                          self.view.viewport(), self.view.visualRect(index))
        return True


def say_whole_cells(root: QWidget) -> None:
    """Every table, tree and list under ``root`` says a cut cell whole on hover (once)."""
    for view in root.findChildren(QAbstractItemView):
        if view.property("planner_whole_cells") is not True:
            view.setProperty("planner_whole_cells", True)
            WholeCells(view)
