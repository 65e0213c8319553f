"""Response headers that keep pages safe by default, and tell the service worker whose answer it is."""
from flask import g, request
from flask_login import current_user

from webapp.infra.times import iso
from webapp.services.sessions import ends_at

# No inline script or style anywhere, and nothing from another origin: the app works offline.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


def apply_security_headers(response):
    """Add CSP and friends to every response; HSTS only when served over HTTPS."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if _answered_an_account():
        # Health data: nothing for the browser's HTTP cache or back button on a shared computer.
        # (The service worker's offline copies are separate, and forgotten at log-out.)
        headers.setdefault("Cache-Control", "private, no-store")
    return response


def _answered_an_account() -> bool:
    # Flask-Login keeps the user it loaded in g._login_user; asking current_user here instead
    # would load a user for every static file and mark every response Vary: Cookie.
    user = g.get("_login_user") or g.get("api_user")
    return bool(user and user.is_authenticated)


def declare_account(response):
    """Name the account an answer was made for, and when its session ends if unused (empty: no session).

    The service worker keeps offline copies of one account's pages and data, and forgets
    them when an answer names another account or none (static/sw.js).
    """
    if request.endpoint in (None, "static"):
        return response
    user = g.get("api_user") or current_user
    response.headers["BackOnTrack-Account"] = str(user.id) if user and user.is_authenticated else ""
    record = g.get("browser_session")
    if record is not None and user.is_authenticated:
        response.headers["BackOnTrack-Session-Ends"] = iso(ends_at(record, user.role))
    return response
