"""Issue 15: the window's packages stay small rooms a newcomer can find.

No module over 600 lines; the widgets a view is made of (lists, editors, tabs, bars, cards,
the tool bar, the panel beside the chart) never hold the view, the plan's context, its
store or the undo stack: they show what they are given and emit signals the view turns into
undo commands.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QWidget

import planner.ui.agreements
import planner.ui.capacity
import planner.ui.conflicts
import planner.ui.dashboard
import planner.ui.organisation
import planner.ui.people
import planner.ui.screening
import planner.ui.shell
import planner.ui.timeline
from planner.ui.shell.views import BaseView

SIZED = [planner.ui.agreements, planner.ui.capacity, planner.ui.conflicts, planner.ui.dashboard,
         planner.ui.organisation, planner.ui.people, planner.ui.screening, planner.ui.shell,
         planner.ui.timeline]
# Each package's modules made of parts (all: ()), and how many parts a view is at least
# made of.
PARTS = {"planner.ui.agreements": ((), 4), "planner.ui.conflicts": ((), 4),
         "planner.ui.timeline": ((), 5), "planner.ui.dashboard": ((), 6),
         "planner.ui.screening": ((), 8), "planner.ui.capacity": ((), 1)}
# Modules whose every class is a part, widget or not (the meeting editor's owner boxes).
EVERY_CLASS = {"planner.ui.dashboard.action_cells", "planner.ui.dashboard.meeting_log"}


def _paths(package: ModuleType) -> list[Path]:
    return sorted(Path(package.__file__ or "").parent.glob("*.py"))


@pytest.mark.parametrize("package", SIZED, ids=lambda p: p.__name__)
def test_no_module_is_over_600_lines(package: ModuleType) -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in _paths(package)}
    assert sizes and max(sizes.values()) <= 600, sizes


@pytest.mark.parametrize("name", list(PARTS))
def test_the_parts_of_a_view_hold_no_context_and_push_nothing(name: str) -> None:
    only, least = PARTS[name]
    package = importlib.import_module(name)
    stems = only or [p.stem for p in _paths(package)]
    parts = 0
    for stem in stems:
        module = importlib.import_module(f"{name}.{stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or issubclass(cls, BaseView) or not (
                    issubclass(cls, QWidget) or module.__name__ in EVERY_CLASS):
                continue
            parts += 1
            for node in ast.walk(ast.parse(inspect.getsource(cls))):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                        and node.value.id == "self":
                    assert node.attr not in ("view", "ctx", "store", "undo"), \
                        f"{stem}.py: {cls.__name__} holds self.{node.attr}"
                assert not (isinstance(node, ast.Attribute) and node.attr == "push"), \
                    f"{stem}.py: {cls.__name__} pushes a command"
    assert parts >= least  # the view is made of parts
