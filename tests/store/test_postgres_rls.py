"""Confidential conflict areas on a team database: hidden by the server, even from raw SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from planner.services.copying import copy_database
from planner.store.database import Store, StoreError
from planner.store.postgres import add_team_member, setup_team_access
from planner.store.tables import (
    ConfidentialReader,
    ConflictArea,
    ConflictHistory,
    Opportunity,
)
from tests import pg

pytestmark = pytest.mark.postgresql

COLLEAGUE = "planner_test_finance"
READER = "planner_test_chair"


@pytest.fixture
def team_plan(pg_server: str) -> Iterator[str]:
    """A plan (its owner: the server's superuser) with one open and one confidential area."""
    url = pg.new_database(pg_server)
    with Store.open(url) as owner:
        with owner.work() as w:
            opp = w.add(Opportunity(title="Shared sports hall"))
            w.add(ConflictArea(opportunity_id=opp.id or 0, title="Hall bookings clash"))
            secret = w.add(ConflictArea(opportunity_id=opp.id or 0, confidential=True,
                                        title="Chair's brother runs the partner club"))
            w.add(ConflictHistory(conflict_id=secret.id or 0, field="title",
                                  new="Chair's brother runs the partner club"))
            w.add(ConfidentialReader(role_name=READER, note="the chair"))
            w.audit("conflict_area", secret.id, "create", secret.title)
        setup_team_access(owner.engine)
        add_team_member(owner.engine, COLLEAGUE)
        add_team_member(owner.engine, READER)
        setup_team_access(owner.engine)  # idempotent: run again after each upgrade
    yield url
    pg.drop_database(url)


def _raw(url: str, user: str, sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(pg._libpq(pg.with_user(url, user))) as conn:
        return list(conn.execute(sql.encode()).fetchall())


def test_a_confidential_row_is_invisible_to_another_role_even_through_raw_sql(
        team_plan: str) -> None:
    titles = _raw(team_plan, COLLEAGUE, "SELECT title FROM conflict_area ORDER BY id")
    assert titles == [("Hall bookings clash",)]
    assert _raw(team_plan, COLLEAGUE, "SELECT count(*) FROM conflict_history") == [(0,)]
    # Even a direct lookup by id, or a search of the text, finds nothing.
    assert _raw(team_plan, COLLEAGUE,
                "SELECT id FROM conflict_area WHERE title LIKE '%brother%'") == []
    # The named reader sees both, as does the owner.
    assert len(_raw(team_plan, READER, "SELECT id FROM conflict_area")) == 2
    assert len(_raw(team_plan, "postgres", "SELECT id FROM conflict_area")) == 2


def test_the_audit_log_keeps_the_secret_and_its_chain(team_plan: str) -> None:
    from planner.services.organisation import update_profile

    assert _raw(team_plan, COLLEAGUE,
                "SELECT count(*) FROM audit_event WHERE detail LIKE '%brother%'") == [(0,)]
    assert _raw(team_plan, READER,
                "SELECT count(*) FROM audit_event WHERE detail LIKE '%brother%'") == [(1,)]
    # The colleague's next event chains onto the newest one, which they cannot read.
    with Store.open(pg.with_user(team_plan, COLLEAGUE)) as colleague:
        update_profile(colleague, "vision", "Seen by all")
    chain = _raw(team_plan, "postgres", "SELECT prev_hash, hash FROM audit_event ORDER BY id")
    assert len(chain) >= 2
    assert all(chain[i][0] == chain[i - 1][1] for i in range(1, len(chain)))


def test_the_program_shows_a_colleague_only_what_the_server_allows(team_plan: str) -> None:
    with Store.open(pg.with_user(team_plan, COLLEAGUE)) as colleague:
        with colleague.work() as w:
            assert [a.title for a in w.list(ConflictArea)] == ["Hall bookings clash"]
            assert w.get(ConflictArea, 2) is None
            # Ordinary work goes on: a colleague adds and edits open areas.
            area = w.add(ConflictArea(opportunity_id=1, title="Parking",
                                      next_review=dt.date(2027, 1, 4)))
            area.likelihood = 4
            w.add(area)
        # A colleague cannot make a row they could not see, nor widen the readers list.
        with pytest.raises(StoreError, match=r"refused.*row-level security"), \
                colleague.work() as w:
            w.add(ConflictArea(opportunity_id=1, title="Sneaky", confidential=True))
        with pytest.raises(StoreError, match="permission denied"), colleague.work() as w:
            w.add(ConfidentialReader(role_name=COLLEAGUE))


def test_a_copy_by_a_role_that_cannot_see_everything_is_refused(
        team_plan: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "partial.sqlite"
    with pytest.raises(StoreError, match="confidential records are hidden"):
        copy_database(pg.with_user(team_plan, COLLEAGUE), target)
    assert not target.exists()
    # The owner's copy carries everything, the readers list included.
    full = tmp_path / "full.sqlite"
    counts = copy_database(team_plan, full)
    assert counts["conflict_area"] == 2 and counts["confidential_reader"] == 1


def test_the_owner_sets_up_the_team_from_the_command_line(
        pg_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    url = pg.new_database(pg_server)
    try:
        with Store.open(url) as owner, owner.work() as w:
            opp = w.add(Opportunity(title="Joint bid"))
            w.add(ConflictArea(opportunity_id=opp.id or 0, title="Board seat", confidential=True))
        assert main(["team", "--db", url, "--member", COLLEAGUE, "--member", READER,
                     "--reader", READER]) == 0
        assert f"confidential readers: {READER}" in capsys.readouterr().out
        assert _raw(url, COLLEAGUE, "SELECT count(*) FROM conflict_area") == [(0,)]
        assert _raw(url, READER, "SELECT count(*) FROM conflict_area") == [(1,)]
        assert main(["team", "--db", url, "--member", "bad name"]) == 1
        assert "not a usable database role name" in capsys.readouterr().err
    finally:
        pg.drop_database(url)


def test_team_access_on_a_plan_file_is_explained(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from planner.services.team import setup_team

    with Store.open(tmp_path / "plan.sqlite", create=True) as s, \
            pytest.raises(StoreError, match="has one user"):
        setup_team(s, ["someone"])
