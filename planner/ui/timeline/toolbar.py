"""The Timeline's tool bar: scope, grouping, zoom, date columns and the milestone buttons.

It shows what it is given and emits what the user chose; the view remembers the choices
in the settings and turns the buttons into commands. A tool bar rather than a row of
buttons: on a narrow screen the last buttons move into its » menu instead of widening
the window.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from planner.domain import timeline as tl
from planner.ui.shell.overflow import working_overflow

GROUP_LABELS = {"partnership": "Partnership", "owner": "Owner", "status": "Status"}
COLUMNS = (("start", "Start"), ("due", "Due"), ("forecast", "Forecast"))
EXPORTS = (("print", "Print / PDF…"), ("png", "PNG of this view…"), ("svg", "SVG of this view…"),
           ("ics", "Calendar (.ics)…"), ("xml", "MS Project XML…"),
           ("xlsx", "Spreadsheet (.xlsx, .csv)…"))


class TimelineToolbar(QToolBar):
    """The bar above the Gantt chart; every choice comes out as a signal."""

    scopeChosen = Signal()         # read ``scope.currentData()``: a partnership id or None
    groupingChosen = Signal(str)
    zoomChosen = Signal(str)       # a preset level; "custom" (the wheel's scale) is not sent
    zoomPicked = Signal(str)       # a preset picked again, even the one shown
    columnsChosen = Signal(list)   # the date columns shown, e.g. ["start", "due"]
    todayRequested = Signal()
    addRequested = Signal()
    editRequested = Signal()
    linkRequested = Signal()
    celebrateRequested = Signal()
    snapshotRequested = Signal()
    meetingRequested = Signal()
    exportRequested = Signal(str)  # "print", "png", "svg", "ics", "xml" or "xlsx"

    def __init__(self, grouping: str, zoom: str, columns: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMovable(False)
        self.scope = QComboBox()
        self.scope.setMinimumContentsLength(22)
        self.group = QComboBox()
        for key in tl.GROUPINGS:
            self.group.addItem(GROUP_LABELS[key], key)
        self.group.setCurrentIndex(tl.GROUPINGS.index(grouping))
        self.zoom = QComboBox()
        for key in tl.ZOOMS:
            self.zoom.addItem(tl.ZOOM_LABELS[key], key)
        self.zoom.setCurrentIndex(tl.ZOOMS.index(zoom) if zoom in tl.ZOOMS else 5)
        self.columns_button = QToolButton()
        self.columns_button.setText("Dates")
        self.columns_button.setToolTip("Date columns beside the titles: start, due, forecast")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        columns_menu = QMenu(self.columns_button)
        self.column_actions: dict[str, QAction] = {}
        for key, label in COLUMNS:
            action = columns_menu.addAction(f"{label} date column")
            action.setCheckable(True)
            action.setChecked(key in columns)
            action.toggled.connect(self._columns_toggled)
            self.column_actions[key] = action
        self.columns_button.setMenu(columns_menu)
        today_button = QPushButton("Today")
        today_button.setToolTip("Bring today's date into view")
        add = QPushButton("Add milestone…")
        add.setShortcut(QKeySequence("Ins"))
        add.setToolTip("A new small, dated step; it goes under the chosen milestone (Insert)")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the chosen milestone (Enter, or double-click it)")
        self.link_button = QPushButton("Depends on…")
        self.link_button.setToolTip("Make the chosen milestone wait for another one")
        self.celebrate_button = QPushButton("Celebrate…")
        self.celebrate_button.setToolTip("Mark the chosen milestone done as a small win, "
                                         "with a note of what it meant")
        snapshot = QPushButton("Record meeting")
        snapshot.setToolTip("Keep today's forecasts as this meeting's snapshot: the slip chart "
                            "and 'since last meeting' compare against it")
        meeting = QPushButton("Meeting mode")  # F5: Timeline › Meeting mode, in the window
        meeting.setToolTip("Full screen for the projector (F5); Esc leaves")
        export = QToolButton()
        export.setText("Export")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        for kind, text in EXPORTS:
            menu.addAction(text, partial(self.exportRequested.emit, kind))
        export.setMenu(menu)

        for widget in (self.scope, QLabel(" Group by "), self.group, QLabel(" Zoom "), self.zoom,
                       today_button, self.columns_button):
            self.addWidget(widget)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        # Most used first: on a narrow screen the tail of this list goes into the » menu.
        for button in (add, meeting, export, self.edit_button, self.link_button,
                       self.celebrate_button, snapshot):
            self.addWidget(button)
        working_overflow(self)  # its » menu offers what did not fit

        self.scope.currentIndexChanged.connect(self.scopeChosen)
        self.group.currentIndexChanged.connect(
            lambda: self.groupingChosen.emit(self.group.currentData()))
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.zoom.activated.connect(self._zoom_activated)
        today_button.clicked.connect(self.todayRequested)
        add.clicked.connect(self.addRequested)
        self.edit_button.clicked.connect(self.editRequested)
        self.link_button.clicked.connect(self.linkRequested)
        self.celebrate_button.clicked.connect(self.celebrateRequested)
        snapshot.clicked.connect(self.snapshotRequested)
        meeting.clicked.connect(self.meetingRequested)

    def set_scopes(self, choices: list[tuple[int, str]], current: int | None) -> None:
        """"All partnerships" and each one; ``current`` chosen, without a signal."""
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("All partnerships", None)
        for ident, title in choices:
            self.scope.addItem(title, ident)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.scope.blockSignals(False)

    def set_chosen(self, chosen: bool) -> None:
        """The buttons about one milestone work only while one is chosen."""
        for button in (self.edit_button, self.link_button, self.celebrate_button):
            button.setEnabled(chosen)

    def show_scale(self, text: str) -> str | None:
        """After a wheel or key zoom the box shows the scale in view, never a stale "Fit".

        Returns the preset level when the scale is one, else None (the box then shows the
        scale as a "custom" entry). No signal is emitted."""
        self.zoom.blockSignals(True)
        try:
            preset = self.zoom.findText(text)
            if preset >= 0 and self.zoom.itemData(preset) != "custom":
                custom = self.zoom.findData("custom")
                if custom >= 0:
                    self.zoom.removeItem(custom)
                self.zoom.setCurrentIndex(preset)
                return str(self.zoom.itemData(preset))
            custom = self.zoom.findData("custom")
            if custom < 0:
                self.zoom.addItem(text, "custom")
                custom = self.zoom.count() - 1
            self.zoom.setItemText(custom, text)
            self.zoom.setCurrentIndex(custom)
            return None
        finally:
            self.zoom.blockSignals(False)

    def _zoom_changed(self) -> None:
        level = self.zoom.currentData()
        if level != "custom":
            self.zoomChosen.emit(level)

    def _zoom_activated(self, index: int) -> None:
        level = self.zoom.itemData(index)
        if level != "custom":
            self.zoomPicked.emit(level)

    def drop_custom(self) -> None:
        custom = self.zoom.findData("custom")
        if custom >= 0:  # a chosen level replaces the scale the wheel had reached
            self.zoom.blockSignals(True)
            self.zoom.removeItem(custom)
            self.zoom.blockSignals(False)

    def _columns_toggled(self) -> None:
        self.columnsChosen.emit([k for k, a in self.column_actions.items() if a.isChecked()])
