"""checklist progress

Revision ID: 53f47e7740fc
Revises: 3e5c8b0d2d10
Create Date: 2026-11-22 07:01:33.349672

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '53f47e7740fc'
down_revision = '3e5c8b0d2d10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checklist_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('phase', sa.String(length=24), nullable=False),
    sa.Column('due', sa.JSON(), nullable=False),
    sa.Column('done', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_checklist_progress_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checklist_progress_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_progress')),
    sa.UniqueConstraint('episode_id', 'day', name='uq_checklist_progress_episode_day')
    )
    with op.batch_alter_table('checklist_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_progress_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('checklist_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_progress_user_id'))

    op.drop_table('checklist_progress')
