"""The screening charts (ui layer): each criterion's contribution to each score, and how far
each weight can move before the top group changes. pyqtgraph is imported with them.

Both draw on the theme's chart paper (theme.chart): their words in its ink (4.5:1), their
marks in colours that stand out from it by 3:1 (theme.mark), in light and dark alike. The
views are built again when the theme changes, so a chart reads the theme once, as it is made.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from planner.domain.screening import RankedOption
from planner.ui.screening.common import PALETTE, unbroken
from planner.ui.shell import theme


def _on_paper(chart: pg.PlotWidget, x_label: str) -> tuple[QColor, QColor]:
    """Give ``chart`` the theme's paper, and its axes, ticks and titles the paper's ink."""
    paper, ink = theme.chart("paper"), theme.chart("ink")
    chart.setBackground(paper)
    plot = chart.getPlotItem()
    for name in ("bottom", "left"):
        axis = plot.getAxis(name)
        axis.setPen(theme.chart("muted"))
        axis.setTextPen(ink)
    plot.setLabel("bottom", x_label, color=ink.name())
    plot.showGrid(x=True, y=False, alpha=0.35)
    return paper, ink


class ContributionChart(pg.PlotWidget):  # type: ignore[misc]
    """One horizontal stacked bar per ranked opportunity: each criterion's weighted points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(180)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.paper, self.ink = _on_paper(self, "Score (points of 100)")
        self.bars: list[pg.BarGraphItem] = []
        self.titles: list[str] = []
        # The key is a label beside the chart (a legend inside the plot would cover bars).
        self.key = QLabel()
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)

    def set_data(self, criteria: list[str], ranked: list[RankedOption]) -> None:
        plot = self.getPlotItem()
        if len(self.bars) != len(criteria):
            for bar in self.bars:
                plot.removeItem(bar)
            self.bars = []
        shown = [r for r in ranked if r.eligible][:12]
        self.titles = [r.title for r in shown]
        # The best is at the top: row 0 is drawn highest.
        y = [len(shown) - 1 - i for i in range(len(shown))]
        left = [0.0] * len(shown)
        for c, name in enumerate(criteria):
            widths = [r.contributions[c] if c < len(r.contributions) else 0.0 for r in shown]
            if c < len(self.bars):
                self.bars[c].setOpts(x0=list(left), y=y, width=widths, name=name)
            else:
                # A thin line of paper between the criteria's parts of a bar.
                bar = pg.BarGraphItem(x0=list(left), y=y, height=0.6, width=widths,
                                      brush=self.criterion_colour(c),
                                      pen=pg.mkPen(self.paper, width=0.5), name=name)
                plot.addItem(bar)
                self.bars.append(bar)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        # A left-to-right mark first: "2. " before an Arabic title stays on the left.
        ticks = [(yy, f"\u200e{r.rank}. {r.title[:28]}{'…' if len(r.title) > 28 else ''}")
                 for yy, r in zip(y, shown, strict=True)]
        plot.getAxis("left").setTicks([ticks])
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(-0.6, max(len(shown), 1) - 0.4, padding=0)
        self.key.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:{theme.readable(self.criterion_colour(c), need=3)}'>"
            "&#9632;</span>&nbsp;"
            f"{unbroken(name)}"
            for c, name in enumerate(criteria)))

    def criterion_colour(self, c: int) -> QColor:
        """The c-th criterion's colour as drawn: its hue, 3:1 against the chart's paper."""
        return theme.mark(PALETTE[c % len(PALETTE)])

    def totals(self) -> list[float]:
        """The drawn length of each bar, top to bottom (what a reader sees)."""
        if not self.bars:
            return []
        n = len(self.titles)
        sums = [0.0] * n
        for bar in self.bars:
            for i, width in enumerate(bar.opts["width"]):
                sums[i] += float(width)
        return sums


class WeightRangeChart(pg.PlotWidget):  # type: ignore[misc]
    """Per criterion, the weight range that keeps the top group (bar) and today's weight (dot)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(160)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMenuEnabled(False)
        plot = self.getPlotItem()
        self.paper, self.ink = _on_paper(self, "Weight (%)")
        # The range: a pale band of its hue, outlined so its ends stand out (3:1); today's
        # weight: a dot that stands out from both the paper and the band.
        self.range_line = theme.mark("#1f6f8b")
        self.range_fill = QColor("#cfe3ec" if not theme.current_is_dark() else "#20404d")
        self.dot_colour = QColor(theme.readable(theme.mark("#c8553d"), self.range_fill, 3.0))
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.5, width=[], brush=self.range_fill,
                                    pen=pg.mkPen(self.range_line, width=2))
        self.dots = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(self.dot_colour), pen=None)
        plot.addItem(self.bars)
        plot.addItem(self.dots)
        self.ranges: list[Any] = []

    def set_ranges(self, ranges: list[Any]) -> None:
        self.ranges = list(ranges)
        n = len(ranges)
        y = [n - 1 - i for i in range(n)]
        self.bars.setOpts(x0=[r.low for r in ranges], y=y,
                          width=[max(r.high - r.low, 0.4) for r in ranges])
        self.dots.setData(x=[r.current for r in ranges], y=y)
        self.getPlotItem().getAxis("left").setTicks(
            [[(yy, r.name[:22] + ("…" if len(r.name) > 22 else ""))
              for yy, r in zip(y, ranges, strict=True)]])
        self.getPlotItem().setXRange(0, 100, padding=0.02)
        self.getPlotItem().setYRange(-0.6, max(n, 1) - 0.4, padding=0)
