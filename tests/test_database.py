"""The database holds up under concurrent writers on SQLite and PostgreSQL."""
import os
import threading

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from tests.builders import entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer
from webapp.infra import database
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
    """A 2xx means the data is on disk. SQLite: synchronous = FULL (2) on every connection of the pool,
    or, in WAL mode, NORMAL (1) with the WAL file synced after each write (the next test);
    PostgreSQL: synchronous_commit and fsync on."""
    set_write_intent(False)  # three connections of one thread, open at once, only reading
    with app.app_context():
        connections = [db.engine.connect() for _ in range(3)]
        try:
            for connection in connections:
                if db.engine.dialect.name == "sqlite":
                    level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
                    wal = connection.connection.info.get("wal_path")
                    in_wal = connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                    assert level == 2 or (level == 1 and in_wal and wal == db.engine.url.database + "-wal")
                else:
                    assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
                    assert connection.exec_driver_sql("SHOW fsync").scalar() == "on"
        finally:
            for connection in connections:
                connection.close()


@pytest.fixture
def synced(monkeypatch):
    """The files fsync'd from now on, by path."""
    paths = []
    fsync = os.fsync

    def recording(fd):
        paths.append(os.readlink(f"/proc/self/fd/{fd}"))
        fsync(fd)

    monkeypatch.setattr(database.os, "fsync", recording)
    return paths


def test_a_write_is_on_disk_before_its_answer_and_a_read_syncs_nothing(app, client, athlete, synced):
    with app.app_context():
        if db.engine.dialect.name != "sqlite" or db.engine.url.database in (None, "", ":memory:"):
            pytest.skip("the WAL file is SQLite's")
        wal = db.engine.url.database + "-wal"
    headers = bearer(client, athlete)
    synced.clear()
    episode_id = new_id()
    response = client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers)
    assert response.status_code == 201
    assert synced == [wal], "the write's commit was synced before the answer was made"
    synced.clear()
    response = client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id), headers=headers)
    assert response.status_code == 201 and synced == [wal]
    synced.clear()
    assert client.get("/api/v1/entries", headers=headers).status_code == 200
    assert synced == []


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
    with app.app_context():
        engine = db.engine  # no app context held during the requests: each gets its own session
    statements = []
    listener = lambda *args: statements.append(args[2].split()[0].upper() if not args[2].startswith("BEGIN") else args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(f"/api/v1/patients/{athlete['id']}/entries", headers=physio_headers).status_code == 200
        logged = transactions(statements)
        statements.clear()
        assert client.get("/api/v1/me", headers=physio_headers).status_code == 200
        plain = transactions(statements)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # The access log's insert is in a transaction that began as a writer; reading who calls may come first, as a reader.
    assert [begin for begin, kinds in logged if "INSERT" in kinds] == ["BEGIN IMMEDIATE"]
    assert plain and {begin for begin, _ in plain} == {"BEGIN"}


def transactions(statements: list[str]) -> list[tuple[str, set]]:
    """Statements grouped by the BEGIN that opened their transaction: (that BEGIN, the kinds of statement in it)."""
    grouped: list[tuple[str, set]] = []
    for statement in statements:
        if statement.startswith("BEGIN"):
            grouped.append((statement, set()))
        elif grouped:
            grouped[-1][1].add(statement)
    return grouped


def _counter_engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/queue.db")
    configure_engine(engine)
    set_write_intent(True)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    return engine


def test_sqlite_writers_queue_on_a_lock_and_the_next_goes_once_the_first_commits(tmp_path):
    engine = _counter_engine(tmp_path)
    entered, second_wrote = threading.Event(), threading.Event()

    def second_writer():
        set_write_intent(True)
        entered.wait()
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        second_wrote.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    with engine.begin() as first:
        first.exec_driver_sql("INSERT INTO t VALUES (1)")
        entered.set()
        # While the first writer's transaction is open, the second waits (on the lock, not in SQLite's busy loop).
        assert not second_wrote.wait(0.3)
    assert second_wrote.wait(10)
    thread.join(10)
    assert (tmp_path / "queue.db-writers.lock").exists()
    with engine.connect() as connection:
        assert [row[0] for row in connection.exec_driver_sql("SELECT n FROM t ORDER BY rowid")] == [1, 2]
    engine.dispose()


def test_a_rolled_back_or_broken_writer_lets_the_next_one_go(tmp_path):
    engine = _counter_engine(tmp_path)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        raise RuntimeError("the view failed")
    with engine.connect() as connection:
        connection.begin()
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        connection.invalidate()  # a connection lost mid-transaction
    done = threading.Event()

    def writer():
        set_write_intent(True)
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES (3)")
        done.set()

    threading.Thread(target=writer).start()
    assert done.wait(10)
    engine.dispose()


def test_a_thread_that_writes_on_two_connections_at_once_is_told_instead_of_waiting_for_itself(tmp_path):
    engine = _counter_engine(tmp_path)
    with engine.begin() as first:
        first.exec_driver_sql("INSERT INTO t VALUES (1)")
        with pytest.raises(OperationalError, match="this thread's other connection"), engine.begin():
            pass
    engine.dispose()
