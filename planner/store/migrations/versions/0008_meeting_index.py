"""meetings by partnership and day

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 01:30:00

An index for the read the dashboard makes at every opening of a plan kept for years
(issue 22): each partnership's latest held meetings (planner/store/health_reads.py
``recent_meetings``), found by partnership and day instead of sorting every meeting.
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_meeting_opportunity_held_on', 'meeting',
                    ['opportunity_id', 'held_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_meeting_opportunity_held_on', table_name='meeting')
