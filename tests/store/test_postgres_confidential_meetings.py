"""Confidential meetings on a team database: the meeting, its actions and its audit events
are hidden by the server from colleagues who are not named readers, even from raw SQL; the
upgrade from schema 0001 sets this up without another ``planner team``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from planner.services import meetings as svc
from planner.services.changes import ValidationError
from planner.services.copying import copy_database
from planner.store.database import Store, StoreError
from planner.store.errors import NotFoundError
from planner.store.migrations import HEAD
from planner.store.postgres import add_team_member, setup_team_access
from planner.store.tables import ConfidentialReader, Meeting, Opportunity
from tests import pg

pytestmark = pytest.mark.postgresql

OWNER = "planner_test_ceo"
COLLEAGUE = "planner_test_finance"
READER = "planner_test_chair"
SECRET = "Chair steps down in March"


def _raw(url: str, user: str, sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(pg._libpq(pg.with_user(url, user))) as conn:
        return list(conn.execute(sql.encode()).fetchall())


def _meeting(opp: int, *, confidential: bool, notes: str, action: str) -> svc.MeetingData:
    return svc.MeetingData(opportunity_id=opp, held_on=dt.date(2026, 10, 1), kind="strategic",
                           notes=notes, decisions=notes, confidential=confidential,
                           actions=(svc.ActionData(text=action, owner="Ana"),))


@pytest.fixture
def team_plan(pg_server: str) -> Iterator[str]:
    """A plan (owner: the superuser) with an open and a confidential meeting; one reader."""
    url = pg.new_database(pg_server)
    with Store.open(url) as owner:
        with owner.work() as w:
            opp = w.add(Opportunity(title="Shared sports hall"))
            w.add(ConfidentialReader(role_name=READER, note="the chair"))
        assert opp.id is not None
        svc.create_meeting(owner, _meeting(opp.id, confidential=False, notes="Hall rota",
                                           action="Send the rota"))
        svc.create_meeting(owner, _meeting(opp.id, confidential=True, notes=SECRET,
                                           action="Draft the succession letter"))
        setup_team_access(owner.engine)
        add_team_member(owner.engine, COLLEAGUE)
        add_team_member(owner.engine, READER)
    yield url
    pg.drop_database(url)


def test_a_confidential_meeting_and_its_actions_are_invisible_even_to_raw_sql(
        team_plan: str) -> None:
    assert _raw(team_plan, COLLEAGUE, "SELECT notes FROM meeting") == [("Hall rota",)]
    assert _raw(team_plan, COLLEAGUE, "SELECT text FROM meeting_action") == [("Send the rota",)]
    assert _raw(team_plan, COLLEAGUE, "SELECT id FROM meeting WHERE id = 2") == []
    assert _raw(team_plan, COLLEAGUE,
                "SELECT count(*) FROM meeting_action WHERE meeting_id = 2") == [(0,)]
    # Its audit events (they carry its date) go with it; the open meeting's stay.
    assert _raw(team_plan, COLLEAGUE,
                "SELECT entity_id FROM audit_event WHERE entity = 'meeting'") == [(1,)]
    # Counting or summing does not reveal it either.
    assert _raw(team_plan, COLLEAGUE, "SELECT count(*), sum(ceo_hours) FROM meeting")[0][0] == 1
    # The named reader and the owner see both meetings, both actions, both events.
    for who in (READER, "postgres"):
        assert _raw(team_plan, who, "SELECT count(*) FROM meeting") == [(2,)]
        assert _raw(team_plan, who, "SELECT count(*) FROM meeting_action") == [(2,)]
        assert _raw(team_plan, who, "SELECT count(*) FROM audit_event "
                                    "WHERE entity = 'meeting'") == [(2,)]
    assert _raw(team_plan, READER, "SELECT notes FROM meeting WHERE confidential") == [(SECRET,)]


def test_the_meeting_log_shows_a_colleague_only_what_the_server_allows(team_plan: str) -> None:
    with Store.open(pg.with_user(team_plan, COLLEAGUE)) as colleague:
        assert [m.notes for m in svc.list_meetings(colleague)] == ["Hall rota"]
        assert not svc.can_mark_confidential(colleague)
        with pytest.raises(NotFoundError):
            svc.get_meeting(colleague, 2)
        # A colleague logs and edits open meetings as before ...
        ident, _ = svc.create_meeting(colleague, _meeting(1, confidential=False,
                                                          notes="Kit store", action="Buy locks"))
        # ... but is told in words, not by a server error, that marking one confidential
        # is for the readers; nothing is saved.
        with pytest.raises(ValidationError, match="confidential readers") as refused:
            svc.update_meeting(colleague, replace(svc.get_meeting(colleague, ident),
                                                      confidential=True))
        assert refused.value.field == "confidential"
        with pytest.raises(ValidationError, match="confidential readers"):
            svc.create_meeting(colleague, _meeting(1, confidential=True, notes="x", action="y"))
        assert not svc.get_meeting(colleague, ident).confidential
        # Even past the services, the server refuses the row.
        with pytest.raises(StoreError, match="row-level security"), colleague.work() as w:
            w.add(Meeting(opportunity_id=1, held_on=dt.date(2026, 9, 1), confidential=True))
    with Store.open(pg.with_user(team_plan, READER)) as reader:
        assert svc.can_mark_confidential(reader)
        assert {m.notes: m.confidential for m in svc.list_meetings(reader)} == {
            "Kit store": False, SECRET: True, "Hall rota": False}
        # The reader marks the colleague's meeting confidential: it vanishes for them.
        svc.update_meeting(reader, replace(svc.get_meeting(reader, ident),
                                               confidential=True))
    assert _raw(team_plan, COLLEAGUE, "SELECT count(*) FROM meeting") == [(1,)]
    assert _raw(team_plan, COLLEAGUE, "SELECT text FROM meeting_action") == [("Send the rota",)]


def test_a_colleague_cannot_tick_or_delete_what_they_cannot_see(team_plan: str) -> None:
    with Store.open(pg.with_user(team_plan, COLLEAGUE)) as colleague:
        with pytest.raises(NotFoundError):
            svc.set_action_done(colleague, 2, dt.date(2026, 10, 2))
        with pytest.raises(NotFoundError):
            svc.delete_meeting(colleague, 2)
    assert _raw(team_plan, "postgres",
                "SELECT done_on FROM meeting_action WHERE id = 2") == [(None,)]


def test_a_copy_carries_confidential_meetings_and_a_partial_copy_is_refused(
        team_plan: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="confidential records are hidden"):
        copy_database(pg.with_user(team_plan, COLLEAGUE), tmp_path / "partial.sqlite")
    assert not (tmp_path / "partial.sqlite").exists()
    counts = copy_database(team_plan, tmp_path / "full.sqlite")
    assert counts["meeting"] == 2 and counts["meeting_action"] == 2
    with Store.open(tmp_path / "full.sqlite") as offline:
        assert [m.notes for m in svc.list_meetings(offline) if m.confidential] == [SECRET]


# ------------------------------------------------------------------ upgrading from 0001


def _team_access_of_0_1_0(url: str) -> None:
    """What ``planner team`` of schema 0001 set up (before meetings could be confidential)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as c:
        for statement in (
                "GRANT USAGE ON SCHEMA public TO planner_team",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                "TO planner_team",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO planner_team",
                "REVOKE INSERT, UPDATE, DELETE ON confidential_reader, alembic_version "
                "FROM planner_team",
                "ALTER TABLE conflict_area ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY planner_confidential ON conflict_area USING (NOT confidential "
                "OR EXISTS (SELECT 1 FROM confidential_reader r "
                "WHERE r.role_name = current_user))",
                "ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY planner_confidential ON audit_event USING ("
                "entity <> 'conflict_area' OR entity_id IS NULL "
                "OR EXISTS (SELECT 1 FROM conflict_area a WHERE a.id = entity_id))",
                "CREATE OR REPLACE FUNCTION planner_audit_tail() RETURNS text "
                "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS "
                "$$ SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1 $$",
                "GRANT EXECUTE ON FUNCTION planner_audit_tail() TO planner_team",
                "INSERT INTO opportunity (row_version, title, stage, tier, source, purpose, "
                "goals, we_give, we_get, relational_context, route, trust_stance, trust_note,"
                " lead_division, boundary_spanners, rests_on_funding, rests_on_endorsement, "
                "est_ceo_hours_per_month, est_staff_hours_per_month, est_cost, est_income, "
                "notes) VALUES (1, 'Joint bid', 'pursued', '', '', '', '', '[]', '[]', '', "
                "'', '', '', '', '[]', false, false, 0, 0, 0, 0, '')",
                "INSERT INTO meeting (row_version, opportunity_id, kind, held_on, state, "
                "attendees, ceo_hours, staff_hours, decisions, notes) VALUES "
                "(1, 1, 'review', '2026-09-01', 'held', '[]', 1, 0, 'Go ahead', 'From 0.1.0')",
                f"INSERT INTO confidential_reader (row_version, role_name, note) "
                f"VALUES (1, '{READER}', '')"):
            c.execute(text(statement))
    engine.dispose()


@pytest.fixture
def upgraded_0_1_0(pg_server: str) -> Iterator[str]:
    """A 0001 team database (planner team already run), then opened by its owner: upgraded."""
    from sqlalchemy import create_engine

    from planner.store.migrations.runner import upgrade

    pg.admin(pg_server, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                        f"'{OWNER}') THEN CREATE ROLE {OWNER} LOGIN; END IF; END $$",
             "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
             "'planner_team') THEN CREATE ROLE planner_team NOLOGIN; END IF; END $$",
             *(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{who}') "
               f"THEN CREATE ROLE {who} LOGIN; END IF; END $$" for who in (COLLEAGUE, READER)),
             f"GRANT planner_team TO {COLLEAGUE}, {READER}")
    url = pg.new_database(pg_server, migrated=False)
    pg.admin(pg_server, f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" OWNER TO {OWNER}')
    owner_url = pg.with_user(url, OWNER)
    engine = create_engine(owner_url)
    upgrade(engine, "0001")
    engine.dispose()
    _team_access_of_0_1_0(owner_url)
    yield owner_url
    pg.drop_database(url)


def test_a_colleague_cannot_upgrade_the_team_database_and_is_told_why(
        upgraded_0_1_0: str) -> None:
    with pytest.raises(StoreError, match=f"only its owner, {OWNER}, can make"):
        Store.open(pg.with_user(upgraded_0_1_0, COLLEAGUE))
    assert _raw(upgraded_0_1_0, OWNER, "SELECT version_num FROM alembic_version") == [("0001",)]


def test_the_upgrade_from_0001_hides_confidential_meetings_without_planner_team_again(
        upgraded_0_1_0: str) -> None:
    import time

    url = upgraded_0_1_0
    started = time.perf_counter()
    with Store.open(url) as owner:  # the owner opens it with this version: 0001 -> 0002
        upgraded_in = time.perf_counter() - started
        assert owner.revision() == HEAD and owner.check() == []
        [old] = svc.list_meetings(owner)
        assert (old.notes, old.confidential) == ("From 0.1.0", False)
        svc.create_meeting(owner, _meeting(1, confidential=True, notes=SECRET,
                                           action="Tell the board"))
        # A later upgrade's new table reaches the team by default (no planner team again).
        with owner.engine.begin() as c:
            from sqlalchemy import text

            c.execute(text("CREATE TABLE later_upgrade (id serial PRIMARY KEY, v text)"))
    print(f"upgrade 0001 -> 0002 of a team database: {upgraded_in * 1000:.0f} ms")
    assert _raw(url, COLLEAGUE, "SELECT notes FROM meeting") == [("From 0.1.0",)]
    assert _raw(url, COLLEAGUE, "SELECT count(*) FROM meeting_action") == [(0,)]
    assert _raw(url, COLLEAGUE, "SELECT count(*) FROM audit_event "
                                "WHERE entity = 'meeting'") == [(0,)]
    assert _raw(url, READER, "SELECT notes FROM meeting ORDER BY id") == [
        ("From 0.1.0",), (SECRET,)]
    assert _raw(url, COLLEAGUE, "INSERT INTO later_upgrade (v) VALUES ('x') RETURNING id") \
        == [(1,)]
    # Colleagues open the upgraded plan as usual, and see only what they may.
    with Store.open(pg.with_user(url, COLLEAGUE)) as colleague:
        assert [m.notes for m in svc.list_meetings(colleague)] == ["From 0.1.0"]
