"""``planner team`` as documented, whoever runs it: the plan's owner (a plain login role
without CREATEROLE, owning its database) or the server's administrator. Either way the
owner and the team's members save afterwards — every function, sequence and table of the
plan stays usable by both. An owner who may not create roles is told in one line the exact
statement the administrator must run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.cli import main
from planner.services.screening import create_opportunity
from planner.store.database import Store
from tests import pg

pytestmark = pytest.mark.postgresql

OWNER = "planner_test_owner_nocr"  # LOGIN only: no CREATEROLE, no superuser
MEMBER = "planner_test_member_chair"


@pytest.fixture
def owners_plan(pg_server: str) -> Iterator[str]:
    """A database owned by OWNER, its plan made by OWNER (who owns every table); the URL
    without a user (see ``pg.with_user``). The team role and the member do not exist yet."""
    pg.admin(pg_server, f"DROP ROLE IF EXISTS {MEMBER}",
             f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
             f"'{OWNER}') THEN CREATE ROLE {OWNER} LOGIN; END IF; END $$",
             # A first setup: the owner is not yet allowed to add members (an earlier test).
             "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'planner_team') "
             f"THEN REVOKE planner_team FROM {OWNER}; END IF; END $$")
    url = pg.new_database(pg_server, migrated=False)
    name = url.rsplit("/", 1)[1]
    pg.admin(pg_server, f'ALTER DATABASE "{name}" OWNER TO {OWNER}')
    Store.open(pg.with_user(url, OWNER)).close()  # the owner makes the plan
    yield url
    pg.drop_database(url)


def _team(url: str, user: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, _out, err = _team_said(url, user, capsys)
    return code, err


def _team_said(url: str, user: str,
               capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["team", "--db", pg.with_user(url, user), "--member", MEMBER])
    said = capsys.readouterr()
    return code, said.out, said.err


def _saves(url: str, user: str, title: str) -> None:
    with Store.open(pg.with_user(url, user)) as store:
        create_opportunity(store, title=title)


def _titles(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(pg._libpq(pg.with_user(url, "postgres"))) as conn:
        return {r[0] for r in conn.execute("SELECT title FROM opportunity")}


def test_an_owner_without_createrole_is_told_the_one_statement_then_setup_works(
        owners_plan: str, pg_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _team(owners_plan, OWNER, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "unexpected" not in err and "ProgrammingError" not in err
    # The message names the statement; the administrator runs exactly what it says.
    statement = lines[0].split("planner team again): ", 1)[1].strip()
    assert "planner_team" in statement and MEMBER in statement, statement
    pg.admin(pg.with_database(pg_server, owners_plan.rsplit("/", 1)[1]), statement)
    code, err = _team(owners_plan, OWNER, capsys)
    assert code == 0, err
    _saves(owners_plan, OWNER, "Owner's hall")
    _saves(owners_plan, MEMBER, "Member's pitch")
    _saves(owners_plan, OWNER, "Owner again")
    assert _titles(owners_plan) == {"Owner's hall", "Member's pitch", "Owner again"}


def test_setup_by_the_administrator_leaves_the_owner_and_the_team_saving(
        owners_plan: str, pg_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _team(owners_plan, "postgres", capsys)
    assert code == 0, err
    _saves(owners_plan, OWNER, "Owner's hall")  # was: permission denied for function
    _saves(owners_plan, MEMBER, "Member's pitch")
    _saves(owners_plan, OWNER, "Owner again")
    assert _titles(owners_plan) == {"Owner's hall", "Member's pitch", "Owner again"}
    # The owner can run it again afterwards (to add people) and still save.
    code, err = _team(owners_plan, OWNER, capsys)
    assert code == 0, err
    _saves(owners_plan, OWNER, "Owner third")
    _saves(owners_plan, MEMBER, "Member again")


def test_running_setup_again_says_who_was_a_member_already(
        owners_plan: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _team_said(owners_plan, "postgres", capsys)
    assert code == 0, err
    assert f"members added: {MEMBER};" in out, out
    code, out, err = _team_said(owners_plan, "postgres", capsys)  # the same member again
    assert code == 0, err
    assert "members added: none" in out and f"already a member: {MEMBER}" in out, out
