"""A tool bar's » button that works outside a main window (ui layer).

Qt's tool bar puts the widgets that do not fit behind a » button; outside a QMainWindow
that button only "expands" the bar in place, which the view's layout gives no room to, so it
does nothing. Here it opens a menu of the hidden commands instead: each button as an item,
a button's own menu (Export ▸) as a submenu.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QMenu, QToolBar, QToolButton, QWidget


def hidden_commands(bar: QToolBar) -> list[QWidget]:
    """The bar's buttons that did not fit (in the bar's order)."""
    hidden: list[QWidget] = []
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if isinstance(widget, QAbstractButton) and not widget.isVisibleTo(bar):
            hidden.append(widget)
    return hidden


def fill_overflow(bar: QToolBar, menu: QMenu) -> None:
    menu.clear()
    for widget in hidden_commands(bar):
        assert isinstance(widget, QAbstractButton)
        text = widget.text().replace("&", "&&")
        own = widget.menu() if isinstance(widget, QToolButton) else None
        if own is not None:
            sub = menu.addMenu(text)
            for action in own.actions():
                sub.addAction(action)
        else:
            item = menu.addAction(text)
            item.setToolTip(widget.toolTip())
            item.setEnabled(widget.isEnabled())
            item.triggered.connect(widget.click)
    if menu.isEmpty():
        menu.addAction("Everything fits").setEnabled(False)


class Overflow(QObject):
    """The » button's menu of what did not fit; kept by the bar it belongs to. Qt makes a
    new » button when the bar's layout is rebuilt (a style change, a new parent), so the
    menu is given again to whichever button the bar has."""

    def __init__(self, bar: QToolBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.menu = QMenu(bar)
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.fill)
        bar.installEventFilter(self)
        self.attach()

    def button(self) -> QToolButton | None:
        for button in self.bar.findChildren(QToolButton):
            if button.objectName() == "qt_toolbar_ext_button":
                return button
        return None

    def attach(self) -> None:
        button = self.button()
        if button is not None and button.menu() is not self.menu:
            button.setMenu(self.menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setToolTip("More commands")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show,
                            QEvent.Type.ChildAdded, QEvent.Type.Resize):
            self.attach()
        return False

    def fill(self) -> None:
        fill_overflow(self.bar, self.menu)


def working_overflow(bar: QToolBar) -> Overflow:
    """Make the bar's » button open a menu of what did not fit."""
    return Overflow(bar)
