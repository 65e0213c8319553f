"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""
import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from webapp.infra.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def test_migrated_schema_matches_the_models(app):
    """The test database was built by `flask db upgrade` (conftest); compare it to the models."""
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == []


def _flask(*args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "migration-test"}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "webapp", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_flask_db_upgrade_builds_an_empty_sqlite_database_and_downgrades(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh.db"
    for step in (("db", "upgrade"), ("db", "downgrade", "base"), ("db", "upgrade"), ("db", "check")):
        result = _flask(*step, database_url=url)
        assert result.returncode == 0, result.stderr
    engine = create_engine(url)
    assert {"users", "api_tokens", "alembic_version"} <= set(inspect(engine).get_table_names())
    engine.dispose()
