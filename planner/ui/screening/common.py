"""What the screening widgets share (ui layer): colours, labels, item roles, text helpers."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from planner.services import screening as svc
from planner.ui.shell import theme
from planner.ui.shell.keep_place import show_value

RED = theme.Ink("#b00020")  # readable in light and dark
GREEN = theme.Ink("#1b6e3a")  # readable in light and dark
AMBER = theme.Ink("#9a6700")  # readable in light and dark
GREY = theme.Ink("#6b7780")  # readable in light and dark
NOT_SCORED = "not yet scored"
PALETTE = ("#1f6f8b", "#f2b134", "#5b8c5a", "#c8553d", "#8a6fb0", "#4aa3a2", "#b07d48",
           "#7d8c99", "#d46a92", "#2f4858", "#99b35a", "#e0815e")
GATE_LABELS = {"pass": "Pass", "fail": "Failed", "unknown": "Open", "overridden": "Overridden"}
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
STAGE_ROLE = Qt.ItemDataRole.UserRole + 3
ROOT = QModelIndex()


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace the text only when it differs, so the cursor stays where the user is typing
    (and a colleague's change leaves the text being typed alone; see keep_place)."""
    show_value(widget, text)


def resources_text(items: list[dict[str, str]]) -> str:
    return "\n".join(f"{i.get('kind', '')}: {i.get('what', '')}" for i in items)


def parse_resources(text: str) -> list[dict[str, str]]:
    """``kind: what`` per line; a line without a known kind is kept for the service to refuse."""
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        kind, sep, what = line.partition(":")
        if sep and kind.strip().casefold() in svc.RESOURCE_KINDS:
            items.append({"kind": kind.strip().casefold(), "what": what.strip()})
        else:
            items.append({"kind": "", "what": line.strip()})
    return items


def form_row(form: QFormLayout, widget: QWidget) -> int:
    """The form row holding ``widget``, or -1."""
    row, _role = cast(tuple[int, Any], form.getWidgetPosition(widget))
    return row


def clear_grid(layout: QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def breakable(text: str, every: int = 20) -> str:
    """``text`` with a zero-width break every ``every`` characters of a very long word.

    A wrapping label is as wide as its longest word: one long word in a title would push
    the editor over the ranking table.
    """
    words = []
    for word in text.split(" "):
        if len(word) > every + 4:
            word = "\u200b".join(word[i:i + every] for i in range(0, len(word), every))
        words.append(word)
    return " ".join(words)


def unbroken(text: str) -> str:
    """``text`` as HTML that never wraps inside it (a key entry stays on one line)."""
    return html(text).replace(" ", "&nbsp;").replace("-", "\u2011")


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red, wrapping message line."""
    label = QLabel(parent)
    label.setStyleSheet(f"color: {RED};")
    label.setWordWrap(True)
    return label


class MessageLabel(QLabel):
    """A message line that takes no room while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")
