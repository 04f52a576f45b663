"""The note over an empty Gantt chart, "No milestones yet" (ui layer).

It sits beside the row labels, as wide as the chart leaves room for (a fixed 420 px ran off
the chart's right edge at 1024x768: "Give it a", "th"), and takes the theme's paper and
ink (white paper under the dark theme's light words could not be read). The view is built
again when the theme changes, so the colours are chosen once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget

from planner.ui.shell.theme import current_is_dark

TEXT = ("<h3>No milestones yet</h3><p>A partnership is most fragile at the start. Give it a "
        "short series of small, dated steps: choose <b>Add milestone…</b>, then split a big "
        "goal into bites and celebrate each one passed.</p>")
# Paper, rule and ink, light and dark (the words 12:1 and more on their paper).
COLOURS = {False: ("#ffffff", "#d9dde2", "#1f2933"), True: ("#2a3038", "#4a5360", "#e6ebf1")}
WIDEST, NARROWEST, MARGIN, TOP = 420, 220, 16, 70


class EmptyNote(QLabel):
    """The note, a child of the chart, placed again whenever the chart is resized."""

    def __init__(self, chart: QWidget, left: int) -> None:
        super().__init__(TEXT, chart)
        self.chart = chart
        self.left = left  # where it would start: just right of the row labels
        self.setWordWrap(True)
        paper, rule, ink = COLOURS[current_is_dark()]
        self.setStyleSheet(f"QLabel {{ background: {paper}; color: {ink}; padding: 12px; "
                           f"border: 1px solid {rule}; border-radius: 6px; }}")
        chart.installEventFilter(self)
        self.hide()

    def place(self) -> None:
        room = self.chart.width()
        width = max(NARROWEST, min(WIDEST, room - 2 * MARGIN))
        self.setFixedWidth(width)
        self.move(max(MARGIN, min(self.left, room - width - MARGIN)), TOP)
        self.adjustSize()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.place()
        return False
