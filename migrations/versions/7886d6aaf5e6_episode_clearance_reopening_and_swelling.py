"""episode clearance, reopening and entry swelling

Revision ID: 7886d6aaf5e6
Revises: c8e30ff2cf32
Create Date: 2026-11-23 19:35:36.902883

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7886d6aaf5e6'
down_revision = 'c8e30ff2cf32'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('swelling', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cleared_by_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_episodes_cleared_by_id_users'), 'users', ['cleared_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_episodes_cleared_by_id_users'), type_='foreignkey')
        batch_op.drop_column('cleared_by_id')
        batch_op.drop_column('cleared_at')
        batch_op.drop_column('reopened_at')

    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_column('swelling')
