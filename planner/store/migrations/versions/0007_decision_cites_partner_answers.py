"""a decision cites the partner's answers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 21:50:00

A decision can name the round of the partner's own answers it drew on (issue 21): a nullable
column on the decision, pointing at the round; a round whose import is undone leaves the
decision without the citation (ON DELETE SET NULL). Existing decisions cite nothing.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('decision') as batch:
        batch.add_column(sa.Column('partner_answers_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_decision_partner_answers_id_partner_answers',
                                 'partner_answers', ['partner_answers_id'], ['id'],
                                 ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('decision') as batch:
        batch.drop_constraint('fk_decision_partner_answers_id_partner_answers',
                              type_='foreignkey')
        batch.drop_column('partner_answers_id')
