"""Browser sessions: starting them, checking them on every request, ending them.

The signed session cookie holds the account id with the account's session
version, when the session started and when it was last seen. Raising the
version on the server (log out everywhere, a new password, a deleted account)
makes every cookie issued before it worthless at once.

"Last seen" is rewritten only when it is a twentieth of the idle limit old:
rewriting it on every request would send the cookie on every response, and a
response still in flight during a log-out would then log the user back in.
"""
import uuid
from datetime import datetime, timedelta, timezone

from flask import current_app, flash, g, session
from flask_login import current_user, login_user, logout_user

from webapp import audit
from webapp.extensions import db
from webapp.times import utcnow

TOUCH_FRACTION = 20


def session_expired(*, started_at: datetime, seen_at: datetime, now: datetime, idle: timedelta, absolute: timedelta) -> bool:
    """Tell whether a session has been idle too long or has lived too long."""
    return now - seen_at >= idle or now - started_at >= absolute


def seen_at_is_stale(*, seen_at: datetime, now: datetime, idle: timedelta) -> bool:
    """Tell whether "last seen" is old enough to be worth a new cookie."""
    return now - seen_at >= idle / TOUCH_FRACTION


def timeouts_for(role: str) -> tuple[timedelta, timedelta]:
    """Return the idle and absolute limits for accounts of this role, from config."""
    config = current_app.config
    return (
        timedelta(seconds=config["SESSION_IDLE_TIMEOUT"][role]),
        timedelta(seconds=config["SESSION_ABSOLUTE_TIMEOUT"][role]),
    )


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def _moment(stamp) -> datetime | None:
    if not isinstance(stamp, int):
        return None
    return datetime.fromtimestamp(stamp, tz=timezone.utc)


def start_session(user) -> None:
    """Log the user in on this browser with a fresh session (nothing from before carries over)."""
    session.clear()
    session.permanent = True
    login_user(user)
    session["started_at"] = session["seen_at"] = _stamp(utcnow())


def end_session() -> None:
    """Forget the session on this browser (the account may already be gone)."""
    logout_user()
    session.clear()


def log_out() -> None:
    """Log out this browser only, and say so in the audit log."""
    audit.record("logout", current_user.id)
    db.session.commit()
    end_session()


def load_session_user(session_user_id: str):
    """Return the account of this request's session cookie, or None if it has ended."""
    from webapp.models import User

    account_id, _, version = session_user_id.partition(":")
    try:
        user = db.session.get(User, uuid.UUID(account_id))
    except ValueError:
        return None
    if user is None or version != str(user.session_version):
        return None
    started_at, seen_at, now = _moment(session.get("started_at")), _moment(session.get("seen_at")), utcnow()
    idle, absolute = timeouts_for(user.role)
    if started_at is None or seen_at is None or session_expired(
        started_at=started_at, seen_at=seen_at, now=now, idle=idle, absolute=absolute
    ):
        session.clear()
        flash("Your session has ended, so you were logged out. Please log in again.", "info")
        g.session_ended = True
        return None
    if seen_at_is_stale(seen_at=seen_at, now=now, idle=idle):
        session["seen_at"] = _stamp(now)
    return user
