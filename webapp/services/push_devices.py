"""An athlete's devices for reminders: their Web Push subscriptions, and this server's VAPID key.

A subscription is tied to the log-in (browser session or API token) that made it,
so it ends with that log-in; registering the same endpoint again (each page load
with reminders on does) moves it to the current log-in.
"""
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from py_vapid import Vapid02
from sqlalchemy import delete, func, select

from webapp.core.wording import N_
from webapp.infra.extensions import db
from webapp.infra.times import iso
from webapp.infra.vapid import application_server_key, from_text, instance_key
from webapp.models import ApiToken, BrowserSession, PushSubscription, User
from webapp.services.invalid_input import InvalidFields
from webapp.services.push_endpoints import endpoint_problem
from webapp.services.sessions import timeouts_for


def vapid_key() -> Vapid02:
    """This server's VAPID key: VAPID_PRIVATE_KEY, else the one generated into instance/ (read once per app)."""
    cached = current_app.extensions.get("vapid")
    if cached is None:
        configured = current_app.config.get("VAPID_PRIVATE_KEY")
        cached = from_text(configured) if configured else instance_key(Path(current_app.instance_path))
        current_app.extensions["vapid"] = cached
    return cached


def public_key() -> str:
    """The applicationServerKey a page subscribes with."""
    return application_server_key(vapid_key())


def endpoint_problem_here(endpoint: str) -> str | None:
    """Why this server will not send to the endpoint (under its PUSH_ALLOWED_HOSTS), or None."""
    return endpoint_problem(endpoint, current_app.config["PUSH_ALLOWED_HOSTS"])


def register(user: User, endpoint: str, p256dh: str, auth: str, device: str,
             browser_session_id: uuid.UUID | None, api_token_id: int | None) -> tuple[PushSubscription, bool]:
    """Store this device's subscription under the current log-in; return it and whether it is new."""
    problem = endpoint_problem_here(endpoint)
    if problem:
        raise InvalidFields({"endpoint": [problem]})
    if browser_session_id is None and api_token_id is None:
        raise InvalidFields({"endpoint": [N_("Log in on this device to turn on its reminders.")]})
    subscription = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if subscription is not None and subscription.user_id != user.id:
        # The browser now belongs to another log-in (a shared phone): the earlier account loses it.
        db.session.delete(subscription)
        db.session.flush()
        subscription = None
    created = subscription is None
    if subscription is None:
        _make_room(user)
        subscription = PushSubscription(id=uuid.uuid4(), user_id=user.id, endpoint=endpoint)
    subscription.p256dh, subscription.auth, subscription.device_label = p256dh, auth, device[:100]
    subscription.browser_session_id, subscription.api_token_id = browser_session_id, api_token_id
    db.session.add(subscription)
    db.session.commit()
    return subscription, created


def _make_room(user: User) -> None:
    """Keep the athlete's devices under PUSH_DEVICES_PER_ATHLETE: each one costs the sender a request per reminder.

    The device that has gone longest without a reminder is forgotten: a phone
    subscribing now is the one its athlete holds, an old one has often been replaced.
    """
    keep = int(current_app.config["PUSH_DEVICES_PER_ATHLETE"]) - 1
    idle_first = (select(PushSubscription.id).where(PushSubscription.user_id == user.id)
                  .order_by(func.coalesce(PushSubscription.last_sent_at, PushSubscription.created_at).desc(), PushSubscription.created_at.desc())
                  .offset(max(keep, 0)))
    stale = list(db.session.scalars(idle_first))
    if stale:
        db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(stale)))


def devices_of(user: User) -> list[PushSubscription]:
    """The athlete's subscribed devices, newest first."""
    query = select(PushSubscription).where(PushSubscription.user_id == user.id).order_by(PushSubscription.created_at.desc())
    return list(db.session.scalars(query))


def remove(user: User, subscription_id: uuid.UUID) -> bool:
    """Remove one of the athlete's devices; False if there is no such device of theirs."""
    result = db.session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id, PushSubscription.user_id == user.id))
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def remove_all(user: User) -> None:
    """Remove every device of the athlete's, in the caller's transaction."""
    db.session.execute(delete(PushSubscription).where(PushSubscription.user_id == user.id))


def live_subscriptions(user_ids: list[uuid.UUID], now: datetime) -> dict[uuid.UUID, list[PushSubscription]]:
    """Each athlete's subscriptions whose log-in has not ended (a session past its limits has, even if its row is left)."""
    rows = db.session.execute(
        select(PushSubscription, BrowserSession, ApiToken, User.role)
        .join(User, User.id == PushSubscription.user_id)
        .outerjoin(BrowserSession, BrowserSession.id == PushSubscription.browser_session_id)
        .outerjoin(ApiToken, ApiToken.id == PushSubscription.api_token_id)
        .where(PushSubscription.user_id.in_(user_ids))
    ).all()
    live: dict[uuid.UUID, list[PushSubscription]] = {}
    for subscription, browser_session, token, role in rows:
        idle, absolute = timeouts_for(role)
        session_live = browser_session is not None and now - browser_session.last_seen_at < idle and now - browser_session.created_at < absolute
        token_live = token is not None and token.expires_at > now
        if session_live or token_live:
            live.setdefault(subscription.user_id, []).append(subscription)
    return live


def masked_endpoint(endpoint: str) -> str:
    """The push service's host, for the device list: the full URL is a capability."""
    return urlsplit(endpoint).hostname or "?"


def as_dict(subscription: PushSubscription) -> dict:
    """The device as the API lists it."""
    return {
        "id": str(subscription.id), "device": subscription.device_label, "push_service": masked_endpoint(subscription.endpoint),
        "created_at": iso(subscription.created_at), "last_sent_at": iso(subscription.last_sent_at),
    }
