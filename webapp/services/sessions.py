"""Browser sessions: starting them, checking them on every request, listing and ending them.

The signed cookie holds the account id and a random session token. The server
keeps one row per session (BrowserSession) with when it started and was last
seen; a cookie whose row is gone is worthless. So logging out ends the session
wherever its cookie was copied, and ending every session (a new password, "log
out everywhere", a deleted account) deletes the rows.

The cookie itself never changes after log-in: a response still in flight when
the user logs out cannot write an old session back into the browser. "Last
seen" lives on the server and is rewritten only when it is a twentieth of the
idle limit old, so that reads do not each cost a write.
"""
import hashlib
import logging
import secrets
import uuid
from datetime import datetime, timedelta

from flask import current_app, flash, g, has_request_context, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from webapp.core.wording import N_
from webapp.infra.database import commit_keeping_loaded, may_write, write_transaction
from webapp.infra.extensions import db
from webapp.infra.row_updates import as_written
from webapp.infra.times import utcnow
from webapp.models import BrowserSession, User
from webapp.services import audit

TOUCH_FRACTION = 20
TOKEN_KEY = "session_token"
log = logging.getLogger(__name__)

# (what the User-Agent contains, what a person calls it); the first match wins, so order matters.
BROWSERS = (("Edg", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def session_expired(*, started_at: datetime, seen_at: datetime, now: datetime, idle: timedelta, absolute: timedelta) -> bool:
    """Tell whether a session has been idle too long or has lived too long."""
    return now - seen_at >= idle or now - started_at >= absolute


def seen_at_is_stale(*, seen_at: datetime, now: datetime, idle: timedelta) -> bool:
    """Tell whether "last seen" is old enough to be worth a write."""
    return now - seen_at >= idle / TOUCH_FRACTION


def device_label(user_agent: str) -> str:
    """Name a browser the way its owner would recognise it on the account page ("Chrome on Android")."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or N_("Unknown browser")


def timeouts_for(role: str) -> tuple[timedelta, timedelta]:
    """Return the idle and absolute limits for accounts of this role, from config."""
    config = current_app.config
    return (
        timedelta(seconds=config["SESSION_IDLE_TIMEOUT"][role]),
        timedelta(seconds=config["SESSION_ABSOLUTE_TIMEOUT"][role]),
    )


def ends_at(record: BrowserSession, role: str) -> datetime:
    """Return when this session ends unless it is used again (the idle or the absolute limit, whichever is first)."""
    idle, absolute = timeouts_for(role)
    return min(record.last_seen_at + idle, record.created_at + absolute)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """Log the user in on this browser with a fresh session (nothing from before carries over)."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    user_agent = request.user_agent.string if has_request_context() else ""
    db.session.add(BrowserSession(user_id=user.id, token_hash=_digest(token), created_at=now, last_seen_at=now,
                                  device_label=device_label(user_agent)))
    _forget_expired_sessions(user, now)
    db.session.commit()
    session.clear()
    session.permanent = True
    login_user(user)
    session[TOKEN_KEY] = token


def _forget_expired_sessions(user: User, now: datetime) -> None:
    idle, absolute = timeouts_for(user.role)
    db.session.execute(delete(BrowserSession).where(
        BrowserSession.user_id == user.id,
        (BrowserSession.last_seen_at <= now - idle) | (BrowserSession.created_at <= now - absolute),
    ))


def current_session() -> BrowserSession | None:
    """Return this request's session row, if the request came with a live session cookie."""
    current_user._get_current_object()  # loads the user, and with it g.browser_session
    return g.get("browser_session")


def end_session() -> None:
    """End this browser's session on the server and forget it here (the account may already be gone)."""
    token = session.get(TOKEN_KEY)
    if isinstance(token, str):
        db.session.execute(delete(BrowserSession).where(BrowserSession.token_hash == _digest(token)))
        db.session.commit()
    logout_user()
    session.clear()


def log_out() -> None:
    """Log out this browser, wherever its cookie was copied, and say so in the audit log."""
    audit.record("logout", current_user.id)
    end_session()


def active_sessions(user: User) -> list[BrowserSession]:
    """Return the account's live sessions, most recently used first."""
    now = utcnow()
    rows = db.session.scalars(
        select(BrowserSession).where(BrowserSession.user_id == user.id).order_by(BrowserSession.last_seen_at.desc())
    )
    return [row for row in rows if ends_at(row, user.role) > now]


def end_session_by_id(user: User, session_id: uuid.UUID) -> bool:
    """End one of the account's sessions; False if it has no such session."""
    record = db.session.scalar(select(BrowserSession).where(BrowserSession.user_id == user.id, BrowserSession.id == session_id))
    if record is None:
        return False
    db.session.delete(record)
    audit.record("session_ended", user.id)
    db.session.commit()
    return True


def load_session_user(user_id: str) -> User | None:
    """Return the account of this request's session cookie, or None if its session has ended."""
    token = session.get(TOKEN_KEY)
    # Every request with a cookie asks this: one query for the session and its account together.
    record = db.session.scalar(
        select(BrowserSession).options(joinedload(BrowserSession.user)).where(BrowserSession.token_hash == _digest(token))
    ) if isinstance(token, str) else None
    if record is None or str(record.user_id) != user_id:
        _ended()
        return None
    user = record.user
    now = utcnow()
    idle, absolute = timeouts_for(user.role)
    if session_expired(started_at=record.created_at, seen_at=record.last_seen_at, now=now, idle=idle, absolute=absolute):
        _ended()
        return None
    if seen_at_is_stale(seen_at=record.last_seen_at, now=now, idle=idle):
        _touch(record, now)
    g.browser_session = record
    return user


def _ended() -> None:
    session.clear()
    flash(_("Your session has ended, so you were logged out. Please log in again."), "info")
    g.session_ended = True


def _touch(record: BrowserSession, now: datetime) -> None:
    if may_write():
        # This request's own transaction is a writer already: a second one would wait for it (on SQLite, for the
        # whole busy timeout, and then fail). So it is written here, whatever the view goes on to do.
        record.last_seen_at = now
        commit_keeping_loaded(db.session())
        return
    # Its own short write transaction: this request's is read-only (see webapp.infra.database).
    try:
        with write_transaction(db.engine) as connection:
            connection.execute(update(BrowserSession).where(BrowserSession.id == record.id).values(last_seen_at=now))
    except SQLAlchemyError:
        log.warning("could not record that session %s was seen; it will be tried on a later request", record.id, exc_info=True)
        return
    # Not a change for this request's own transaction to write again.
    as_written(record, {"last_seen_at": now})
