"""POST /api/v1/accounts, POST /api/v1/tokens, GET /api/v1/me (shared/api-v1.md)."""
from datetime import UTC

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, bearer
from webapp.infra.extensions import db
from webapp.models import User

NEW = {"email": "Runner@Example.org", "password": PASSWORD, "role": "athlete", "name": "Ria Runner"}


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_create_account_returns_the_account(client):
    response = client.post("/api/v1/accounts", json={**NEW, "timezone": "Europe/Madrid"})
    assert response.status_code == 201
    body = response.json
    assert set(body) >= {"id", "email", "role", "name"}
    assert body["email"] == "runner@example.org"
    assert body["role"] == "athlete" and body["name"] == "Ria Runner"
    assert body["timezone"] == "Europe/Madrid"
    assert response.headers["Location"].endswith("/api/v1/me")


def test_password_is_stored_as_argon2id(client, app):
    client.post("/api/v1/accounts", json=NEW)
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("email", ["runner@example.org", "RUNNER@EXAMPLE.ORG", "  Runner@example.org "])
def test_duplicate_email_in_any_case_is_409_and_changes_nothing(client, app, email):
    client.post("/api/v1/accounts", json=NEW)
    response = client.post("/api/v1/accounts", json={**NEW, "email": email, "name": "Someone Else"})
    assert response.status_code == 409
    assert response.json["error"]["status"] == 409
    assert count_users(app) == 1
    with app.app_context():
        assert db.session.scalar(select(User.name)) == "Ria Runner"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "a" * 250 + "@x.org"}, "email"),
        ({"role": "coach"}, "role"),
        ({"role": ""}, "role"),
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": "Password1"}, "password"),
        ({"password": "aaaaaaaaaaaa"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"email": 12}, "email"),
        ({"name": ["a"]}, "name"),
        ({"password": True}, "password"),
        ({"role": {"x": 1}}, "role"),
    ],
)
def test_invalid_fields_are_422_naming_the_field(client, app, change, field):
    response = client.post("/api/v1/accounts", json={**NEW, **change})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])
    assert count_users(app) == 0


@pytest.mark.parametrize("missing", ["email", "password", "role", "name"])
def test_missing_required_field_is_422(client, missing):
    body = {k: v for k, v in NEW.items() if k != missing}
    response = client.post("/api/v1/accounts", json=body)
    assert response.status_code == 422
    assert missing in response.json["errors"]


def test_unknown_fields_are_ignored(client, app):
    response = client.post("/api/v1/accounts", json={**NEW, "id": "00000000-0000-0000-0000-000000000000", "password_hash": "x"})
    assert response.status_code == 201
    assert response.json["id"] != "00000000-0000-0000-0000-000000000000"


def test_token_gives_access_to_me(client, athlete):
    response = client.post("/api/v1/tokens", json={"email": athlete["email"].upper(), "password": PASSWORD})
    assert response.status_code == 201
    assert set(response.json) == {"token", "expires_at"}
    assert response.json["expires_at"].endswith("+00:00")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json['token']}"})
    assert me.status_code == 200
    assert me.json["email"] == athlete["email"] and me.json["role"] == "athlete"


def test_tokens_are_stored_hashed(client, app, athlete):
    from webapp.models import ApiToken

    token = client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD}).json["token"]
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert stored and token not in stored


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "nobody@example.org", "password": PASSWORD},
        {"email": "athlete", "password": "wrong password"},
    ],
)
def test_wrong_credentials_are_401(client, athlete, credentials):
    if credentials["email"] == "athlete":
        credentials = {**credentials, "email": athlete["email"]}
    response = client.post("/api/v1/tokens", json=credentials)
    assert response.status_code == 401
    assert "token" not in response.json


def test_token_request_without_password_is_422(client):
    response = client.post("/api/v1/tokens", json={"email": "a@example.org"})
    assert response.status_code == 422 and "password" in response.json["errors"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-real-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": ""},
    ],
)
def test_me_without_a_good_token_is_401(client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["status"] == 401


def test_expired_token_is_401(client, app, athlete):
    from datetime import timedelta

    from webapp.infra.times import utcnow
    from webapp.models import ApiToken

    headers = bearer(client, athlete)
    with app.app_context():
        for token in db.session.scalars(select(ApiToken)):
            token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_token_expiry_follows_config(make_app, athlete):
    from datetime import datetime, timedelta

    client = make_app(API_TOKEN_TTL_DAYS=2).test_client()
    response = client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD})
    expires = datetime.fromisoformat(response.json["expires_at"])
    assert timedelta(days=2) - timedelta(minutes=1) < expires - datetime.now(UTC) <= timedelta(days=2)
