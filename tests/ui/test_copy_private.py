"""A copy's messages never show the team database's user name or password.

Found using the real program and `planner copy` against a team database:
- `planner copy --db plan.sqlite --to postgresql+psycopg://alice:PASSWORD@host/plan`
  printed "Copied 267 rows in 25 tables to postgresql+psycopg://alice:PASSWORD@…": the
  password on the screen and in any log of the command;
- a refusal ("… already holds a plan") and File › Save a Copy… by a colleague whose role
  may not read confidential records said "postgresql+psycopg://alice:***@host/plan: …",
  naming the user to whoever reads the message over a shoulder or in a pasted email;
- the server's own words ("role "bob" does not exist") named the user too.

Messages now name the plan as "the team database “plan” on host:port". Here the team's
plan is the sample made earlier (copied to the server by another Store), reopened by the
window and by `planner` run as its own process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.services import copying
from planner.services import meetings as mt
from planner.store.database import Store
from planner.ui.shell.copy_progress import CopyDialog
from planner.ui.shell.main_window import MainWindow
from tests import pg
from tests.journeys.conftest import run_planner

pytestmark = pytest.mark.postgresql

COLLEAGUE = "planner_test_finance"
PASSWORD = "Tr0ub4dor-fix8"  # the test server trusts every local user: any password does


def _with_password(url: str, user: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(pg.with_user(url, user)).set(password=PASSWORD).render_as_string(
        hide_password=False)


def _database(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database)


@pytest.fixture
def team_plan(pg_server: str, sample_file: Path) -> Iterator[str]:
    """The sample, made earlier, on the team server, one meeting confidential; a colleague
    who is a member of the team but no confidential reader."""
    from planner.store.postgres import add_team_member, setup_team_access

    url = pg.new_database(pg_server)
    copying.copy_database(sample_file, url)
    with Store.open(url) as owner:
        meeting = mt.list_meetings(owner)[0]
        mt.update_meeting(owner, replace(mt.get_meeting(owner, meeting.id), confidential=True))
        setup_team_access(owner.engine)
        add_team_member(owner.engine, COLLEAGUE)
    yield url
    pg.drop_database(url)


def _private(text: str) -> None:
    assert PASSWORD not in text and COLLEAGUE not in text and "postgres@" not in text \
        and "://" not in text, text


def test_save_a_copy_refused_to_a_colleague_does_not_name_them(
        window_factory: Any, team_plan: str, tmp_path: Path, errors: list[str],
        monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    window: MainWindow = window_factory(Store.open(_with_password(team_plan, COLLEAGUE)))
    target = tmp_path / "offline.sqlite"
    offered: list[str] = []

    def save_name(_parent: object, _title: str, name: str, _filter: str) -> tuple[str, str]:
        offered.append(Path(name).name)
        return str(target), "Plans (*.sqlite)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.save_copy()
    assert offered == [f"{_database(team_plan)}-copy.sqlite"]  # named after the database
    assert window.findChild(CopyDialog) is not None
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert len(errors) == 1 and "confidential records are hidden" in errors[0], errors
    assert errors[0].startswith(f"The team database “{_database(team_plan)}” on 127.0.0.1:")
    _private(errors[0])
    assert not target.exists()


def test_planner_copy_says_where_without_who(team_plan: str, pg_server: str,
                                             sample_file: Path, tmp_path: Path) -> None:
    empty = pg.new_database(pg_server)
    try:
        to = _with_password(empty, "postgres")
        done = run_planner("copy", "--db", str(sample_file), "--to", to)
        assert done.returncode == 0, done.stderr
        assert f"to the team database “{_database(empty)}” on 127.0.0.1:" in done.stdout
        _private(done.stdout + done.stderr)
        again = run_planner("copy", "--db", str(sample_file), "--to", to)  # now holds one
        assert again.returncode == 1 and "already holds a plan" in again.stderr
        _private(again.stdout + again.stderr)
    finally:
        pg.drop_database(empty)
    nobody = run_planner("copy", "--db", _with_password(team_plan, "planner_no_such_role"),
                         "--to", str(tmp_path / "x.sqlite"))
    assert nobody.returncode == 1 and "has no user of that name" in nobody.stderr, \
        nobody.stderr
    assert "planner_no_such_role" not in nobody.stderr
    _private(nobody.stderr)
    hidden = run_planner("copy", "--db", _with_password(team_plan, COLLEAGUE),
                         "--to", str(tmp_path / "y.sqlite"))
    assert hidden.returncode == 1 and "confidential records are hidden" in hidden.stderr
    _private(hidden.stderr)
    assert not (tmp_path / "x.sqlite").exists() and not (tmp_path / "y.sqlite").exists()


def _named(url: str, *, capital: bool = False) -> str:
    from sqlalchemy.engine import make_url

    text = f"the team database “{_database(url)}” on 127.0.0.1:{make_url(url).port}"
    return text[0].upper() + text[1:] if capital else text


def test_the_window_names_the_team_plan_without_its_user(
        window_factory: Any, team_plan: str) -> None:
    """The title was "postgresql+psycopg://planner_test_finance:***@127.0.0.1:…/… —
    Partnership Planner", and the status bar said "Opened" and the same, on a projector."""
    window: MainWindow = window_factory(Store.open(_with_password(team_plan, COLLEAGUE)))
    assert window.windowTitle() == f"{_named(team_plan, capital=True)} — Partnership Planner"
    assert window.statusBar().currentMessage() == f"Opened {_named(team_plan)}"
    _private(window.windowTitle() + window.statusBar().currentMessage())


def test_planner_check_export_import_and_changes_say_where_without_who(
        team_plan: str, tmp_path: Path) -> None:
    """`planner check` printed the URL as typed, password and all ("postgresql+psycopg://
    postgres:Tr0ub4dor…@…: sound"); its "Cannot open …" line, the export's refusal to a
    colleague, the import's refusal of a database holding a plan and `planner changes show`
    named the user."""
    from planner.services import change_file

    owner, colleague = _with_password(team_plan, "postgres"), _with_password(team_plan, COLLEAGUE)
    checked = run_planner("check", "--db", owner)
    assert (checked.returncode, checked.stdout) == (0, f"{_named(team_plan, capital=True)}: "
                                                       "sound\n"), checked.stderr
    nobody = run_planner("check", "--db", _with_password(team_plan, "planner_no_such_role"))
    assert nobody.returncode == 1, nobody.stderr
    assert nobody.stderr.startswith(f"planner: Cannot open {_named(team_plan)}: ")
    assert "planner_no_such_role" not in nobody.stderr
    hidden = run_planner("export", "portfolio", "--db", colleague, "--out",
                         str(tmp_path / "p.json"))
    assert hidden.returncode == 1 and hidden.stderr.startswith(
        f"planner: {_named(team_plan, capital=True)}: confidential records are hidden")
    whole = run_planner("export", "portfolio", "--db", owner, "--out", str(tmp_path / "w.json"))
    assert whole.returncode == 0, whole.stderr
    held = run_planner("import", "--db", owner, str(tmp_path / "w.json"))
    assert held.returncode == 1 and held.stderr.startswith(
        f"planner: {_named(team_plan, capital=True)} already holds a plan"), held.stderr
    # A file of waiting changes saved by a window of before, naming the plan as it did.
    from sqlalchemy.engine import make_url

    saved = tmp_path / f"waiting{change_file.SUFFIX}"
    change_file.save(saved, make_url(colleague).render_as_string(hide_password=True), [])
    show = run_planner("changes", "show", str(saved))
    assert show.returncode == 0 and show.stdout == f"0 waiting changes of {_named(team_plan)}:\n"
    for done in (checked, nobody, hidden, whole, held, show):
        _private(done.stdout + done.stderr)
