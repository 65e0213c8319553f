"""Registration, log in and log out through the HTML pages."""
import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_token_from, make_account
from webapp.infra.extensions import db
from webapp.models import User


def test_register_as_athlete_lands_on_the_diary(client, auth):
    response = auth.register("new@example.org", role="athlete", name="Nia", timezone="Europe/Paris")
    assert response.status_code == 302 and response.location.endswith("/athlete/")
    home = client.get("/athlete/")
    assert home.status_code == 200 and "Hi Nia" in home.text


def test_register_as_physio_lands_on_patients(client, auth):
    response = auth.register("pt@example.org", role="physio")
    assert response.location.endswith("/physio/")
    assert "Patients" in client.get("/physio/").text


def test_register_keeps_the_time_zone(app, auth):
    auth.register("tz@example.org", timezone="America/Chicago")
    with app.app_context():
        assert db.session.scalar(select(User.timezone)) == "America/Chicago"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"password": "short"}, "at least 8 characters"),
        ({"password": "iloveyou"}, "too common"),
        ({"email": "nope"}, "valid email"),
        ({"name": ""}, "Enter your name"),
        ({"role": ""}, "Choose athlete or physiotherapist"),
    ],
)
def test_register_shows_field_errors_and_stores_nothing(app, auth, fields, message):
    defaults = {"email": "x@example.org", "password": PASSWORD, "role": "athlete", "name": "X"}
    args = {**defaults, **fields}
    response = auth.register(args.pop("email"), **args)
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_register_with_a_taken_email_says_so(app, auth, athlete):
    response = auth.register(athlete["email"].upper())
    assert response.status_code == 422 and "already exists" in response.text


def test_register_without_csrf_token_is_refused(client, app):
    response = client.post("/register", data={"email": "a@example.org", "password": PASSWORD, "role": "athlete", "name": "A"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_login_and_logout(client, auth, athlete):
    response = auth.login(athlete["email"].upper())
    assert response.status_code == 302 and response.location.endswith("/athlete/")
    assert client.get("/athlete/").status_code == 200
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/athlete/").status_code == 302


def test_wrong_password_shows_an_error(client, auth, athlete):
    response = auth.login(athlete["email"], "not the password")
    assert response.status_code == 422 and "do not match" in response.text
    assert client.get("/athlete/").status_code == 302


def test_logout_needs_post(client, auth, athlete):
    auth.login(athlete["email"])
    assert client.get("/logout").status_code == 405
    assert client.get("/athlete/").status_code == 200


def test_login_renews_the_session(client, auth, athlete):
    before = csrf_token_from(client.get("/login"))
    auth.login(athlete["email"])
    after = csrf_token_from(client.get("/athlete/"))
    assert before != after


def test_session_cookie_flags(client, auth, athlete):
    response = auth.login(athlete["email"])
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client, athlete):
    page = client.get("/login", base_url="https://localhost")
    response = client.post(
        "/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
        data={"csrf_token": csrf_token_from(page), "email": athlete["email"], "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    "next_url, expected",
    [("/physio/", "/physio/"), ("https://evil.example/", "/athlete/"), ("//evil.example/", "/athlete/"), ("javascript:alert(1)", "/athlete/")],
)
def test_login_follows_only_local_next(client, athlete, next_url, expected):
    token = csrf_token_from(client.get("/login"))
    response = client.post(
        "/login", query_string={"next": next_url}, data={"csrf_token": token, "email": athlete["email"], "password": PASSWORD}
    )
    assert response.location == expected


def test_pages_need_login(client):
    response = client.get("/athlete/")
    assert response.status_code == 302 and "/login" in response.location


def test_each_role_sees_only_its_pages(client, auth, app):
    physio = make_account(app, "physio")
    auth.login(physio["email"])
    assert client.get("/athlete/").status_code == 403
    assert client.get("/").location.endswith("/physio/")


def test_layout_has_navigation_and_the_disclaimer(client, auth, athlete):
    anonymous = client.get("/").text
    assert "Log in" in anonymous and "Register" in anonymous
    assert "general information, not a diagnosis" in anonymous
    auth.login(athlete["email"])
    page = client.get("/athlete/").text
    assert "My diary" in page and "Log out" in page and "general information, not a diagnosis" in page


def test_flash_messages_show(client, auth):
    response = auth.register("flash@example.org", name="Flo")
    assert "Your account is ready" in client.get(response.location).text


def test_demo_command_is_repeatable(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "created" in first.output
    assert second.exit_code == 0 and "created" not in second.output
    with app.app_context():
        roles = sorted(db.session.scalars(select(User.role)))
    assert roles == ["athlete", "physio"]


def test_a_request_in_flight_during_logout_cannot_log_the_user_back_in(client, auth, athlete):
    """Pages do not re-send the session cookie unless the session changed."""
    auth.login(athlete["email"])
    client.get("/athlete/")  # the first page stores the session's CSRF token
    page = client.get("/athlete/")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
