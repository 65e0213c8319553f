"""flask backup: a consistent online copy of the SQLite database, and the restore the README documents."""
import shutil
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import func, select

from tests.builders import entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, config_for_tests
from webapp import create_app
from webapp.infra.extensions import db
from webapp.models import Entry


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("flask backup copies SQLite databases; PostgreSQL has pg_dump")


def count_entries(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM entries").fetchone()[0]


def test_backup_is_consistent_while_entries_keep_arriving_and_restores(sqlite_only, app, client, athlete, tmp_path, database_url):
    headers = bearer(client, athlete)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers)
    writer_client = app.test_client()
    stop, written = threading.Event(), []

    def keep_writing():
        while not stop.is_set():
            response = writer_client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id), headers=headers)
            written.append(response.status_code)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
        during = len(written)
    finally:
        stop.set()
        writer.join(timeout=30)

    assert set(written) == {201}
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output and "schema revision" in result.output
    copied = count_entries(tmp_path / "copy.db")
    assert 5 <= copied <= during + 1
    with sqlite3.connect(tmp_path / "copy.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # The README's restore: stop the app, copy the backup into place, upgrade, start.
    restored_path = tmp_path / "restored.db"
    shutil.copy(tmp_path / "copy.db", restored_path)
    restored = create_app(config_for_tests(f"sqlite:///{restored_path}"))
    with restored.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == copied
        db.engine.dispose()
    restored_client = restored.test_client()
    token = restored_client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD})
    assert token.status_code == 201
    entries = restored_client.get("/api/v1/entries", headers={"Authorization": f"Bearer {token.json['token']}"})
    assert len(entries.json) == copied


def test_backup_does_not_overwrite_unless_forced(sqlite_only, app, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("an older backup")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["backup", str(target)])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert target.read_text() == "an older backup"
    forced = runner.invoke(args=["backup", "--force", str(target)])
    assert forced.exit_code == 0, forced.output
    assert count_entries(target) == 0


def test_backup_refuses_to_write_over_the_live_database(sqlite_only, app, database_url):
    live = database_url.removeprefix("sqlite:///")
    result = app.test_cli_runner().invoke(args=["backup", "--force", live])
    assert result.exit_code == 1 and "live database" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0


def test_backup_on_postgresql_points_to_pg_dump():
    app = create_app(config_for_tests(f"postgresql+psycopg://nobody@127.0.0.1:1/{uuid.uuid4().hex}"))
    result = app.test_cli_runner().invoke(args=["backup", "copy.db"])
    assert result.exit_code == 1 and "pg_dump" in result.output
