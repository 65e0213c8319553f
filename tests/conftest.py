"""Layered fixtures: database_url -> schema -> app -> client -> auth.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is
set. The schema is built once by the real migrations; each test then runs on
empty tables.
"""
import os
import re
import uuid
from datetime import UTC, datetime, timedelta

import flask_migrate
import pytest
from sqlalchemy import MetaData, event, insert

from webapp import create_app
from webapp.infra.config import normalise_database_url
from webapp.infra.database import set_write_intent, write_transaction
from webapp.infra.extensions import db
from webapp.infra.vapid import new_private_key
from webapp.models import Entry
from webapp.services.accounts import create_account

PASSWORD = "correct horse battery"
# One VAPID key for the whole run: tests never write one into the project's instance/ folder.
VAPID_PRIVATE_KEY = new_private_key()


def config_for_tests(database_url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-only-secret",
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "RATELIMIT_ENABLED": False,
        "VAPID_PRIVATE_KEY": VAPID_PRIVATE_KEY,
        **overrides,
    }


@pytest.fixture(autouse=True)
def writes_by_default():
    """Each test starts as the CLI does, with transactions that may write; a request a test made earlier in the
    same thread (the test client runs the app in it) leaves its own intent behind otherwise."""
    set_write_intent(True)


def drop_everything() -> None:
    """Drop every table in the database, the migrations' bookkeeping included."""
    existing = MetaData()
    existing.reflect(bind=db.engine)
    existing.drop_all(bind=db.engine)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session")
def migrated_schema(database_url):
    app = create_app(config_for_tests(database_url))
    with app.app_context():
        drop_everything()
        flask_migrate.upgrade()
        db.engine.dispose()


def empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def make_app(database_url, migrated_schema):
    """Build apps on the test database; the tables are emptied after the test."""
    apps = []

    def build(**overrides):
        app = create_app(config_for_tests(database_url, **overrides))
        apps.append(app)
        return app

    yield build
    cleaner = create_app(config_for_tests(database_url))
    for app in [*apps, cleaner]:
        with app.app_context():
            if app is cleaner:
                empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def make_account(app, role="athlete", email=None, password=PASSWORD, name=None, timezone="UTC"):
    """Store an account directly through the service and return its id and email."""
    email = email or f"{role}-{os.urandom(4).hex()}@example.org"
    with app.app_context():
        user = create_account(email=email, password=password, role=role, name=name or role.title(), timezone=timezone)
        return {"id": str(user.id), "email": user.email, "password": password, "role": role}


def csrf_token_from(response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', response.text
    )
    assert match, "page has no CSRF token"
    return match.group(1)


class AuthActions:
    """Log in and out through the real pages, CSRF token included."""

    def __init__(self, client):
        self.client = client

    def register(self, email, password=PASSWORD, role="athlete", name="Test Person", **extra):
        token = csrf_token_from(self.client.get("/register"))
        data = {"csrf_token": token, "email": email, "password": password, "role": role, "name": name, **extra}
        return self.client.post("/register", data=data)

    def login(self, email, password=PASSWORD):
        token = csrf_token_from(self.client.get("/login"))
        return self.client.post("/login", data={"csrf_token": token, "email": email, "password": password})

    def logout(self):
        token = csrf_token_from(self.client.get("/", follow_redirects=True))
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def athlete(app):
    return make_account(app, "athlete")


@pytest.fixture
def physio(app):
    return make_account(app, "physio")


@pytest.fixture
def athlete_headers(client, athlete):
    return bearer(client, athlete)


@pytest.fixture
def physio_headers(client, physio):
    return bearer(client, physio)


def linked_pair(client, app, athlete_name="Athlete"):
    """An athlete and the physiotherapist who redeemed their invite: the athlete, and each one's bearer headers."""
    athlete = make_account(app, "athlete", name=athlete_name)
    physio = make_account(app, "physio")
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).status_code == 201
    return athlete, athlete_headers, physio_headers


def bearer(client, account) -> dict:
    """Return Authorization headers with a fresh token for the account."""
    response = client.post("/api/v1/tokens", json={"email": account["email"], "password": account["password"]})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def statements_run(app, request) -> int:
    """Count the SQL statements one request (a callable returning a response) runs; it must answer 200."""
    seen = []
    with app.app_context():
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert request().status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def log_red_flag_elsewhere(athlete_id: str, episode_id: str) -> uuid.UUID:
    """Store an entry with a red flag on a connection of its own, as another phone's write would; return its id."""
    at = datetime.now(UTC) - timedelta(hours=1)
    row = {"id": uuid.uuid4(), "user_id": uuid.UUID(athlete_id), "episode_id": uuid.UUID(episode_id),
           "recorded_at": at, "pain": 3, "regions": ["lower_back"], "red_flags": ["night_or_rest_pain"],
           "treatments": [], "client_updated_at": at, "created_at": at, "updated_at": at}
    with write_transaction(db.engine) as other:
        other.execute(insert(Entry), row)
    return row["id"]
