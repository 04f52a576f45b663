"""What the Gantt chart paints: the layout as numpy columns (``GanttData``) and the one
item that paints the rows in view (``GanttItem``: bars, diamonds, baselines, links, grid,
today line). Nothing per bar lives in the scene, so a frame costs O(visible rows).
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import attrgetter
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF

from planner.domain import timeline as tl
from planner.ui.timeline import gantt_style as gs


class GanttData:
    """The layout as numpy columns, sorted by row, for O(visible) painting and hit tests."""

    def __init__(self, layout: tl.Layout) -> None:
        self.layout = layout
        bars = layout.bars
        n = len(bars)
        code = {s: i for i, s in enumerate(tl.STATUSES)}

        def column(name: str, dtype: Any) -> Any:  # map over attrgetter: twice a generator's pace
            return np.fromiter(map(attrgetter(name), bars), dtype=dtype, count=n)

        self.row, self.start, self.end = (column("row", np.int64), column("start", np.float64),
                                          column("end", np.float64))
        self.diamond, self.summary = column("diamond", bool), column("summary", bool)
        self.status = np.fromiter(map(code.get, map(attrgetter("status"), bars), repeat(0)),
                                  dtype=np.int64, count=n)
        self.progress = column("progress", np.float64)
        self.baseline = np.array(list(map(attrgetter("baseline_end"), bars)),  # None: nan
                                 dtype=np.float64)
        self.win, self.ids = column("small_win", bool), column("milestone_id", np.int64)
        order = np.argsort(self.row, kind="stable")
        if n and not np.all(order == np.arange(n)):
            for name in ("row", "start", "end", "diamond", "summary", "status", "progress",
                         "baseline", "win", "ids"):
                setattr(self, name, getattr(self, name)[order])
        self.bar_at_row = np.full(len(layout.rows), -1, dtype=np.int64)
        self.bar_at_row[self.row] = np.arange(n)
        self.group_rows = np.array([r.index for r in layout.rows if r.kind == "group"],
                                   dtype=np.int64)
        folded = [r for r in layout.rows if r.kind == "group" and r.span is not None]
        self.folded_rows = np.array([r.index for r in folded], dtype=np.int64)
        self.folded_lo = np.array([r.span[0] for r in folded if r.span], dtype=np.float64)
        self.folded_hi = np.array([r.span[1] for r in folded if r.span], dtype=np.float64)
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
        self.style = gs.StatusStyles()
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
        p.setBrush(gs.GROUP_FILL)
        p.drawRects([QRectF(px_left, Y(g), px_right - px_left, row_px) for g in groups])
        if r0 <= self.selected_row < r1:
            p.setBrush(gs.SELECTED)
            p.drawRect(QRectF(px_left, Y(self.selected_row), px_right - px_left, row_px))

        # Grid at the axis's major and minor ticks.
        # The grid follows this frame's own scale (the header may not have repainted yet).
        self.level, major, minor = gs.header_ticks(sx, x0, x1)
        # The ticks start at the period holding x0, which may lie left of the view; on
        # screen the view box clips them, but an SVG viewer may not honour that clip and
        # drew them across the title column.
        major = [k for k in major if x0 <= k.day <= x1]
        minor = [k for k in minor if x0 <= k.day <= x1]
        top_px, bottom_px = Y(r0), Y(r1)
        p.setPen(QPen(gs.GRID_MINOR, 1))
        if len(minor) < 400:
            p.drawLines([QLineF(X(k.day), top_px, X(k.day), bottom_px) for k in minor])
        p.setPen(QPen(gs.GRID, 1))
        p.drawLines([QLineF(X(k.day), top_px, X(k.day), bottom_px) for k in major])

        # A folded group's span: a quiet bar from its first to its last day.
        shown = np.nonzero((data.folded_rows >= r0) & (data.folded_rows < r1)
                           & (data.folded_hi >= x0) & (data.folded_lo <= x1))[0]
        if shown.size:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(gs.folded_bar())
            p.drawRects([QRectF(X(a), Y(g) + row_px * 0.3, max(2.0, (b - a) * sx), row_px * 0.4)
                         for g, a, b in zip(data.folded_rows[shown].tolist(),
                                            data.folded_lo[shown].tolist(),
                                            data.folded_hi[shown].tolist(), strict=True)])

        # Bars in view (rows r0..r1, overlapping x0..x1).
        lo, hi = data.bars_in_rows(r0, r1)
        idx = np.arange(lo, hi)
        if idx.size:
            idx = idx[(data.end[idx] + 1 >= x0) & (data.start[idx] - 1 <= x1)]
        if self.drag_index >= 0 and lo <= self.drag_index < hi and self.drag_index not in idx:
            idx = np.append(idx, self.drag_index)
        if idx.size > gs.DECIMATE_AT:  # a zoomed-out overview: a sample is all the eye can see
            idx = idx[:: math.ceil(idx.size / gs.DECIMATE_AT)]
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
            p.setBrush(gs.LINE)
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
            p.setBrush(gs.INK)
            pl, pr = left[prog], right[prog]
            pw = (pr - pl) * data.progress[idx][prog] / 100.0
            pt = top[prog] + h * 0.22 - 2
            p.drawRects([QRectF(a, b, c, 3.0) for a, b, c in
                         zip(pl.tolist(), pt.tolist(), pw.tolist(), strict=True)])

        # Summary bars (a parent spans its steps).
        summ = data.summary[idx]
        if summ.any():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(gs.INK)
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
                    p.setPen(QPen(gs.LINE, 1.2, Qt.PenStyle.DotLine))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawPolygon(self._diamond(X(b), cy, r * 0.8))
                pattern = tl.STATUS_STYLES[tl.STATUSES[code]].pattern
                p.setPen(QPen(gs.INK, 1.0, Qt.PenStyle.DashLine if pattern == "dashed"
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
                colour = gs.TODAY if link.violated else gs.LINK
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
            p.setPen(QPen(gs.TODAY if late else gs.INK, 1))
            p.setBrush(QColor(gs.PAPER.red(), gs.PAPER.green(), gs.PAPER.blue(), 235))
            p.drawRoundedRect(box, 3, 3)
            p.setFont(font)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.drag_label)

        # Today.
        today = data.layout.today + 0.5
        if x0 <= today <= x1:
            p.setPen(QPen(gs.TODAY, 1.6, Qt.PenStyle.DashLine))
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
        p.setPen(QPen(gs.INK, 0.6))
        p.setBrush(QColor("#f2b705"))
        p.drawPolygon(QPolygonF(points))

