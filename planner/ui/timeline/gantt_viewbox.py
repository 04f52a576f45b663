"""How the Gantt chart answers the mouse: as in GanttProject and MS Project, the wheel
scrolls the rows, Shift+wheel the dates, Ctrl+wheel zooms the dates about the pointer;
a drag pans, or slips the bar under it (the chart emits ``milestoneMoved``)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

if TYPE_CHECKING:
    from planner.ui.timeline.gantt_chart import GanttChart


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
