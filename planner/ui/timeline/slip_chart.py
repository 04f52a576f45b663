"""The slip chart (milestone trend analysis) (ui layer): forecast date against meeting date.

Each milestone is a line through its forecast at each meeting snapshot. A flat line is a
stable promise; a rising line is a milestone slipping; a line that meets the diagonal
(forecast = meeting date) has run out of time.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QWidget

from planner.domain import timeline as tl

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22")
STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine)
MAX_LINES = 40


class DateAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """Calendar ticks for day numbers, chosen for the scale in view."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self._labels: dict[int, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:
        if maxVal <= minVal or size <= 0:
            return []
        # Label space: a date label needs ~70 px across, ~28 px up the side.
        per = 70.0 if self.orientation in ("top", "bottom") else 14.0
        level = tl.level_for_scale(size / (maxVal - minVal) * (40.0 / per))
        # Week labels ("19 Oct 2026") are too wide for the side axis, and a short span at
        # quarter level labels at most one tick: months read best on a narrow chart.
        side = self.orientation in ("left", "right")
        if (level == "week" and side) or (level in ("quarter", "half")
                                          and maxVal - minVal < 250):
            level = "month"
        major, minor = tl.axis_ticks(level, minVal, maxVal)
        self._labels = {t.day: t.label for t in (*minor, *major)}  # major labels win
        return [(30.0, [float(t.day) for t in major]), (7.0, [float(t.day) for t in minor])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self._labels.get(round(v), "") if spacing >= 30 else ""
                for v in values]


class SlipChart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """Milestone trend lines; ``highlight`` draws one milestone bold."""

    def __init__(self, parent: QWidget | None = None, *, dark: bool = False) -> None:
        super().__init__(parent, axisItems={"bottom": DateAxis("bottom"),
                                            "left": DateAxis("left")})
        self.dark = dark
        self.setBackground("#101418" if dark else "w")
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.showGrid(x=True, y=True, alpha=0.25)
        ink = "#f0f0f0" if dark else "#1b1f24"
        for name in ("bottom", "left"):
            axis = plot.getAxis(name)
            axis.setPen(ink)
            axis.setTextPen(ink)
            font = QFont()
            font.setPointSize(12 if dark else 9)
            axis.setTickFont(font)
            if name == "left":
                # Room for "Sep 2026" beside the axis title: pyqtgraph hides a tick label
                # that does not fit, and the light chart's axis started too narrow for any.
                axis.setWidth(QFontMetrics(font).horizontalAdvance("Sep 2026") + 34)
        plot.setLabel("bottom", "Meeting date", color=ink)
        plot.setLabel("left", "Forecast date", color=ink)
        self.lines: list[tl.SlipLine] = []
        self.curves: dict[int, Any] = {}

    def set_lines(self, lines: list[tl.SlipLine], highlight: int | None = None) -> None:
        plot = self.getPlotItem()
        plot.clear()
        self.curves = {}
        # The worst slippers first: a meeting wants to see those.
        ordered = sorted(lines, key=lambda line: -abs(line.total_slip_days))[:MAX_LINES]
        self.lines = ordered
        if not ordered:
            return
        xs = [p[0].toordinal() for line in ordered for p in line.points]
        ys = [p[1].toordinal() for line in ordered for p in line.points]
        lo, hi = min(min(xs), min(ys)), max(max(xs), max(ys))
        diagonal = pg.PlotDataItem([lo, hi], [lo, hi],
                                   pen=pg.mkPen("#888888", width=1, style=Qt.PenStyle.DashLine))
        plot.addItem(diagonal)
        for i, line in enumerate(ordered):
            colour = QColor(PALETTE[i % len(PALETTE)])
            bold = line.milestone_id == highlight
            pen = QPen(colour, 4 if bold else (2.5 if self.dark else 1.6))
            pen.setStyle(STYLES[(i // len(PALETTE)) % len(STYLES)])
            pen.setCosmetic(True)
            curve = pg.PlotDataItem([p[0].toordinal() for p in line.points],
                                    [p[1].toordinal() for p in line.points], pen=pen,
                                    symbol="o", symbolSize=9 if bold else 6,
                                    symbolBrush=colour, symbolPen=colour, name=line.title)
            plot.addItem(curve)
            self.curves[line.milestone_id] = curve
        pad_x = max(7, (max(xs) - min(xs)) * 0.05)
        pad_y = max(7, (max(ys) - min(ys)) * 0.08)
        plot.setXRange(min(xs) - pad_x, max(xs) + pad_x, padding=0)
        plot.setYRange(min(ys) - pad_y, max(ys) + pad_y, padding=0)
