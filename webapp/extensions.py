"""Bare extension objects, bound to an app in create_app."""
import hashlib

from flask import current_app, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints so that Alembic can alter them on SQLite and PostgreSQL alike.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


def auth_rate_limit() -> str:
    """Return the limit on log-in, token and account creation attempts per IP, from config."""
    return current_app.config["AUTH_RATE_LIMIT"]


def account_rate_limit() -> str:
    """Return the limit on refused credentials per account, from config."""
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def email_in_request() -> str:
    """Key the per-account limit by the email a log-in or registration names (read before the view)."""
    body = request.get_json(silent=True) if request.is_json else request.form
    email = body.get("email") if isinstance(body, dict) else None
    return "email:" + (email.strip().lower() if isinstance(email, str) else "")


def caller_credential() -> str:
    """Key the per-account limit by who is calling: their bearer token or session, never by what the body says."""
    credential = request.headers.get("Authorization") or session.get("_user_id") or ""
    return "credential:" + hashlib.sha256(credential.encode()).hexdigest()


def credentials_refused(response) -> bool:
    """Count only refusals against the account, so that its owner is not locked out by succeeding."""
    return response.status_code in (401, 409, 422)


def account_limit(key_func):
    """Decorate a view that checks a password: refused attempts count against the account, on pages and API alike."""
    return limiter.shared_limit(
        account_rate_limit, scope="account", key_func=key_func, deduct_when=credentials_refused, methods=["POST", "DELETE"]
    )
