"""clinician checks

The athlete records that a clinician checked them after a red flag (who, when, a note):
the record ends the emergency-only plan and keeps the flag in the history. The episode
keeps the moment of the latest one, as it keeps a physiotherapist's clearance.

Revision ID: 610cf66f03e9
Revises: 958fcebb9ec6
Create Date: 2026-12-02 14:07:50.353263

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '610cf66f03e9'
down_revision = '958fcebb9ec6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clinician_checks',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('episode_id', sa.Uuid(), nullable=False),
    sa.Column('checked_by', sa.String(length=16), nullable=False),
    sa.Column('clinician', sa.String(length=100), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("checked_by IN ('emergency', 'doctor', 'physio', 'other')", name=op.f('ck_clinician_checks_checked_by')),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_clinician_checks_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_clinician_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinician_checks'))
    )
    with op.batch_alter_table('clinician_checks', schema=None) as batch_op:
        batch_op.create_index('ix_clinician_checks_episode', ['episode_id', 'created_at'], unique=False)

    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clinician_checked_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    # In place (SQLite 3.35 and later, PostgreSQL): rebuilding episodes would drop it first, and the alerts,
    # entries and checklists that cascade from it with it.
    op.execute("ALTER TABLE episodes DROP COLUMN clinician_checked_at")

    with op.batch_alter_table('clinician_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_clinician_checks_episode')

    op.drop_table('clinician_checks')
