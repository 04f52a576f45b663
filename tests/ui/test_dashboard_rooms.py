"""Dashboard in rooms (issue 15): no module over 600 lines; the cards, lists and the health
rules panel the view is made of show what they are given and say what the user did through
signals (they hold no context and push nothing)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from PySide6.QtWidgets import QWidget

import planner.ui.dashboard
from planner.ui.dashboard import cards, health_rules, lists

PACKAGE = Path(planner.ui.dashboard.__file__).parent


def test_no_dashboard_module_is_over_600_lines() -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.glob("*.py")}
    assert sizes and max(sizes.values()) <= 600, sizes


def test_the_parts_of_the_dashboard_hold_no_context_and_push_nothing() -> None:
    parts = 0
    for module in (cards, health_rules, lists):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, QWidget):
                continue
            parts += 1
            for node in ast.walk(ast.parse(inspect.getsource(cls))):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                        and node.value.id == "self":
                    assert node.attr not in ("view", "ctx", "store", "undo"), \
                        f"{module.__name__}: {cls.__name__} holds self.{node.attr}"
                assert not (isinstance(node, ast.Attribute) and node.attr == "push"), \
                    f"{module.__name__}: {cls.__name__} pushes a command"
    assert parts >= 4  # tiles, hours bars, next steps, health rules
