"""indexes for long plans

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 21:30:00

Indexes for the reads a plan kept for years makes at every opening (issue 22): the
dashboard's health rules read a partnership's open milestones and its small wins, and which
milestones have steps under them (the same index serves the check, when a milestone is
deleted, that no step still points at it).
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_milestone_parent_id', 'milestone', ['parent_id'], unique=False)
    op.create_index('ix_milestone_opportunity_status', 'milestone',
                    ['opportunity_id', 'status'], unique=False)
    op.create_index('ix_milestone_opportunity_small_win', 'milestone',
                    ['opportunity_id', 'small_win'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_milestone_opportunity_small_win', table_name='milestone')
    op.drop_index('ix_milestone_opportunity_status', table_name='milestone')
    op.drop_index('ix_milestone_parent_id', table_name='milestone')
