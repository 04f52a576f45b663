"""confidential meetings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:40:00

A meeting (its notes, decisions and actions) can be marked confidential. Existing meetings
stay visible to everyone (``false``).

On a team database (PostgreSQL) whose owner already ran ``planner team``, the same upgrade
also hides confidential meetings, their actions and their audit events from colleagues who
are not named readers, so nobody has to run ``planner team`` again after upgrading. The
policies are written out here rather than taken from planner/store/postgres.py, which
describes the newest schema, not this one.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TEAM_ROLE = 'planner_team'
SEES_CONFIDENTIAL = ("NOT confidential OR EXISTS ("
                     "SELECT 1 FROM confidential_reader r WHERE r.role_name = current_user)")


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch: SQLite adds it in place, whereas a batch would copy
    # the table, which foreign keys from meeting_action and milestone_snapshot forbid.
    op.add_column('meeting', sa.Column('confidential', sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql' and _team_access_is_set_up(bind):
        _hide_confidential_meetings(bind)


def _team_access_is_set_up(bind: sa.Connection) -> bool:
    """Whether ``planner team`` (0.1.0's setup_team_access) has run on this database."""
    found = bind.execute(sa.text(
        "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() "
        "AND tablename = 'conflict_area' AND policyname = 'planner_confidential'")).first()
    return found is not None


def _hide_confidential_meetings(bind: sa.Connection) -> None:
    run = lambda sql: bind.execute(sa.text(sql))  # noqa: E731
    run("ALTER TABLE meeting ENABLE ROW LEVEL SECURITY")
    run("DROP POLICY IF EXISTS planner_confidential ON meeting")
    run(f"CREATE POLICY planner_confidential ON meeting USING ({SEES_CONFIDENTIAL})")
    # A hidden meeting's actions are hidden with it (the sub-select obeys the policy above).
    run("ALTER TABLE meeting_action ENABLE ROW LEVEL SECURITY")
    run("DROP POLICY IF EXISTS planner_confidential ON meeting_action")
    run("CREATE POLICY planner_confidential ON meeting_action "
        "USING (EXISTS (SELECT 1 FROM meeting m WHERE m.id = meeting_id))")
    run("DROP POLICY IF EXISTS planner_confidential ON audit_event")
    run("CREATE POLICY planner_confidential ON audit_event USING ("
        "(entity <> 'conflict_area' OR entity_id IS NULL "
        " OR EXISTS (SELECT 1 FROM conflict_area a WHERE a.id = entity_id)) "
        "AND (entity <> 'meeting' OR entity_id IS NULL "
        " OR EXISTS (SELECT 1 FROM meeting m WHERE m.id = entity_id)))")
    # Tables that later upgrades create reach the team without another `planner team`.
    team = bind.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                        {"r": TEAM_ROLE}).first()
    if team is not None:
        schema = bind.dialect.identifier_preparer.quote(
            str(bind.execute(sa.text("SELECT current_schema()")).scalar_one()))
        run(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {TEAM_ROLE}")
        run(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {TEAM_ROLE}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        for table in ('meeting_action', 'meeting'):
            bind.execute(sa.text(f"DROP POLICY IF EXISTS planner_confidential ON {table}"))
            bind.execute(sa.text(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"))
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('confidential')
