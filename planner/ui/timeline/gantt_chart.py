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
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QScrollBar, QToolTip, QWidget

from planner.domain import timeline as tl
from planner.ui.timeline import gantt_style as gs
from planner.ui.timeline.dates import medium, slip_text
from planner.ui.timeline.gantt_axes import ColumnHeader, DayAxis, RowLabelAxis
from planner.ui.timeline.gantt_items import GanttData, GanttItem
from planner.ui.timeline.gantt_style import LABEL_WIDTH, use_theme
from planner.ui.timeline.gantt_viewbox import GanttViewBox

__all__ = ["LABEL_WIDTH", "GanttChart", "GanttData"]



class GanttChart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """The timeline chart widget. Feed it a domain layout with :meth:`set_layout`."""

    milestoneMoved = Signal(int, int)  # milestone id, days
    milestoneActivated = Signal(int)  # double-click: open the editor
    milestoneSelected = Signal(int)  # -1 when nothing is selected
    groupToggled = Signal(str)  # group key
    zoomed = Signal()  # the user changed the scale (wheel, keys): the zoom box follows

    def __init__(self, parent: QWidget | None = None) -> None:
        use_theme()  # the palette of the theme in use, before anything is styled
        self.vb = GanttViewBox()
        self.data: GanttData | None = None
        self.gantt = GanttItem()
        self.labels = RowLabelAxis(self.gantt)
        self.days = DayAxis()
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
        self.header = ColumnHeader()
        self.header.column_width = self.labels.column_width
        plot.layout.addItem(self.header, 1, 0)
        self.setBackground(gs.PAPER)
        for axis in (self.days, self.labels):  # the scale's and titles' words in the ink
            axis.setPen(gs.MUTED)
            axis.setTextPen(gs.INK)
        self.vb.addItem(self.gantt)
        for part in (self.vb, self.labels):  # what the mouse did, answered here
            part.wheeled.connect(self.wheel)
            part.rowClicked.connect(self.click_row)
        self.vb.panned.connect(self.pan)
        self.vb.pressed.connect(self._pressed)
        self.vb.barDragged.connect(self._dragged)
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
        self.labels.columns = self.header.columns = self.columns
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
            if self.zoom == "fit":  # the whole plan, which an edit may have widened
                self.set_zoom("fit")
            else:
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
        return height if height > 10 else max(100.0, self.height() - gs.HEADER_PX)

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
        visible = self._chart_height() / gs.ROW_PX
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

    def go_to_day(self, day: dt.date) -> None:
        """The scale kept, ``day`` about a third of the way across (the Today button)."""
        (x0, x1), _ = self.vb.viewRange()
        start = day.toordinal() - (x1 - x0) * 0.3
        self.vb.setXRange(start, start + (x1 - x0), padding=0)

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

    @property
    def item_dates(self) -> dict[int, tuple[dt.date | None, dt.date | None, dt.date | None]]:
        """Start, due and forecast by milestone id (the view fills it): the due date a drag
        is measured against, and the optional date columns."""
        return self.labels.item_dates

    @item_dates.setter
    def item_dates(self, dates: dict[int, tuple[dt.date | None, dt.date | None,
                                                dt.date | None]]) -> None:
        self.labels.item_dates = dates

    def _pressed(self, x: float, y: float) -> None:
        index = self.bar_at(x, y)
        if index >= 0 and self.editable:
            self.vb.grab_bar(index)

    def _dragged(self, index: int, days: int, where: QPoint, finished: bool) -> None:
        """A bar dragged ``days`` (said where it lands as it goes); let go: moved."""
        gantt = self.gantt
        if days != gantt.drag_days or not gantt.drag_label:
            gantt.drag_label = self.drag_text(index, days)
            QToolTip.showText(where, gantt.drag_label, self)
        gantt.drag_index, gantt.drag_days = index, days
        if finished:
            QToolTip.hideText()
            gantt.drag_index, gantt.drag_days, gantt.drag_label = -1, 0, ""
        gantt.update()
        if finished and days and self.data is not None:
            self.milestoneMoved.emit(int(self.data.ids[index]), days)

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
