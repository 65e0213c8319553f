"""The account page, and how sessions end: versions, idle and absolute time limits."""
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, AuthActions, bearer, csrf_token_from, make_account
from webapp.infra.extensions import db
from webapp.models import BrowserSession, User
from webapp.services import sessions

NEW_PASSWORD = "a brand new passphrase"


def post_form(client, path, **data):
    token = csrf_token_from(client.get("/account"))
    return client.post(path, data={"csrf_token": token, **data})


def test_the_account_page_needs_login(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login?next=%2Faccount" in response.location


@pytest.mark.parametrize("role", ["athlete", "physio"])
def test_the_account_page_offers_every_self_service_action(client, auth, app, role):
    account = make_account(app, role)
    auth.login(account["email"])
    page = client.get("/account").text
    for text in ("Change your password", "Log out everywhere", "Download your data", "Delete your account", "Recent security events", "Logged in"):
        assert text in page
    for fmt in ("json", "csv", "fhir", "pdf"):
        assert f"/api/v1/me/export?format={fmt}" in page
    assert 'href="/account"' in client.get(home(role)).text


def test_changing_the_password_keeps_this_browser_and_logs_out_the_others(make_app, athlete):
    app = make_app()
    here, there = app.test_client(), app.test_client()
    AuthActions(here).login(athlete["email"])
    AuthActions(there).login(athlete["email"])
    response = post_form(here, "/account/password", current_password=PASSWORD, new_password=NEW_PASSWORD)
    assert response.status_code == 302
    assert "Password changed" in here.get(response.location).text
    assert there.get("/athlete/").status_code == 302
    assert AuthActions(app.test_client()).login(athlete["email"], NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "data, message",
    [
        ({"current_password": "not the password", "new_password": NEW_PASSWORD}, "That is not your current password."),
        ({"current_password": PASSWORD, "new_password": "short"}, "Use at least 8 characters."),
        ({"current_password": PASSWORD, "new_password": ""}, "Choose a new password."),
    ],
)
def test_a_refused_password_change_says_why_and_keeps_the_old_password(client, auth, athlete, data, message):
    auth.login(athlete["email"])
    response = post_form(client, "/account/password", **data)
    assert response.status_code == 422 and message in response.text
    assert 'aria-invalid="true"' in response.text
    assert client.get("/athlete/").status_code == 200
    assert AuthActions(client).logout().status_code == 302
    assert auth.login(athlete["email"]).status_code == 302


def test_log_out_everywhere_from_the_page(make_app, athlete):
    app = make_app()
    here, there = app.test_client(), app.test_client()
    AuthActions(here).login(athlete["email"])
    AuthActions(there).login(athlete["email"])
    response = post_form(here, "/account/logout-everywhere")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert here.get("/athlete/").status_code == 302
    assert there.get("/athlete/").status_code == 302


def test_delete_from_the_page_needs_the_password_and_the_tick(client, auth, app, athlete):
    auth.login(athlete["email"])
    response = post_form(client, "/account/delete", password=PASSWORD)
    assert response.status_code == 422 and "Tick the box to confirm." in response.text
    response = post_form(client, "/account/delete", password="not the password", confirm="y")
    assert response.status_code == 422 and "That is not your password." in response.text
    with app.app_context():
        assert db.session.get(User, uuid.UUID(athlete["id"])) is not None

    response = post_form(client, "/account/delete", password=PASSWORD, confirm="y")

    assert response.status_code == 302
    assert "Your account and all its data are deleted." in client.get(response.location, follow_redirects=True).text
    assert client.get("/athlete/").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(User)).all() == []


class Clock:
    """Stands in for webapp.services.sessions.utcnow, moved forward by the test."""

    def __init__(self):
        self.now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(sessions, "utcnow", clock)
    return clock


def home(role):
    return "/physio/" if role == "physio" else "/athlete/"


@pytest.mark.parametrize(
    "role, steps, logged_in",
    [
        # Idle limits: athlete 14 days, physiotherapist 30 minutes (config SESSION_IDLE_TIMEOUT).
        ("athlete", [{"days": 13, "hours": 23}], True),
        ("athlete", [{"days": 14}], False),
        ("physio", [{"minutes": 29}], True),
        ("physio", [{"minutes": 30}], False),
        # Absolute limits, however active: athlete 30 days, physiotherapist 12 hours.
        ("athlete", [{"days": 10}] * 2 + [{"days": 9, "hours": 23}], True),
        ("athlete", [{"days": 10}] * 3, False),
        ("physio", [{"minutes": 20}] * 35, True),
        ("physio", [{"minutes": 20}] * 36, False),
    ],
)
def test_sessions_end_after_idle_and_absolute_limits(client, auth, app, clock, role, steps, logged_in):
    account = make_account(app, role)
    auth.login(account["email"])
    for step in steps[:-1]:
        clock.advance(**step)
        assert client.get(home(role)).status_code == 200
    clock.advance(**steps[-1])
    response = client.get(home(role))
    assert response.status_code == (200 if logged_in else 302)
    if not logged_in:
        page = client.get(response.location).text
        assert "Your session has ended" in page and "Please log in to see that page." not in page


def last_seen(app, account) -> datetime:
    with app.app_context():
        return db.session.scalar(select(BrowserSession.last_seen_at).where(BrowserSession.user_id == uuid.UUID(account["id"])))


def test_last_seen_is_kept_on_the_server_and_rewritten_only_now_and_then(client, auth, app, physio, clock):
    """The cookie never changes after log-in: a response in flight cannot undo a log-out."""
    auth.login(physio["email"])
    logged_in_at = clock.now
    client.get("/physio/")  # the first page after log-in makes the new session's CSRF token
    clock.advance(seconds=60)
    response = client.get("/physio/")
    assert "Set-Cookie" not in response.headers and last_seen(app, physio) == logged_in_at
    clock.advance(seconds=31)  # 91 s: over a twentieth of the 30-minute idle limit
    response = client.get("/physio/")
    assert "Set-Cookie" not in response.headers and last_seen(app, physio) == clock.now


def test_last_seen_is_rewritten_on_a_writing_request_too_without_waiting_for_itself(client, auth, app, athlete, clock):
    """A POST already holds the write lock (BEGIN IMMEDIATE): "last seen" is written in that transaction, not in a
    second one that would wait for the first (on SQLite the whole busy timeout, and then fail)."""
    auth.login(athlete["email"])
    token = csrf_token_from(client.get("/athlete/episodes/new"))
    clock.advance(hours=17)  # over a twentieth of the athlete's 14-day idle limit
    response = client.post("/athlete/episodes/new", data={"csrf_token": token})  # refused: the form is empty
    assert response.status_code == 422 and last_seen(app, athlete) == clock.now


def test_a_cookie_without_a_session_on_the_server_is_not_accepted(client, athlete):
    with client.session_transaction() as cookie:
        cookie["_user_id"] = athlete["id"]
        cookie["session_token"] = "made-up"
    response = client.get("/athlete/")
    assert response.status_code == 302
    assert "Your session has ended" in client.get(response.location).text


def test_a_session_of_another_account_is_not_accepted(make_app, athlete):
    app = make_app()
    other = make_account(app, "athlete")
    thief = app.test_client()
    AuthActions(thief).login(other["email"])
    with thief.session_transaction() as cookie:
        cookie["_user_id"] = athlete["id"]
    assert thief.get("/athlete/").status_code == 302


@pytest.mark.parametrize(
    "started, seen, now, expired",
    [
        (0, 0, 59, False),
        (0, 0, 60, True),       # idle limit reached
        (0, 50, 100, False),
        (0, 150, 199, False),
        (0, 150, 200, True),    # absolute limit reached while active
    ],
)
def test_session_expired_table(started, seen, now, expired):
    t = datetime(2026, 1, 1, tzinfo=UTC)
    at = lambda minutes: t + timedelta(minutes=minutes)  # noqa: E731
    assert sessions.session_expired(
        started_at=at(started), seen_at=at(seen), now=at(now), idle=timedelta(minutes=60), absolute=timedelta(minutes=200)
    ) is expired


def test_after_a_physio_deletes_their_account_the_athlete_sees_who_read_what(make_app):
    app = make_app()
    athlete, physio = make_account(app, "athlete"), make_account(app, "physio")
    api = app.test_client()
    athlete_headers, physio_headers = bearer(api, athlete), bearer(api, physio)
    code = api.post("/api/v1/invites", headers=athlete_headers).json["code"]
    api.post("/api/v1/care-links", json={"code": code}, headers=physio_headers)
    api.post(f"/api/v1/patients/{athlete['id']}/notes", json={"text": "Seen."}, headers=physio_headers)
    api.get(f"/api/v1/patients/{athlete['id']}/entries", headers=physio_headers)
    assert api.delete("/api/v1/me", json={"password": PASSWORD}, headers=physio_headers).status_code == 204

    browser = app.test_client()
    AuthActions(browser).login(athlete["email"])
    page = browser.get("/athlete/care")
    assert page.status_code == 200
    assert "a former physiotherapist" in page.text and "Nobody. Your diary is yours alone." in page.text
