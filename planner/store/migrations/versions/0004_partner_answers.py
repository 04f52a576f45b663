"""partner answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 19:40:00

The partner's own answers to our questionnaire (planner partner export / import): one row
per round received, the answers kept as a JSON document.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'partner_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('row_version', sa.Integer(), nullable=False),
        sa.Column('opportunity_id', sa.Integer(), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('form_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint('length(trim(form_version)) > 0', name='partner_answers_version'),
        sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_partner_answers_opportunity_id', 'partner_answers',
                    ['opportunity_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_partner_answers_opportunity_id', table_name='partner_answers')
    op.drop_table('partner_answers')
