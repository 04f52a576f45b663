"""Shared fixtures. Qt runs offscreen; no test may open a modal dialog."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store.database import Store


def made_earlier(path: Path) -> Store:
    """A new plan, made by one Store and opened again by another: every test works on a
    plan reopened from disk, as users do, never only on one made in the same Store."""
    Store.open(path, create=True).close()
    return Store.open(path)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty plan in a new file, made earlier (closed and opened again)."""
    s = made_earlier(tmp_path / "plan.sqlite")
    yield s
    s.close()


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portfolio, written once per test run; copy it before changing it."""
    from planner.services.sample import create_sample

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with Store.open(path, create=True) as s:
        create_sample(s)
    return path


@pytest.fixture
def sample_store(sample_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the sample portfolio, free to change."""
    from planner.store.engine import sqlite_backup

    copy = tmp_path / "sample.sqlite"
    sqlite_backup(sample_file, copy)
    s = Store.open(copy)
    yield s
    s.close()


# ------------------------------------------------------------------ PostgreSQL (tests/pg.py)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Background jobs are finished and delivered, and windows a test left open closed and
    deleted, while Qt and Python are whole; the session then ends as usual, with pytest's
    exit status."""
    import faulthandler
    import gc
    import sys

    # A crash from here to the end of the process says where it happened (pytest's own
    # faulthandler stops at its unconfigure).
    faulthandler.enable(file=sys.__stderr__, all_threads=True)
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    jobs = sys.modules.get("planner.ui.shell.background")
    if jobs is not None:
        jobs.wait_all(10)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    if jobs is not None:
        jobs.wait_all(10)
    # Python-owned Qt objects caught in reference cycles are freed now, while the
    # application and their parents exist, rather than by the collections at exit.
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs the PostgreSQL test server")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's superuser URL (skips, or fails with CI=true, without a server)."""
    from tests import pg

    return pg.server_url()


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """An empty, migrated plan database on the test server (shared: emptied per test).

    A test that changes schema, roles or policies uses ``pg.new_database`` instead.
    """
    from tests import pg

    return pg.shared_database(pg_server)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty plan, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        s = made_earlier(tmp_path / "plan.sqlite")
    else:
        s = Store.open(request.getfixturevalue("pg_url"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus 1,000 generated milestones (bench/_scale_plan.py, the benchmark's own
    generator), made once per test module by another Store: tests reopen it or copy it."""
    from bench import _scale_plan

    path = tmp_path_factory.mktemp("long") / "long.sqlite"
    _scale_plan.build(path, 1_000)
    return path


def damage_an_index(path: Path) -> None:
    """The milestones' parent index now holds entries that match no milestone row: the
    pages are sound (quick_check passes), the index is wrong (integrity_check fails)."""
    import sqlite3

    con = sqlite3.connect(path, isolation_level=None)
    version = con.execute("PRAGMA schema_version").fetchone()[0]
    con.execute("PRAGMA writable_schema=ON")
    con.execute("UPDATE sqlite_master SET sql='CREATE INDEX ix_milestone_parent_id "
                "ON milestone (title)' WHERE name='ix_milestone_parent_id'")
    con.execute(f"PRAGMA schema_version={version + 1}")
    con.close()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert check.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    check.close()


@pytest.fixture
def damaged(sample_file: Path, tmp_path: Path) -> Path:
    """A copy of the sample plan, made earlier, that SQLite's quick check passes and its
    full integrity check does not (``damage_an_index``)."""
    from planner.store.engine import sqlite_backup

    path = tmp_path / "plan" / "sample.sqlite"
    sqlite_backup(sample_file, path)
    damage_an_index(path)
    return path
