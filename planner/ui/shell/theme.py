"""Light and dark (ui layer): View › Theme — System, Light or Dark.

"System" follows the desktop's colour scheme (Qt 6's ``QStyleHints.colorScheme``) and changes
with it. Dark is a palette of its own on Qt's Fusion style (the native styles of Windows and
macOS draw their own colours and would ignore it); the views take their colours from the
palette, so text stands out from its background in both.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QStyle, QStyleOption, QWidget

THEMES = ("system", "light", "dark")
THEME_LABELS = {"system": "&System", "light": "&Light", "dark": "&Dark"}

_DARK = {
    QPalette.ColorRole.Window: "#26292d",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#1c1e21",
    QPalette.ColorRole.AlternateBase: "#2a2d31",
    QPalette.ColorRole.ToolTipBase: "#33373c",
    QPalette.ColorRole.ToolTipText: "#f1f3f4",
    QPalette.ColorRole.PlaceholderText: "#a3a9b0",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#32363b",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#4a4f55",
    QPalette.ColorRole.Midlight: "#3d4146",
    QPalette.ColorRole.Mid: "#2e3135",
    QPalette.ColorRole.Dark: "#15171a",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#2f6fab",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c58af9",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#8b9199",
    QPalette.ColorRole.Text: "#8b9199",
    QPalette.ColorRole.ButtonText: "#8b9199",
    QPalette.ColorRole.HighlightedText: "#c0c4c9",
}

_light_palette: QPalette | None = None  # the style's own, kept before any change

# The edge of a tick box or radio button in the dark theme: Fusion outlines them in the window
# colour made darker, which on this palette is the box's own colour (1.03:1), so an unticked
# box could not be seen. These stand out from the base and window colours by 4.6:1 or more
# (2.6:1 when the control is disabled, as disabled text is dimmed).
_DARK_BOX_EDGE = {True: "#8b9199", False: "#5d636a"}


class DarkStyle(QProxyStyle):
    """Fusion, with tick boxes and radio buttons that show where they are on dark paper."""

    _BOXES = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
              QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self._BOXES:
            return
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(_DARK_BOX_EDGE[enabled]), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # The same outline Fusion draws (half a pixel in, one pixel wide), in a colour seen.
        edge = QRectF(option.rect).adjusted(0.5, 0.5, -1.5, -1.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(edge)
        else:
            painter.drawRect(edge)
        painter.restore()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def _resolved(source: QPalette) -> QPalette:
    """A copy with every colour set: Qt passes a palette that sets nothing (the style's own,
    as first read) to no widget, and the window would stay dark."""
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                  QPalette.ColorGroup.Disabled):
        for role in QPalette.ColorRole:
            if role in (QPalette.ColorRole.NColorRoles,):
                continue
            palette.setColor(group, role, source.color(group, role))
    return palette


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(choice: str) -> bool:
    """Whether this theme choice shows dark now."""
    return choice == "dark" or (choice not in ("light", "dark") and system_is_dark())


def apply(choice: str) -> bool:
    """Use this theme (one of THEMES); True if it is dark."""
    global _light_palette
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    if _light_palette is None:
        _light_palette = QPalette(app.palette())
    dark = is_dark(choice)
    # The style set again: every widget is polished afresh with the new palette (some keep
    # the palette they were first polished with otherwise).
    if dark:
        style = DarkStyle()
        app.setStyle(style)
        style.setParent(app)  # the application owns it (Python keeps no reference)
    else:
        app.setStyle(app.style().name() or "Fusion")
    if dark:
        app.setPalette(dark_palette())
    else:
        app.setPalette(_resolved(_light_palette if not system_is_dark() else
                                 app.style().standardPalette()))
    app.setProperty("planner_dark", dark)
    _watch_sheets(app, dark)
    if app.styleSheet():
        # Widgets polished by the program's style sheet keep the palette they were polished
        # with: polish them again, or the window is half in the old theme.
        app.setStyleSheet(app.styleSheet())
    return dark


def current_is_dark() -> bool:
    """Whether the window shows dark now (for colours a palette cannot give: charts)."""
    app = QApplication.instance()
    if app is not None and app.property("planner_dark") is not None:
        return bool(app.property("planner_dark"))
    return system_is_dark()


# Colours a palette has no role for (cards, banners, status words), each readable on its
# background in its theme (at least 4.5:1; tests/ui/test_layout_fit.py measures the labels).
LIGHT = {
    "secondary": "#5f6b7a", "strong": "#1f2933", "alert": "#c62828",
    "tile": "#f3f6f9", "tile_border": "#d5dbe3",
    "note": "#fdf8ec", "note_border": "#e6d7a8",
    "banner": "#fff4e0", "banner_border": "#e0b45c", "banner_text": "#4a3300",
    "paper": "#ffffff", "paper_text": "#1b1f24", "paper_border": "#d5d9e0",
    "card": "#ffffff", "card_focus": "#fff6dc", "slot": "#f6f8fa", "slot_border": "#9aa9b5",
    "ok": "#2e7d32", "warn": "#9a5b00", "link": "#1a5fb4",
}
DARK = {
    "secondary": "#aeb8c2", "strong": "#eef1f4", "alert": "#ff8a80",
    "tile": "#2f3338", "tile_border": "#4a4f55",
    "note": "#37321f", "note_border": "#6b5b2e",
    "banner": "#3d3020", "banner_border": "#8a6a2a", "banner_text": "#ffe3b3",
    "paper": "#1c1e21", "paper_text": "#e8eaed", "paper_border": "#4a4f55",
    "card": "#2a2d31", "card_focus": "#3d3620", "slot": "#23262a", "slot_border": "#5d6670",
    "ok": "#81c995", "warn": "#f6b26b", "link": "#8ab4f8",
}


def colour(name: str) -> str:
    """A named colour of the theme in use (views are built again when the theme changes)."""
    return (DARK if current_is_dark() else LIGHT)[name]


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def background() -> QColor:
    """The window's background in the theme in use."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorRole.Window)
    return QColor("#26292d" if current_is_dark() else "#efefef")


def readable(colour: str | QColor, behind: QColor | None = None, need: float = 4.5) -> str:
    """``colour`` as it must be drawn on ``behind`` (the window's background if None) to
    stand out by ``need`` (4.5:1 for text, 3:1 for marks and keys): the same hue made
    lighter on a dark background, darker on a light one, only as far as needed. Chart
    palettes and status colours pass through here, so they read in both themes."""
    c = QColor(colour)
    back = behind if behind is not None else background()
    if contrast(c, back) >= need:
        return c.name()
    hue, sat, light = c.hslHueF(), c.hslSaturationF(), c.lightnessF()
    lighter = _luminance(back) < 0.18
    for _ in range(40):
        light = min(1.0, light + 0.025) if lighter else max(0.0, light - 0.025)
        c = QColor.fromHslF(max(hue, 0.0), sat, light)
        if contrast(c, back) >= need or light in (0.0, 1.0):
            break
    return c.name()


class Ink:
    """A status colour chosen for a light background, as it must be drawn in the theme in
    use: ``f"color: {RED}"`` and ``ink.qcolor()`` give the readable shade at that moment
    (a view built again after View › Theme gets the other theme's)."""

    def __init__(self, light: str, need: float = 4.5) -> None:
        self.light, self.need = light, need

    def __str__(self) -> str:
        return readable(self.light, need=self.need)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def qcolor(self, behind: QColor | None = None) -> QColor:
        return QColor(readable(self.light, behind, self.need))


_SHEET_BACK = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})")
_SHEET_COLOUR = re.compile(r"(?<![-\w])(color\s*:\s*)(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})")


class _SheetInks(QObject):
    """Text colours written into labels' style sheets for a light background (the error
    lines' #b00020, say) drawn readable in the dark theme: each label is seen as Qt
    polishes it, and its colour replaced by the readable shade of the same hue (the sheet
    as written is kept, and put back in the light theme)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, QLabel) \
                and watched.styleSheet() and \
                watched.property("planner_inked") != watched.styleSheet():
            fix_sheet(watched)
        return False


_inks: _SheetInks | None = None


def _watch_sheets(app: QApplication, dark: bool) -> None:
    """Only while dark: in light the colours are as written (and nothing is watched)."""
    global _inks
    if dark and _inks is None:
        _inks = _SheetInks(app)
        app.installEventFilter(_inks)
    elif not dark and _inks is not None:
        app.removeEventFilter(_inks)
        _inks = None
    for widget in app.allWidgets():
        if isinstance(widget, QLabel) and widget.styleSheet():
            fix_sheet(widget)


def fix_sheet(label: QWidget) -> None:
    """The label's style sheet with its text colour readable in the theme in use."""
    written = label.property("planner_sheet")
    if not isinstance(written, str) or label.property("planner_inked") != label.styleSheet():
        written = label.styleSheet()  # new, or set again by the program since
        label.setProperty("planner_sheet", written)
    own = _SHEET_BACK.search(written)  # a label with a background of its own
    behind = QColor(own.group(1)) if own else None
    fixed = _SHEET_COLOUR.sub(lambda m: m.group(1) + readable(m.group(2), behind), written)
    label.setProperty("planner_inked", fixed)
    if fixed != label.styleSheet():
        label.setStyleSheet(fixed)


# Charts (Gantt, slip chart, heat map, capacity board, dashboard bars) draw on paper of
# their own: its colour, the ink of their words and the lines around the marks, per theme.
CHART_LIGHT = {
    "paper": "#ffffff", "ink": "#1b1f24", "muted": "#5b6570", "grid": "#d9dde2",
    "grid_minor": "#eef0f3", "band": "#e8ecf1", "header": "#f5f7f9", "line": "#3a3f45",
    "link": "#4a5560", "alert": "#c62828",
}
CHART_DARK = {
    "paper": "#1c1e21", "ink": "#e8eaed", "muted": "#aeb8c2", "grid": "#3d4248",
    "grid_minor": "#2a2e33", "band": "#2a2e33", "header": "#26292d", "line": "#c9ced4",
    "link": "#aab4bf", "alert": "#ff8a80",
}


def chart(name: str) -> QColor:
    """A colour of the charts' palette in the theme in use."""
    return QColor((CHART_DARK if current_is_dark() else CHART_LIGHT)[name])


def mark(colour: str | QColor, need: float = 3.0) -> QColor:
    """A data colour (a status, a tier, a criterion) as a chart must draw it: standing out
    from the chart's paper by 3:1 (a mark) or 4.5:1 (words) in the theme in use."""
    return QColor(readable(colour, chart("paper"), need))
