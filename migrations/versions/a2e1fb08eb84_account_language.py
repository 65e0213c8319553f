"""account language

Revision ID: a2e1fb08eb84
Revises: 4f358c3af53c
Create Date: 2026-12-01 11:56:07.851630

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2e1fb08eb84'
down_revision = '4f358c3af53c'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: no table rebuild. None means the browser's language.
    op.add_column('users', sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    # In place (SQLite 3.35 and later, PostgreSQL): rebuilding users would break the triggers that name it.
    op.execute("ALTER TABLE users DROP COLUMN language")
