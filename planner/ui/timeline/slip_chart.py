"""The slip chart (milestone trend analysis) (ui layer): forecast date against meeting date.

Each milestone is a line through its forecast at each meeting snapshot. A flat line is a
stable promise; a rising line is a milestone slipping; a line that meets the diagonal
(forecast = meeting date) has run out of time.
"""

from __future__ import annotations

import html
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from planner.domain import timeline as tl
from planner.domain import timeline_review as tl_review

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22")
STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
          Qt.PenStyle.DashDotLine)
MAX_LINES = tl_review.SLIP_LINES
KEY_MIN_WIDTH = 480


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


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

    def __init__(self, parent: QWidget | None = None, *, dark: bool | None = None,
                 key_lines: int = 5) -> None:
        super().__init__(parent, axisItems={"bottom": DateAxis("bottom"),
                                            "left": DateAxis("left")})
        if dark is None:  # the window's theme (View › Theme)
            from planner.ui.shell.theme import current_is_dark

            dark = current_is_dark()
        self.dark = dark
        self.key_lines = key_lines  # milestones named in the key (the worst slippers)
        self.paper = QColor("#101418" if dark else "#ffffff")
        self.setBackground(self.paper)
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
        self.lines: list[tl_review.SlipLine] = []
        self.curves: dict[int, Any] = {}
        # The key: which line is which milestone, and what the dashed diagonal means.
        # Bottom right: below the diagonal, where no forecast can be (it would be past).
        self.key = pg.LegendItem(offset=(-6, -6), labelTextColor=ink, labelTextSize=(
            "10pt" if dark else "8pt"), verSpacing=-4, brush=pg.mkBrush("#101418e0" if dark else "#ffffffe0"),
            pen=pg.mkPen("#5d6670" if dark else "#c3c9cf"))
        self.key.setParentItem(plot.getViewBox())
        self.key_names: list[str] = []
        self._highlight: int | None = None

    def line_colour(self, i: int) -> QColor:
        """The i-th line's colour, standing out from this chart's paper by 3:1 at least."""
        from planner.ui.shell.theme import readable

        return QColor(readable(PALETTE[i % len(PALETTE)], self.paper, 3.0))

    def key_shown(self) -> bool:
        """The key is drawn on a chart wide enough for it; a narrow one says it on hover."""
        return self.width() >= KEY_MIN_WIDTH

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not hasattr(self, "key"):
            return  # still being built
        shown = self.key_shown()
        if shown != self.key.isVisible():
            self.key.setVisible(shown)
            self.set_lines(self.lines, self._highlight)

    def set_lines(self, lines: list[tl_review.SlipLine], highlight: int | None = None) -> None:
        plot = self.getPlotItem()
        self._highlight = highlight
        plot.clear()
        self.key.clear()
        self.key.setVisible(self.key_shown())
        self.key_names = []
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
        named = [line for line in ordered[:self.key_lines]]
        if highlight is not None and all(line.milestone_id != highlight for line in named):
            named += [line for line in ordered if line.milestone_id == highlight]
        for i, line in enumerate(ordered):
            colour = self.line_colour(i)
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
            if line in named:
                name = _short(line.title, 34)
                self.key.addItem(curve, name)
                self.key_names.append(name)
        if len(ordered) > len(named):
            self.key_names.append(f"… {len(ordered) - len(named)} more lines")
            self.key.addItem(pg.PlotDataItem([], [], pen=None), self.key_names[-1])
        self.key.addItem(diagonal, "Forecast = meeting date (out of time)")
        self.key_names.append("Forecast = meeting date (out of time)")
        pad_x = max(7, (max(xs) - min(xs)) * 0.05)
        pad_y = max(7, (max(ys) - min(ys)) * 0.08)
        # Room on the right for the key, beyond the last meeting, so it hides no line.
        room = (max(xs) - min(xs) + 2 * pad_x) * 0.7 if self.key_shown() else 0
        plot.setXRange(min(xs) - pad_x, max(xs) + pad_x + room, padding=0)
        self.setToolTip("<br>".join(html.escape(n) for n in self.key_names))
        plot.setYRange(min(ys) - pad_y, max(ys) + pad_y, padding=0)
