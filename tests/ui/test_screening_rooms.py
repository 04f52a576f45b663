"""Issue 15: the screening package stays a set of small rooms a newcomer can find."""

from __future__ import annotations

import ast
from pathlib import Path

import planner.ui.screening as package

ROOM = Path(package.__file__).parent


def test_only_the_view_holds_the_context_and_pushes() -> None:
    """Tabs and pages emit signals; none keeps its parent view or reaches for ctx.push."""
    for path in ROOM.glob("*.py"):
        if path.name in ("view.py", "commands.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
                inner = node.value
                assert not (isinstance(inner.value, ast.Name) and inner.value.id == "self"
                            and inner.attr in ("view", "ctx")), \
                    f"{path.name}:{node.lineno} reaches up through self.{inner.attr}"
