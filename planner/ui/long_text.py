"""Text editors that stay responsive with pathological text (ui layer).

Qt lays out a very long unbroken run of characters (a pasted data blob, say) in a word-
wrapping editor in time that grows with the square of its length: 100,000 characters take
seconds, a megabyte minutes. Wrapping anywhere lays the same text out in about a second,
so editors switch to it while such a run is present, and back to word wrapping after.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit

LONG_RUN = re.compile(r"\S{2000,}")


def fit_wrap(edit: QPlainTextEdit, text: str) -> None:
    """Choose the wrap mode for ``text`` before it is shown in ``edit``."""
    mode = (QTextOption.WrapMode.WrapAnywhere if LONG_RUN.search(text)
            else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    if edit.wordWrapMode() != mode:
        edit.setWordWrapMode(mode)


def set_plain(edit: QPlainTextEdit, text: str) -> None:
    """``edit.setPlainText(text)`` when it differs, with a wrap mode that keeps it fast."""
    if edit.toPlainText() != text:
        fit_wrap(edit, text)
        edit.setPlainText(text)
