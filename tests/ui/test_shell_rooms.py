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


def test_menus_and_plan_files_use_only_the_windows_public_side() -> None:
    """menus.py and plan_files.py reach the window through its public methods and attributes
    only: no ``window._anything`` (nor any other object's private name but their own)."""
    import ast

    for name in ("menus.py", "plan_files.py"):
        tree = ast.parse((ROOM / name).read_text(encoding="utf-8"))
        private = [f"{name}:{node.lineno} {ast.unparse(node)}" for node in ast.walk(tree)
                   if isinstance(node, ast.Attribute) and node.attr.startswith("_")
                   and not node.attr.startswith("__")
                   and not (isinstance(node.value, ast.Name) and node.value.id == "self")]
        assert private == [], private
