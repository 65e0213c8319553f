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


def test_alerts_stored_as_english_sentences_are_read_back_into_what_they_say(tmp_path):
    """Issue 19: the earlier code stored each alert's sentence in English; the migration keeps its template and figures."""
    import json
    import uuid

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path}/legacy.db"
    assert _flask("db", "upgrade", "a2e1fb08eb84", database_url=url).returncode == 0
    engine = create_engine(url)
    user, episode = uuid.uuid4().hex, uuid.uuid4().hex
    legacy = {
        "worsening_trend": ("Pain is getting worse instead of easing: 6/10 now, from 3/10 on day 3. Soreness peaks at 24-48 h and "
                            "then fades; pain that grows is a sign of injury: stop training it and see a physiotherapist.",
                            [{"text": "pain 3 at 60 h after the training", "entry_id": "e1"},
                             {"text": "reported 'Fever or chills' at 80 h after the training", "entry_id": "e2"}]),
        "red_flag": ("Contact a doctor or physiotherapist today, whatever day of the episode it is. Do not wait to see if it passes.",
                     [{"text": "something the old code said that no template matches"}]),
    }
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO users (id, email, name, role, timezone, password_hash, created_at, diary_version) "
                                "VALUES (:id, 'a@b.test', 'A', 'athlete', 'UTC', 'x', '2026-11-01 00:00:00', 0)"), {"id": user})
        connection.execute(text("INSERT INTO episodes (id, user_id, started_at, activity, onset, regions, client_updated_at, created_at, "
                                "updated_at, new_exercise) VALUES (:id, :user, '2026-11-01 00:00:00', 'Run', 'next_day', '[]', "
                                "'2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 0)"), {"id": episode, "user": user})
        for rule, (message, evidence) in legacy.items():
            connection.execute(text(
                "INSERT INTO alerts (id, user_id, episode_id, rule, severity, status, message, why, evidence, evidence_keys, source, "
                "thresholds, overridden, raised_at, raised_via, updated_at) VALUES (:id, :user, :episode, :rule, 'warning', 'open', "
                ":message, 'why', :evidence, '[]', '[]', '{}', '[]', '2026-11-02 00:00:00', 'athlete', '2026-11-02 00:00:00')"),
                {"id": uuid.uuid4().hex, "user": user, "episode": episode, "rule": rule, "message": message, "evidence": json.dumps(evidence)})
    assert _flask("db", "upgrade", database_url=url).returncode == 0
    with engine.connect() as connection:
        rows = {row.rule: row for row in connection.execute(text("SELECT rule, message, message_params, evidence FROM alerts"))}
    worsening = rows["worsening_trend"]
    assert worsening.message.startswith("Pain is getting worse instead of easing: %(pain)s/10 now, from %(baseline)s/10")
    assert json.loads(worsening.message_params) == {"pain": 6, "baseline": 3, "baseline_day": 3}
    first, second = json.loads(worsening.evidence)
    assert first == {"template": "%(what)s at %(hours)s h after the training", "entry_id": "e1",
                     "params": {"what": {"template": "pain %(pain)s", "params": {"pain": 3}}, "hours": 60}}
    assert second["params"]["what"] == {"template": "reported '%(question)s'",
                                        "params": {"question": {"template": "Fever or chills", "params": {}}}}
    red_flag = rows["red_flag"]
    assert red_flag.message == legacy["red_flag"][0] and json.loads(red_flag.message_params) == {}
    assert json.loads(red_flag.evidence) == [{"template": "something the old code said that no template matches", "params": {}}]
    # And back: the English sentences again.
    assert _flask("db", "downgrade", "a2e1fb08eb84", database_url=url).returncode == 0
    with engine.connect() as connection:
        back = {row.rule: (row.message, json.loads(row.evidence)) for row in connection.execute(text("SELECT rule, message, evidence FROM alerts"))}
    assert back == {rule: (message, evidence) for rule, (message, evidence) in legacy.items()}
    engine.dispose()
