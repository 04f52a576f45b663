"""The dashboard's cards (ui layer): a headline tile, the CEO hours bars and the Next steps
checklist. Each shows what it is given; the checklist's links say what the user chose
through their ``linkActivated`` signals, which the view connects.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner.services import dashboard as dash
from planner.services import next_steps
from planner.ui.shell import theme
from planner.ui.shell.theme import colour as themed


def panel(frame: QFrame, name: str, paper: str) -> None:
    """A rounded panel on the theme's ``paper`` colour (with its ``paper_border``), its labels
    in strong ink: a tile, the Next steps note."""
    frame.setObjectName(name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet(f"#{name} {{ background: {themed(paper)}; border: 1px solid "
                        f"{themed(paper + '_border')}; border-radius: 6px; }}"
                        f"#{name} QLabel {{ color: {themed('strong')}; }}")


class Tile(QFrame):
    """A headline figure: a label, a big value and a line of context."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        panel(self, "dashboardTile", "tile")
        layout = self.box = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.label = QLabel(label)
        self.label.setStyleSheet(f"color: {themed('secondary')};")
        self.value = QLabel()
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel()
        self.note.setWordWrap(True)
        for w in (self.label, self.value, self.note):
            layout.addWidget(w)

    def set(self, value: str, note: str, *, alert: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {themed('alert' if alert else 'strong')};")
        self.note.setText(note)
        self.setAccessibleName(f"{self.label.text()}: {value}, {note}")


class HoursBars(QWidget):
    """Three bars, CEO hours a month: budget, committed (screening estimates), actual."""

    ORDER = (("Budget", "#8a99ab"), ("Committed", "#1a5fb4"), ("Actual", "#2e7d32"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = (0.0, 0.0, 0.0)
        self.setMinimumHeight(54)

    def set_values(self, budget: float, committed: float, actual: float) -> None:
        self.values = (budget, committed, actual)
        self.setToolTip(f"Budget {dash.fmt_hours(budget)}, committed "
                        f"{dash.fmt_hours(committed)}, actual {dash.fmt_hours(actual)} a month")
        self.update()

    def bar_rects(self) -> list[QRectF]:
        """Where each bar is drawn (also what the tests check)."""
        top = max(self.values) or 1.0
        label_w = 70.0
        width = max(1.0, self.width() - label_w - 46)
        row_h = self.height() / 3
        return [QRectF(label_w, i * row_h + 3, width * v / top, row_h - 6)
                for i, v in enumerate(self.values)]

    def sizeHint(self) -> QSize:
        return QSize(220, 54)

    def bar_colour(self, name: str, over: bool = False) -> QColor:
        """A bar's colour, standing out from the window by 3:1 in either theme."""
        colour = "#c62828" if over else dict(self.ORDER)[name]
        return QColor(theme.readable(colour, self.palette().color(self.backgroundRole()), 3.0))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        budget = self.values[0]
        for (name, _colour), rect, value in zip(self.ORDER, self.bar_rects(), self.values,
                                               strict=True):
            over = name != "Budget" and value > budget > 0
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(QRectF(0, rect.top() - 3, 66, rect.height() + 6),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             name)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(self.bar_colour(name, over)))
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(QRectF(rect.right() + 4, rect.top() - 3, 44, rect.height() + 6),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             dash.fmt_hours(value))
        painter.end()


class NextStepsPanel(QFrame):
    """The Next steps checklist: the method's eight steps, each ticked from the plan's own
    records and linked to the view that does it. It hides once every step is done (or when
    the user hides it) and comes back from View › Next Steps or the dashboard's link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        panel(self, "nextSteps", "note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel()
        head.addWidget(self.title, 1)
        self.hide_link = QLabel(f"<a href='hide' style='color:{themed('link')}'>Hide</a>")
        self.hide_link.setToolTip("Hide the checklist (View › Next Steps shows it again)")
        head.addWidget(self.hide_link)
        layout.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(0)
        layout.addLayout(self.grid)
        self.next_line = QLabel()
        self.next_line.setWordWrap(True)
        layout.addWidget(self.next_line)
        self.items: dict[str, QLabel] = {}
        self.steps: tuple[next_steps.Step, ...] = ()

    def set_steps(self, steps: tuple[next_steps.Step, ...]) -> None:
        self.steps = steps
        done = sum(s.done for s in steps)
        self.title.setText(f"<b>Next steps</b> <span style='color:{themed('secondary')}'>— {done} "
                           f"of {len(steps)} done, ticked from what the plan records</span>")
        half = (len(steps) + 1) // 2
        for number, step in enumerate(steps):
            label = self.items.get(step.key)
            if label is None:
                label = self.items[step.key] = QLabel()
                label.setObjectName(f"step_{step.key}")
                self.grid.addWidget(label, number % half, number // half)
            mark = "✓" if step.done else "○"
            colour = themed("secondary" if step.done else "link")
            label.setText(f"<span style='color:{themed('ok' if step.done else 'warn')}'>"
                          f"{mark}</span> {number + 1}. <a href='{step.key}' style='color:"
                          f"{colour}'>{html.escape(step.title)}</a>")
            label.setToolTip(step.hint)
            label.setAccessibleName(f"{step.title}: {'done' if step.done else 'to do'}. "
                                    f"{step.hint}")
        first = next((s for s in steps if not s.done), None)
        if first is None:
            self.next_line.setText("Every step of the method is done. Keep the plan alive: "
                                   "review conflict areas, celebrate small wins, meet as agreed.")
        else:
            self.next_line.setText(f"<b>Next:</b> {html.escape(first.hint)} "
                                   f"<a href='{first.key}' style='color:{themed('link')}'>Go "
                                   "there</a>")
