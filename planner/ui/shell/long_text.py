"""Text editors that stay responsive with pathological text (ui layer).

Qt's default wrap mode also breaks inside words, and lays a very long unbroken run of
characters (a pasted data blob, say) out in time that grows with the square of its length:
100,000 characters took seconds, a megabyte minutes, with the window frozen. Wrapping only
between words lays the same text out in well under a second (the run scrolls sideways).
"""

from __future__ import annotations

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget


def calm_wrapping(widget: QWidget) -> None:
    """Every plain-text editor in ``widget`` (and ``widget`` itself, if one) wraps only at
    word boundaries."""
    edits = widget.findChildren(QPlainTextEdit)
    if isinstance(widget, QPlainTextEdit):
        edits.append(widget)
    for edit in edits:
        edit.setWordWrapMode(QTextOption.WrapMode.WordWrap)
