"""How the Gantt chart answers the mouse: as in GanttProject and MS Project, the wheel
scrolls the rows, Shift+wheel the dates, Ctrl+wheel zooms the dates about the pointer;
a drag pans, or slips the bar under it. The view box says what the mouse did as signals;
the chart answers them (and says where a bar is: ``grab_bar``)."""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt, Signal


class GanttViewBox(pg.ViewBox):  # type: ignore[misc]  # pyqtgraph is untyped
    """As in GanttProject and MS Project: the wheel scrolls the rows, Shift+wheel the dates,
    Ctrl+wheel zooms the dates about the pointer (so does the wheel over the date header);
    drag pans, or moves the bar under it."""

    wheeled = Signal(float, object, bool, float)  # delta, modifiers, horizontal, centre day
    panned = Signal(float, float)  # days, rows
    rowClicked = Signal(int, bool)  # row, double-click
    pressed = Signal(float, float)  # a drag starts here (day, row): grab_bar if a bar is
    barDragged = Signal(int, int, QPoint, bool)  # bar index, days, screen point, finished

    def __init__(self) -> None:
        super().__init__(enableMenu=False, invertY=True)
        self.setMouseEnabled(x=True, y=True)
        self._drag: tuple[int, float] | None = None  # bar index, press day
        self._grabbed = -1

    def grab_bar(self, index: int) -> None:
        """The drag starting now moves bar ``index`` (the chart's answer to ``pressed``)."""
        self._grabbed = index

    def wheelEvent(self, event: Any, axis: Any = None) -> None:
        centre = self.mapSceneToView(event.scenePos()).x()
        mods = event.modifiers()
        if axis == 0:  # over the date header: the header is the zoom handle
            mods |= Qt.KeyboardModifier.ControlModifier
        self.wheeled.emit(event.delta(), mods,
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
            self._grabbed = -1
            self.pressed.emit(press.x(), press.y())
            self._drag = (self._grabbed, press.x()) if self._grabbed >= 0 else None
        if self._drag is not None:
            index, origin = self._drag
            days = round(pos.x() - origin)
            if event.isFinish():
                self._drag = None
            self.barDragged.emit(index, days, event.screenPos().toPoint(), event.isFinish())
            return
        last = self.mapSceneToView(event.lastScenePos())
        self.panned.emit(last.x() - pos.x(), last.y() - pos.y())

    def mouseClickEvent(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        pos = self.mapSceneToView(event.scenePos())
        self.rowClicked.emit(math.floor(pos.y()), event.double())
