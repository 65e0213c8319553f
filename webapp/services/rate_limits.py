"""Rate limits: how many attempts each kind of request gets, and whose budget it comes from.

The limits are read from config at request time; the keys name the account the
request is about, so that the pages and the API share one budget.
"""
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, g, request
from flask_limiter import RouteLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

from webapp.infra.extensions import limiter
from webapp.services.accounts import account_id_for_email

View = Callable[..., Any]


def auth_rate_limit() -> str:
    """Return the limit on log-in, token and account creation attempts per IP, from config."""
    return current_app.config["AUTH_RATE_LIMIT"]


def account_rate_limit() -> str:
    """Return the limit on refused credentials per account, from config."""
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def _account_key(account_id: object) -> str:
    return f"account:{account_id}"


def email_in_request() -> str:
    """Key the per-account limit by the account a log-in or registration names (read before the view).

    An email that belongs to an account counts against that account, so that guesses
    through the log-in and through a password confirmation share one budget.
    """
    body = request.get_json(silent=True) if request.is_json else request.form
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str):
        return "email:"
    account_id = account_id_for_email(email)
    return _account_key(account_id) if account_id else "email:" + email.strip().lower()


def caller_account() -> str:
    """Key per-account limits by the account the caller is authenticated as.

    Never by the raw Authorization header or cookie text: every spelling of the same
    token ("Bearer  T", "bearer T") and every junk header on a page is the same caller.
    """
    user = g.get("api_user") or (current_user if current_user.is_authenticated else None)
    return _account_key(user.id) if user is not None else "address:" + get_remote_address()


def export_rate_limit() -> str:
    """Return the limit on exports per account (a PDF costs real CPU), from config."""
    return current_app.config["EXPORT_RATE_LIMIT"]


def invite_rate_limit() -> str:
    """Return the limit on invite-code redemptions, from config (codes are short enough to be guessed)."""
    return current_app.config["INVITE_RATE_LIMIT"]


def credentials_refused(response: Response) -> bool:
    """Count only refusals against the account, so that its owner is not locked out by succeeding."""
    return response.status_code in (401, 409, 422)


def auth_limit(view: View) -> Callable[..., Any]:
    """Limit log-in, token and account creation attempts per IP: the pages and the API draw on one budget."""
    return limiter.shared_limit(auth_rate_limit, scope="auth-address", methods=["POST"])(view)


def account_limit(key_func: Callable[[], str]) -> RouteLimit:
    """Decorate a view that checks a password: refused attempts count against the account, on pages and API alike."""
    return limiter.shared_limit(
        account_rate_limit, scope="account", key_func=key_func, deduct_when=credentials_refused, methods=["POST", "DELETE"]
    )


def export_limit(view: View) -> Callable[..., Any]:
    """Limit exports per account, every format and every route together."""
    return limiter.shared_limit(export_rate_limit, scope="export", key_func=caller_account)(view)


def invite_limit(view: View) -> Callable[..., Any]:
    """Limit invite redemptions per address and per account, the page and the API together."""
    per_address = limiter.shared_limit(invite_rate_limit, scope="invite-address", methods=["POST"])
    per_account = limiter.shared_limit(invite_rate_limit, scope="invite-account", key_func=caller_account, methods=["POST"])
    return per_address(per_account(view))
