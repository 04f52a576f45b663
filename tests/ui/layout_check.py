"""What a user on a small screen would notice, measured on a shown window (issue 17):
a control beyond the window's edge, text cut without a tooltip saying it whole, a label
whose text and background are too close in lightness (WCAG contrast below 4.5:1)."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport: reachable by scrolling, whatever its position."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _background(widget: QWidget) -> QColor:
    """The colour behind a widget: its own if it paints one, else its nearest parent's."""
    w: QWidget | None = widget
    while w is not None:
        if w.autoFillBackground() or w.testAttribute(Qt.WidgetAttribute.WA_StyledBackground) \
                or w.isWindow():
            return w.palette().color(w.backgroundRole())
        w = w.parentWidget()
    return widget.palette().color(QPalette.ColorRole.Window)


def _cut(widget: QWidget) -> bool:
    text = ""
    room = widget.contentsRect().width()
    metrics = QFontMetrics(widget.font())
    if isinstance(widget, QLabel):
        if widget.wordWrap() or widget.textFormat() == Qt.TextFormat.RichText or \
                (widget.textFormat() == Qt.TextFormat.AutoText and QtGui_Qt.mightBeRichText(
                    widget.text())) or (widget.pixmap() is not None and not widget.text()):
            return False
        text = widget.text().replace("&", "") if widget.buddy() else widget.text()
        room -= 2 * widget.margin() + widget.indent() if widget.indent() > 0 else 0
    elif isinstance(widget, QAbstractButton):
        text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if isinstance(widget, (QCheckBox, QRadioButton)):
            room = widget.width() - 22  # the box and its gap
        elif isinstance(widget, QPushButton):
            room = widget.width() - 8
    elif isinstance(widget, QLineEdit) and not widget.text():
        text = widget.placeholderText()  # what an empty box says it is for
        room = widget.width() - 12
    if not text:
        return False
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    return widest > room + 1


def _tooltip(widget: QWidget) -> str:
    """The tooltip hovering the widget shows: its own or its card's (two parents up)."""
    w: QWidget | None = widget
    for _ in range(3):
        if w is None:
            break
        if w.toolTip():
            return w.toolTip()
        w = w.parentWidget()
    return ""


_SHEET_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([#\w]+)")
_SPAN = re.compile(r"<(\w+)\b([^>]*color[^>]*)>(.*?)</\1>", re.S | re.I)
_STYLE_COLOUR = re.compile(r"(?<![-\w])color\s*[:=]\s*['\"]?([#\w]+)")
_STYLE_BACK = re.compile(r"background(?:-color)?\s*:\s*([#\w]+)")


def text_colours(label: QLabel) -> list[tuple[QColor, QColor | None, float]]:
    """The colours a label's text is drawn in, each with the background it is drawn on
    (None: the label's) and the contrast it needs: its palette's or its style sheet's colour,
    and any colour its rich text gives a part (``<span style='color:…'>``,
    ``<font color=…>``). A part that is only a symbol (a key's ■) is a graphic: 3:1."""
    fg = label.palette().color(label.foregroundRole())
    sheet = _SHEET_COLOUR.search(label.styleSheet())
    if sheet and QColor(sheet.group(1)).isValid():
        fg = QColor(sheet.group(1))
    colours: list[tuple[QColor, QColor | None, float]] = [(fg, None, 4.5)]
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui_Qt.mightBeRichText(text)):
        for _tag, attributes, inner in _SPAN.findall(text):
            colour = _STYLE_COLOUR.search(attributes)
            if not colour or not QColor(colour.group(1)).isValid():
                continue
            back = _STYLE_BACK.search(attributes)
            words = re.sub(r"<[^>]+>|&\w+;|&#\d+;", "", inner)
            need = 4.5 if any(c.isalnum() for c in words) else 3.0
            colours.append((QColor(colour.group(1)),
                            QColor(back.group(1)) if back else None, need))
    return colours


def problems(window: QWidget, *, check_contrast: bool = True) -> list[str]:
    found: list[str] = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or widget.width() <= 0:
            continue
        label = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else \
            widget.placeholderText() if isinstance(widget, QLineEdit) else ""
        name = f"{type(widget).__name__}({label!r:.50})"
        if not _in_scroll_area(widget, window):
            top_left = widget.mapTo(window, QPoint(0, 0))
            rect = QRect(top_left, widget.size())
            if not frame.adjusted(-1, -1, 1, 1).contains(rect):
                found.append(f"outside the window: {name} at {rect.getRect()}")
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)) and _cut(widget) \
                and not _tooltip(widget):
            found.append(f"cut without a tooltip: {name} in {widget.width()} px")
        if check_contrast and isinstance(widget, QLabel) and widget.isEnabled() and (
                widget.text() or _SHEET_COLOUR.search(widget.styleSheet())):  # an error line
            back = _background(widget)
            for fg, behind, need in text_colours(widget):
                ratio = contrast(fg, behind or back)
                if ratio < need:
                    found.append(f"contrast {ratio:.1f}:1 (needs {need:g}): {name} "
                                 f"{fg.name()} on {(behind or back).name()}")
    return found
