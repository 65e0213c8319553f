"""Response headers that keep pages safe by default."""
from flask import g, request

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
