"""A damaged file is never called sound; ``check`` only reads.

A plan cut a few bytes short of its last page used to open and pass ``check``, with the
missing bytes read as zeros (a milestone's progress went from 100 to 0). Tampered agreed
texts were only noticed by ``export agreement``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.cli import main
from planner.store.database import Store, StoreError
from planner.store.engine import sqlite_backup


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def plan(sample_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan" / "sample.sqlite"
    sqlite_backup(sample_file, path)
    return path


@pytest.mark.parametrize("missing", [1, 2, 10, 50, 4096])
def test_a_plan_missing_its_last_bytes_is_refused(plan: Path, missing: int,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = plan.read_bytes()
    plan.write_bytes(data[:-missing])
    before = _snapshot(plan.parent)

    assert main(["check", "--db", str(plan)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert str(plan) in err and "damaged" in err and "planner backups" in err
    with pytest.raises(StoreError, match="damaged") as info:
        Store.open(plan)
    assert "cut short" in str(info.value) or "part-way through a page" in str(info.value)
    assert _snapshot(plan.parent) == before, "a refused plan is left exactly as it was"


def test_a_plan_with_a_write_ahead_log_cut_short_is_refused(tmp_path: Path) -> None:
    """A plan left with its -wal file (a crash): the header may lag the log, but a file
    that ends part-way through a page is still damage."""
    from planner.store.tables import Organisation

    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True) as store, store.work() as work:
        work.add(Organisation(name="Riverside Trust", is_self=True))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE note (body TEXT)")
    con.execute("INSERT INTO note VALUES ('late')")
    assert Path(f"{path}-wal").stat().st_size > 0
    path.write_bytes(path.read_bytes()[:-10])  # while the log is still there
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path)
    con.close()


def test_an_intact_plan_with_its_write_ahead_log_opens(tmp_path: Path) -> None:
    """The size check does not refuse a sound plan whose latest work is still in the log."""
    from planner.store.tables import Organisation

    path = tmp_path / "plan.sqlite"
    with Store.open(path, create=True) as store, store.work() as work:
        work.add(Organisation(name="Riverside Trust", is_self=True))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE note (body TEXT)")
    con.executemany("INSERT INTO note VALUES (?)",
                    [("x" * 500,) for _ in range(200)])  # the plan grows, in the log only
    os.link(f"{path}-wal", tmp_path / "kept-wal")  # the log as a crash would leave it
    con.close()
    copy = tmp_path / "crashed.sqlite"
    copy.write_bytes(path.read_bytes())
    os.link(tmp_path / "kept-wal", f"{copy}-wal")
    with Store.open(copy) as store, store.work() as work:
        assert [o.name for o in work.list(Organisation)] == ["Riverside Trust"]
    check = sqlite3.connect(copy)
    assert check.execute("SELECT count(*) FROM note").fetchone()[0] == 200
    check.close()


def test_a_read_only_plan_reads_like_any_other(plan: Path) -> None:
    """Two units of work at once (a read inside another) each get their own connection."""
    from planner.store.tables import Organisation

    with Store.open(plan, read_only=True) as store, store.work() as outer:
        assert store.revision() is not None and store.check() == []
        assert outer.count(Organisation) > 0


def test_check_reports_a_tampered_agreed_text(plan: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from planner.services.agreements import mark_agreed

    with Store.open(plan) as store:
        mark_agreed(store, 1)
    assert main(["check", "--db", str(plan)]) == 0
    capsys.readouterr()
    con = sqlite3.connect(plan)  # someone edits the agreed words outside the program
    con.execute("UPDATE agreement_section SET body = body || ' (and the hall is free)' "
                "WHERE id = (SELECT min(id) FROM agreement_section WHERE agreement_id = 1)")
    con.commit()
    con.close()
    assert main(["check", "--db", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "no longer matches the fingerprint" in err
    assert len(err.splitlines()) == 1


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[Path]:
    """``folder`` seen read-only: a read-only bind mount as root (root ignores file modes),
    else the modes themselves."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in folder.iterdir()}
        for p in modes:
            p.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
            for p, mode in modes.items():
                p.chmod(mode)
        return
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(folder), str(view)]).returncode:
        pytest.skip("cannot bind-mount here to make a read-only folder")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_check_works_on_a_read_only_plan_in_a_read_only_folder(
        plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(plan.parent)
    with _read_only(plan.parent) as folder:
        assert main(["check", "--db", str(folder / plan.name)]) == 0, capsys.readouterr().err
    assert "sound" in capsys.readouterr().out
    assert _snapshot(plan.parent) == before


def test_a_plan_with_its_log_in_a_read_only_folder_is_not_called_damaged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SQLite can read through a -wal file only where it may create a -shm file beside it:
    a sound plan copied with its log into a read-only folder cannot be checked there, and
    the message says so instead of calling it damaged."""
    source = tmp_path / "plan.sqlite"
    Store.open(source, create=True).close()
    con = sqlite3.connect(source, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE note (body TEXT)")
    folder = tmp_path / "copied"
    folder.mkdir()
    (folder / "plan.sqlite").write_bytes(source.read_bytes())
    (folder / "plan.sqlite-wal").write_bytes(Path(f"{source}-wal").read_bytes())
    con.close()
    with _read_only(folder) as seen:
        if os.access(seen, os.W_OK):
            pytest.skip("this folder cannot be made read-only here")
        assert main(["check", "--db", str(seen / "plan.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "cannot be read here" in err and "plan.sqlite-wal" in err
    assert "damaged" not in err and len(err.splitlines()) == 1


def test_check_reports_an_older_schema_and_does_not_upgrade_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.store.test_open import _plan_at_revision_one

    path = tmp_path / "old" / "plan.sqlite"
    path.parent.mkdir()
    _plan_at_revision_one(path)
    before = _snapshot(path.parent)
    assert main(["check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "sound" in out and "schema 0001" in out and "upgraded" in out
    assert _snapshot(path.parent) == before, "check never upgrades the file in place"
