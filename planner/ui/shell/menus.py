"""The window's menu bar: File, Edit, View, Timeline and Help, and which of their actions
need a plan open. Each action calls a public method of the window (``window.menus`` is this
object; it never touches the window's private state); the Timeline menu reaches every
command of the Timeline's tool bar however narrow the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from planner import APP_NAME
from planner.ui.shell.commands import undo_actions
from planner.ui.shell.views import VIEW_SPECS

if TYPE_CHECKING:
    from planner.ui.shell.main_window import MainWindow

MENU_TITLES = ("&File", "&Edit", "&View", "&Timeline", "&Help")


def go(slot: Callable[..., object], *args: object) -> Callable[[], None]:
    """A menu slot taking nothing (triggered's ``checked`` is not passed on)."""
    def run() -> None:
        slot(*args)
    return run


class WindowMenus:
    """The menus of one window and the actions a window enables, checks or tests reach."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.menus: dict[str, QMenu] = {name: bar.addMenu(name) for name in MENU_TITLES}
        # Set by install_shortcuts after the first paint (see action()).
        self.pending_shortcuts: list[tuple[QAction, tuple[str, ...]]] = []
        self._build_file()
        self.undo_action, self.redo_action = undo_actions(window, window.undo)
        self.pending_shortcuts += [(self.undo_action, ("std:Undo",)),
                                   (self.redo_action, ("std:Redo", "Ctrl+Y"))]
        self.menus["&Edit"].addAction(self.undo_action)  # a clash is settled before undo
        self.menus["&Edit"].addAction(self.redo_action)
        pages = self._build_view()
        timeline = self._build_timeline()
        self._build_help()
        # Enabled only while a plan is open.
        self.plan_actions: list[QAction] = [
            self.import_action, self.save_copy_action, self.restore_action,
            self.apply_waiting_action, self.close_action,
            self.next_steps_action, *pages, *timeline]
        self.set_plan_open(False)

    def __getitem__(self, title: str) -> QMenu:
        """A menu by its title, e.g. ``window.menus["&File"]``."""
        return self.menus[title]

    def action(self, menu_title: str, text: str, slot: Callable[[], object],
               *shortcuts: str) -> QAction:
        """A menu action. Shortcuts are key strings ("Ctrl+Shift+S") or standard keys
        ("std:New"); they are set by install_shortcuts, after the first paint, because
        loading Qt's key enums costs tens of milliseconds of start-up."""
        action = QAction(text, self.window)
        if shortcuts:
            self.pending_shortcuts.append((action, shortcuts))
        action.triggered.connect(slot)
        self.menus[menu_title].addAction(action)
        return action

    def install_shortcuts(self) -> None:
        while self.pending_shortcuts:
            action, keys = self.pending_shortcuts.pop()
            action.setShortcuts([
                QKeySequence(getattr(QKeySequence.StandardKey, k[4:]) if k.startswith("std:")
                             else k) for k in keys])

    def set_plan_open(self, is_open: bool) -> None:
        for action in self.plan_actions:
            action.setEnabled(is_open)

    def check_theme(self, key: str) -> None:
        for name, action in self.theme_actions.items():
            action.setChecked(name == key)

    def fill_recent(self) -> None:
        window, recent = self.window, self.recent_menu
        recent.clear()
        for path in window.settings.recent_files:
            action = recent.addAction(path)
            action.triggered.connect(lambda _=False, p=path: window.open_path(Path(p)))
        if not window.settings.recent_files:
            recent.addAction("No recent plans").setEnabled(False)

    # ------------------------------------------------------------------ the menus

    def _build_file(self) -> None:
        window, add = self.window, self.action
        add("&File", "&New…", window.new_plan, "std:New")
        add("&File", "&Open…", window.open_plan, "std:Open")
        self.recent_menu = self.menus["&File"].addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        add("&File", "Connect to &Team Database…", window.connect_team_database)
        self.menus["&File"].addSeparator()
        self.import_action = add("&File", "&Import Milestones…",
                                 go(window.timeline, "import_milestones"))
        self.save_copy_action = add("&File", "Save a &Copy…", window.save_copy, "Ctrl+Shift+S")
        self.restore_action = add("&File", "Restore from &Backup…", window.restore_from_backup)
        # While a team database does not answer: the edits waiting, to a file (offline.py).
        self.save_waiting_action = add(
            "&File", "Save &Waiting Changes…",
            lambda: window.offline and window.offline.save_waiting())
        self.apply_waiting_action = add("&File", "&Apply Waiting Changes…",
                                        window.apply_waiting_changes)
        self.menus["&File"].aboutToShow.connect(
            lambda: self.save_waiting_action.setEnabled(
                window.offline is not None and bool(window.offline.held)))
        self.menus["&File"].addSeparator()
        self.close_action = add("&File", "&Close", window.close_plan_asking, "std:Close")
        add("&File", "&Quit", window.close, "std:Quit")

    def _build_view(self) -> list[QAction]:
        window, add = self.window, self.action
        for index, spec in enumerate(VIEW_SPECS):
            add("&View", spec.title.replace("&", "&&"),
                partial(window.sidebar.setCurrentRow, index), spec.shortcut)
        self.menus["&View"].addSeparator()
        self.next_steps_action = add("&View", "&Next Steps", window.show_next_steps)
        pages = [add("&View", "Meeting &log", go(window.show_page, "dashboard", "meetings")),
                 add("&View", "&Capacity", go(window.show_page, "screening", "capacity"))]
        self.theme_menu = self.menus["&View"].addMenu("&Theme")
        self.theme_actions: dict[str, QAction] = {}
        for key, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = self.theme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(key == window.settings.theme)
            action.triggered.connect(go(window.set_theme, key))
            self.theme_actions[key] = action
        return pages

    def _build_timeline(self) -> list[QAction]:
        """Every command of the Timeline's tool bar, reachable however narrow the screen."""
        window, add = self.window, self.action
        timeline = [
            add("&Timeline", "&Add milestone…", go(window.timeline, "add_milestone")),
            add("&Timeline", "&Record meeting", go(window.timeline, "record_meeting")),
            add("&Timeline", "&Meeting mode", go(window.timeline, "open_meeting_mode"), "F5"),
        ]
        self.menus["&Timeline"].addSeparator()
        timeline.append(add("&Timeline", "&Print / PDF…", go(window.timeline, "print_preview"),
                            "std:Print"))
        export = self.menus["&Timeline"].addMenu("&Export")
        for text, method, arg in (
            ("&PNG of the timeline…", "export_view", "png"),
            ("&SVG of the timeline…", "export_view", "svg"),
            ("&Calendar (.ics)…", "export_data", "ics"),
            ("&MS Project XML…", "export_data", "xml"),
            ("Sp&readsheet (.xlsx, .csv)…", "export_data", "xlsx"),
        ):
            action = QAction(text, window)
            action.triggered.connect(go(window.timeline, method, arg))
            export.addAction(action)
            timeline.append(action)
        return timeline

    def _build_help(self) -> None:
        window, add = self.window, self.action
        add("&Help", "&Guide", window.show_guide, "F1")
        add("&Help", "&Keyboard Shortcuts", window.show_shortcuts)
        self.menus["&Help"].addSeparator()
        add("&Help", f"&About {APP_NAME}", window.about)
