"""Send the reminders that are due: `flask --app webapp reminders send`, from cron every few minutes.

Two steps, each safe to run on several servers at once:
1. Claim: for every athlete with reminders on and a live device, ask the schedule
   (webapp.core.reminder_schedule) what is due and insert a Reminder row per due
   key, with one PushDelivery per device. The key is unique, so a reminder another
   run claimed first is skipped, and only the run that claimed it makes deliveries.
2. Deliver: take each pending delivery whose time has come by setting its lease in
   a conditional UPDATE (the run whose UPDATE changed the row owns it), commit,
   then send with no transaction open (a push service may take seconds), many at
   once but a few per push service, and none started after PUSH_RUN_SECONDS
   (webapp.infra.web_push). 201 is sent; 404/410 delete the subscription; 429, 5xx
   and no answer retry later with backoff, never before Retry-After (at most a
   day); a redirect, a refused endpoint or address, or a subscription that cannot
   be encrypted for fails that delivery alone; a reminder no longer wanted (the
   athlete logged, the episode resolved, the alert closed, the day ended) is dropped.
"""
import logging
import uuid
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import gettext
from sqlalchemy import and_, case, func, select, update
from sqlalchemy.exc import IntegrityError

from webapp.core.reminder_schedule import (
    ALERT,
    NOTIFIED_SEVERITIES,
    AlertToNotify,
    AthleteFacts,
    DueReminder,
    EpisodeToRemind,
    ReminderPreferences,
    checkin_banner,
    due_reminders,
)
from webapp.infra.extensions import db
from webapp.infra.languages import speaking, translate
from webapp.infra.push_network import InternetNetwork
from webapp.infra.times import utcnow
from webapp.infra.web_push import PushRequest, PushResult, PushTransport, send_all
from webapp.models import Alert, Entry, Episode, PushDelivery, PushSubscription, Reminder, ReminderPreference, User
from webapp.services.episode_facts import episode_facts
from webapp.services.push_devices import endpoint_problem_here, live_subscriptions, vapid_key
from webapp.services.reminder_preferences import schedule_preferences
from webapp.services.rule_inputs import thresholds_for

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 6
FIRST_BACKOFF = timedelta(minutes=1)
LONGEST_BACKOFF = timedelta(hours=1)


def _zone_name(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def athletes_to_remind(now: datetime) -> tuple[list[AthleteFacts], dict[uuid.UUID, list[PushSubscription]]]:
    """The facts the schedule needs for athletes with reminders on and a device still logged in, and those devices."""
    rows = db.session.execute(
        select(ReminderPreference, User.timezone).join(User, User.id == ReminderPreference.user_id)
        .where(ReminderPreference.enabled.is_(True), User.role == "athlete")
    ).all()
    devices = live_subscriptions([prefs.user_id for prefs, _ in rows], now)
    return _facts({prefs.user_id: (schedule_preferences(prefs), zone) for prefs, zone in rows if prefs.user_id in devices}), devices


def checkin_on_home(user: User, now: datetime, preferences: ReminderPreference, open_episodes: list[Episode],
                    last_entry_at: dict[uuid.UUID, datetime]) -> DueReminder | None:
    """The check-in the athlete's home page shows as a banner, from what the page has loaded already."""
    facts = AthleteFacts(
        str(user.id), _zone_name(user.timezone), schedule_preferences(preferences),
        tuple(EpisodeToRemind(episode_facts(e), last_entry_at.get(e.id)) for e in open_episodes), (),
        thresholds_for([user.id])[user.id],
    )
    return checkin_banner(facts, now)


def _facts(users: dict[uuid.UUID, tuple[ReminderPreferences, str]]) -> list[AthleteFacts]:
    if not users:
        return []
    last_entry = func.max(Entry.recorded_at)
    episodes: dict[uuid.UUID, list[EpisodeToRemind]] = {}
    for episode, last in db.session.execute(
        select(Episode, last_entry).outerjoin(Entry, and_(Entry.episode_id == Episode.id, Entry.deleted_at.is_(None)))
        .where(Episode.user_id.in_(list(users)), Episode.resolved_at.is_(None)).group_by(Episode.id)
    ).all():
        episodes.setdefault(episode.user_id, []).append(EpisodeToRemind(episode_facts(episode), last))
    alerts: dict[uuid.UUID, list[AlertToNotify]] = {}
    for alert, activity in db.session.execute(
        select(Alert, Episode.activity).join(Episode, Episode.id == Alert.episode_id)
        .where(Alert.user_id.in_(list(users)), Alert.status == "open", Alert.severity.in_(list(NOTIFIED_SEVERITIES)),
               Alert.raised_via != "athlete", Episode.resolved_at.is_(None))
    ).all():
        alerts.setdefault(alert.user_id, []).append(AlertToNotify(str(alert.id), str(alert.episode_id), activity, alert.severity, alert.raised_at))
    thresholds = thresholds_for(users)
    return [
        AthleteFacts(str(user_id), _zone_name(zone), prefs, tuple(episodes.get(user_id, ())), tuple(alerts.get(user_id, ())), thresholds[user_id])
        for user_id, (prefs, zone) in users.items()
    ]


def episode_paths(episode_id: str) -> tuple[str, str]:
    """The paths of an episode's page and of its log form, built without a request (the sender runs from cron)."""
    adapter = current_app.url_map.bind("localhost")
    return (adapter.build("athlete.episode", {"episode_id": episode_id}),
            adapter.build("athlete.log_entry", {"episode_id": episode_id}))


def push_message(reminder: DueReminder, language: str | None = None) -> dict:
    """What is pushed for a reminder, in the athlete's language."""
    # What the push service carries (encrypted) and the device shows: no pain score, no red flag.
    # A tap opens the log form for a check-in and the episode (to read the alert) for an alert; "Log pain" always the form.
    episode_page, log_form = episode_paths(reminder.episode_id)
    with speaking(language):
        title, body, log_title = translate(reminder.title), translate(reminder.body), gettext("Log pain")
    return {"title": title, "body": body, "log_title": log_title, "url": episode_page if reminder.kind == ALERT else log_form,
            "log_url": log_form, "tag": f"{reminder.kind}:{reminder.episode_id}"}


def claim_due(now: datetime) -> int:
    """Claim every reminder due now, with a delivery per live device; return how many this run claimed."""
    facts, devices = athletes_to_remind(now)
    # What was claimed lately, so that a run does not try each of those again (the unique key would refuse it anyway).
    recent: dict[str, set[str]] = {}
    for user_id, key in db.session.execute(select(Reminder.user_id, Reminder.key).where(
        Reminder.user_id.in_([uuid.UUID(f.user_id) for f in facts]), Reminder.created_at > now - timedelta(days=2),
    )):
        recent.setdefault(str(user_id), set()).add(key)
    languages = dict(db.session.execute(select(User.id, User.language).where(User.id.in_([uuid.UUID(f.user_id) for f in facts]))).all())
    claimed = 0
    for athlete in facts:
        user_id = uuid.UUID(athlete.user_id)
        for due in due_reminders(athlete, now, frozenset(recent.get(athlete.user_id, ()))):
            try:
                with db.session.begin_nested():
                    reminder = Reminder(
                        id=uuid.uuid4(), user_id=user_id, key=due.key, kind=due.kind, episode_id=uuid.UUID(due.episode_id),
                        alert_id=uuid.UUID(due.alert_id) if due.alert_id else None, payload=push_message(due, languages.get(user_id)),
                        urgency=due.urgency, created_at=now, expires_at=due.expires_at,
                    )
                    db.session.add(reminder)
                    db.session.flush()
                    db.session.add_all(PushDelivery(reminder_id=reminder.id, subscription_id=device.id, next_attempt_at=now)
                                       for device in devices.get(user_id, []))
                    db.session.flush()
            except IntegrityError:
                continue  # another run claimed this one first
            claimed += 1
    db.session.commit()
    return claimed


def _still_wanted(reminder: Reminder, now: datetime) -> bool:
    if now >= reminder.expires_at:
        return False
    episode = db.session.get(Episode, reminder.episode_id)
    if episode is None or episode.resolved_at is not None:
        return False
    if reminder.kind == ALERT:
        alert = db.session.get(Alert, reminder.alert_id) if reminder.alert_id else None
        return alert is not None and alert.status == "open"
    logged_since = db.session.scalar(select(func.count()).select_from(Entry).where(
        Entry.episode_id == episode.id, Entry.deleted_at.is_(None), Entry.created_at >= reminder.created_at,
    ))
    return not logged_since


def _take(now: datetime, lease: timedelta) -> list[int]:
    """Lease the deliveries whose time has come, urgent ones first; a delivery another run holds is left to it."""
    candidates = db.session.scalars(
        select(PushDelivery.id).join(Reminder, Reminder.id == PushDelivery.reminder_id)
        .where(PushDelivery.status == "pending", PushDelivery.next_attempt_at <= now)
        .order_by(case((Reminder.urgency == "high", 0), else_=1), PushDelivery.next_attempt_at).limit(500)
    ).all()
    taken = []
    for delivery_id in candidates:
        result = db.session.execute(
            update(PushDelivery).where(
                PushDelivery.id == delivery_id, PushDelivery.status == "pending",
                (PushDelivery.lease_until.is_(None)) | (PushDelivery.lease_until < now),
            ).values(lease_until=now + lease, attempts=PushDelivery.attempts + 1).execution_options(synchronize_session=False)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            taken.append(delivery_id)
    db.session.commit()
    return taken


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    wait = min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), LONGEST_BACKOFF)
    return max(wait, timedelta(seconds=retry_after or 0))


def _record(delivery: PushDelivery, subscription: PushSubscription, result: PushResult, now: datetime) -> str:
    if result.status in (404, 410):
        # The browser dropped this subscription: forget it; the database removes its deliveries with it.
        db.session.expunge(delivery)
        db.session.delete(subscription)
        return "gone"
    delivery.last_status, delivery.last_error, delivery.lease_until = result.status, result.error, None
    if not result.attempted:
        delivery.attempts -= 1
        return "deferred"
    if result.status is not None and 200 <= result.status < 300:
        delivery.status, delivery.sent_at = "sent", now
        subscription.last_sent_at = now
        return "sent"
    retryable = result.status is None or result.status == 429 or result.status >= 500
    if retryable and not result.final and delivery.attempts < MAX_ATTEMPTS:
        delivery.next_attempt_at = now + _backoff(delivery.attempts, result.retry_after_seconds)
        return "retrying"
    if not retryable or result.final:
        log.warning("a reminder could not be delivered (%s, subscription %s): %s", result.status, subscription.id, result.error)
    delivery.status = "failed"
    return "failed"


def _transport() -> PushTransport:
    config = current_app.config
    return PushTransport(config["PUSH_NETWORK"] or InternetNetwork(), config["PUSH_CA_BUNDLE"], float(config["PUSH_TIMEOUT_SECONDS"]))


def _request_for(delivery: PushDelivery, now: datetime) -> PushRequest | str:
    """What to send for a leased delivery, or why it is not sent: "expired", or "refused" (an endpoint never to POST to)."""
    reminder = db.session.get_one(Reminder, delivery.reminder_id)
    subscription = db.session.get_one(PushSubscription, delivery.subscription_id)
    if not _still_wanted(reminder, now):
        return "expired"
    # Checked again: a subscription stored before a rule was tightened, or under a longer allow-list.
    if endpoint_problem_here(subscription.endpoint):
        return "refused"
    target = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    ttl = max(60, int((reminder.expires_at - now).total_seconds()))
    return PushRequest(delivery.id, target, dict(reminder.payload), ttl, reminder.urgency)


def deliver_due(now: datetime | None = None) -> Counter:
    """Send every delivery whose time has come, within the run's bounds; count the outcomes.

    Each delivery is judged, sent and recorded on its own: one that fails in any
    way is recorded as failed and never stops the others.
    """
    now = now or utcnow()
    config = current_app.config
    run_seconds = float(config["PUSH_RUN_SECONDS"])
    # The lease outlasts the run and its last request's timeouts, so no other run sends the same delivery meanwhile.
    lease = max(LEASE, timedelta(seconds=run_seconds + 3 * float(config["PUSH_TIMEOUT_SECONDS"])))
    counts: Counter = Counter()
    to_send: list[PushRequest] = []
    for delivery_id in _take(now, lease):
        try:
            prepared = _request_for(db.session.get_one(PushDelivery, delivery_id), now)
        except Exception:
            log.exception("a reminder's delivery %s could not be prepared", delivery_id)
            db.session.rollback()
            prepared = "failed"
        if isinstance(prepared, PushRequest):
            to_send.append(prepared)
            continue
        _close(delivery_id, "expired" if prepared == "expired" else "failed")
        counts[prepared] += 1
    db.session.commit()  # no transaction open while the push services answer
    results = send_all(to_send, vapid_key(), config["VAPID_SUBJECT"], _transport(), workers=int(config["PUSH_WORKERS"]),
                       per_host=int(config["PUSH_CONNECTIONS_PER_HOST"]), seconds=run_seconds)
    for delivery_id, result in results.items():
        try:
            delivery = db.session.get_one(PushDelivery, delivery_id)
            counts[_record(delivery, db.session.get_one(PushSubscription, delivery.subscription_id), result, now)] += 1
            db.session.commit()
        except Exception:
            log.exception("the outcome of reminder delivery %s could not be recorded", delivery_id)
            db.session.rollback()
            _close(delivery_id, "failed")
            counts["failed"] += 1
    return counts


def _close(delivery_id: int, status: str) -> None:
    """End a delivery that will not be sent, in a statement of its own (the session may be the thing that failed)."""
    db.session.execute(update(PushDelivery).where(PushDelivery.id == delivery_id).values(status=status, lease_until=None)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def send_reminders(now: datetime | None = None) -> Counter:
    """Claim what is due and deliver it: what `flask reminders send` runs."""
    now = now or utcnow()
    counts = Counter(claimed=claim_due(now))
    return counts + deliver_due(now)
