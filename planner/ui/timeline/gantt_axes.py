"""The Gantt chart's margins: the row titles (and date columns) on the left, their column
names above them, and the date header along the top, each painting only what is in view.

They are given what they draw (the rows' item, the date columns, the dates) and say what
the mouse did as signals; the chart they belong to answers them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen

from planner.domain import timeline as tl
from planner.domain.text_direction import right_to_left
from planner.ui.timeline import gantt_style as gs
from planner.ui.timeline.dates import medium
from planner.ui.timeline.gantt_items import GanttItem

Dates = dict[int, tuple[dt.date | None, dt.date | None, dt.date | None]]


class RowLabelAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """The label column: titles of the rows in view, indented under their parent, then the
    optional date columns (start, due, forecast) as in MS Project's sheet beside its Gantt.
    It titles the rows ``gantt`` draws (its layout and selection)."""

    rowClicked = Signal(int, bool)  # row, double-click
    wheeled = Signal(float, object, bool, float)  # delta, modifiers, horizontal, centre day

    def __init__(self, gantt: GanttItem) -> None:
        super().__init__("left")
        self.gantt = gantt
        self.columns: list[str] = []  # date columns beside the titles: start, due, forecast
        self.item_dates: Dates = {}  # start, due and forecast by milestone id
        self.setWidth(gs.LABEL_WIDTH)
        self.font = QFont()
        self.bold = QFont()
        self.bold.setBold(True)
        self.column_width = QFontMetrics(self.font).horizontalAdvance("28 Sep 2026") + 14

    def paint(self, p: QPainter, *args: Any) -> None:
        data = self.gantt.data
        view = self.linkedView()
        if data is None or view is None:
            return
        top, bottom = view.viewRange()[1][0], view.viewRange()[1][1]
        height = self.geometry().height()
        if bottom <= top or height <= 0:
            return
        scale = height / (bottom - top)
        full = self.geometry().width()
        columns = self.columns
        width = full - len(columns) * self.column_width  # the titles' part
        rows = data.layout.rows
        r0, r1 = max(0, math.floor(top)), min(len(rows), math.ceil(bottom) + 1)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setClipRect(QRectF(0, 0, full, height))
        metrics, bold_metrics = QFontMetrics(self.font), QFontMetrics(self.bold)
        selected = self.gantt.selected_row
        dates = self.item_dates
        for row in rows[r0:r1]:
            y = (row.index - top) * scale
            rect = QRectF(0, y, width - 6, scale)
            if row.kind == "group":
                p.fillRect(QRectF(0, y, full, scale), gs.GROUP_FILL)
                p.setFont(self.bold)
                p.setPen(gs.INK)
                mark = "▸" if row.collapsed else "▾"
                if right_to_left(row.label):  # the mark on the left, the title on the right
                    p.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, mark)
                    text = row.label + (f"  ({row.count})" if row.collapsed else "")
                    self._draw_rtl(p, rect.adjusted(4 + bold_metrics.horizontalAdvance(mark + " "),
                                                    0, 0, 0), text, bold_metrics)
                    continue
                p.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter,
                           self.group_text(row, width))
                continue
            if row.index == selected:
                p.fillRect(QRectF(0, y, full, scale), gs.SELECTED)
            indent = 16 + 14 * min(row.depth, 8)
            p.setFont(self.font)
            p.setPen(gs.INK)
            if right_to_left(row.label):  # Arabic, Hebrew: aligned right, read from it
                self._draw_rtl(p, rect.adjusted(indent, 0, 0, 0), row.label, metrics)
            else:
                p.drawText(rect.adjusted(indent, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter,
                           metrics.elidedText(row.label, Qt.TextElideMode.ElideRight,
                                              int(width - indent - 8)))
            if columns and row.milestone_id is not None:
                start, due, forecast = dates.get(row.milestone_id, (None, None, None))
                values = {"start": start, "due": due, "forecast": forecast}
                x = width
                for name in columns:
                    day = values.get(name)
                    late = name == "forecast" and day and due and day > due
                    p.setPen(gs.TODAY if late else gs.INK)
                    p.drawText(QRectF(x, y, self.column_width - 6, scale),
                               Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                               medium(day))
                    x += self.column_width
        p.setPen(QPen(gs.GRID, 1))
        for k in range(len(columns) + 1):
            x = width + k * self.column_width - 1
            p.drawLine(QPointF(x, 0), QPointF(x, height))

    def group_text(self, row: tl.Row, width: float) -> str:
        """A group header's text in a title column ``width`` wide: the mark, the title (cut
        if it must be) and, folded, the count, which is never cut."""
        metrics = QFontMetrics(self.bold)
        mark = "▸" if row.collapsed else "▾"
        count = f"  ({row.count})" if row.collapsed else ""
        room = int(width - 12 - metrics.horizontalAdvance(f"{mark} {count}"))
        return f"{mark} " + metrics.elidedText(row.label, Qt.TextElideMode.ElideRight,
                                               max(0, room)) + count

    def title_width(self) -> float:
        """How wide the titles' part of the column is (beside the date columns)."""
        return float(self.geometry().width() - len(self.columns) * self.column_width)

    @staticmethod
    def _draw_rtl(p: QPainter, rect: QRectF, text: str, metrics: QFontMetrics) -> None:
        """A right-to-left title: a right-to-left paragraph, aligned right, cut at its end
        (which is on the left)."""
        p.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
                   | Qt.AlignmentFlag.AlignAbsolute,
                   metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                      int(rect.width() - 2)))
        p.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    def row_at(self, y: float) -> int:
        view = self.linkedView()
        top, bottom = view.viewRange()[1]
        height = self.geometry().height()
        return math.floor(top + y / height * (bottom - top)) if height > 0 else -1

    def mouseClickEvent(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        event.accept()
        self.rowClicked.emit(self.row_at(event.pos().y()), event.double())

    def mouseDragEvent(self, event: Any) -> None:
        event.ignore()

    def wheelEvent(self, event: Any) -> None:
        # Over the titles as over the bars: the wheel scrolls, Ctrl+wheel zooms (about the
        # middle of the dates, the pointer being off them).
        view = self.linkedView()
        if view is not None:
            (x0, x1), _ = view.viewRange()
            self.wheeled.emit(event.delta(), event.modifiers(),
                              event.orientation() == Qt.Orientation.Horizontal, (x0 + x1) / 2)
        event.accept()


class ColumnHeader(pg.GraphicsWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """Above the titles, beside the date header: the names of the title and date columns."""

    NAMES = {"start": "Start", "due": "Due", "forecast": "Forecast"}

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []  # as the titles' date columns
        self.column_width = 0.0
        self.bold = QFont()
        self.bold.setBold(True)
        self.setMaximumHeight(gs.HEADER_PX)
        self.fit(gs.LABEL_WIDTH)

    def fit(self, width: float) -> None:
        """As wide as the title column, never wider (it would push the dates right)."""
        self.setMinimumWidth(0)
        self.setPreferredWidth(width)
        self.setMaximumWidth(width)

    def paint(self, p: QPainter, *args: Any) -> None:
        rect = self.boundingRect()
        p.fillRect(rect, gs.HEADER)
        p.setPen(QPen(gs.GRID, 1))
        p.drawLine(QPointF(0, rect.height() - 1), QPointF(rect.width(), rect.height() - 1))
        columns = self.columns
        if not columns:
            return
        col = self.column_width
        x = rect.width() - len(columns) * col
        p.setFont(self.bold)
        p.setPen(gs.INK)
        text_rect = QRectF(8, rect.height() / 2, x - 14, rect.height() / 2 - 2)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, "Milestone")
        for name in columns:
            p.setPen(QPen(gs.GRID, 1))
            p.drawLine(QPointF(x - 1, rect.height() / 2), QPointF(x - 1, rect.height()))
            p.setPen(gs.INK)
            p.drawText(QRectF(x, rect.height() / 2, col - 6, rect.height() / 2 - 2),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       self.NAMES[name])
            x += col


class DayAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """The date header: major ticks above, minor ticks below, for the scale in view."""

    def __init__(self) -> None:
        super().__init__("top")
        self.setHeight(gs.HEADER_PX)
        self.bold = QFont()
        self.bold.setBold(True)
        self.small = QFont()
        self.small.setPointSizeF(max(6.0, self.small.pointSizeF() - 1))
        self.last: tuple[str, list[tl.Tick], list[tl.Tick]] = ("month", [], [])
        self.drawn: list[tuple[str, float]] = []  # the labels drawn and the room each had
        self.drawn_minor: list[tuple[str, float]] = []

    def ticks_for(self, x0: float, x1: float, width: float) -> tuple[str, list[tl.Tick],
                                                                     list[tl.Tick]]:
        return gs.header_ticks(width / max(1e-9, x1 - x0), x0, x1)

    def paint(self, p: QPainter, *args: Any) -> None:
        view = self.linkedView()
        if view is None:
            return
        (x0, x1), _ = view.viewRange()
        width, height = self.geometry().width(), self.geometry().height()
        if x1 <= x0 or width <= 0:
            return
        level, major, minor = self.ticks_for(x0, x1, width)
        self.last = (level, major, minor)
        self.drawn, self.drawn_minor = [], []
        p.setClipRect(QRectF(0, 0, width, height))
        scale = width / (x1 - x0)
        mid = height / 2
        p.fillRect(QRectF(0, 0, width, height), gs.HEADER)
        p.setPen(QPen(gs.GRID, 1))
        p.drawLine(QPointF(0, mid), QPointF(width, mid))
        p.drawLine(QPointF(0, height - 1), QPointF(width, height - 1))
        p.setFont(self.small)
        metrics = QFontMetrics(self.small)
        step = (minor[1].day - minor[0].day) * scale if len(minor) > 1 else width
        for tick in minor:
            x = (tick.day - x0) * scale
            if 0 <= x <= width:  # one left of the edge would spill over the titles in SVG
                p.setPen(QPen(gs.GRID, 1))
                p.drawLine(QPointF(x, mid), QPointF(x, height))
                if step >= metrics.horizontalAdvance(tick.label) + 4 and tick.label:
                    p.setPen(gs.MUTED)
                    p.drawText(QPointF(x + 2, height - 6), tick.label)
                    self.drawn_minor.append((tick.label, step - 4))
        p.setFont(self.bold)
        bold = QFontMetrics(self.bold)
        for i, tick in enumerate(major):
            nxt = major[i + 1].day if i + 1 < len(major) else x1 + 1
            a = max(0.0, (tick.day - x0) * scale)
            b = min(width, (nxt - x0) * scale)
            p.setPen(QPen(gs.GRID, 1))
            if tick.day >= x0:
                p.drawLine(QPointF(a, 0), QPointF(a, height))
            # A label is drawn whole or not at all (a period cut by the edge may not fit).
            if bold.horizontalAdvance(tick.label) <= b - a - 6:
                p.setPen(gs.INK)
                p.drawText(QPointF(a + 4, mid - 6), tick.label)
                self.drawn.append((tick.label, b - a - 6))

    def mouseDragEvent(self, event: Any) -> None:
        view = self.linkedView()
        if view is not None:
            view.mouseDragEvent(event, axis=0)

