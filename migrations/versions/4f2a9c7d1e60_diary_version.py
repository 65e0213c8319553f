"""diary version

Each athlete's diary_version: a count that any change to what the rules judge
(their entries, episodes, alerts and threshold overrides) moves on. On SQLite a
diary write reads and judges without the write lock and then checks, holding
it, that the count has not moved; triggers move it, so that no writer, of this
app or not, can change a diary without the check seeing it. PostgreSQL writers
lock the athlete's row instead, and need no triggers.

Revision ID: 4f2a9c7d1e60
Revises: e5d17da4b892
Create Date: 2026-12-01 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f2a9c7d1e60'
down_revision = 'e5d17da4b892'
branch_labels = None
depends_on = None

# Kept in step with webapp.infra.database.DIARY_TRIGGERS, which checks they are there.
TABLES = ('entries', 'episodes', 'alerts', 'alert_settings')
EVENTS = ('insert', 'update')


def upgrade():
    op.add_column('users', sa.Column('diary_version', sa.Integer(), server_default='0', nullable=False))
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(
                f"CREATE TRIGGER diary_version_{table}_{event} AFTER {event.upper()} ON {table} "
                "BEGIN UPDATE users SET diary_version = diary_version + 1 WHERE id = NEW.user_id; END"
            )


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS diary_version_{table}_{event}")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('diary_version')
