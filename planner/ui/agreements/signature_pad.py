"""A signature pad (ui layer): the signatory draws with mouse, pen or finger.

Strokes are kept as lists of (x, y) points in widget coordinates (y down), which is what
the agreement PDF draws as vector lines. Painting is one QPainterPath per stroke.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

Stroke = list[list[float]]


class SignaturePad(QWidget):
    """Draw to sign; ``strokes()`` gives what was drawn, ``clear()`` starts again."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._drawing = False
        self.setMinimumSize(260, 90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Signature pad")
        self.setToolTip("Draw your signature here with the mouse, a pen or a finger.")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(360, 110)

    # ------------------------------------------------------------------ data

    def strokes(self) -> list[Stroke]:
        return [[list(p) for p in stroke] for stroke in self._strokes if stroke]

    def set_strokes(self, strokes: list[Stroke] | tuple[tuple[tuple[float, float], ...], ...]
                    ) -> None:
        self._strokes = [[[float(p[0]), float(p[1])] for p in s] for s in strokes]
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    # ------------------------------------------------------------------ input

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            self._drawing = True
            pos = event.position()
            self._strokes.append([[round(pos.x(), 1), round(pos.y(), 1)]])
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and self._strokes:
            pos = event.position()
            last = self._strokes[-1][-1]
            if abs(pos.x() - last[0]) + abs(pos.y() - last[1]) >= 1.0:  # skip jitter
                self._strokes[-1].append([round(pos.x(), 1), round(pos.y(), 1)])
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#fbfbfd"))
        painter.setPen(QPen(QColor("#c7ccd6"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        baseline = self.height() - 22
        painter.drawLine(12, baseline, self.width() - 12, baseline)
        if self.is_empty():
            painter.setPen(QColor("#8a8f99"))
            painter.drawText(self.rect().adjusted(12, 0, -12, -26),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                             "Sign here")
        pen = QPen(QColor("#0d1f59"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            if not stroke:
                continue
            path = QPainterPath(QPointF(stroke[0][0], stroke[0][1]))
            for x, y in stroke[1:]:
                path.lineTo(x, y)
            if len(stroke) == 1:
                path.lineTo(stroke[0][0] + 0.5, stroke[0][1])
            painter.drawPath(path)
        painter.end()
