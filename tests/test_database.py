"""The database holds up under concurrent writers on SQLite and PostgreSQL."""
import threading

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.conftest import PASSWORD
from webapp.infra.database import configure_engine, set_write_intent
from webapp.infra.extensions import db
from webapp.models import User


def test_sqlite_connections_are_tuned(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas apply to SQLite only")
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_every_connection_commits_to_disk_before_answering(app):
    """A 2xx means the data is on disk: SQLite's synchronous = FULL (2) on every connection of the pool,
    PostgreSQL's synchronous_commit and fsync on."""
    with app.app_context():
        connections = [db.engine.connect() for _ in range(3)]
        try:
            for connection in connections:
                if db.engine.dialect.name == "sqlite":
                    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
                else:
                    assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
                    assert connection.exec_driver_sql("SHOW fsync").scalar() == "on"
        finally:
            for connection in connections:
                connection.close()


def test_concurrent_read_then_write_transactions_do_not_fail(tmp_path):
    """The pattern that gives 'database is locked' with pysqlite's deferred BEGIN."""
    engine = create_engine(f"sqlite:///{tmp_path}/race.db")
    configure_engine(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    errors, start = [], threading.Barrier(8)

    def bump():
        set_write_intent(True)
        start.wait()
        try:
            for _ in range(20):
                with engine.begin() as connection:
                    n = connection.execute(text("SELECT n FROM counter")).scalar()
                    connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except Exception as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar() == 160
    engine.dispose()


def test_read_only_transactions_do_not_take_the_write_lock(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/reader.db")
    configure_engine(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    set_write_intent(True)
    with engine.begin() as writer:
        writer.exec_driver_sql("INSERT INTO t VALUES (1)")
        set_write_intent(False)
        result = []
        reader = threading.Thread(target=lambda: result.append(_count_rows(engine)))
        reader.start()
        reader.join(timeout=5)
        assert result == [0], "a reader must not wait for an open writer in WAL mode"
    set_write_intent(True)
    engine.dispose()


def _count_rows(engine):
    set_write_intent(False)
    with engine.begin() as connection:
        return connection.execute(text("SELECT count(*) FROM t")).scalar()


def test_concurrent_registrations_through_the_api_all_succeed(app):
    errors, statuses, start = [], [], threading.Barrier(8)

    def register(i):
        client = app.test_client()
        start.wait()
        try:
            response = client.post(
                "/api/v1/accounts",
                json={"email": f"racer{i}@example.org", "password": PASSWORD, "role": "athlete", "name": f"R{i}"},
            )
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and statuses == [201] * 8
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 8


def test_same_email_raced_gives_one_account_and_409s(app):
    statuses, start = [], threading.Barrier(6)

    def register():
        client = app.test_client()
        start.wait()
        response = client.post(
            "/api/v1/accounts", json={"email": "same@example.org", "password": PASSWORD, "role": "athlete", "name": "S"}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=register) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] + [409] * 5


def test_reads_that_write_the_access_log_take_the_write_lock_up_front(app, client):
    """A GET that writes must not start as a reader: SQLite would refuse its upgrade under load."""
    from sqlalchemy import event

    from tests.conftest import bearer, make_account

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("BEGIN IMMEDIATE is SQLite's")
    athlete, physio = make_account(app, "athlete"), make_account(app, "physio")
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers)
    begins = []
    with app.app_context():
        engine = db.engine  # no app context held during the requests: each gets its own session
    listener = lambda *args: begins.append(args[2]) if args[2].startswith("BEGIN") else None  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(f"/api/v1/patients/{athlete['id']}/entries", headers=physio_headers).status_code == 200
        logged = list(begins)
        begins.clear()
        assert client.get("/api/v1/me", headers=physio_headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert logged and set(logged) == {"BEGIN IMMEDIATE"}
    assert begins and set(begins) == {"BEGIN"}
