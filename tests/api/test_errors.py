"""The contract's error statuses and shapes; nothing a client sends gives a 500."""
import pytest

from tests.conftest import PASSWORD, bearer, csrf_token_from


@pytest.mark.parametrize(
    "data, content_type",
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ('["a", "list"]', "application/json"),
        ('"a string"', "application/json"),
        ("null", "application/json"),
        ("email=a@b.org", "application/x-www-form-urlencoded"),
        ('{"email": "a@b.org"}', "text/plain"),
        (b"\xff\xfe\x00garbage", "application/json"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/tokens"])
def test_malformed_body_is_400_json(client, path, data, content_type):
    response = client.post(path, data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.is_json and response.json["error"]["status"] == 400


def test_unknown_api_path_is_404_json(client):
    response = client.get("/api/v1/does-not-exist", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.json["error"]["status"] == 404


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/api/v1/accounts")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.json["error"]["status"] == 405


def test_too_large_body_is_413(make_app):
    client = make_app(MAX_CONTENT_LENGTH=1000).test_client()
    response = client.post("/api/v1/accounts", data='{"name": "' + "x" * 5000 + '"}', content_type="application/json")
    assert response.status_code == 413 and response.json["error"]["status"] == 413


def test_html_pages_get_html_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html" and "There is nothing here" in response.text


def test_session_cookie_calls_need_the_csrf_header(client, auth, athlete):
    auth.login(athlete["email"])
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/api/v1/accounts", json={"email": "x@example.org"})
    assert response.status_code == 403
    token = csrf_token_from(client.get("/", follow_redirects=True))
    response = client.post("/api/v1/accounts", json={"email": "x@example.org"}, headers={"X-CSRFToken": token})
    assert response.status_code == 422


def test_bearer_calls_need_no_csrf(client, athlete):
    headers = bearer(client, athlete)
    response = client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD}, headers=headers)
    assert response.status_code == 201


def test_rate_limit_answers_429_json(make_app, athlete):
    client = make_app(RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="3 per minute").test_client()
    statuses = [
        client.post("/api/v1/tokens", json={"email": athlete["email"], "password": "wrong password"}).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    response = client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD})
    assert response.status_code == 429 and response.json["error"]["status"] == 429
    assert "Retry-After" in response.headers


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(make_app, tmp_path):
    client = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db").test_client()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/api/v1/accounts", {"email": "nul@example.org", "password": PASSWORD, "role": "athlete", "name": "A\u0000B"}, "name"),
        ("/api/v1/accounts", {"email": "nul@example.org", "password": PASSWORD, "role": "athlete", "name": "AB", "timezone": "\u0000"}, "timezone"),
        ("/api/v1/tokens", {"email": "n\u0000ul@example.org", "password": PASSWORD}, "email"),
        ("/api/v1/tokens", {"email": "bell@example.org", "password": "pass\u0007word!"}, "password"),
    ],
)
def test_control_characters_are_422_not_a_database_error(client, path, body, field):
    """PostgreSQL refuses NUL in text; the form must catch it first."""
    response = client.post(path, json=body)
    assert response.status_code == 422 and field in response.json["errors"]


def test_lone_surrogate_is_422(client):
    response = client.post("/api/v1/tokens", data=r'{"email": "\ud800@x.org", "password": "x"}', content_type="application/json")
    assert response.status_code == 422 and "email" in response.json["errors"]


def test_absurdly_nested_json_is_400(client):
    response = client.post("/api/v1/tokens", data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("body", ['["a", "b"]', "[" * 100_000 + "]" * 100_000, '{"email": 5}'])
def test_json_posted_to_a_page_is_not_a_crash(client, body):
    token = csrf_token_from(client.get("/login"))
    response = client.post("/login", data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 422 and "Enter your email address" in response.text


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"Sec-Fetch-Site": "same-origin"}, 422),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Origin": "http://localhost"}, 422),
        ({"Origin": "https://evil.example"}, 403),
    ],
)
def test_cookie_writes_from_our_own_pages_need_no_token(client, auth, athlete, headers, status):
    """An outbox replaying days later has no fresh CSRF token; the browser's origin headers vouch for it."""
    auth.login(athlete["email"])
    response = client.put(f"/api/v1/episodes/{__import__('uuid').uuid4()}", json={}, headers=headers)
    assert response.status_code == status


def test_rate_limits_fall_back_to_memory_when_redis_is_down(make_app, athlete):
    client = make_app(RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()
    wrong = {"email": athlete["email"], "password": "wrong password"}
    assert [client.post("/api/v1/tokens", json=wrong).status_code for _ in range(4)] == [401, 401, 401, 429]
