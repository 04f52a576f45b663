"""Light and dark (ui layer): View › Theme — System, Light or Dark.

"System" follows the desktop's colour scheme (Qt 6's ``QStyleHints.colorScheme``) and changes
with it. Dark is a palette of its own on Qt's Fusion style (the native styles of Windows and
macOS draw their own colours and would ignore it); the views take their colours from the
palette, so text stands out from its background in both.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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
    name = "Fusion" if dark else (app.style().name() or "Fusion")
    app.setStyle(name)
    if dark:
        app.setPalette(dark_palette())
    else:
        app.setPalette(_resolved(_light_palette if not system_is_dark() else
                                 app.style().standardPalette()))
    app.setProperty("planner_dark", dark)
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
