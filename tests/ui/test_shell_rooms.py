"""Issue 15: the window's frame stays small rooms: the window (views, refresh, theme,
placement), its menus (menus.py) and the plan-file flows (plan_files.py) apart."""

from __future__ import annotations

from pathlib import Path

import planner.ui.shell as package

ROOM = Path(package.__file__).parent


def test_the_window_builds_no_menu_and_opens_no_file_itself() -> None:
    """Menus come from menus.py; opening, copying, backing up and restoring plans from
    plan_files.py: the window only names them."""
    text = (ROOM / "main_window.py").read_text(encoding="utf-8")
    for word in ("addMenu(", "QFileDialog", "take_backup", "restore_backup", "backup_to("):
        assert word not in text, word
