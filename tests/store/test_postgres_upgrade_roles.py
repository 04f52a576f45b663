"""Schema upgrades of a team database keep the team's access whoever runs them: the plan's
owner, or the server's administrator (a superuser) opening it first. New tables belong to
the owner and reach the team; the policies stay complete."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store import migrations
from planner.store.database import Store
from planner.store.migrations import runner
from planner.store.postgres import setup_team_access
from tests import pg
from tests.store.test_postgres_confidential_meetings import (
    COLLEAGUE,
    OWNER,
    READER,
    SECRET,
    _raw,
    _team_access_of_0_1_0,
)

pytestmark = pytest.mark.postgresql

ADMIN = "postgres"  # the test server's superuser
DEPUTY = "planner_test_deputy"  # a member of the owner's role (acts for the owner)

# A later version's revision, as the next schema change will look: a new table with an id
# sequence, written like 0002 (no grants of its own).
NOW = migrations.HEAD  # this version's newest revision (the fixture below moves HEAD)
LATER = f"{int(NOW) + 1:04d}"
LATER_REVISION = f'''"""a later version's table

Revision ID: {LATER}
Revises: {NOW}
"""
from alembic import op
import sqlalchemy as sa

revision = '{LATER}'
down_revision = '{NOW}'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('later_note',
                    sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('text', sa.String(), nullable=False))


def downgrade() -> None:
    op.drop_table('later_note')
'''


@pytest.fixture
def later_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The migration scripts of a later version: today's plus the revision after HEAD."""
    scripts = tmp_path / "migrations"
    shutil.copytree(runner.HERE, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{LATER}_later_note.py").write_text(LATER_REVISION,
                                                                   encoding="utf-8")
    monkeypatch.setattr(runner, "HERE", scripts)
    monkeypatch.setattr(migrations, "HEAD", LATER)
    monkeypatch.setattr(migrations, "KNOWN_REVISIONS", (*migrations.KNOWN_REVISIONS, LATER))


def _roles(pg_server: str) -> None:
    def ensure(role: str, options: str) -> str:
        return (f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
                f"THEN CREATE ROLE {role} {options}; END IF; END $$")

    pg.admin(pg_server, ensure(OWNER, "LOGIN"), ensure("planner_team", "NOLOGIN"),
             ensure(COLLEAGUE, "LOGIN"), ensure(READER, "LOGIN"), ensure(DEPUTY, "LOGIN"),
             f"GRANT planner_team TO {COLLEAGUE}, {READER}", f"GRANT {OWNER} TO {DEPUTY}")


@pytest.fixture
def team_0_1_0(pg_server: str) -> Iterator[str]:
    """A 0001 team database owned by OWNER, ``planner team`` of 0.1.0 run by the owner;
    its URL as the server's administrator."""
    from sqlalchemy import create_engine

    _roles(pg_server)
    url = pg.new_database(pg_server, migrated=False)
    pg.admin(pg_server, f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" OWNER TO {OWNER}')
    engine = create_engine(pg.with_user(url, OWNER))
    runner.upgrade(engine, "0001")
    engine.dispose()
    _team_access_of_0_1_0(pg.with_user(url, OWNER))
    yield url
    pg.drop_database(url)


def _owners(url: str) -> set[str]:
    rows = _raw(url, ADMIN, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' "
                            "UNION SELECT sequenceowner FROM pg_sequences "
                            "WHERE schemaname = 'public'")
    return {str(r[0]) for r in rows}


def _upgrade_as(url: str, user: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(pg.with_user(url, user))
    try:
        runner.upgrade(engine)
    finally:
        engine.dispose()


def _team_is_complete(url: str) -> None:
    """What the team must still have after any upgrade."""
    # A colleague works in the new table (and its id sequence) ...
    assert _raw(url, COLLEAGUE, "INSERT INTO later_note (text) VALUES ('x') RETURNING id") \
        == [(1,)]
    assert _raw(url, COLLEAGUE, "SELECT text FROM later_note") == [("x",)]
    # ... but still cannot name readers or change the schema version ...
    for sql in ("INSERT INTO confidential_reader (row_version, role_name, note) "
                f"VALUES (1, '{COLLEAGUE}', '')",
                "UPDATE alembic_version SET version_num = '0001'"):
        with pytest.raises(Exception, match="permission denied"):
            _raw(url, COLLEAGUE, sql)
    # ... and sees no confidential meeting, its actions or events; the reader does.
    assert _raw(url, COLLEAGUE, "SELECT notes FROM meeting ORDER BY id") == [("From 0.1.0",)]
    assert _raw(url, COLLEAGUE, "SELECT count(*) FROM meeting_action") == [(0,)]
    assert _raw(url, READER, "SELECT notes FROM meeting ORDER BY id") == [
        ("From 0.1.0",), (SECRET,)]
    # The owner still owns everything (so it sees every row and can make the next upgrade).
    assert _owners(url) == {OWNER}
    assert _raw(url, OWNER, "SELECT count(*) FROM meeting") == [(2,)]


def _confidential_meeting(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg.with_user(url, OWNER))
    with engine.begin() as c:
        c.execute(text("INSERT INTO meeting (row_version, opportunity_id, kind, held_on, "
                       "state, attendees, ceo_hours, staff_hours, decisions, notes, "
                       "confidential) VALUES (1, 1, 'review', '2026-10-01', 'held', '[]', 1, "
                       f"0, '', '{SECRET}', true) RETURNING id")).scalar_one()
        c.execute(text("INSERT INTO meeting_action (row_version, meeting_id, text, owner) "
                       "SELECT 1, max(id), 'Tell the board', 'Ana' FROM meeting"))
    engine.dispose()


def test_a_superuser_opening_it_first_upgrades_it_as_the_owner(team_0_1_0: str) -> None:
    url = team_0_1_0
    with Store.open(url) as admin:  # 0001 -> 0002, by the server's administrator
        assert admin.revision() == migrations.HEAD and admin.check() == []
    assert _owners(url) == {OWNER}
    _confidential_meeting(url)
    assert _raw(url, COLLEAGUE, "SELECT notes FROM meeting") == [("From 0.1.0",)]
    # Colleagues open it as usual; nothing is left for them to upgrade.
    with Store.open(pg.with_user(url, COLLEAGUE)) as colleague:
        assert colleague.revision() == migrations.HEAD


def test_a_later_table_reaches_the_team_after_a_superuser_upgrade(
        team_0_1_0: str, later_version: None) -> None:
    url = team_0_1_0
    _upgrade_as(url, OWNER)  # 0001 -> LATER ...
    _confidential_meeting(url)
    pg.admin(pg.with_database(url, url.rsplit("/", 1)[1]), "DROP TABLE later_note",
             f"UPDATE alembic_version SET version_num = '{NOW}'")
    _upgrade_as(url, ADMIN)  # ... and HEAD -> LATER again, by the administrator
    assert _raw(url, ADMIN, "SELECT version_num FROM alembic_version") == [(LATER,)]
    _team_is_complete(url)


def test_a_superuser_upgrade_over_two_versions_keeps_the_team_complete(
        team_0_1_0: str, later_version: None) -> None:
    url = team_0_1_0
    _upgrade_as(url, ADMIN)  # 0001 -> ... -> LATER in one go
    _confidential_meeting(url)
    _team_is_complete(url)


def test_a_member_of_the_owners_role_upgrades_as_the_owner(
        team_0_1_0: str, later_version: None) -> None:
    _upgrade_as(team_0_1_0, DEPUTY)
    _confidential_meeting(team_0_1_0)
    _team_is_complete(team_0_1_0)


def test_team_access_set_up_by_the_administrator_reaches_the_owners_later_tables(
        pg_server: str, later_version: None) -> None:
    """``planner team`` run by the server's administrator rather than the owner: the default
    privileges are the owner's, so the owner's next upgrade's tables reach the team."""
    _roles(pg_server)
    url = pg.new_database(pg_server, migrated=False)
    try:
        pg.admin(pg_server, f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" OWNER TO {OWNER}')
        from sqlalchemy import create_engine

        engine = create_engine(pg.with_user(url, OWNER))
        runner.upgrade(engine, "0002")
        engine.dispose()
        admin = create_engine(url)
        setup_team_access(admin)  # as the administrator
        admin.dispose()
        defaults = _raw(url, ADMIN, "SELECT pg_get_userbyid(defaclrole) FROM pg_default_acl")
        assert {str(r[0]) for r in defaults} == {OWNER}
        # The owner creates a table itself (outside the planner, or a future upgrade): the
        # team gets it by default.
        pg.admin(pg.with_user(url, OWNER), "CREATE TABLE owners_own (id serial PRIMARY KEY)")
        assert _raw(url, COLLEAGUE, "INSERT INTO owners_own DEFAULT VALUES RETURNING id") \
            == [(1,)]
        _upgrade_as(url, OWNER)  # 0002 -> LATER
        assert _raw(url, COLLEAGUE, "INSERT INTO later_note (text) VALUES ('y') RETURNING id") \
            == [(1,)]
        assert _owners(url) == {OWNER}
    finally:
        pg.drop_database(url)


def test_opening_at_head_as_a_superuser_changes_nothing(team_0_1_0: str) -> None:
    _upgrade_as(team_0_1_0, OWNER)
    before = _raw(team_0_1_0, ADMIN, "SELECT count(*) FROM pg_default_acl")
    with Store.open(team_0_1_0) as admin:
        assert admin.revision() == migrations.HEAD
        # The administrator's own connection is itself again (no SET ROLE left behind).
        with admin.engine.connect() as c:
            from sqlalchemy import text

            assert c.execute(text("SELECT current_user")).scalar() == ADMIN
    assert _raw(team_0_1_0, ADMIN, "SELECT count(*) FROM pg_default_acl") == before
