"""diary: episodes and entries

Revision ID: 0b26efee1dfd
Revises: 06ccaafdb5c4
Create Date: 2026-11-22 06:36:10.012659

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b26efee1dfd'
down_revision = '06ccaafdb5c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('episodes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activity', sa.String(length=100), nullable=False),
    sa.Column('exercises', sa.String(length=200), nullable=True),
    sa.Column('rpe', sa.Integer(), nullable=True),
    sa.Column('load_increase_percent', sa.Integer(), nullable=True),
    sa.Column('new_exercise', sa.Boolean(), nullable=True),
    sa.Column('onset', sa.String(length=16), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=True),
    sa.Column('character', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('client_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rpe IS NULL OR (rpe BETWEEN 1 AND 10)', name=op.f('ck_episodes_rpe')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_episodes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_episodes'))
    )
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.create_index('ix_episodes_user_started', ['user_id', 'started_at'], unique=False)

    op.create_table('entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('episode_id', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pain', sa.Integer(), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=True),
    sa.Column('character', sa.String(length=16), nullable=True),
    sa.Column('movement', sa.String(length=16), nullable=True),
    sa.Column('red_flags', sa.JSON(), nullable=False),
    sa.Column('treatments', sa.JSON(), nullable=False),
    sa.Column('walk_minutes', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('client_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('pain BETWEEN 0 AND 10', name=op.f('ck_entries_pain')),
    sa.CheckConstraint('walk_minutes IS NULL OR walk_minutes >= 0', name=op.f('ck_entries_walk_minutes')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_entries_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entries'))
    )
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.create_index('ix_entries_episode_recorded', ['episode_id', 'recorded_at'], unique=False)
        batch_op.create_index('ix_entries_user_updated', ['user_id', 'updated_at'], unique=False)



def downgrade():
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_index('ix_entries_user_updated')
        batch_op.drop_index('ix_entries_episode_recorded')

    op.drop_table('entries')
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.drop_index('ix_episodes_user_started')

    op.drop_table('episodes')
