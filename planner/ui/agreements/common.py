"""What the Agreements view's parts share (ui layer): the item role, escaping, page helpers."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id kept on list and tree items
NO_DATE = QDate(2000, 1, 1)  # the date editors' "not set" value


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scrolling_page(form: QWidget, message: QLabel) -> QWidget:
    """A tab page: the form scrolling, with its message line below it, always in sight
    (at the foot of a long form it could be scrolled out of view while typing above)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    parent = message.parentWidget()
    inner = parent.layout() if parent is not None else None
    if inner is not None:
        inner.removeWidget(message)
    layout.addWidget(scroll, 1)
    layout.addWidget(message)
    return page
