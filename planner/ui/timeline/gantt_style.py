"""The Gantt chart's sizes and palette: the pens and brushes of each status.

The palette is taken from the theme in use each time a chart is made (``use_theme``), so
the chart reads in light and dark; read the colours through this module (``gs.INK``), as
``use_theme`` replaces them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from planner.domain import timeline as tl

ROW_PX = 24.0
LABEL_WIDTH = 280
HEADER_PX = 42
# The chart's palette: set from the theme each time a chart is made (use_theme), so the
# Gantt reads in light and dark (views are made again when the theme changes).
GROUP_FILL = QColor("#e8ecf1")
GRID = QColor("#d9dde2")
GRID_MINOR = QColor("#eef0f3")
INK = QColor("#1b1f24")
MUTED = QColor("#5b6570")
TODAY = QColor("#c62828")
PAPER = QColor("#ffffff")
HEADER = QColor("#f5f7f9")
LINE = QColor("#3a3f45")
LINK = QColor("#4a5560")


def use_theme() -> None:
    """Take the chart palette of the theme in use (before a chart is made)."""
    global GROUP_FILL, GRID, GRID_MINOR, INK, MUTED, TODAY, PAPER, HEADER, LINE, LINK
    from planner.ui.shell import theme

    GROUP_FILL, GRID, GRID_MINOR = theme.chart("band"), theme.chart("grid"), \
        theme.chart("grid_minor")
    INK, MUTED, TODAY = theme.chart("ink"), theme.chart("muted"), theme.chart("alert")
    PAPER, HEADER, LINE, LINK = theme.chart("paper"), theme.chart("header"), \
        theme.chart("line"), theme.chart("link")
SELECTED = QColor(31, 95, 168, 40)
DECIMATE_AT = 4000  # beyond this many bars in view, paint every n-th (overview only)


def _light(colour: QColor, amount: float = 0.7) -> QColor:
    """``colour`` washed towards the paper (lighter in light, darker in dark)."""
    return QColor(round(colour.red() + (PAPER.red() - colour.red()) * amount),
                  round(colour.green() + (PAPER.green() - colour.green()) * amount),
                  round(colour.blue() + (PAPER.blue() - colour.blue()) * amount))


def header_ticks(px_per_day: float, x0: float, x1: float
                 ) -> tuple[str, list[tl.Tick], list[tl.Tick]]:
    """The date header's (and grid's) level and ticks for a scale: on the year level, years
    far enough apart that a bold year label fits between them."""
    from PySide6.QtGui import QFont, QFontMetrics

    level = tl.level_for_scale(px_per_day)
    years = 1
    if level == "year":
        bold = QFont()
        bold.setBold(True)
        years = tl.year_step(px_per_day, QFontMetrics(bold).horizontalAdvance("2027") + 12)
    major, minor = tl.axis_ticks(level, x0 - 1, x1 + 1, years)
    return level, major, minor


def _luminance(colour: QColor) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def folded_bar() -> QColor:
    """A folded group's span bar on its band: the muted ink washed towards the paper as far
    as it still stands out 3:1 from the band (quiet, but seen in either theme)."""
    band = _luminance(GROUP_FILL)
    for amount in (0.45, 0.35, 0.25, 0.15, 0.05):
        colour = _light(MUTED, amount)
        lo, hi = sorted((band, _luminance(colour)))
        if (hi + 0.05) / (lo + 0.05) >= 3.0:
            return colour
    return QColor(MUTED)


def status_colour(status: str) -> QColor:
    """A status's colour as drawn on the chart's paper (3:1 at least, in either theme)."""
    from planner.ui.shell import theme

    return theme.mark(tl.STATUS_STYLES[status].colour)


class StatusStyles:
    """Pens and brushes per status: colour plus a pattern that survives grey-scale."""

    def __init__(self) -> None:
        self.fill: list[list[tuple[QPen, QBrush]]] = []
        for status in tl.STATUSES:
            style = tl.STATUS_STYLES[status]
            colour = status_colour(status)
            layers: list[tuple[QPen, QBrush]] = []
            if style.pattern == "solid":
                layers.append((QPen(INK, 0.6), QBrush(colour)))
            elif style.pattern == "hollow":
                layers.append((QPen(colour, 1.6), QBrush(PAPER)))
            elif style.pattern == "dashed":
                pen = QPen(MUTED, 1.2, Qt.PenStyle.DashLine)
                layers.append((pen, QBrush(PAPER)))
            else:
                layers.append((QPen(colour, 1.0), QBrush(_light(colour))))
                pattern = (Qt.BrushStyle.DiagCrossPattern if style.pattern == "crosshatch"
                           else Qt.BrushStyle.BDiagPattern)
                layers.append((QPen(Qt.PenStyle.NoPen), QBrush(colour, pattern)))
            self.fill.append(layers)
        self.diamond = [QBrush(PAPER) if tl.STATUS_STYLES[s].pattern in
                        ("hollow", "dashed") else QBrush(status_colour(s))
                        for s in tl.STATUSES]

