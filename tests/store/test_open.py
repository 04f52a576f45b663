"""Opening plan files: every bad file is refused by name, and left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planner.store.database import Store, StoreError
from planner.store.migrations import HEAD, KNOWN_REVISIONS
from planner.store.tables import Organisation


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _refused(path: Path, *words: str) -> None:
    before = _snapshot(path.parent)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert _snapshot(path.parent) == before, "a refused file must be left untouched"


def test_new_plan_is_created_and_reopened(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True) as store, store.work() as work:
        work.add(Organisation(name="Riverside Trust", is_self=True))
    with Store.open(path) as store, store.work() as work:
        assert [o.name for o in work.list(Organisation)] == ["Riverside Trust"]
        assert store.check() == []


def test_missing_file_is_not_created_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "nothing.sqlite"
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(path)
    assert not path.exists()


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Dear trustees,\nThis is a letter, not a plan.\n" * 50)
    _refused(path, "not a Partnership Planner plan")


def test_truncated_file(tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite"
    with Store.open(good, create=True) as store, store.work() as work:
        for n in range(300):
            work.add(Organisation(name=f"Partner {n} " + "x" * 200))
    data = good.read_bytes()
    path = tmp_path / "cut.sqlite"
    path.write_bytes(data[: len(data) // 2 + 123])
    _refused(path, "damaged")


def test_foreign_application_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    con.execute("INSERT INTO songs (title) VALUES ('x')")
    con.commit()
    con.close()
    _refused(path, "another application")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    Store.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    _refused(path, "newer version", "9999")


def test_read_only_folder_for_a_new_plan(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root writes anywhere; stand in with a folder that does not exist.
        folder = tmp_path / "missing"
        with pytest.raises(StoreError, match="does not exist"):
            Store.open(folder / "plan.sqlite", create=True)
        assert not folder.exists()
        return
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store.open(folder / "plan.sqlite", create=True)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_read_only_folder_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == folder
                        else real_access(p, mode))
    with pytest.raises(StoreError, match="read-only"):
        Store.open(folder / "plan.sqlite", create=True)
    assert list(folder.iterdir()) == []


def test_second_open_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    first = Store.open(path, create=True)
    try:
        with pytest.raises(StoreError, match="already open"):
            Store.open(path)
    finally:
        first.close()
    Store.open(path).close()
    # The lock is on the plan itself (tests/faults/test_lock.py): nothing is left beside it.
    assert not list(tmp_path.glob("*.lock"))


def test_second_instance_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True):
        result = subprocess.run(
            [sys.executable, "-m", "planner.cli", "check", "--db", str(path)],
            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "already open" in result.stderr
    assert "Traceback" not in result.stderr


def test_known_revisions_match_the_scripts() -> None:
    from planner.store.migrations.runner import script_revisions

    scripts = script_revisions()
    assert scripts[0] == HEAD
    assert set(scripts) == set(KNOWN_REVISIONS)


def test_migration_from_revision_one_matches_the_models(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect

    from planner.store.migrations.runner import schema_differences, upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade(engine, "0001")
    upgrade(engine, "head")
    assert schema_differences(engine) == []
    assert "opportunity" in inspect(engine).get_table_names()
    engine.dispose()


def _plan_at_revision_one(path: Path) -> None:
    """A plan file as Partnership Planner 0.1.0 left it: schema 0001, one meeting."""
    from sqlalchemy import create_engine
    from sqlmodel import Session

    from planner.store.migrations.runner import upgrade
    from planner.store.tables import Opportunity

    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    with Session(engine) as session:  # the opportunity table is unchanged since 0001
        session.add(Opportunity(title="Shared sports hall"))
        session.commit()
    con = sqlite3.connect(path)  # the meeting table is not: write it as 0.1.0 did
    con.execute("INSERT INTO meeting (row_version, opportunity_id, kind, held_on, state, "
                "attendees, ceo_hours, staff_hours, decisions, notes) VALUES "
                "(1, 1, 'strategic', '2026-10-01', 'held', '[\"Ana\"]', 1.5, 0, "
                "'Share the hall on Tuesdays', 'Kept from 0.1.0')")
    # Rows pointing at the meeting: an upgrade must not trip over the foreign keys.
    con.execute("INSERT INTO meeting_action (row_version, meeting_id, text, owner) "
                "VALUES (1, 1, 'Print the rota', 'Ana')")
    con.commit()
    con.close()
    engine.dispose()


def test_a_plan_from_revision_one_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    from planner.services.meetings import list_meetings
    from planner.store.database import check_existing_file

    path = tmp_path / "old.sqlite"
    _plan_at_revision_one(path)
    with Store.open(path, pre_migration_backup_dir=tmp_path / "bk") as store:
        assert store.revision() == HEAD == "0008"
        assert store.check() == []
        [meeting] = list_meetings(store)
    assert (meeting.notes, meeting.decisions, meeting.attendees) == (
        "Kept from 0.1.0", "Share the hall on Tuesdays", ("Ana",))
    assert [a.text for a in meeting.actions] == ["Print the rota"]
    assert meeting.confidential is False
    # The backup is the plan exactly as it was: still at 0001, and still opens.
    [backup] = list((tmp_path / "bk").glob("old-before-upgrade-*.sqlite"))
    assert check_existing_file(backup) is None
    con = sqlite3.connect(backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert "confidential" not in {r[1] for r in con.execute("PRAGMA table_info(meeting)")}
    con.close()
    # Opening it again (at head now) makes no second backup.
    Store.open(path, pre_migration_backup_dir=tmp_path / "bk").close()
    assert len(list((tmp_path / "bk").iterdir())) == 1


def test_check_constraints_refuse_what_validation_missed(store: Store) -> None:
    with pytest.raises(StoreError, match="refused this change") as caught, \
            store.work() as work:
        work.add(Organisation(name="   "))
    assert "\n" not in str(caught.value) and "sqlalchemy" not in str(caught.value).lower()
    with store.work() as work:
        assert work.list(Organisation) == []  # nothing half-saved


def test_a_full_disk_is_reported_and_nothing_half_saved(store: Store) -> None:
    from sqlalchemy import event

    with store.work() as work:
        work.add(Organisation(name="Kept"))

    # SQLite reports a full disk when the file may not grow: cap it at its current size.
    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    with pytest.raises(StoreError, match="full"), store.work() as work:
        for n in range(50):
            work.add(Organisation(name=f"Big {n} " + "x" * 100_000))
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    with store.work() as work:
        assert [o.name for o in work.list(Organisation)] == ["Kept"]
