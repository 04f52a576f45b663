"""Issue 15: the Timeline package stays a set of small rooms a newcomer can find.

No module over 600 lines; the widgets the view is made of (the tool bar, the panel beside
the chart, the chart, the menus and dialogs) never hold the view, the plan's context or the
undo stack: they show what they are given and emit signals the view turns into commands.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

from PySide6.QtWidgets import QWidget

import planner.ui.timeline as package
from planner.ui.shell.views import BaseView

ROOM = Path(package.__file__).parent


def test_no_timeline_module_is_over_600_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in ROOM.glob("*.py")}
    assert sizes and max(sizes.values()) <= 600, sizes


def test_the_parts_of_the_timeline_hold_no_context_and_push_nothing() -> None:
    parts = 0
    for path in sorted(ROOM.glob("*.py")):
        module = importlib.import_module(f"{package.__name__}.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, QWidget) \
                    or issubclass(cls, BaseView):
                continue
            parts += 1
            tree = ast.parse(inspect.getsource(cls))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                        and node.value.id == "self":
                    assert node.attr not in ("view", "ctx", "store", "undo"), \
                        f"{path.name}: {cls.__name__} holds self.{node.attr}"
                if isinstance(node, ast.Attribute) and node.attr == "push":
                    raise AssertionError(f"{path.name}: {cls.__name__} pushes a command")
    assert parts >= 5  # tool bar, side panel, chart, menu, dialogs: the view is made of parts
