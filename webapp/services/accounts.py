"""Account service: registration, authentication and API tokens."""
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError

from webapp.infra.extensions import db
from webapp.infra.passwords import hash_password, needs_rehash, verify_password
from webapp.infra.times import utcnow
from webapp.models import ApiToken, BrowserSession, User
from webapp.services import audit


class EmailTaken(Exception):
    """Another account already uses this email address."""


def normalise_email(email: str) -> str:
    """Return the form under which an email is stored and looked up."""
    return email.strip().lower()


def _profile() -> str:
    return current_app.config["PASSWORD_HASH_PROFILE"]


def create_account(*, email: str, password: str, role: str, name: str, timezone: str = "UTC", language: str | None = None) -> User:
    """Store a new account and return it; raise EmailTaken if the email is in use."""
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password, _profile()),
        role=role,
        name=name.strip(),
        timezone=timezone or "UTC",
        language=language,
    )
    db.session.add(user)
    try:
        db.session.flush()
        audit.record("account_created", user.id)
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise EmailTaken(email) from exc
    return user


def account_id_for_email(email: str) -> uuid.UUID | None:
    """Return the id of the account with this email, or None."""
    return db.session.scalar(select(User.id).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the account these credentials open, or None; the attempt goes to the audit log."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        # Hash anyway so that response time does not tell which emails exist.
        hash_password(password, _profile())
        audit.record("login_failed")
    elif not verify_password(user.password_hash, password, _profile()):
        audit.record("login_failed", user.id)
        user = None
    else:
        if needs_rehash(user.password_hash, _profile()):
            user.password_hash = hash_password(password, _profile())
        audit.record("login", user.id)
    db.session.commit()
    return user


def password_matches(user: User, password: str) -> bool:
    """Tell whether this is the account's password (to confirm a sensitive change)."""
    return verify_password(user.password_hash, password, _profile())


def end_all_sessions(user: User, *, event: str = "logout_everywhere") -> None:
    """End every browser session and revoke every token of the account, this browser's included."""
    db.session.execute(delete(BrowserSession).where(BrowserSession.user_id == user.id))
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    audit.record(event, user.id)
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> bool:
    """Set a new password and end every session and token; False if the current password is wrong."""
    if not password_matches(user, current_password):
        audit.record("password_change_failed", user.id)
        db.session.commit()
        return False
    user.password_hash = hash_password(new_password, _profile())
    end_all_sessions(user, event="password_changed")
    return True


def delete_account(user: User, password: str) -> bool:
    """Delete the account and everything stored about it; False if the password is wrong."""
    if not password_matches(user, password):
        audit.record("account_delete_failed", user.id)
        db.session.commit()
        return False
    # The database's ON DELETE rules remove the diary, alerts, links, notes, tokens and audit rows.
    db.session.execute(delete(User).where(User.id == user.id))
    audit.record("account_deleted")
    db.session.commit()
    db.session.expunge_all()
    return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, datetime]:
    """Create a bearer token for the user; return it (shown once) and its expiry."""
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(days=current_app.config["API_TOKEN_TTL_DAYS"])
    db.session.add(ApiToken(user=user, token_hash=_digest(token), expires_at=expires_at))
    db.session.commit()
    return token, expires_at


# Every API request asks this: the owner and the token's id in one statement, built once.
TOKEN_OWNER = select(User, ApiToken.id).join(ApiToken, ApiToken.user_id == User.id).where(
    ApiToken.token_hash == bindparam("digest"), ApiToken.expires_at > bindparam("now"),
)


def unexpired_token(token: str) -> tuple[User, int] | None:
    """Return the owner of an unexpired bearer token and the token's id, or None."""
    found = db.session.execute(TOKEN_OWNER, {"digest": _digest(token), "now": utcnow()}).first()
    return (found[0], found[1]) if found is not None else None



def set_language(user: User, language: str | None) -> None:
    """Store the language the account reads in (None: the browser's)."""
    user.language = language
    db.session.commit()
