"""A passing mouse wheel scrolls the page, never the choice under the pointer (ui layer).

Qt's boxes, spin boxes, date boxes and sliders take the wheel whenever the pointer is over
them: a CEO scrolling down the Scores tab changed a pursued opportunity's Sustainability
from 4 to 1 (its score 66 → 60, saved as an edit), and scrolling a conflict area's editor
turned its Status from Open to Accepted. Here such a control takes the wheel only while it
has the keyboard focus (clicked or tabbed to, as in a web form); otherwise the wheel goes on
to the page that holds it, which scrolls. Every view gets this once (:func:`steady_wheels`,
from ``create_view``), and so does each page or row a view makes later, and each dialog
with such controls (one call at the end of its ``__init__``: dialogs are made outside the
views).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

_CHOICES = (QComboBox, QAbstractSpinBox, QAbstractSlider)


class WheelGuard(QObject):
    """The one filter every guarded control shares."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            # Ignored and filtered: Qt offers the wheel to the parent, so the page scrolls.
            event.ignore()
            return True
        return False


_guard: WheelGuard | None = None


def steady_wheels(root: QWidget) -> None:
    """Every box, spin box, date box and slider under ``root`` (and ``root`` itself) takes
    the wheel only with the keyboard focus; calling it again on the same widgets is
    harmless."""
    global _guard
    if _guard is None:
        _guard = WheelGuard()
    found = [root] if isinstance(root, _CHOICES) else []
    for kind in _CHOICES:
        found += root.findChildren(kind)
    for widget in found:
        if isinstance(widget, QScrollBar) or widget.property("planner_steady_wheel"):
            continue
        widget.setProperty("planner_steady_wheel", True)
        # Not WheelFocus: the wheel would give the control the focus it then looks for.
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_guard)
