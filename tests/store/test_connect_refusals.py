"""A team database that will not let you in says why in plain words, and what to check.

It printed libpq's own: "Cannot open the team database “plan1” on 127.0.0.1:40163:
connection failed: connection to server at "127.0.0.1", port 40163 failed: FATAL:
password authentication failed for user (your user name)" (the window showed the same in
its box), and `planner check` of an empty database said "schema revision is None,
expected 0008"."""

from __future__ import annotations

import pytest

from planner.cli import main
from planner.store import refusals
from planner.store.database import Store
from planner.store.errors import StoreError
from tests import pg

# libpq's words for a wrong password (the test server trusts every local user, so it
# never asks for one; seen with a real password check under Xvfb).
WRONG_PASSWORD = ('connection failed: connection to server at "127.0.0.1", port 40163 failed: '
                  'FATAL:  password authentication failed for user (your user name)')


def test_a_wrong_password_says_the_server_refused_it_and_what_to_check() -> None:
    url = "postgresql+psycopg://chair@127.0.0.1:40163/plan1"
    said = refusals.plain(WRONG_PASSWORD, url)
    assert said.startswith("the server refused the password for this user name.")
    assert "~/.pgpass" in said and "keyring" in said
    assert "FATAL" not in said and "(your user name)" not in said


@pytest.mark.postgresql
def test_a_missing_database_or_user_is_named_plainly(pg_server: str) -> None:
    with pytest.raises(StoreError) as missing:
        Store.open(pg.with_database(pg_server, "no_such_plan"))
    text = str(missing.value)
    assert text.startswith("Cannot open the team database “no_such_plan” on ")
    assert "the server has no database “no_such_plan”. Check its name" in text
    assert "FATAL" not in text and "connection to server at" not in text
    with pytest.raises(StoreError) as nobody:
        Store.open(pg.with_user(pg_server, "nobody_here"))
    text = str(nobody.value)
    assert "the server has no user of that name. Check the user name" in text
    assert "nobody_here" not in text and "FATAL" not in text


def test_no_server_on_the_port_says_to_check_it_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("planner: Cannot open the team database “x” on 127.0.0.1:1: no server "
                   "answers on port 1 of 127.0.0.1 (the connection was refused). Check that "
                   "the server is running, and the host and port."), err


@pytest.mark.postgresql
def test_check_of_an_empty_database_says_it_holds_no_plan_yet(
        pg_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = pg.new_database(pg_server, migrated=False)
    assert main(["check", "--db", url]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert "it holds no plan yet: an empty database" in said, said
    assert "revision is None" not in said
