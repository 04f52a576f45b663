"""The window's menu bar: File, Edit, View, Timeline and Help, and which of their actions
need a plan open. Each action calls a method of the window; the Timeline menu reaches
every command of the Timeline's tool bar however narrow the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from planner import APP_NAME
from planner.ui.shell.commands import undo_actions
from planner.ui.shell.views import VIEW_SPECS

if TYPE_CHECKING:
    from planner.ui.shell.main_window import MainWindow


def action(
    window: MainWindow, menu_title: str, text: str, slot: Callable[[], object], *shortcuts: str
) -> QAction:
    """A menu action. Shortcuts are key strings ("Ctrl+Shift+S") or standard keys
    ("std:New"); they are set by install_shortcuts, after the first paint, because
    loading Qt's key enums costs tens of milliseconds of start-up."""
    menu = window._menus[menu_title]
    action = QAction(text, window)
    if shortcuts:
        window._shortcuts.append((action, shortcuts))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    window._shortcuts = []
    window._menus = {
        name: bar.addMenu(name) for name in ("&File", "&Edit", "&View", "&Timeline", "&Help")
    }
    window._action("&File", "&New…", window.new_plan, "std:New")
    window._action("&File", "&Open…", window.open_plan, "std:Open")
    window.recent_menu = window._menus["&File"].addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window._fill_recent)
    window._action("&File", "Connect to &Team Database…", window.connect_team_database)
    window._menus["&File"].addSeparator()
    window.import_action = window._action(
        "&File", "&Import Milestones…", window._go(window.timeline, "import_milestones")
    )
    window.save_copy_action = window._action(
        "&File", "Save a &Copy…", window.save_copy, "Ctrl+Shift+S"
    )
    window.restore_action = window._action(
        "&File", "Restore from &Backup…", window.restore_from_backup
    )
    # While a team database does not answer: the edits waiting, to a file (offline.py).
    window.save_waiting_action = window._action(
        "&File", "Save &Waiting Changes…", lambda: window.offline and window.offline.save_waiting()
    )
    window._menus["&File"].aboutToShow.connect(
        lambda: window.save_waiting_action.setEnabled(
            window.offline is not None and bool(window.offline.held)
        )
    )
    window._menus["&File"].addSeparator()
    window.close_action = window._action("&File", "&Close", window.close_plan_asking, "std:Close")
    window._action("&File", "&Quit", window.close, "std:Quit")

    undo, redo = undo_actions(window, window.undo)  # a clash is settled before undo/redo
    window._shortcuts += [(undo, ("std:Undo",)), (redo, ("std:Redo", "Ctrl+Y"))]
    window._menus["&Edit"].addAction(undo)
    window._menus["&Edit"].addAction(redo)
    window.undo_action, window.redo_action = undo, redo

    for index, spec in enumerate(VIEW_SPECS):
        window._action(
            "&View",
            spec.title.replace("&", "&&"),
            partial(window.sidebar.setCurrentRow, index),
            spec.shortcut,
        )
    window._menus["&View"].addSeparator()
    window.next_steps_action = window._action("&View", "&Next Steps", window.show_next_steps)
    pages = [
        window._action(
            "&View", "Meeting &log", window._go(window.show_page, "dashboard", "meetings")
        ),
        window._action("&View", "&Capacity", window._go(window.show_page, "screening", "capacity")),
    ]
    # Every command of the Timeline's tool bar, reachable however narrow the screen.
    timeline = [
        window._action(
            "&Timeline", "&Add milestone…", window._go(window.timeline, "add_milestone")
        ),
        window._action(
            "&Timeline", "&Record meeting", window._go(window.timeline, "record_meeting")
        ),
        window._action(
            "&Timeline", "&Meeting mode", window._go(window.timeline, "open_meeting_mode"), "F5"
        ),
    ]
    window._menus["&Timeline"].addSeparator()
    timeline.append(
        window._action(
            "&Timeline", "&Print / PDF…", window._go(window.timeline, "print_preview"), "std:Print"
        )
    )
    export = window._menus["&Timeline"].addMenu("&Export")
    for text, method, arg in (
        ("&PNG of the timeline…", "export_view", "png"),
        ("&SVG of the timeline…", "export_view", "svg"),
        ("&Calendar (.ics)…", "export_data", "ics"),
        ("&MS Project XML…", "export_data", "xml"),
        ("Sp&readsheet (.xlsx, .csv)…", "export_data", "xlsx"),
    ):
        action = QAction(text, window)
        action.triggered.connect(window._go(window.timeline, method, *([arg] if arg else [])))
        export.addAction(action)
        timeline.append(action)
    window.theme_menu = window._menus["&View"].addMenu("&Theme")
    window.theme_actions = {}
    for key, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
        action = window.theme_menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(key == window.settings.theme)
        action.triggered.connect(window._go(window.set_theme, key))
        window.theme_actions[key] = action
    window._action("&Help", "&Guide", window.show_guide, "F1")
    window._action("&Help", "&Keyboard Shortcuts", window.show_shortcuts)
    window._menus["&Help"].addSeparator()
    window._action("&Help", f"&About {APP_NAME}", window.about)
    window._plan_actions = [
        window.import_action,
        window.save_copy_action,
        window.restore_action,
        window.close_action,
        window.next_steps_action,
        *pages,
        *timeline,
    ]
    window._set_plan_actions()


def set_plan_actions(window: MainWindow) -> None:
    for action in window._plan_actions:
        action.setEnabled(window.store is not None)


def fill_recent(window: MainWindow) -> None:
    window.recent_menu.clear()
    for path in window.settings.recent_files:
        action = window.recent_menu.addAction(path)
        action.triggered.connect(lambda _=False, p=path: window.open_path(Path(p)))
    if not window.settings.recent_files:
        window.recent_menu.addAction("No recent plans").setEnabled(False)
