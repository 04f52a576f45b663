"""a slip keeps the due date

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:40:00

Dragging a milestone's bar past its due date records a forecast slip: the forecast and the
start move, and the due date stays as agreed (issue 17). When the start itself passes the
due date, the old check (start <= due) refused it, so the due date had to move too and the
slip was lost. The check now asks that the work starts no later than it is due *or* no later
than it is forecast to finish ("start_date <= due_date OR start_date <= forecast_date");
the services keep the sharper rule (start <= forecast when there is a forecast, else start <=
due). The new check is looser than the old one, so every stored row already meets it.

SQLite cannot alter a CHECK in place, and copying the table (Alembic's batch) would trip
the foreign keys pointing at milestones; the stored CREATE TABLE text is rewritten instead,
as SQLite documents for a looser constraint ("Making Other Kinds Of Table Schema Changes").
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OLD = 'start_date IS NULL OR due_date IS NULL OR start_date <= due_date'
NEW = ('start_date IS NULL OR due_date IS NULL OR start_date <= due_date '
       'OR (forecast_date IS NOT NULL AND start_date <= forecast_date)')


def upgrade() -> None:
    _replace_check(OLD, NEW)


def downgrade() -> None:
    # Back to start <= due: a slip whose start passed the due date keeps its dates by
    # taking the forecast as its due date (as the program did before).
    op.execute("UPDATE milestone SET due_date = forecast_date WHERE start_date IS NOT NULL "
               "AND due_date IS NOT NULL AND start_date > due_date")
    _replace_check(NEW, OLD)


def _replace_check(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        op.drop_constraint('milestone_dates', 'milestone', type_='check')
        op.create_check_constraint('milestone_dates', 'milestone', new)
        return
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'milestone'").scalar()
    assert isinstance(sql, str) and old in sql, "the milestone table's check is not as expected"
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.execute(sa.text("UPDATE sqlite_master SET sql = :sql "
                         "WHERE type = 'table' AND name = 'milestone'"),
                 {"sql": sql.replace(old, new)})
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
