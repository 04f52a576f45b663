"""The window reads its first view's figures while SQLite's quick check of the plan file runs
on a thread beside it (issue 22): a damaged, truncated or foreign file is still refused in
the words, and with the window, a check made before opening gave; nothing of it is shown,
nothing is written to it and nothing is left beside it.

The real program runs in a subprocess (``planner --db FILE``), only its modal message box
replaced by a line on its output.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planner import APP_NAME
from planner.services.dashboard import summary
from planner.store.database import Store, StoreError
from planner.store.engine import sqlite_backup, sqlite_in_wal_mode
from planner.store.plan_file import check_existing_file
from planner.store.tables import Organisation

DRIVER = r"""
import sys
from PySide6.QtWidgets import QMessageBox

def said(_parent, title, text, *args, **kwargs):
    print("REFUSED", title, "|", text.replace("\n", " "), flush=True)
    return QMessageBox.StandardButton.Ok

QMessageBox.critical = said
from planner.ui.shell import main_window

opened = main_window.MainWindow.open_path

def open_path(self, path, **kwargs):
    ok = opened(self, path, **kwargs)
    print("OPENED", ok, "|", self.store is not None, "|", ",".join(sorted(self.views)), "|",
          self.windowTitle(), flush=True)
    return ok

main_window.MainWindow.open_path = open_path
from planner.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def _wal_plan(sample_file: Path, path: Path) -> Path:
    """A copy of the sample as a plan the window has opened before: in WAL mode."""
    sqlite_backup(sample_file, path)
    with Store.open(path) as store:
        store.revision()  # its first connection switches it to WAL
    assert sqlite_in_wal_mode(path) and not Path(f"{path}-wal").exists()
    return path


def _garble(path: Path) -> None:
    """The milestones' pages overwritten in the middle: SQLite's quick check fails (or
    cannot read them), while the schema and the plan's revision still read."""
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # leaves a -wal be
    root, size = (con.execute("SELECT rootpage FROM sqlite_master WHERE name='milestone'")
                  .fetchone()[0], con.execute("PRAGMA page_size").fetchone()[0])
    con.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size + 8)
        handle.write(b"\xa5" * (size // 2))
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        assert con.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError:
        pass  # unreadable: as damaged
    finally:
        con.close()


def _foreign(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoice (total) VALUES (12.5)")
    con.commit()
    con.close()
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _run_window(path: Path, tmp_path: Path) -> tuple[list[str], Path]:
    settings = tmp_path / "settings.ini"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANNER_STARTUP_PROBE="1",
               PLANNER_SETTINGS=str(settings), PLANNER_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", DRIVER, str(path)], env=env, timeout=120,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines(), settings


@pytest.mark.parametrize("damage", ["garbled", "truncated", "foreign"])
def test_the_real_window_refuses_a_bad_plan_as_a_check_in_line_did(
        damage: str, sample_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "plan.sqlite"
    if damage == "foreign":
        _foreign(path)
    else:
        _wal_plan(sample_file, path)
        if damage == "garbled":
            _garble(path)
        else:
            path.write_bytes(path.read_bytes()[:-10])
    said_in_line = check_existing_file(path, thorough=False)  # as the window checked before
    assert said_in_line
    before = _files(folder)

    lines, settings = _run_window(path, tmp_path)

    refused = [line for line in lines if line.startswith("REFUSED")]
    assert refused == [f"REFUSED Cannot open the plan | {said_in_line}"]
    opened = next(line for line in lines if line.startswith("OPENED"))
    # Not opened, no view built from it, the window's title names no plan.
    assert opened == f"OPENED False | False |  | {APP_NAME}"
    assert _files(folder) == before, "the file is left exactly as it was, nothing beside it"
    assert not settings.exists() or str(path) not in settings.read_text(encoding="utf-8")


def test_the_real_window_opens_a_sound_plan_on_its_dashboard(sample_file: Path,
                                                            tmp_path: Path) -> None:
    path = _wal_plan(sample_file, tmp_path / "plan.sqlite")
    lines, _settings = _run_window(path, tmp_path)
    assert not [line for line in lines if line.startswith("REFUSED")]
    assert f"OPENED True | True | dashboard | {path.name} — {APP_NAME}" in lines


def test_a_plan_opened_alongside_its_check_saves_nothing_if_the_check_fails(
        sample_file: Path, tmp_path: Path) -> None:
    path = _wal_plan(sample_file, tmp_path / "plan.sqlite")
    _garble(path)
    with pytest.raises(StoreError) as in_line:
        Store.open(path, quick_check=True)
    before = path.read_bytes()
    with Store.open(path, quick_check=True, check_alongside=True) as store:
        with pytest.raises(StoreError) as refused, store.work() as work:  # not yet asked
            work.add(Organisation(name="Harbour Arts"))
        assert str(in_line.value) in str(refused.value) and "not saved" in str(refused.value)
        assert store.opening_problem() == str(in_line.value)
        assert store.full_check() == str(in_line.value)
    assert path.read_bytes() == before


def test_a_plan_not_in_wal_mode_is_checked_before_it_opens(sample_file: Path,
                                                          tmp_path: Path) -> None:
    """Opening it switches it to WAL, a write: its check answers first, as before."""
    path = tmp_path / "plan.sqlite"
    sqlite_backup(sample_file, path)  # a backup copy is in rollback-journal mode
    _garble(path)
    assert not sqlite_in_wal_mode(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path, quick_check=True, check_alongside=True)
    assert path.read_bytes() == before


def test_a_sound_plan_opened_alongside_its_check_is_edited_as_before(
        sample_file: Path, tmp_path: Path) -> None:
    path = _wal_plan(sample_file, tmp_path / "plan.sqlite")
    with Store.open(path, quick_check=True, check_alongside=True) as store:
        with store.work() as work:  # waits for both checks, which pass
            work.add(Organisation(name="Harbour Arts"))
        assert store.opening_problem() is None and store.full_check() is None
    con = sqlite3.connect(path)
    assert ("Harbour Arts",) in con.execute("SELECT name FROM organisation").fetchall()
    con.close()


def test_a_damaged_plan_left_with_its_write_ahead_log_is_refused_untouched(
        sample_file: Path, tmp_path: Path) -> None:
    """A plan left with committed work in its -wal file (a crash): closing the plan's last
    connection would copy that work into the file, a write: such a plan is checked first,
    as before, and a damaged one is refused with both files left as they were."""
    live = _wal_plan(sample_file, tmp_path / "live" / "plan.sqlite")
    con = sqlite3.connect(live, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE organisation SET name = name || ' (renamed)'")
    folder = tmp_path / "left"
    folder.mkdir()
    for name in ("plan.sqlite", "plan.sqlite-wal"):  # as a crash leaves them
        (folder / name).write_bytes((live.parent / name).read_bytes())
    con.close()
    path = folder / "plan.sqlite"
    _garble(path)
    before = _files(folder)
    assert "plan.sqlite-wal" in before
    with pytest.raises(StoreError, match="damaged"):
        store = Store.open(path, quick_check=True, check_alongside=True)
        try:
            with contextlib.suppress(Exception):
                summary(store)  # as the window reads ahead
            problem = store.opening_problem()
        finally:
            store.close()
        raise StoreError(problem or "")
    after = _files(folder)
    after.pop("plan.sqlite-shm", None)  # SQLite's index of the log, left by reading it
    assert after == before
