"""The Weights page's chart (ui layer): how far each weight can move before the top group
changes. pyqtgraph is imported with it, so only when the Weights page is first made
(the Ranking page's contribution chart is painted without it: contribution_chart.py).

It draws on the theme's chart paper (theme.chart): its words in its ink (4.5:1), its
marks in colours that stand out from it by 3:1 (theme.mark), in light and dark alike. The
views are built again when the theme changes, so the chart reads the theme once, as it is made.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

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
