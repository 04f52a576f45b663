"""What each criterion contributes to each ranked opportunity's score (ui layer): one
horizontal stacked bar per opportunity, the best at the top, painted with QPainter.

At most twelve bars of a few parts each are too few to need pyqtgraph, whose import (it
walks every Qt class) was ~0.4 s of processor time before the Ranking page could show;
pyqtgraph now loads only with the Weights page's range chart (charts.py). The chart draws
on the theme's chart paper (theme.chart): its words in the paper's ink (4.5:1), its marks
in colours that stand out from it by 3:1 (theme.mark), in light and dark alike. The views
are built again when the theme changes, so the chart reads the theme once, as it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

from planner.domain.screening import RankedOption
from planner.ui.screening.common import PALETTE, unbroken
from planner.ui.shell import theme

X_LABEL = "Score (points of 100)"
MOST_BARS = 12  # the top of the ranking: more would be too thin to read
TITLE_CHARS = 28  # a bar's title on the left axis, cut with "…"
BAR_HEIGHT = 0.6  # of a row; the rest is paper between bars
X_PAD = 0.02  # of the 0-100 range, either side
GRID_ALPHA = 0.35
TICK_STEPS = (10, 20, 25, 50)  # points between the score axis's labels, the first that fits
TICK_LENGTH = 5
GAP = 4  # px between an axis and its words


@dataclass
class Bars:
    """One criterion's part of every bar: where each part starts and how long it is."""

    name: str
    x0: list[float] = field(default_factory=list)
    width: list[float] = field(default_factory=list)


class ContributionChart(QWidget):
    """One horizontal stacked bar per ranked opportunity: each criterion's weighted points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(180)
        self.paper, self.ink = theme.chart("paper"), theme.chart("ink")
        self.muted = theme.chart("muted")
        self.setAutoFillBackground(False)
        self.bars: list[Bars] = []  # one per criterion, in the criteria's order
        self.titles: list[str] = []
        self.ticks: list[str] = []  # the left axis's words, top to bottom
        # The key is a label beside the chart (a legend inside the plot would cover bars).
        self.key = QLabel()
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)

    def set_data(self, criteria: list[str], ranked: list[RankedOption]) -> None:
        shown = [r for r in ranked if r.eligible][:MOST_BARS]
        self.titles = [r.title for r in shown]
        left = [0.0] * len(shown)
        self.bars = []
        for c, name in enumerate(criteria):
            widths = [r.contributions[c] if c < len(r.contributions) else 0.0 for r in shown]
            self.bars.append(Bars(name, list(left), widths))
            left = [a + b for a, b in zip(left, widths, strict=True)]
        # A left-to-right mark first: "2. " before an Arabic title stays on the left.
        self.ticks = [f"\u200e{r.rank}. {r.title[:TITLE_CHARS]}"
                      f"{'…' if len(r.title) > TITLE_CHARS else ''}" for r in shown]
        self.key.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:{theme.readable(self.criterion_colour(c), need=3)}'>"
            "&#9632;</span>&nbsp;"
            f"{unbroken(name)}"
            for c, name in enumerate(criteria)))
        self.update()

    def criterion_colour(self, c: int) -> QColor:
        """The c-th criterion's colour as drawn: its hue, 3:1 against the chart's paper."""
        return theme.mark(PALETTE[c % len(PALETTE)])

    def totals(self) -> list[float]:
        """The drawn length of each bar, top to bottom (what a reader sees)."""
        sums = [0.0] * len(self.titles)
        for bars in self.bars:
            for i, width in enumerate(bars.width):
                sums[i] += float(width)
        return sums

    # ------------------------------------------------------------------ painting

    def plot_rect(self) -> QRectF:
        """Where the bars go: right of the titles, above the score axis and its label."""
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(t) for t in self.ticks), default=0)
        # The titles take what they need, but never more than 55% of the chart.
        axis_width = min(widest + GAP + TICK_LENGTH, int(self.width() * 0.55))
        bottom = TICK_LENGTH + GAP + 2 * metrics.height() + GAP
        top = metrics.height() // 2  # room for the top title's upper half
        right = metrics.horizontalAdvance("100") // 2 + GAP
        return QRectF(axis_width + 2, top, max(self.width() - axis_width - 2 - right, 1),
                      max(self.height() - top - bottom, 1))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), self.paper)
        plot = self.plot_rect()
        metrics = QFontMetrics(self.font())
        low, high = -100 * X_PAD, 100 * (1 + X_PAD)
        rows = max(len(self.titles), 1)

        def x_of(points: float) -> float:
            return plot.left() + (points - low) / (high - low) * plot.width()

        unit = plot.height() / (rows + 0.2)  # a row's height: 0.4 of one spare, 0.2 below

        def y_of(row: int) -> float:
            """The top of row ``row``'s bar; row 0 (the best) at the top."""
            return plot.top() + (row + 0.6 - BAR_HEIGHT / 2) * unit

        step = next((s for s in TICK_STEPS
                     if (x_of(s) - x_of(0)) >= metrics.horizontalAdvance("100") + 3 * GAP),
                    TICK_STEPS[-1])
        # The grid and the score axis's ticks and words.
        grid = QColor(self.muted)
        grid.setAlphaF(GRID_ALPHA)
        painter.setPen(QPen(self.ink))
        for points in range(0, 101, step):
            x = x_of(points)
            painter.setPen(QPen(grid))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(QPen(self.muted))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + TICK_LENGTH))
            painter.setPen(QPen(self.ink))
            words = str(points)
            width = metrics.horizontalAdvance(words)
            painter.drawText(QPointF(x - width / 2, plot.bottom() + TICK_LENGTH + GAP
                                     + metrics.ascent()), words)
        label_width = metrics.horizontalAdvance(X_LABEL)
        painter.drawText(QPointF(plot.center().x() - label_width / 2,
                                 plot.bottom() + TICK_LENGTH + 2 * GAP + metrics.height()
                                 + metrics.ascent()), X_LABEL)
        # The bars: each criterion's part in its colour, a thin line of paper between parts.
        painter.setPen(QPen(self.paper, 0.5))
        for c, bars in enumerate(self.bars):
            painter.setBrush(self.criterion_colour(c))
            for row, (start, part) in enumerate(zip(bars.x0, bars.width, strict=True)):
                if part <= 0:
                    continue
                top = y_of(row)
                painter.drawRect(QRectF(QPointF(x_of(start), top),
                                        QPointF(x_of(start + part), top + BAR_HEIGHT * unit)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # The titles, right-aligned against the left axis and centred on their bars.
        axis_x = plot.left()
        room = int(axis_x - TICK_LENGTH - GAP - 2)
        for row, words in enumerate(self.ticks):
            middle = y_of(row) + BAR_HEIGHT / 2 * unit
            painter.setPen(QPen(self.muted))
            painter.drawLine(QPointF(axis_x - TICK_LENGTH, middle), QPointF(axis_x, middle))
            painter.setPen(QPen(self.ink))
            shown = metrics.elidedText(words, Qt.TextElideMode.ElideRight, max(room, 0))
            width = metrics.horizontalAdvance(shown)
            painter.drawText(QPointF(axis_x - TICK_LENGTH - GAP - width,
                                     middle - metrics.height() / 2 + metrics.ascent()), shown)
        # The axes themselves.
        painter.setPen(QPen(self.muted))
        painter.drawLine(QPointF(axis_x, plot.top()), QPointF(axis_x, plot.bottom()))
        painter.drawLine(QPointF(axis_x, plot.bottom()), QPointF(plot.right(), plot.bottom()))
