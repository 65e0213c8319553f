"""The alert service: load diary rows, run the rules engine, keep the alerts table in step.

Lifecycle: open -> acknowledged (athlete or physiotherapist, with a note) ->
resolved. Alerts about the present (state rules) resolve when the latest
readings no longer show it, or the episode closes; alerts about events stay
until acknowledged, and resolve only if the diary is changed so that the event
is gone. A closed alert opens again only on new evidence.
"""
import uuid
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import NamedTuple, TypeVar

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from webapp.core.rules import Finding, evaluate_episode, needs_checkin, quiet_since
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import SEVERITIES, Alert, AlertCopy, Entry, Episode, User
from webapp.services.alert_store import AlertWrites, apply_findings, write_alerts
from webapp.services.episode_facts import episode_facts
from webapp.services.pain_courses import changed_courses, store_course_rows
from webapp.services.rule_inputs import LOOKBACK_MAX as LOOKBACK_MAX  # how far back earlier episodes are read
from webapp.services.rule_inputs import RuleInputs, load_rule_inputs, thresholds_for


def refresh_alerts(episode_ids: Collection[uuid.UUID], now: datetime | None = None, origin: str = "athlete") -> Counter:
    """Re-evaluate these episodes (whose entries did not change) and store the result, in the caller's transaction.

    origin: who asked (see Alert.raised_via): "athlete" for the athlete's own requests, "sweep", "physio".
    """
    judged = _judge(load_rule_inputs(episode_ids), now or utcnow(), (), origin)
    store_judged(judged)
    return judged.counts


class Judged(NamedTuple):
    """What judging a diary change found, and the alerts and courses it leaves to store (store_judged)."""

    counts: Counter
    # Each judged episode's open alerts, most severe first (empty unless asked for).
    open_alerts: dict[uuid.UUID, list[AlertCopy]]
    course_rows: dict[uuid.UUID, list[str | None] | None]
    alert_writes: AlertWrites


def store_judged(judged: Judged) -> None:
    """Write the alerts and courses a judgement changed, in the caller's transaction."""
    store_course_rows(judged.course_rows)
    write_alerts(judged.alert_writes)


def refresh_after_change(
    episode_ids: Collection[uuid.UUID], earliest_start: datetime | None = None, pending: Entry | None = None,
) -> Judged:
    """Re-evaluate changed episodes and the athlete's later ones, which count them as earlier episodes.

    earliest_start: where a changed episode started before an edit moved it. pending: a changed
    entry not written yet (see load_rule_inputs). Writes nothing itself: the caller stores what it
    returns (store_judged) once it may write.
    """
    inputs = load_rule_inputs(episode_ids, later=True, moved_from=earliest_start, pending=pending, reuse_facts=True)
    return _judge(inputs, utcnow(), episode_ids, "athlete", keep=True)


def findings_for(inputs: RuleInputs) -> dict[uuid.UUID, tuple[Finding, ...]]:
    """What the rules find in each of the episodes read (pure: nothing read or written)."""
    return {
        episode.id: evaluate_episode(
            episode_facts(episode, inputs.zones.get(episode.user_id, "UTC")), inputs.entries[episode.id], inputs.prior_to(episode),
            inputs.thresholds[episode.user_id],
        )
        for episode in inputs.episodes
    }


def _judge(inputs: RuleInputs, now: datetime, entries_changed: Collection[uuid.UUID], origin: str, keep: bool = False) -> Judged:
    """entries_changed: the episodes whose entries changed, judged with their later ones; their kept courses are brought up to date."""
    course_rows: dict[uuid.UUID, list[str | None] | None] = dict(inputs.worked_out)
    if entries_changed:
        changed = [episode for episode in inputs.episodes if episode.id in entries_changed]
        course_rows.update(changed_courses(changed, inputs.entries, inputs.latest_start))
    counts, kept, writes = apply_findings(inputs.episodes, findings_for(inputs), now, origin, keep)
    open_alerts = {episode_id: most_severe_first(a for a in alerts if a.status == "open") for episode_id, alerts in kept.items()}
    return Judged(counts + Counter(episodes=len(inputs.episodes)), open_alerts, course_rows, writes)


AnAlert = TypeVar("AnAlert", Alert, AlertCopy)


def most_severe_first(alerts: Iterable[AnAlert]) -> list[AnAlert]:
    """Sort alerts urgent, then warning, then advice; oldest first within each."""
    return sorted(alerts, key=lambda a: (SEVERITIES.index(a.severity), a.raised_at))


def open_alerts(episode_id: uuid.UUID) -> list[Alert]:
    """Return the open alerts of an episode, most severe first."""
    return most_severe_first(db.session.scalars(select(Alert).where(Alert.episode_id == episode_id, Alert.status == "open")))


def alerts_of(user: User, status: str | None = None, episode_id: uuid.UUID | None = None) -> list[Alert]:
    """Return an athlete's alerts, newest first."""
    query = select(Alert).where(Alert.user_id == user.id).order_by(Alert.raised_at.desc())
    if status:
        query = query.where(Alert.status == status)
    if episode_id:
        query = query.where(Alert.episode_id == episode_id)
    return list(db.session.scalars(query))


def unresolved_of(user: User) -> list[Alert]:
    """Every alert of an athlete not resolved yet (open or acknowledged), whichever episode holds it, in one query:
    urgent, then warning, then advice; newest first within each."""
    query = (select(Alert).where(Alert.user_id == user.id, Alert.status != "resolved")
             .options(selectinload(Alert.acknowledged_by)).order_by(Alert.raised_at.desc()))
    return sorted(db.session.scalars(query), key=lambda alert: SEVERITIES.index(alert.severity))


class AlreadyResolved(Exception):
    """A resolved alert cannot be acknowledged."""


def acknowledge(alert: Alert, by: User, note: str | None, now: datetime | None = None) -> Alert:
    """Mark an alert seen by the athlete or their physiotherapist; again is a no-op."""
    if alert.status == "resolved":
        raise AlreadyResolved
    if alert.status == "open":
        alert.status = "acknowledged"
        alert.acknowledged_at = now or utcnow()
        alert.acknowledged_by_id = by.id
        alert.acknowledge_note = note
    db.session.commit()
    return alert


def no_news_since(user_id: uuid.UUID, episodes: Iterable[Episode], last_entry_at: dict[uuid.UUID, datetime],
                  now: datetime | None = None) -> dict[uuid.UUID, datetime]:
    """The open episodes among these that have gone quiet, with when they were last logged ("no news since")."""
    now = now or utcnow()
    thresholds = thresholds_for([user_id])[user_id]
    quiet = {}
    for episode in episodes:
        since = quiet_since(episode_facts(episode), last_entry_at.get(episode.id), now, thresholds)
        if since is not None:
            quiet[episode.id] = since
    return quiet


def episodes_due_checkin(user_ids: Collection[uuid.UUID] | None = None, now: datetime | None = None) -> set[uuid.UUID]:
    """Return the open episodes that have gone unlogged long enough to ask how the athlete is."""
    now = now or utcnow()
    last_entry = func.max(Entry.recorded_at)
    query = (
        select(Episode, last_entry)
        .outerjoin(Entry, and_(Entry.episode_id == Episode.id, Entry.deleted_at.is_(None)))
        .where(Episode.resolved_at.is_(None))
        .group_by(Episode.id)
    )
    if user_ids is not None:
        query = query.where(Episode.user_id.in_(list(user_ids)))
    rows = db.session.execute(query).all()
    thresholds = thresholds_for({episode.user_id for episode, _ in rows})
    return {
        episode.id for episode, last in rows
        if needs_checkin(episode_facts(episode), last, now, thresholds[episode.user_id])
    }
