"""Issue 15: the Agreements and Conflicts packages stay small rooms a newcomer can find.

No module over 600 lines; the widgets that make up a view (lists, editors, tabs, bars)
never hold the view, the plan's context or the undo stack: they show what they are given
and emit signals the view turns into undo commands.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

import planner.ui.agreements
import planner.ui.conflicts
from planner.ui.shell.views import BaseView

PACKAGES = [planner.ui.agreements, planner.ui.conflicts]


def _modules(package: object) -> list[Path]:
    return sorted(Path(package.__file__).parent.glob("*.py"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_no_module_is_over_600_lines(package: object) -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in _modules(package)}
    assert sizes and max(sizes.values()) <= 600, sizes


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_the_parts_of_a_view_hold_no_context_and_push_nothing(package: object) -> None:
    parts = 0
    for path in _modules(package):
        module = importlib.import_module(f"{package.__name__}.{path.stem}")  # type: ignore[attr-defined]
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
    assert parts >= 4  # lists, editors, tabs, bars: the view is made of parts
