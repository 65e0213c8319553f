"""care team: invites, links, access log, clinician notes

Revision ID: 7a46c3d576fa
Revises: 53f47e7740fc
Create Date: 2026-11-22 07:29:55.580329

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a46c3d576fa'
down_revision = '53f47e7740fc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('physio_id', sa.Uuid(), nullable=True),
    sa.Column('what', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_access_log_patient_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['physio_id'], ['users.id'], name=op.f('fk_access_log_physio_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log'))
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index('ix_access_log_patient_at', ['patient_id', 'at'], unique=False)

    op.create_table('care_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('athlete_id', sa.Uuid(), nullable=False),
    sa.Column('physio_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_by_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['athlete_id'], ['users.id'], name=op.f('fk_care_links_athlete_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'], name=op.f('fk_care_links_ended_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['physio_id'], ['users.id'], name=op.f('fk_care_links_physio_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_links'))
    )
    with op.batch_alter_table('care_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_links_athlete_id'), ['athlete_id'], unique=False)
        batch_op.create_index('ix_care_links_physio_active', ['physio_id', 'ended_at'], unique=False)

    op.create_table('clinician_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('physio_id', sa.Uuid(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_clinician_notes_patient_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['physio_id'], ['users.id'], name=op.f('fk_clinician_notes_physio_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinician_notes'))
    )
    with op.batch_alter_table('clinician_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clinician_notes_patient_id'), ['patient_id'], unique=False)

    op.create_table('invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('athlete_id', sa.Uuid(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['athlete_id'], ['users.id'], name=op.f('fk_invites_athlete_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invites')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invites_code_hash'))
    )
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invites_athlete_id'), ['athlete_id'], unique=False)



def downgrade():
    with op.batch_alter_table('invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invites_athlete_id'))

    op.drop_table('invites')
    with op.batch_alter_table('clinician_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clinician_notes_patient_id'))

    op.drop_table('clinician_notes')
    with op.batch_alter_table('care_links', schema=None) as batch_op:
        batch_op.drop_index('ix_care_links_physio_active')
        batch_op.drop_index(batch_op.f('ix_care_links_athlete_id'))

    op.drop_table('care_links')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_patient_at')

    op.drop_table('access_log')
