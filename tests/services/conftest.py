"""The services suite runs on SQLite and on PostgreSQL: ``store`` and ``sample_store`` are
parametrised over both (the PostgreSQL runs need the test server, see tests/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store.database import Store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty plan: a new SQLite file, or the emptied PostgreSQL test database."""
    if request.param == "sqlite":
        s = Store.open(tmp_path / "plan.sqlite", create=True)
    else:
        s = Store.open(request.getfixturevalue("pg_url"))
    yield s
    s.close()


@pytest.fixture(params=BACKENDS)
def sample_store(request: pytest.FixtureRequest, sample_file: Path,
                 tmp_path: Path) -> Iterator[Store]:
    """A private copy of the sample portfolio, on SQLite or on PostgreSQL."""
    if request.param == "sqlite":
        from planner.store.engine import sqlite_backup

        copy = tmp_path / "sample.sqlite"
        sqlite_backup(sample_file, copy)
        s = Store.open(copy)
    else:
        from planner.services.copying import copy_database

        url = request.getfixturevalue("pg_url")
        copy_database(sample_file, url)
        s = Store.open(url)
    yield s
    s.close()


# Tests that are about SQLite itself, or match SQLite's wording: run on SQLite only.
SQLITE_ONLY = {
    "test_command_line_export": "hands the command line the plan's file path",
    "test_the_schema_refuses_unknown_workflow_values":
        "matches SQLite's wording 'CHECK constraint' (PostgreSQL: 'check constraint')",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        name = getattr(item, "originalname", item.name)
        if callspec is None or name not in SQLITE_ONLY:
            continue
        if "postgresql" in (callspec.params.get("store"), callspec.params.get("sample_store")):
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {SQLITE_ONLY[name]}"))
