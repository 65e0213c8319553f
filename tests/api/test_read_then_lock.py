"""A write of an entry reads and judges before it takes SQLite's write lock, and is never judged on a stale diary.

See webapp/services/diary_transactions.py: the write checks, holding the lock, that the
athlete's diary_version has not moved since it read; if it has, it is done again under
the lock. The cases here change the diary in that gap, the way another phone or the
sweep would, and check that the answer and the stored alerts see the change.
"""
import uuid

import pytest
from sqlalchemy import create_engine, event, insert, select, text, update

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, log_red_flag_elsewhere
from webapp.api import authentication
from webapp.infra.database import DIARY_TRIGGERS, configure_engine, reads_before_locking, write_transaction
from webapp.infra.extensions import db
from webapp.models import Alert, AlertSettings, Entry, Episode, User
from webapp.services import diary_transactions


@pytest.fixture
def sqlite_only(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("writes read before they lock on SQLite only; PostgreSQL writers lock the athlete's row")


def _version(user_id) -> int:
    return db.session.scalar(select(User.diary_version).where(User.id == uuid.UUID(user_id)))


def test_the_migrations_make_every_trigger_and_writes_then_read_first(app, sqlite_only):
    with app.app_context():
        names = set(db.session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert DIARY_TRIGGERS <= names
        assert reads_before_locking(db.engine)


def test_a_missing_trigger_makes_every_write_lock_first(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/partial.db")
    configure_engine(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE users (id TEXT, diary_version INTEGER)")
        connection.exec_driver_sql("CREATE TABLE entries (user_id TEXT)")
        connection.exec_driver_sql(
            "CREATE TRIGGER diary_version_entries_insert AFTER INSERT ON entries "
            "BEGIN UPDATE users SET diary_version = diary_version + 1 WHERE id = NEW.user_id; END"
        )
    assert not reads_before_locking(engine)
    engine.dispose()


def test_every_change_to_what_the_rules_judge_moves_the_version(app, client, athlete, sqlite_only):
    headers = bearer(client, athlete)
    episode_id, entry_id = new_id(), new_id()
    with app.app_context():
        steps = [
            lambda: client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers),
            lambda: client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id), headers=headers),
        ]
        for step in steps:
            before = _version(athlete["id"])
            assert step().status_code == 201
            db.session.rollback()
            assert _version(athlete["id"]) > before
        user_id = uuid.UUID(athlete["id"])
        writes = [
            update(Entry).where(Entry.id == uuid.UUID(entry_id)).values(pain=7),
            update(Episode).where(Episode.id == uuid.UUID(episode_id)).values(note="changed elsewhere"),
            insert(AlertSettings).values(user_id=user_id, overrides={"persisting_days": 6}),
            update(AlertSettings).where(AlertSettings.user_id == user_id).values(overrides={"persisting_days": 5}),
            insert(Alert).values(
                id=uuid.uuid4(), user_id=user_id, episode_id=uuid.UUID(episode_id), rule="bed_rest_test", severity="advice",
                status="open", message="m", why="w", evidence=[], evidence_keys=[], source=[], thresholds={}, overridden=[],
            ),
            update(Alert).where(Alert.rule == "bed_rest_test").values(status="resolved"),
        ]
        for statement in writes:
            before = _version(athlete["id"])
            with write_transaction(db.engine) as connection:
                connection.execute(statement)
            db.session.rollback()
            assert _version(athlete["id"]) == before + 1, statement


def test_a_red_flag_logged_while_a_write_was_judging_is_in_its_answer(app, client, athlete, sqlite_only, monkeypatch):
    """Another phone logs a red flag between this write's reading and its lock: the write is judged again."""
    headers = bearer(client, athlete)
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers).status_code == 201
    begin_writing = diary_transactions.begin_writing
    cut_in = []

    def another_phone_writes_first(connection):
        if not cut_in:
            cut_in.append(log_red_flag_elsewhere(athlete["id"], episode_id))
        begin_writing(connection)

    monkeypatch.setattr(diary_transactions, "begin_writing", another_phone_writes_first)
    response = client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, pain=2, recorded_at=ago(hours=1)), headers=headers)
    assert response.status_code == 201, response.json
    assert cut_in, "the write read before it locked"
    assert "red_flag" in {alert["rule"] for alert in response.json["alerts"]}
    with app.app_context():
        stored = db.session.scalars(select(Alert.rule).where(Alert.episode_id == uuid.UUID(episode_id), Alert.status == "open"))
        assert "red_flag" in set(stored)


def test_a_red_flag_logged_between_authentication_and_the_diary_read_is_in_the_answer(app, client, athlete, sqlite_only, monkeypatch):
    """The entry PUT reads its caller and its diary in one reader: a change made after the caller was read is still seen."""
    headers = bearer(client, athlete)
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers).status_code == 201
    unexpired_token = authentication.unexpired_token
    cut_in = []

    def another_phone_writes_right_after(token):
        found = unexpired_token(token)
        if not cut_in:
            cut_in.append(log_red_flag_elsewhere(athlete["id"], episode_id))
        return found

    monkeypatch.setattr(authentication, "unexpired_token", another_phone_writes_right_after)
    response = client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, pain=2, recorded_at=ago(hours=1)), headers=headers)
    assert response.status_code == 201, response.json
    assert cut_in and "red_flag" in {alert["rule"] for alert in response.json["alerts"]}


def test_the_entry_put_reads_its_caller_and_its_diary_in_one_transaction(app, client, athlete, sqlite_only):
    headers = bearer(client, athlete)
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers).status_code == 201
    begun = []

    def count(connection):
        begun.append(connection)

    with app.app_context():
        assert reads_before_locking(db.engine)  # checked once per engine, in a connection of its own
        event.listen(db.engine, "begin", count)
        try:
            response = client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id), headers=headers)
        finally:
            event.remove(db.engine, "begin", count)
    assert response.status_code == 201
    assert len(begun) == 1, "one transaction: read as a reader, then turned into the writer in place"


def test_an_unchanged_diary_is_written_from_what_was_read(app, client, athlete, sqlite_only, monkeypatch):
    headers = bearer(client, athlete)
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers).status_code == 201
    judged = []
    refresh = diary_transactions.refresh_after_change
    monkeypatch.setattr(diary_transactions, "refresh_after_change", lambda *args: judged.append(args) or refresh(*args))
    body = entry_body(episode_id, red_flags=["night_or_rest_pain"])
    response = client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers)
    assert response.status_code == 201
    assert len(judged) == 1, "judged once: nothing changed between the read and the lock"
    assert [alert["rule"] for alert in response.json["alerts"]][:1] == ["red_flag"]
