"""episode pain course

What the recurrence rule reads of an episode's entries, kept on its row by each
diary write. Existing rows start empty (NULL): the app works theirs out from the
entries the first time it needs them, and stores it.

Revision ID: bf86758b7253
Revises: 155c4e341ef0
Create Date: 2026-12-01 07:00:58.776701

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bf86758b7253'
down_revision = '155c4e341ef0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pain_course', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.drop_column('pain_course')
