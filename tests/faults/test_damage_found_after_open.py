"""A plan file whose damage only SQLite's full integrity check sees (an index that no longer
matches its table) is still refused every change, and the user still hears about it.

The window opens a plan after SQLite's quick check (a third of the time on a long plan) and
runs the full check in the background once the plan is shown (issue 22); every other opener
(``planner check``, backups, the command line) checks the whole file first, as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planner.cli import main
from planner.store.database import Store, StoreError
from planner.store.engine import sqlite_backup
from planner.store.tables import Organisation


def _organisations(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM organisation ORDER BY id")]
    finally:
        con.close()


def test_the_full_check_still_refuses_the_damaged_plan(damaged: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError, match=r"damaged.*missing from index"):
        Store.open(damaged)
    assert main(["check", "--db", str(damaged)]) == 1
    assert "damaged" in capsys.readouterr().err


def test_a_plan_opened_after_the_quick_check_saves_nothing_once_found_damaged(
        damaged: Path) -> None:
    before = _organisations(damaged)
    with Store.open(damaged, quick_check=True) as store:
        problem = store.full_check()
        assert problem and "damaged" in problem and "missing from index" in problem
        assert "planner backups" in problem
        with store.work() as work:  # reading still works
            assert work.count(Organisation) == len(before)
        with pytest.raises(StoreError, match=r"damaged.*not saved"), store.work() as work:
            work.add(Organisation(name="Harbour Arts"))
    assert _organisations(damaged) == before


def test_an_edit_made_before_the_background_check_answers_waits_for_it(damaged: Path) -> None:
    """Nobody asked for the full check yet: the first write runs it, and is refused."""
    before = _organisations(damaged)
    with (Store.open(damaged, quick_check=True) as store,
          pytest.raises(StoreError, match="damaged"), store.work() as work):
        work.add(Organisation(name="Harbour Arts"))
    assert _organisations(damaged) == before


def test_a_sound_plan_opened_quickly_is_edited_as_before(sample_file: Path,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "sound.sqlite"
    sqlite_backup(sample_file, path)
    with Store.open(path, quick_check=True) as store:
        with store.work() as work:
            work.add(Organisation(name="Harbour Arts"))
        assert store.full_check() is None
    assert "Harbour Arts" in _organisations(path)
