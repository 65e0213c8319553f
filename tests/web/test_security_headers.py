"""Every response carries the security headers; pages run under a strict CSP."""
import pytest

from tests.conftest import bearer


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/openapi.json", "/healthz", "/no-such-page", "/static/css/app.css"])
def test_security_headers_everywhere(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers


def test_hsts_over_https(client):
    assert "max-age=" in client.get("/login", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_answers_about_an_account_are_not_kept_in_the_http_cache(client, auth, athlete):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    auth.login(athlete["email"])
    for path in ("/athlete/", "/account", "/api/v1/me", "/api/v1/me/export?format=csv"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_bearer_answers_are_not_kept_either(client, athlete):
    assert client.get("/api/v1/me", headers=bearer(client, athlete)).headers["Cache-Control"] == "private, no-store"
