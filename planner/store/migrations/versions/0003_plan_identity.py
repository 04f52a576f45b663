"""plan identity

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 12:30:00

A table of one row holding a UUID made once for each plan (calendar event ids are made
from it). A plan that already holds partnerships gets its UUID now; a new, empty plan gets
one the first time it is needed, so that a copy or an import into a new plan can bring the
original's UUID along instead (planner/services/exchange.py: plan_uid).
"""
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'plan_identity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(), nullable=False),
        sa.CheckConstraint('id = 1', name='plan_identity_single_row'),
        sa.PrimaryKeyConstraint('id'),
    )
    bind = op.get_bind()
    has_content = bind.execute(sa.text("SELECT 1 FROM opportunity LIMIT 1")).first()
    if has_content is not None:
        op.bulk_insert(table, [{'id': 1, 'uid': str(uuid.uuid4())}])


def downgrade() -> None:
    op.drop_table('plan_identity')
