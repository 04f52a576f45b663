"""Issue 15: the agreements and conflicts services are packages by use case that hand out
plain snapshots, never the store's table rows, in modules a newcomer can read."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from sqlmodel import SQLModel

import planner.services.agreements
import planner.services.conflicts
import planner.store.tables as tables

PACKAGES = [planner.services.agreements, planner.services.conflicts]
TABLES = {name for name, cls in inspect.getmembers(tables, inspect.isclass)
          if issubclass(cls, SQLModel) and getattr(cls, "__tablename__", None)}


def _modules(package: object) -> list[Path]:
    return sorted(Path(package.__file__).parent.glob("*.py"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_modules_are_small(package: object) -> None:
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in _modules(package)}
    assert len(sizes) >= 5 and max(sizes.values()) <= 400, sizes


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_no_public_function_returns_a_table_row(package: object) -> None:
    assert {"Agreement", "ConflictArea", "ConflictHistory"} <= TABLES
    for path in _modules(package):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") \
                    and node.returns is not None:
                named = {n.id for n in ast.walk(node.returns) if isinstance(n, ast.Name)}
                assert not named & TABLES, f"{path.name}: {node.name} returns {named & TABLES}"


def test_an_area_and_its_history_are_snapshots(store) -> None:  # type: ignore[no-untyped-def]
    from planner.services import conflicts as svc
    from tests.services.test_agreements import make_plan

    plan = make_plan(store)
    svc.update_area(store, plan.conflict_id, {"status": "monitoring"}, who="Asha")
    area = svc.get_area(store, plan.conflict_id)
    assert isinstance(area, svc.AreaSnapshot) and area.status == "monitoring"
    line = svc.history(store, plan.conflict_id)[0]
    assert isinstance(line, svc.HistoryEntry)
    assert (line.field, line.old, line.new, line.who) == ("status", "open", "monitoring", "Asha")
