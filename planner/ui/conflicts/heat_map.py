"""The 5 x 5 conflict heat map (ui layer): counts per likelihood x impact cell.

Painted with QPainter (25 cells are too few to need pyqtgraph). Impact runs left to right,
likelihood bottom to top, as on a paper risk matrix. Clicking a cell (or Enter on the
keyboard cell) asks the register to filter; clicking it again clears the filter. For the
selected area an arrow runs from its inherent cell to its residual cell.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.domain import conflicts as rules

Cell = tuple[int, int]  # (likelihood, impact), each 1..5

# Band colours chosen to stay distinguishable for the common colour-vision deficiencies
# (lightness rises from critical to low) and to carry dark text.
BAND_COLOURS = {
    "low": QColor("#b7e1a1"),
    "medium": QColor("#ffe08a"),
    "high": QColor("#f6a04d"),
    "critical": QColor("#e5605a"),
}
# The cells keep their colours in either theme (a risk matrix's colours are its meaning):
# the count is near-black on every cell (5.0:1 on critical, the darkest); the selection's
# frame and the inherent→residual arrow a deep blue that stands out from every cell by 3:1
# (the old #1f3a93 was 2.95:1 on a critical cell). tests/ui/test_chart_palettes.py measures.
COUNT_INK = QColor("#1b1b1b")
SELECTION = QColor("#1a3080")


def month_label(day: dt.date, index: int, slot: float) -> str:
    """A bar's month with its year ("Dec 2026"); where bars are narrow, the year only on the
    first bar and on each January ("Dec ’26", "Jan ’27")."""
    if slot >= 62:
        return f"{day:%b %Y}"
    return f"{day:%b} ’{day:%y}" if index == 0 or day.month == 1 or slot >= 46 else f"{day:%b}"


class HeatMapWidget(QWidget):
    """Counts per cell; emits ``cellChosen(likelihood, impact)`` or ``cellCleared()``."""

    cellChosen = Signal(int, int)
    cellCleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: list[list[int]] = [[0] * 5 for _ in range(5)]
        self.band_limits: tuple[int, ...] = rules.DEFAULT_BAND_LIMITS
        self.selected: Cell | None = None
        self.arrow: tuple[Cell, Cell] | None = None
        self.caption = "Residual rating (after treatment)"
        self._focus: Cell = (3, 3)
        self.setMinimumSize(260, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Conflict heat map")

    # ------------------------------------------------------------------ data

    def set_counts(self, counts: list[list[int]], band_limits: tuple[int, ...]) -> None:
        self.counts = [list(row) for row in counts]
        self.band_limits = band_limits
        self._describe()
        self.update()

    def set_selected_cell(self, cell: Cell | None) -> None:
        self.selected = cell
        self.update()

    def set_arrow(self, inherent: Cell | None, residual: Cell | None) -> None:
        self.arrow = (inherent, residual) if inherent and residual else None
        self.update()

    def set_caption(self, caption: str) -> None:
        self.caption = caption
        self.update()

    def count(self, cell: Cell) -> int:
        return self.counts[cell[0] - 1][cell[1] - 1]

    def _describe(self) -> None:
        total = sum(map(sum, self.counts))
        self.setAccessibleDescription(f"{total} conflict areas on a 5 by 5 grid")

    # ------------------------------------------------------------------ geometry

    def sizeHint(self) -> QSize:
        return QSize(360, 320)

    def _grid(self) -> QRectF:
        metrics = QFontMetricsF(self._small_font())
        widest = max(metrics.horizontalAdvance(f"{k} {name}")
                     for k, name in enumerate(rules.LIKELIHOOD_LABELS, start=1))
        left, top, bottom, right = 30.0 + widest, 26.0, 46.0, 10.0
        area = QRectF(self.rect()).adjusted(left, top, -right, -bottom)
        side = max(50.0, min(area.width(), area.height()))
        return QRectF(area.left(), area.top(), side, side)

    def cell_rect(self, likelihood: int, impact: int) -> QRectF:
        grid = self._grid()
        size = grid.width() / 5
        return QRectF(grid.left() + (impact - 1) * size, grid.top() + (5 - likelihood) * size,
                      size, size)

    def cell_at(self, point: QPointF) -> Cell | None:
        grid = self._grid()
        if not grid.contains(point):
            return None
        size = grid.width() / 5
        impact = int((point.x() - grid.left()) // size) + 1
        likelihood = 5 - int((point.y() - grid.top()) // size)
        if 1 <= impact <= 5 and 1 <= likelihood <= 5:
            return likelihood, impact
        return None

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette_text = self.palette().windowText().color()
        base_font = QFont(self.font())
        painter.setPen(palette_text)
        painter.drawText(QRectF(0, 2, self.width(), 20), Qt.AlignmentFlag.AlignCenter,
                         self.caption)
        count_font = self.count_font()
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                rect = self.cell_rect(likelihood, impact)
                n = self.count((likelihood, impact))
                painter.fillRect(rect, self.cell_colour((likelihood, impact)))
                painter.setPen(QPen(QColor("#ffffff"), 2))
                painter.drawRect(rect)
                if n:
                    painter.setPen(COUNT_INK)
                    painter.setFont(count_font)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(n))
        painter.setFont(base_font)
        if self.selected is not None:
            painter.setPen(QPen(SELECTION, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cell_rect(*self.selected).adjusted(2, 2, -2, -2))
        if self.hasFocus():
            pen = QPen(COUNT_INK, 1, Qt.PenStyle.DashLine)  # on a pale cell in either theme
            painter.setPen(pen)
            painter.drawRect(self.cell_rect(*self._focus).adjusted(5, 5, -5, -5))
        self._paint_axes(painter, palette_text)
        if self.arrow is not None:
            self._paint_arrow(painter, *self.arrow)
        painter.end()

    def cell_colour(self, cell: Cell) -> QColor:
        """The cell's band colour; paler where no area sits."""
        colour = QColor(BAND_COLOURS[rules.band(cell[0] * cell[1], self.band_limits)])
        return colour if self.count(cell) else colour.lighter(125)

    def count_font(self) -> QFont:
        """The counts' type: bold, larger than the labels, and small enough for the widest
        count to fit its cell (thousands of areas in a cell, at the largest plans, ran into
        their neighbours), never below 6 points."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(9.0, self.font().pointSizeF() * 1.4))
        widest = max((str(self.count((lik, imp))) for lik in range(1, 6) for imp in range(1, 6)),
                     key=len)
        room = self.cell_rect(1, 1).width() - 6
        needed = QFontMetricsF(font).horizontalAdvance(widest)
        if needed > room > 0:
            font.setPointSizeF(max(6.0, font.pointSizeF() * room / needed))
        return font

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        return small

    def _paint_axes(self, painter: QPainter, colour: QColor) -> None:
        grid = self._grid()
        painter.setPen(colour)
        painter.setFont(self._small_font())
        for k in range(1, 6):
            row = self.cell_rect(k, 1)
            painter.drawText(QRectF(0, row.top(), grid.left() - 6, row.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{k} {rules.LIKELIHOOD_LABELS[k - 1]}")
            col = self.cell_rect(1, k)
            painter.drawText(QRectF(col.left(), grid.bottom() + 2, col.width(), 18),
                             Qt.AlignmentFlag.AlignCenter, str(k))
        painter.drawText(QRectF(grid.left(), grid.bottom() + 20, grid.width(), 20),
                         Qt.AlignmentFlag.AlignCenter, "Impact →")
        painter.save()
        painter.translate(9, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-grid.height() / 2, -10, grid.height(), 20),
                         Qt.AlignmentFlag.AlignCenter, "Likelihood →")
        painter.restore()

    def count_rect(self, cell: Cell) -> QRectF:
        """Where the cell's count is drawn (centred in the cell; empty when it has none)."""
        n = self.count(cell)
        centre = self.cell_rect(*cell).center()
        if not n:
            return QRectF(centre, centre)
        size = QFontMetricsF(self.count_font()).tightBoundingRect(str(n)).size()
        return QRectF(centre.x() - size.width() / 2, centre.y() - size.height() / 2,
                      size.width(), size.height())

    def _clear_of_count(self, cell: Cell, ux: float, uy: float, margin: float, *,
                        least: float) -> tuple[float, float]:
        """How far from the cell's centre, along (ux, uy), a mark ``margin`` wide clears the
        cell's count: at least ``least`` of the cell's width (the head always stopped 0.4
        short); the second number is where the line leaves the cell."""
        box = self.count_rect(cell)
        half_w, half_h = box.width() / 2 + margin + 2, box.height() / 2 + margin + 2
        out = min(half_w / abs(ux) if abs(ux) > 1e-6 else float("inf"),
                  half_h / abs(uy) if abs(uy) > 1e-6 else float("inf"))
        half = self.cell_rect(*cell).width() / 2
        edge = min(half / abs(ux) if abs(ux) > 1e-6 else float("inf"),
                   half / abs(uy) if abs(uy) > 1e-6 else float("inf"))
        return max(2 * half * least, out), edge

    def _clear_of_counts(self) -> QPainterPath:
        """The widget less every count and a margin round it: the arrow is painted inside
        it, so a line across the grid passes behind the counts of the cells between its
        ends (once it covered them: "3" under the line from Almost certain × 5 to Rare × 1)
        instead of over them."""
        everywhere = QPainterPath()
        everywhere.addRect(QRectF(self.rect()))
        counts = QPainterPath()
        for cell in ((likelihood, impact) for likelihood in range(1, 6) for impact in range(1, 6)):
            if self.count(cell):
                # Within its cell: a count as wide as the cell (thousands of areas) leaves
                # the line visible where it crosses from one cell to the next.
                box = self.count_rect(cell).adjusted(-3, -3, 3, 3)
                counts.addRect(box.intersected(self.cell_rect(*cell).adjusted(2, 2, -2, -2)))
        return everywhere.subtracted(counts)

    def _paint_arrow(self, painter: QPainter, start: Cell, end: Cell) -> None:
        painter.save()
        painter.setClipPath(self._clear_of_counts())
        self._paint_arrow_within(painter, start, end)
        painter.restore()

    def _paint_arrow_within(self, painter: QPainter, start: Cell, end: Cell) -> None:
        a = self.cell_rect(*start).center()
        b = self.cell_rect(*end).center()
        pen = QPen(SELECTION, 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(SELECTION)
        if start == end:
            # Treatment left the rating where it was: a ring marks the cell.
            painter.setBrush(Qt.BrushStyle.NoBrush)
            radius = self.cell_rect(*end).width() * 0.33
            painter.drawEllipse(b, radius, radius)
            return
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = max(1.0, (dx * dx + dy * dy) ** 0.5)
        ux, uy = dx / length, dy / length
        # Start past the inherent cell's count (its dot once hid it) and stop short of the
        # residual cell's, so both counts stay readable.
        # A count as wide as its cell leaves no room for the dot: the line starts at the edge.
        dot = 5.0
        # Between next-door cells the dot would sit on the head: the head alone shows the way.
        head = 12.0
        stop, edge = self._clear_of_count(end, ux, uy, 3.0, least=0.4)
        stop = min(stop, edge)
        gap, edge = self._clear_of_count(start, ux, uy, dot + 2, least=0.0)  # pen 3 wide
        if gap <= edge and length - stop - gap > head + 2 * dot:
            a = QPointF(a.x() + ux * gap, a.y() + uy * gap)
            painter.drawEllipse(a, dot, dot)
        else:
            gap = min(self._clear_of_count(start, ux, uy, 2.0, least=0.0)[0], edge)
            a = QPointF(a.x() + ux * gap, a.y() + uy * gap)
        b = QPointF(b.x() - ux * stop, b.y() - uy * stop)
        line = QPainterPath(a)
        line.lineTo(b)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(line)
        left = QPointF(b.x() - head * ux + head * 0.5 * uy, b.y() - head * uy - head * 0.5 * ux)
        right = QPointF(b.x() - head * ux - head * 0.5 * uy, b.y() - head * uy + head * 0.5 * ux)
        painter.setBrush(SELECTION)
        painter.drawPolygon(QPolygonF([b, left, right]))

    # ------------------------------------------------------------------ interaction

    def _choose(self, cell: Cell) -> None:
        if self.selected == cell:
            self.selected = None
            self.cellCleared.emit()
        else:
            self.selected = cell
            self.cellChosen.emit(*cell)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._focus = cell
        self._choose(cell)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is None:
            QToolTip.hideText()
            return
        self.setToolTip(self.cell_tooltip(cell))

    def cell_tooltip(self, cell: Cell) -> str:
        likelihood, impact = cell
        score = likelihood * impact
        name = rules.band(score, self.band_limits)
        n = self.count(cell)
        areas = "1 area" if n == 1 else f"{n} areas"
        return (f"Likelihood {likelihood} ({rules.LIKELIHOOD_LABELS[likelihood - 1]}) × "
                f"impact {impact} ({rules.IMPACT_LABELS[impact - 1]}) = {score}, {name}: "
                f"{areas}. Click to show them.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        likelihood, impact = self._focus
        key = event.key()
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1),
                 Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0)}
        if key in moves:
            dl, di = moves[Qt.Key(key)]
            self._focus = (min(5, max(1, likelihood + dl)), min(5, max(1, impact + di)))
            self.setAccessibleDescription(self.cell_tooltip(self._focus))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._choose(self._focus)
        elif key == Qt.Key.Key_Escape and self.selected is not None:
            self._choose(self.selected)
        else:
            super().keyPressEvent(event)


# Status colours: active states warm to cool, finished states grey.
STATUS_COLOURS = {
    "open": QColor("#f6a04d"),
    "escalated": QColor("#e5605a"),
    "monitoring": QColor("#7fb3d5"),
    "accepted": QColor("#b39ddb"),
    "closed": QColor("#b0b0b0"),
}


class StatusTrendChart(QWidget):
    """Stacked bars: how many areas were in each status at each month end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dates: tuple[dt.date, ...] = ()
        self.counts: dict[str, list[int]] = {}
        self.setMinimumSize(260, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Conflict areas by status over time")

    def set_trend(self, dates: tuple[dt.date, ...], counts: dict[str, list[int]]) -> None:
        self.dates, self.counts = dates, counts
        latest = ", ".join(f"{n} {s}" for s, n in ((s, c[-1]) for s, c in counts.items() if c)
                           if n)
        self.setAccessibleDescription(f"Now: {latest or 'no areas'}")
        self.update()

    def totals(self) -> list[int]:
        return [sum(c[i] for c in self.counts.values()) for i in range(len(self.dates))]

    def status_colour(self, status: str) -> QColor:
        """A status's bar colour, standing out from the chart's background by 3:1 at least
        in either theme (the same hue, darker or lighter only as far as needed)."""
        from planner.ui.shell.theme import readable

        return QColor(readable(STATUS_COLOURS[status], self.palette().window().color(), 3.0))

    def plot_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(34, 30, -10, -26)

    def bar_rect(self, index: int, status: str) -> QRectF | None:
        """Where the bar segment of ``status`` at date ``index`` is drawn (None if empty)."""
        if not self.dates or status not in self.counts or not self.counts[status][index]:
            return None
        area = self.plot_rect()
        top = max(1, max(self.totals(), default=1))
        slot = area.width() / len(self.dates)
        below = 0
        for name in rules.STATUSES:
            n = self.counts.get(name, [0] * len(self.dates))[index]
            if name == status:
                y1 = area.bottom() - below * area.height() / top
                y0 = area.bottom() - (below + n) * area.height() / top
                return QRectF(area.left() + slot * index + slot * 0.15, y0, slot * 0.7, y1 - y0)
            below += n
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().windowText().color()
        area = self.plot_rect()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        # Legend along the top.
        x = area.left()
        for status in rules.STATUSES:
            painter.fillRect(QRectF(x, 8, 10, 10), self.status_colour(status))
            painter.setPen(text)
            label = rules.STATUS_LABELS[status]
            painter.drawText(QPointF(x + 14, 17), label)
            x += 22 + QFontMetricsF(small).horizontalAdvance(label)
        if not self.dates:
            painter.end()
            return
        top = max(1, max(self.totals(), default=1))
        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawText(QRectF(0, area.top() - 8, area.left() - 6, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(top))
        painter.drawText(QRectF(0, area.bottom() - 8, area.left() - 6, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "0")
        slot = area.width() / len(self.dates)
        for i, day in enumerate(self.dates):
            for status in rules.STATUSES:
                rect = self.bar_rect(i, status)
                if rect is not None:
                    painter.fillRect(rect, self.status_colour(status))
            painter.setPen(text)
            painter.drawText(QRectF(area.left() + slot * i, area.bottom() + 2, slot, 18),
                             Qt.AlignmentFlag.AlignCenter, month_label(day, i, slot))
        painter.end()
