"""Who is calling the API: a bearer token, or the browser's session cookie.

Cookie calls that write must prove they come from our own pages. A phone's
outbox may replay a write days after the page was loaded, when a CSRF token
(valid one hour) has long expired. So the check is on the request itself:
browsers send Sec-Fetch-Site (or at least Origin) and scripts cannot forge
them, so "same-origin" there proves the write came from our pages. Session
cookies are SameSite=Lax, so cross-site writes carry no cookie in the first
place. Clients that send neither header fall back to the X-CSRFToken header.

The outbox names the account that queued each write (X-Outbox-Owner). Under
another account the write is refused with 401, which the outbox keeps for that
account's next log-in, so that one person's diary never receives another's.
"""
from functools import wraps
from typing import NoReturn

from flask import abort, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from webapp.core.wording import N_
from webapp.infra.database import SAFE_METHODS, read_first, reads_before_locking
from webapp.infra.extensions import csrf, db
from webapp.services.accounts import unexpired_token


def authenticate_request() -> None:
    """Set g.api_user (and g.api_token_id) from the Authorization header or the session; check CSRF for cookies."""
    g.api_user = g.api_token_id = None
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        view = current_app.view_functions.get(request.endpoint or "")
        keep_open = getattr(view, "keeps_reader_open", False) and reads_before_locking(db.engine)
        with read_first(db.session(), keep_open):
            found = unexpired_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if found is None:
            _unauthorized(N_("The bearer token is missing, malformed, unknown or expired."))
        g.api_user, g.api_token_id = found
    elif current_user.is_authenticated:
        if request.method not in SAFE_METHODS and not _same_origin():
            try:
                csrf.protect()
            except CSRFError:
                abort(403, N_("Send the page's CSRF token in the X-CSRFToken header, or use a bearer token."))
        g.api_user = current_user._get_current_object()
    owner = request.headers.get("X-Outbox-Owner")
    if owner is not None and g.api_user is not None and owner != str(g.api_user.id):
        _unauthorized(N_("This change was queued by another account; log in as that account to send it."))


def _same_origin() -> bool:
    """Tell whether the browser says this request came from our own origin (see the module's note)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and origin == request.host_url.rstrip("/")


def _unauthorized(message: str) -> NoReturn:
    raise Unauthorized(description=message, www_authenticate=WWWAuthenticate("Bearer"))


def login_required(view):
    """Answer 401 unless the caller is authenticated."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.api_user is None:
            _unauthorized(N_("Log in or send Authorization: Bearer <token>."))
        return view(*args, **kwargs)

    return wrapped


def role_required(role: str):
    """Answer 401 unless authenticated, 403 unless the caller has this role."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if g.api_user.role != role:
                abort(403, f"Only {role} accounts may do this.")
            return view(*args, **kwargs)

        return wrapped

    return decorator
