"""The Gantt chart (ui layer): one pyqtgraph item painting only the visible rows.

A probe found that one graphics item per bar (or a ``TextItem`` per label) takes seconds to
build at 10,000 milestones and ~0.7 s per pan frame. So the whole chart is three custom
items: ``GanttItem`` paints the bars, diamonds, baselines, links, grid and today line of the
rows in view; ``RowLabelAxis`` paints the titles of those rows; ``DayAxis`` paints the date
header for the scale in view. Everything is drawn in pixel space from numpy columns built
once per layout, so a pan or zoom frame costs O(visible rows), whatever the plan's size.

x is the day number (``date.toordinal()``), y is the row index (row 0 at the top).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGridLayout, QScrollBar, QToolTip, QWidget

from planner.domain import timeline as tl
from planner.domain.text_direction import right_to_left
from planner.ui.timeline.dates import medium, slip_text

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


def status_colour(status: str) -> QColor:
    """A status's colour as drawn on the chart's paper (3:1 at least, in either theme)."""
    from planner.ui.shell import theme

    return theme.mark(tl.STATUS_STYLES[status].colour)


class _Style:
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


class GanttData:
    """The layout as numpy columns, sorted by row, for O(visible) painting and hit tests."""

    def __init__(self, layout: tl.Layout) -> None:
        self.layout = layout
        bars = layout.bars
        n = len(bars)
        code = {s: i for i, s in enumerate(tl.STATUSES)}
        self.row = np.fromiter((b.row for b in bars), dtype=np.int64, count=n)
        self.start = np.fromiter((b.start for b in bars), dtype=np.float64, count=n)
        self.end = np.fromiter((b.end for b in bars), dtype=np.float64, count=n)
        self.diamond = np.fromiter((b.diamond for b in bars), dtype=bool, count=n)
        self.summary = np.fromiter((b.summary for b in bars), dtype=bool, count=n)
        self.status = np.fromiter((code.get(b.status, 0) for b in bars), dtype=np.int64,
                                  count=n)
        self.progress = np.fromiter((b.progress for b in bars), dtype=np.float64, count=n)
        self.baseline = np.fromiter((b.baseline_end if b.baseline_end is not None else np.nan
                                     for b in bars), dtype=np.float64, count=n)
        self.win = np.fromiter((b.small_win for b in bars), dtype=bool, count=n)
        self.ids = np.fromiter((b.milestone_id for b in bars), dtype=np.int64, count=n)
        order = np.argsort(self.row, kind="stable")
        if n and not np.all(order == np.arange(n)):
            for name in ("row", "start", "end", "diamond", "summary", "status", "progress",
                         "baseline", "win", "ids"):
                setattr(self, name, getattr(self, name)[order])
        self.bar_at_row = np.full(len(layout.rows), -1, dtype=np.int64)
        self.bar_at_row[self.row] = np.arange(n)
        self.group_rows = np.array([r.index for r in layout.rows if r.kind == "group"],
                                   dtype=np.int64)
        links = layout.links
        self.link_lo = np.array([min(k.from_row, k.to_row) for k in links], dtype=np.int64)
        self.link_hi = np.array([max(k.from_row, k.to_row) for k in links], dtype=np.int64)
        self.n_rows = len(layout.rows)

    def bars_in_rows(self, r0: int, r1: int) -> tuple[int, int]:
        lo = int(np.searchsorted(self.row, r0, side="left"))
        hi = int(np.searchsorted(self.row, r1, side="left"))
        return lo, hi


class GanttItem(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph is untyped
    """Paints the rows in view; nothing per bar lives in the scene."""

    def __init__(self) -> None:
        super().__init__()
        self.data: GanttData | None = None
        self.style = _Style()
        self.selected_row = -1
        self.drag_index = -1  # bar being dragged, drawn shifted by drag_days
        self.drag_days = 0
        self.drag_label = ""  # where the dragged milestone lands, drawn beside it
        self.level = "month"
        self.frames = 0

    def set_data(self, data: GanttData) -> None:
        self.prepareGeometryChange()
        self.data = data
        self.update()

    def boundingRect(self) -> QRectF:
        if self.data is None:
            return QRectF()
        lay = self.data.layout
        return QRectF(lay.first_day - 400, -1, lay.last_day - lay.first_day + 800,
                      self.data.n_rows + 2)

    def paint(self, p: QPainter, *args: Any) -> None:
        data = self.data
        vb = self.getViewBox()
        if data is None or vb is None:
            return
        self.frames += 1
        view = vb.viewRect()
        t = p.transform()
        sx, sy, dx, dy = t.m11(), t.m22(), t.m31(), t.m32()
        if sx <= 0 or sy == 0:
            return
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x0, x1 = view.left(), view.right()
        r0 = max(0, math.floor(min(view.top(), view.bottom())))
        r1 = min(data.n_rows, math.ceil(max(view.top(), view.bottom())) + 1)
        px_left, px_right = x0 * sx + dx, x1 * sx + dx
        # Bars cut by the view's edge stay inside it in an SVG export too.
        p.setClipRect(QRectF(px_left, view.top() * sy + dy, px_right - px_left,
                             view.height() * sy).normalized(),
                      Qt.ClipOperation.IntersectClip)
        row_px = abs(sy)

        def X(day: Any) -> Any:
            return day * sx + dx

        def Y(row: Any) -> Any:
            return row * sy + dy

        # Group bands and the selected row.
        groups = data.group_rows[(data.group_rows >= r0) & (data.group_rows < r1)]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(GROUP_FILL)
        p.drawRects([QRectF(px_left, Y(g), px_right - px_left, row_px) for g in groups])
        if r0 <= self.selected_row < r1:
            p.setBrush(SELECTED)
            p.drawRect(QRectF(px_left, Y(self.selected_row), px_right - px_left, row_px))

        # Grid at the axis's major and minor ticks.
        # The grid follows this frame's own scale (the header may not have repainted yet).
        self.level = tl.level_for_scale(sx)
        major, minor = tl.axis_ticks(self.level, x0 - 1, x1 + 1)
        # The ticks start at the period holding x0, which may lie left of the view; on
        # screen the view box clips them, but an SVG viewer may not honour that clip and
        # drew them across the title column.
        major = [k for k in major if x0 <= k.day <= x1]
        minor = [k for k in minor if x0 <= k.day <= x1]
        top_px, bottom_px = Y(r0), Y(r1)
        p.setPen(QPen(GRID_MINOR, 1))
        if len(minor) < 400:
            p.drawLines([QLineF(X(k.day), top_px, X(k.day), bottom_px) for k in minor])
        p.setPen(QPen(GRID, 1))
        p.drawLines([QLineF(X(k.day), top_px, X(k.day), bottom_px) for k in major])

        # Bars in view (rows r0..r1, overlapping x0..x1).
        lo, hi = data.bars_in_rows(r0, r1)
        idx = np.arange(lo, hi)
        if idx.size:
            idx = idx[(data.end[idx] + 1 >= x0) & (data.start[idx] - 1 <= x1)]
        if self.drag_index >= 0 and lo <= self.drag_index < hi and self.drag_index not in idx:
            idx = np.append(idx, self.drag_index)
        if idx.size > DECIMATE_AT:  # a zoomed-out overview: a sample is all the eye can see
            idx = idx[:: math.ceil(idx.size / DECIMATE_AT)]
        shift = np.zeros(idx.size)
        if self.drag_index >= 0:
            shift[idx == self.drag_index] = self.drag_days
        starts, ends = data.start[idx] + shift, data.end[idx] + shift
        rows = data.row[idx]
        left, right = X(starts), X(ends)
        top = Y(rows)
        h = row_px
        plain = ~data.diamond[idx] & ~data.summary[idx]

        # Baselines: a thin dark bar under the forecast bar, from the start to the baseline.
        base = data.baseline[idx]
        has_base = plain & ~np.isnan(base)
        if has_base.any():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(LINE)
            bl, br = left[has_base], X(base[has_base] + shift[has_base])
            bt = top[has_base] + h * 0.76
            p.drawRects([QRectF(a, b, max(1.0, c - a), max(1.5, h * 0.09))
                         for a, b, c in zip(bl.tolist(), bt.tolist(), br.tolist(), strict=True)])

        # Plain bars, batched per status so each pen/brush is set once.
        codes = data.status[idx]
        bar_h = h * 0.5
        for code, layers in enumerate(self.style.fill):
            sel = plain & (codes == code)
            if not sel.any():
                continue
            rects = [QRectF(a, b, max(2.0, c - a), bar_h) for a, b, c in
                     zip(left[sel].tolist(), (top[sel] + h * 0.22).tolist(),
                         right[sel].tolist(), strict=True)]
            for pen, brush in layers:
                p.setPen(pen)
                p.setBrush(brush)
                p.drawRects(rects)
        # Done bars carry a tick as well as their colour (it survives grey-scale print).
        done = plain & (codes == tl.STATUSES.index("done")) & (right - left >= 14)
        if done.any():
            p.setPen(QPen(QColor("white"), 1.8))
            s = min(bar_h, 12) / 3
            for c, b in zip(right[done].tolist(), (top[done] + h * 0.22 + bar_h / 2).tolist(),
                            strict=True):
                cx = c - 7
                p.drawPolyline(QPolygonF([QPointF(cx - s, b), QPointF(cx - s / 3, b + s * 0.8),
                                          QPointF(cx + s, b - s * 0.8)]))
        # Progress: a dark strip along the top of the bar.
        prog = plain & (data.progress[idx] > 0) & (data.progress[idx] < 100)
        if prog.any():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(INK)
            pl, pr = left[prog], right[prog]
            pw = (pr - pl) * data.progress[idx][prog] / 100.0
            pt = top[prog] + h * 0.22 - 2
            p.drawRects([QRectF(a, b, c, 3.0) for a, b, c in
                         zip(pl.tolist(), pt.tolist(), pw.tolist(), strict=True)])

        # Summary bars (a parent spans its steps).
        summ = data.summary[idx]
        if summ.any():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(INK)
            for a, b, c in zip(left[summ].tolist(), top[summ].tolist(), right[summ].tolist(),
                               strict=True):
                y = b + h * 0.35
                p.drawRect(QRectF(a, y, c - a, h * 0.18))
                for xe in (a, c):
                    p.drawPolygon(QPolygonF([QPointF(xe - 5, y), QPointF(xe + 5, y),
                                             QPointF(xe, y + h * 0.38)]))

        # Diamonds (and a hollow one at the baseline when it differs), stars for small wins.
        dia = data.diamond[idx]
        if dia.any():
            r = h * 0.34
            centres = X(starts[dia] + 0.5).tolist()
            mids = (top[dia] + h / 2).tolist()
            bases = base[dia] + shift[dia] - 0.5
            for cx, cy, code, b, win in zip(centres, mids, codes[dia].tolist(), bases.tolist(),
                                            data.win[idx][dia].tolist(), strict=True):
                if not math.isnan(b) and abs(X(b) - cx) > 2:
                    p.setPen(QPen(LINE, 1.2, Qt.PenStyle.DotLine))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawPolygon(self._diamond(X(b), cy, r * 0.8))
                pattern = tl.STATUS_STYLES[tl.STATUSES[code]].pattern
                p.setPen(QPen(INK, 1.0, Qt.PenStyle.DashLine if pattern == "dashed"
                              else Qt.PenStyle.SolidLine))
                p.setBrush(self.style.diamond[code])
                p.drawPolygon(self._diamond(cx, cy, r))
                if pattern in ("hatch", "crosshatch"):
                    p.setPen(QPen(QColor("white"), 1.6))
                    s = r * 0.42
                    p.drawLine(QPointF(cx - s, cy + s), QPointF(cx + s, cy - s))
                    if pattern == "crosshatch":
                        p.drawLine(QPointF(cx - s, cy - s), QPointF(cx + s, cy + s))
                if win:
                    self._star(p, cx + r + 6, cy - 2, h * 0.22)
        wins = plain & data.win[idx]
        for c, b in zip(right[wins].tolist(), top[wins].tolist(), strict=True):
            self._star(p, c + 8, b + h * 0.45, h * 0.22)

        # Dependency links touching the rows in view.
        if data.link_lo.size:
            visible = np.nonzero((data.link_hi >= r0) & (data.link_lo < r1))[0]
            links = data.layout.links
            for k in visible.tolist()[:2000]:
                link = links[k]
                xa, xb = X(link.x0), X(link.x1)
                ya, yb = Y(link.from_row) + h / 2, Y(link.to_row) + h / 2
                colour = TODAY if link.violated else LINK
                p.setPen(QPen(colour, 1.2, Qt.PenStyle.DashLine if link.violated
                              else Qt.PenStyle.SolidLine))
                elbow = xa + 8
                p.drawPolyline(QPolygonF([QPointF(xa, ya), QPointF(elbow, ya),
                                          QPointF(elbow, yb), QPointF(max(elbow, xb - 1), yb)]))
                if xb - 1 > elbow:
                    p.setBrush(colour)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.drawPolygon(QPolygonF([QPointF(xb, yb), QPointF(xb - 7, yb - 4),
                                             QPointF(xb - 7, yb + 4)]))

        # Where a dragged milestone lands, beside it (a tooltip may not show, or hide it).
        if self.drag_label and 0 <= self.drag_index < len(data.row):
            row = int(data.row[self.drag_index])
            xe = X(data.end[self.drag_index] + self.drag_days) + 10
            font = QFont()
            font.setBold(True)
            metrics = QFontMetrics(font)
            box = QRectF(xe, Y(row) + (h - metrics.height() - 4) / 2,
                         metrics.horizontalAdvance(self.drag_label) + 10, metrics.height() + 4)
            if box.right() > px_right:  # keep it in view: to the left of the bar instead
                box.moveRight(X(data.start[self.drag_index] + self.drag_days) - 10)
            if box.left() < px_left + 4:  # no room either side: over the bar, in view
                box.moveLeft(max(px_left + 4, px_right - 4 - box.width()))
            late = "past due" in self.drag_label
            p.setPen(QPen(TODAY if late else INK, 1))
            p.setBrush(QColor(PAPER.red(), PAPER.green(), PAPER.blue(), 235))
            p.drawRoundedRect(box, 3, 3)
            p.setFont(font)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.drag_label)

        # Today.
        today = data.layout.today + 0.5
        if x0 <= today <= x1:
            p.setPen(QPen(TODAY, 1.6, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(X(today), top_px), QPointF(X(today), bottom_px))
        p.restore()

    @staticmethod
    def _diamond(cx: float, cy: float, r: float) -> QPolygonF:
        return QPolygonF([QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r),
                          QPointF(cx - r, cy)])

    @staticmethod
    def _star(p: QPainter, cx: float, cy: float, r: float) -> None:
        points = []
        for k in range(10):
            radius = r if k % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + k * math.pi / 5
            points.append(QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        p.setPen(QPen(INK, 0.6))
        p.setBrush(QColor("#f2b705"))
        p.drawPolygon(QPolygonF(points))


class RowLabelAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """The label column: titles of the rows in view, indented under their parent, then the
    optional date columns (start, due, forecast) as in MS Project's sheet beside its Gantt."""

    def __init__(self, chart: GanttChart) -> None:
        super().__init__("left")
        self.chart = chart
        self.setWidth(LABEL_WIDTH)
        self.font = QFont()
        self.bold = QFont()
        self.bold.setBold(True)
        self.column_width = QFontMetrics(self.font).horizontalAdvance("28 Sep 2026") + 14

    def paint(self, p: QPainter, *args: Any) -> None:
        data = self.chart.data
        view = self.linkedView()
        if data is None or view is None:
            return
        top, bottom = view.viewRange()[1][0], view.viewRange()[1][1]
        height = self.geometry().height()
        if bottom <= top or height <= 0:
            return
        scale = height / (bottom - top)
        full = self.geometry().width()
        columns = self.chart.columns
        width = full - len(columns) * self.column_width  # the titles' part
        rows = data.layout.rows
        r0, r1 = max(0, math.floor(top)), min(len(rows), math.ceil(bottom) + 1)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setClipRect(QRectF(0, 0, full, height))
        metrics, bold_metrics = QFontMetrics(self.font), QFontMetrics(self.bold)
        selected = self.chart.gantt.selected_row
        dates = self.chart.item_dates
        for row in rows[r0:r1]:
            y = (row.index - top) * scale
            rect = QRectF(0, y, width - 6, scale)
            if row.kind == "group":
                p.fillRect(QRectF(0, y, full, scale), GROUP_FILL)
                p.setFont(self.bold)
                p.setPen(INK)
                mark = "▸" if row.collapsed else "▾"
                if right_to_left(row.label):  # the mark on the left, the title on the right
                    p.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, mark)
                    text = row.label + (f"  ({row.count})" if row.collapsed else "")
                    self._draw_rtl(p, rect.adjusted(4 + bold_metrics.horizontalAdvance(mark + " "),
                                                    0, 0, 0), text, bold_metrics)
                    continue
                text = f"{mark} {row.label}" + (f"  ({row.count})" if row.collapsed else "")
                p.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter,
                           bold_metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                   int(width - 12)))
                continue
            if row.index == selected:
                p.fillRect(QRectF(0, y, full, scale), SELECTED)
            indent = 16 + 14 * min(row.depth, 8)
            p.setFont(self.font)
            p.setPen(INK)
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
                    p.setPen(TODAY if late else INK)
                    p.drawText(QRectF(x, y, self.column_width - 6, scale),
                               Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                               medium(day))
                    x += self.column_width
        p.setPen(QPen(GRID, 1))
        for k in range(len(columns) + 1):
            x = width + k * self.column_width - 1
            p.drawLine(QPointF(x, 0), QPointF(x, height))

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
        self.chart.click_row(self.row_at(event.pos().y()), event.double())

    def mouseDragEvent(self, event: Any) -> None:
        event.ignore()

    def wheelEvent(self, event: Any) -> None:
        # Over the titles as over the bars: the wheel scrolls, Ctrl+wheel zooms (about the
        # middle of the dates, the pointer being off them).
        (x0, x1), _ = self.chart.vb.viewRange()
        self.chart.wheel(event.delta(), event.modifiers(),
                         event.orientation() == Qt.Orientation.Horizontal, (x0 + x1) / 2)
        event.accept()


class ColumnHeader(pg.GraphicsWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """Above the titles, beside the date header: the names of the title and date columns."""

    NAMES = {"start": "Start", "due": "Due", "forecast": "Forecast"}

    def __init__(self, chart: GanttChart) -> None:
        super().__init__()
        self.chart = chart
        self.bold = QFont()
        self.bold.setBold(True)
        self.setMaximumHeight(HEADER_PX)
        self.fit(LABEL_WIDTH)

    def fit(self, width: float) -> None:
        """As wide as the title column, never wider (it would push the dates right)."""
        self.setMinimumWidth(0)
        self.setPreferredWidth(width)
        self.setMaximumWidth(width)

    def paint(self, p: QPainter, *args: Any) -> None:
        rect = self.boundingRect()
        p.fillRect(rect, HEADER)
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(0, rect.height() - 1), QPointF(rect.width(), rect.height() - 1))
        columns = self.chart.columns
        if not columns:
            return
        col = self.chart.labels.column_width
        x = rect.width() - len(columns) * col
        p.setFont(self.bold)
        p.setPen(INK)
        text_rect = QRectF(8, rect.height() / 2, x - 14, rect.height() / 2 - 2)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, "Milestone")
        for name in columns:
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(x - 1, rect.height() / 2), QPointF(x - 1, rect.height()))
            p.setPen(INK)
            p.drawText(QRectF(x, rect.height() / 2, col - 6, rect.height() / 2 - 2),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       self.NAMES[name])
            x += col


class DayAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """The date header: major ticks above, minor ticks below, for the scale in view."""

    def __init__(self, chart: GanttChart) -> None:
        super().__init__("top")
        self.chart = chart
        self.setHeight(HEADER_PX)
        self.bold = QFont()
        self.bold.setBold(True)
        self.small = QFont()
        self.small.setPointSizeF(max(6.0, self.small.pointSizeF() - 1))
        self.last: tuple[str, list[tl.Tick], list[tl.Tick]] = ("month", [], [])

    def ticks_for(self, x0: float, x1: float, width: float) -> tuple[str, list[tl.Tick],
                                                                     list[tl.Tick]]:
        scale = width / max(1e-9, x1 - x0)
        level = tl.level_for_scale(scale)
        major, minor = tl.axis_ticks(level, x0 - 1, x1 + 1)
        return level, major, minor

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
        p.setClipRect(QRectF(0, 0, width, height))
        scale = width / (x1 - x0)
        mid = height / 2
        p.fillRect(QRectF(0, 0, width, height), HEADER)
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(0, mid), QPointF(width, mid))
        p.drawLine(QPointF(0, height - 1), QPointF(width, height - 1))
        p.setFont(self.small)
        metrics = QFontMetrics(self.small)
        step = (minor[1].day - minor[0].day) * scale if len(minor) > 1 else width
        for tick in minor:
            x = (tick.day - x0) * scale
            if 0 <= x <= width:  # one left of the edge would spill over the titles in SVG
                p.setPen(QPen(GRID, 1))
                p.drawLine(QPointF(x, mid), QPointF(x, height))
                if step >= metrics.horizontalAdvance(tick.label) + 4:
                    p.setPen(MUTED)
                    p.drawText(QPointF(x + 2, height - 6), tick.label)
        p.setFont(self.bold)
        bold = QFontMetrics(self.bold)
        for i, tick in enumerate(major):
            nxt = major[i + 1].day if i + 1 < len(major) else x1 + 1
            a = max(0.0, (tick.day - x0) * scale)
            b = min(width, (nxt - x0) * scale)
            p.setPen(QPen(GRID, 1))
            if tick.day >= x0:
                p.drawLine(QPointF(a, 0), QPointF(a, height))
            if b - a > 12:
                p.setPen(INK)
                p.drawText(QPointF(a + 4, mid - 6),
                           bold.elidedText(tick.label, Qt.TextElideMode.ElideRight,
                                           int(b - a - 6)))

    def mouseDragEvent(self, event: Any) -> None:
        view = self.linkedView()
        if view is not None:
            view.mouseDragEvent(event, axis=0)


class GanttViewBox(pg.ViewBox):  # type: ignore[misc]  # pyqtgraph is untyped
    """As in GanttProject and MS Project: the wheel scrolls the rows, Shift+wheel the dates,
    Ctrl+wheel zooms the dates about the pointer (so does the wheel over the date header);
    drag pans, or moves the bar under it."""

    def __init__(self, chart: GanttChart) -> None:
        super().__init__(enableMenu=False, invertY=True)
        self.chart = chart
        self.setMouseEnabled(x=True, y=True)
        self._drag: tuple[int, float] | None = None  # bar index, press day

    def wheelEvent(self, event: Any, axis: Any = None) -> None:
        centre = self.mapSceneToView(event.scenePos()).x()
        mods = event.modifiers()
        if axis == 0:  # over the date header: the header is the zoom handle
            mods |= Qt.KeyboardModifier.ControlModifier
        self.chart.wheel(event.delta(), mods,
                         event.orientation() == Qt.Orientation.Horizontal, centre)
        event.accept()

    def mouseDragEvent(self, event: Any, axis: Any = None) -> None:
        if event.button() != Qt.MouseButton.LeftButton or axis is not None:
            event.ignore()
            return
        event.accept()
        pos = self.mapSceneToView(event.scenePos())
        if event.isStart():
            press = self.mapSceneToView(event.buttonDownScenePos())
            index = self.chart.bar_at(press.x(), press.y())
            self._drag = (index, press.x()) if index >= 0 and self.chart.editable else None
        if self._drag is not None:
            index, origin = self._drag
            days = round(pos.x() - origin)
            if days != self.chart.gantt.drag_days or not self.chart.gantt.drag_label:
                # Say where the milestone will land while it is being dragged.
                label = self.chart.drag_text(index, days)
                self.chart.gantt.drag_label = label
                QToolTip.showText(event.screenPos().toPoint(), label, self.chart)
            self.chart.gantt.drag_index = index
            self.chart.gantt.drag_days = days
            self.chart.gantt.update()
            if event.isFinish():
                QToolTip.hideText()
                self._drag = None
                self.chart.gantt.drag_index = -1
                self.chart.gantt.drag_days = 0
                self.chart.gantt.drag_label = ""
                self.chart.gantt.update()
                if days:
                    assert self.chart.data is not None
                    self.chart.milestoneMoved.emit(int(self.chart.data.ids[index]), days)
            return
        last = self.mapSceneToView(event.lastScenePos())
        dx, dy = last.x() - pos.x(), last.y() - pos.y()
        self.chart.pan(dx, dy)

    def mouseClickEvent(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        pos = self.mapSceneToView(event.scenePos())
        self.chart.click_row(math.floor(pos.y()), event.double())


class GanttChart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """The timeline chart widget. Feed it a domain layout with :meth:`set_layout`."""

    milestoneMoved = Signal(int, int)  # milestone id, days
    milestoneActivated = Signal(int)  # double-click: open the editor
    milestoneSelected = Signal(int)  # -1 when nothing is selected
    groupToggled = Signal(str)  # group key
    zoomed = Signal()  # the user changed the scale (wheel, keys): the zoom box follows

    def __init__(self, parent: QWidget | None = None) -> None:
        use_theme()  # the palette of the theme in use, before anything is styled
        self.vb = GanttViewBox(self)
        self.data: GanttData | None = None
        self.gantt = GanttItem()
        self.labels = RowLabelAxis(self)
        self.days = DayAxis(self)
        self.columns: list[str] = []  # date columns beside the titles: start, due, forecast
        super().__init__(parent, viewBox=self.vb,
                         axisItems={"left": self.labels, "top": self.days})
        self.editable = True
        self.zoom = "month"
        plot = self.getPlotItem()
        plot.showAxis("top")
        plot.hideAxis("bottom")
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.layout.setContentsMargins(0, 0, 4, 0)
        self.header = ColumnHeader(self)
        plot.layout.addItem(self.header, 1, 0)
        self.setBackground(PAPER)
        for axis in (self.days, self.labels):  # the scale's and titles' words in the ink
            axis.setPen(MUTED)
            axis.setTextPen(INK)
        self.vb.addItem(self.gantt)
        # start, due and forecast by milestone id (the view fills it): the due date a drag
        # is measured against, and the optional date columns.
        self.item_dates: dict[int, tuple[dt.date | None, dt.date | None, dt.date | None]] = {}
        self.vb.disableAutoRange()
        self.vb.sigResized.connect(self._keep_row_height)
        self.vb.sigXRangeChanged.connect(lambda *_: self.labels.update())
        self.vb.sigYRangeChanged.connect(lambda *_: self.labels.update())
        self.setMinimumHeight(160)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # Scrollbars both ways, beside the chart (see :meth:`frame`): the horizontal one in
        # pixels at the current scale, the vertical one in rows.
        self.hbar = QScrollBar(Qt.Orientation.Horizontal)
        self.vbar = QScrollBar(Qt.Orientation.Vertical)
        self._syncing = False
        self._h_origin = 0.0  # the day at the horizontal scrollbar's 0
        self._h_scale = 1.0  # scrollbar units (pixels) per day
        self.vb.sigRangeChanged.connect(lambda *_: self._sync_scrollbars())
        self.hbar.valueChanged.connect(self._h_scrolled)
        self.vbar.valueChanged.connect(self._v_scrolled)
        self._frame: QWidget | None = None

    def set_columns(self, columns: list[str]) -> None:
        """Show these date columns (of "start", "due", "forecast") beside the titles."""
        self.columns = [c for c in ("start", "due", "forecast") if c in columns]
        self._fit_label_width()
        self.labels.update()
        self.header.update()

    def _fit_label_width(self) -> None:
        """Titles get LABEL_WIDTH, less (down to 160 px) when date columns would leave the
        bars under 40 % of a narrow chart (1024×768)."""
        dates = len(self.columns) * self.labels.column_width
        titles = LABEL_WIDTH
        if dates:
            titles = round(min(LABEL_WIDTH, max(160.0, self.width() * 0.6 - dates)))
        if self.labels.width() != titles + dates:
            self.labels.setWidth(titles + dates)
            self.header.fit(titles + dates)

    def resizeEvent(self, event: Any) -> None:
        if self.columns:
            self._fit_label_width()
        super().resizeEvent(event)

    def frame(self) -> QWidget:
        """The chart with its scrollbars: what a view puts in its layout."""
        if self._frame is None:
            frame = QWidget()
            grid = QGridLayout(frame)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setSpacing(0)
            grid.addWidget(self, 0, 0)
            grid.addWidget(self.vbar, 0, 1)
            grid.addWidget(self.hbar, 1, 0)
            self._frame = frame
        return self._frame

    # -------------------------------------------------------------------- scrollbars

    def plan_span(self) -> tuple[float, float]:
        """The days a scrollbar reaches: the whole plan with a margin, and the view."""
        if self.data is None:
            return 0.0, 1.0
        lay = self.data.layout
        pad = max(3.0, (lay.last_day - lay.first_day) * 0.02)
        return lay.first_day - pad, lay.last_day + pad

    def _sync_scrollbars(self) -> None:
        if self._syncing:
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        lo, hi = self.plan_span()
        lo, hi = min(lo, x0), max(hi, x1)
        width = self._chart_width()
        scale = width / max(1e-9, x1 - x0)
        visible = max(1.0, y1 - y0)
        n = self.data.n_rows if self.data else 0
        self._syncing = True
        try:
            self._h_origin, self._h_scale = lo, scale
            self.hbar.setRange(0, max(0, round((hi - lo - (x1 - x0)) * scale)))
            self.hbar.setPageStep(max(1, round(width)))
            self.hbar.setSingleStep(max(1, round(width / 20)))
            self.hbar.setValue(round((x0 - lo) * scale))
            self.vbar.setRange(0, max(0, math.ceil(n - visible + 1)))
            self.vbar.setPageStep(max(1, math.floor(visible) - 1))
            self.vbar.setSingleStep(1)
            self.vbar.setValue(round(y0))
        finally:
            self._syncing = False

    def _h_scrolled(self, value: int) -> None:
        if self._syncing:
            return
        (x0, x1), _ = self.vb.viewRange()
        start = self._h_origin + value / self._h_scale
        self._syncing = True  # keep the scrollbar's origin while it is being dragged
        try:
            self.vb.setXRange(start, start + (x1 - x0), padding=0)
        finally:
            self._syncing = False

    def _v_scrolled(self, value: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self._show_rows(float(value))
        finally:
            self._syncing = False

    # -------------------------------------------------------------------- data

    def set_layout(self, layout: tl.Layout, *, keep_view: bool = False) -> None:
        (x0, x1), (y0, _y1) = self.vb.viewRange()
        self.data = GanttData(layout)
        self.gantt.set_data(self.data)
        if keep_view and not (x0 == 0 and x1 == 1):
            self.vb.setXRange(x0, x1, padding=0)
            self._show_rows(y0)  # clamped: a collapsed group may leave fewer rows
        else:
            self.set_zoom(self.zoom)
            self._show_rows(0)
        self.labels.update()

    def select_milestone(self, milestone_id: int | None) -> None:
        row = -1
        if self.data is not None and milestone_id is not None:
            match = np.nonzero(self.data.ids == milestone_id)[0]
            if match.size:
                row = int(self.data.row[match[0]])
            else:
                found = self.data.layout.row_of(milestone_id)
                row = -1 if found is None else found
        self.gantt.selected_row = row
        self.gantt.update()
        self.labels.update()
        if row >= 0:
            self.ensure_row_visible(row)

    def selected_milestone(self) -> int | None:
        if self.data is None or self.gantt.selected_row < 0:
            return None
        return self.data.layout.rows[self.gantt.selected_row].milestone_id

    # -------------------------------------------------------------------- zoom and pan

    def _chart_width(self) -> float:
        width = self.vb.geometry().width()
        return width if width > 10 else max(200.0, self.width() - LABEL_WIDTH - 10)

    def _chart_height(self) -> float:
        height = self.vb.geometry().height()
        return height if height > 10 else max(100.0, self.height() - HEADER_PX)

    def set_zoom(self, level: str) -> None:
        """A fixed zoom level around the current centre (or today), or "fit" everything."""
        self.zoom = level
        if self.data is None:
            return
        lay = self.data.layout
        if level == "fit":
            pad = max(3.0, (lay.last_day - lay.first_day) * 0.02)
            self.vb.setXRange(lay.first_day - pad, lay.last_day + pad, padding=0)
            return
        px = tl.ZOOM_PX_PER_DAY.get(level)
        (x0, x1), _ = self.vb.viewRange()
        # A scale the user zoomed to ("custom") is kept as it is.
        days = self._chart_width() / px if px else max(7.0, x1 - x0)
        (x0, x1), _ = self.vb.viewRange()
        centre = (x0 + x1) / 2
        if not lay.first_day - days <= centre <= lay.last_day + days:
            # First view: the whole plan when it fits, else today with some history.
            if lay.last_day - lay.first_day <= days * 0.95:
                centre = lay.first_day - days * 0.02 + days / 2
            else:
                centre = lay.today + days * 0.3
        self.vb.setXRange(centre - days / 2, centre + days / 2, padding=0)

    def zoom_by(self, factor: float, centre: float) -> None:
        """Zoom the dates by ``factor`` keeping the day ``centre`` where it is on screen."""
        (x0, x1), _ = self.vb.viewRange()
        span = min(max((x1 - x0) * factor, 7.0), 365.0 * 40)
        ratio = (centre - x0) / (x1 - x0) if x1 > x0 else 0.5
        self.vb.setXRange(centre - span * ratio, centre - span * ratio + span, padding=0)
        self.zoom = "custom"
        self.zoomed.emit()

    def wheel(self, delta: float, mods: Any, horizontal: bool, centre: float) -> None:
        """One wheel turn: Ctrl zooms about ``centre``, Shift (or a sideways wheel) scrolls
        the dates, the plain wheel scrolls the rows (three a notch)."""
        if mods & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(0.999 ** delta, centre)
        elif horizontal or mods & Qt.KeyboardModifier.ShiftModifier:
            (x0, x1), _ = self.vb.viewRange()
            self.pan(-delta / 120 * (x1 - x0) * 0.1, 0)
        else:
            self.scroll_rows(-delta / 120 * 3)

    def scale_text(self) -> str:
        """The scale in view, in words: the zoom level it matches, or how much it shows."""
        (x0, x1), _ = self.vb.viewRange()
        px = self._chart_width() / max(1e-9, x1 - x0)
        for level, preset in tl.ZOOM_PX_PER_DAY.items():
            if abs(math.log(px / preset)) < 0.04:
                return tl.ZOOM_LABELS[level]
        days = x1 - x0
        if days < 7 * 10:
            n, unit = round(days / 7), "week"
        elif days < 365 * 2:
            n, unit = round(days / 30.44), "month"
        else:
            n, unit = round(days / 365.25), "year"
        n = max(1, n)
        return f"{n} {unit}{'' if n == 1 else 's'} in view"

    def pan(self, days: float, rows: float) -> None:
        (x0, x1), (y0, _y1) = self.vb.viewRange()
        self.vb.setXRange(x0 + days, x1 + days, padding=0)
        self._show_rows(y0 + rows)

    def scroll_rows(self, rows: float) -> None:
        _, (y0, _y1) = self.vb.viewRange()
        self._show_rows(y0 + rows)

    def _show_rows(self, top: float) -> None:
        visible = self._chart_height() / ROW_PX
        n = self.data.n_rows if self.data else 0
        top = max(0.0, min(top, max(0.0, n - visible + 1)))
        self.vb.setYRange(top, top + visible, padding=0)

    def go_to_end(self, last: bool) -> None:
        """Home: the first rows and the plan's first day; End: the last rows and last day."""
        if self.data is None:
            return
        (x0, x1), _ = self.vb.viewRange()
        lo, hi = self.plan_span()
        start = hi - (x1 - x0) if last else lo
        self.vb.setXRange(start, start + (x1 - x0), padding=0)
        self._show_rows(float(self.data.n_rows) if last else 0.0)

    def ensure_row_visible(self, row: int) -> None:
        _, (y0, y1) = self.vb.viewRange()
        if row < y0 or row + 1 > y1:
            self._show_rows(row - (y1 - y0) / 3)

    def _keep_row_height(self, *_: Any) -> None:
        """A resize keeps the row height and the scale (as MS Project does): a chosen level
        keeps its pixels a day from the left edge, "Fit" fits again; so the Zoom box stays
        true."""
        (x0, _x1), (y0, _y1) = self.vb.viewRange()
        self._show_rows(y0)
        if self.data is None or self.vb.geometry().width() <= 10:
            return
        px = tl.ZOOM_PX_PER_DAY.get(self.zoom)
        if px:
            self.vb.setXRange(x0, x0 + self._chart_width() / px, padding=0)
        elif self.zoom == "fit":
            self.set_zoom("fit")
        else:
            self.zoomed.emit()  # a scale of the user's own: the box says what it now shows

    def visible_rows(self) -> tuple[float, float]:
        _, (y0, y1) = self.vb.viewRange()
        return y0, y1

    def axis_level(self) -> str:
        (x0, x1), _ = self.vb.viewRange()
        return tl.level_for_scale(self._chart_width() / max(1e-9, x1 - x0))

    def axis_ticks(self) -> tuple[str, list[tl.Tick], list[tl.Tick]]:
        (x0, x1), _ = self.vb.viewRange()
        return self.days.ticks_for(x0, x1, self._chart_width())

    # -------------------------------------------------------------------- keyboard, hover

    def keyPressEvent(self, event: Any) -> None:
        """Up/Down choose the milestone above/below, Enter edits, +/- zoom, ←/→ pan,
        PgUp/PgDn a page of rows, Home/End the plan's start/end,
        Alt+←/→ move the chosen milestone a day (with Shift, a week): dragging by keyboard."""
        key = event.key()
        mods = event.modifiers()
        if (key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
                and mods & Qt.KeyboardModifier.AltModifier and self.data is not None):
            ident = self.selected_milestone()
            index = np.flatnonzero(self.data.ids == (ident if ident is not None else -1))
            if ident is not None and index.size and not self.data.summary[index[0]]:
                days = 7 if mods & Qt.KeyboardModifier.ShiftModifier else 1
                self.milestoneMoved.emit(ident, days if key == Qt.Key.Key_Right else -days)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.data is not None:
            step = -1 if key == Qt.Key.Key_Up else 1
            row = self.gantt.selected_row
            rows = self.data.layout.rows
            row = (row if row >= 0 else -1) + step
            while 0 <= row < len(rows) and rows[row].kind != "item":
                row += step
            if 0 <= row < len(rows):
                ident = rows[row].milestone_id
                self.select_milestone(ident)
                if ident is not None:
                    self.milestoneSelected.emit(ident)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ident = self.selected_milestone()
            if ident is not None:
                self.milestoneActivated.emit(ident)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            (x0, x1), _ = self.vb.viewRange()
            self.zoom_by(0.8 if key != Qt.Key.Key_Minus else 1.25, (x0 + x1) / 2)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            (x0, x1), _ = self.vb.viewRange()
            self.pan((x1 - x0) * (0.2 if key == Qt.Key.Key_Right else -0.2), 0)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            y0, y1 = self.visible_rows()
            page = max(1.0, math.floor(y1 - y0) - 1)
            self.scroll_rows(page if key == Qt.Key.Key_PageDown else -page)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.data is not None:
            self.go_to_end(key == Qt.Key.Key_End)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mouseMoveEvent(self, event: Any) -> None:
        super().mouseMoveEvent(event)
        if self.data is None or event.buttons() != Qt.MouseButton.NoButton:
            return
        scene = self.mapToScene(event.position().toPoint())
        point = self.vb.mapSceneToView(scene)
        if scene.x() < self.vb.sceneBoundingRect().left():
            # Over the titles, which may be cut short ("…"): the whole title and its dates.
            self.setToolTip(self.describe_row(math.floor(point.y())))
            return
        index = self.bar_at(point.x(), point.y())
        self.setToolTip(self.describe(index) if index >= 0 else "")

    def drag_text(self, index: int, days: int) -> str:
        """"27 Mar 2026, 7 days past due (+7)": where bar ``index`` lands moved ``days``."""
        assert self.data is not None
        end = tl.date_of(self.data.end[index] - 1 + days)
        due = self.item_dates.get(int(self.data.ids[index]), (None, None, None))[1]
        return f"{slip_text(end, due)} ({days:+d})"

    def describe_row(self, row: int) -> str:
        """The tooltip for a row's title: the bar's description, or the group's name."""
        if self.data is None or not 0 <= row < self.data.n_rows:
            return ""
        target = self.data.layout.rows[row]
        index = int(self.data.bar_at_row[row])
        if target.kind == "item" and index >= 0:
            return self.describe(index)
        count = f"{target.count} milestone{'' if target.count == 1 else 's'}"
        return f"<b>{html.escape(target.label)}</b><br>{count}"

    def describe(self, index: int) -> str:
        """The tooltip for a bar: title, dates, status and how far it moved."""
        assert self.data is not None
        row = int(self.data.row[index])
        bar = next((b for b in self.data.layout.bars if b.row == row), None)
        if bar is None:
            return ""
        end = tl.date_of(bar.end - 1)
        lines = [f"<b>{html.escape(bar.title)}</b>",
                 tl.STATUS_LABELS.get(bar.status, bar.status)]
        if bar.diamond:
            lines.append(f"{end:%a} {medium(end)}")
        else:
            lines.append(f"{medium(tl.date_of(bar.start))} – {medium(end)}")
        if bar.baseline_end is not None and bar.slip_days:
            days = abs(bar.slip_days)
            lines.append(f"{days} day{'' if days == 1 else 's'} "
                         f"{'later' if bar.slip_days > 0 else 'earlier'} than first agreed")
        if 0 < bar.progress < 100:
            lines.append(f"{bar.progress} % done")
        return "<br>".join(lines)

    # -------------------------------------------------------------------- hit tests

    def bar_at(self, x: float, y: float) -> int:
        """Index of the bar or diamond under the view point, or -1."""
        if self.data is None:
            return -1
        row = math.floor(y)
        if not 0 <= row < self.data.n_rows:
            return -1
        index = int(self.data.bar_at_row[row])
        if index < 0 or self.data.summary[index]:
            return -1
        (x0, x1), _ = self.vb.viewRange()
        slack = 8 * (x1 - x0) / self._chart_width()  # 8 px either side
        lo, hi = self.data.start[index], self.data.end[index]
        if self.data.diamond[index]:
            lo, hi = lo + 0.5, lo + 0.5
        return index if lo - slack <= x <= hi + slack else -1

    def click_row(self, row: int, double: bool) -> None:
        if self.data is None or not 0 <= row < self.data.n_rows:
            return
        target = self.data.layout.rows[row]
        if target.kind == "group":
            self.groupToggled.emit(target.group_key)
            return
        self.gantt.selected_row = row
        self.gantt.update()
        self.labels.update()
        if target.milestone_id is not None:
            self.milestoneSelected.emit(target.milestone_id)
            if double:
                self.milestoneActivated.emit(target.milestone_id)
