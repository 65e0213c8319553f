"""The alert service: load diary rows, run the rules engine, keep the alerts table in step.

Lifecycle: open -> acknowledged (athlete or physiotherapist, with a note) ->
resolved. Alerts about the present (state rules) resolve when the latest
readings no longer show it, or the episode closes; alerts about events stay
until acknowledged, and resolve only if the diary is changed so that the event
is gone. A closed alert opens again only on new evidence.
"""
import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from webapp.core.rules import EVENT, RULES_BY_CODE, Finding, evaluate_episode, needs_checkin
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import SEVERITIES, Alert, Entry, Episode, User
from webapp.services.episode_facts import episode_facts
from webapp.services.rule_inputs import LOOKBACK_MAX as LOOKBACK_MAX  # how far back earlier episodes are read
from webapp.services.rule_inputs import load_rule_inputs, thresholds_for

BATCH = 500


def _evidence_json(finding: Finding) -> list[dict]:
    return [{k: v for k, v in asdict(item).items() if v is not None and k != "ref"} for item in finding.evidence]


def _store(episode: Episode, finding: Finding, alert: Alert | None, now: datetime) -> str:
    """Bring one alert in line with its finding; return what happened."""
    keys = [item.key for item in finding.evidence]
    if alert is None:
        alert = Alert(id=uuid.uuid4(), user_id=episode.user_id, episode_id=episode.id, rule=finding.rule, raised_at=now, status="open", evidence_keys=[])
        db.session.add(alert)
        outcome = "raised"
    elif alert.status != "open" and set(keys) - set(alert.evidence_keys or []):
        alert.status, alert.raised_at = "open", now
        alert.acknowledged_at = alert.acknowledged_by_id = alert.acknowledge_note = None
        alert.resolved_at = alert.resolution = None
        outcome = "raised"
    else:
        outcome = "unchanged"
    values = {
        "severity": finding.severity, "message": finding.message, "why": finding.why,
        "evidence": _evidence_json(finding), "source": list(finding.source), "thresholds": dict(finding.thresholds),
        "overridden": list(finding.overridden), "evidence_keys": sorted(set(alert.evidence_keys or []) | set(keys)),
    }
    for name, value in values.items():
        if getattr(alert, name) != value:
            setattr(alert, name, value)
            outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def _resolve(alert: Alert, reason: str, now: datetime) -> str:
    """Resolve an alert whose finding the diary no longer supports.

    Its evidence is forgotten: if the same entry shows the same thing again (an edit
    undone, a deleted log sent again), that is new evidence and the alert opens again.
    Only a person's acknowledgement or close keeps the evidence it saw from reopening it.
    """
    if alert.status == "resolved":
        return "unchanged"
    alert.status, alert.resolved_at, alert.resolution = "resolved", now, reason
    alert.evidence_keys = []
    return "resolved"


def _why_resolved(episode: Episode, rule: str) -> str:
    kind = RULES_BY_CODE[rule].kind if rule in RULES_BY_CODE else EVENT
    if kind == EVENT:
        return "no longer supported by the diary (an entry was changed or deleted)"
    if episode.resolved_at:
        return "the episode resolved"
    return "the latest readings no longer show it"


def refresh_alerts(episode_ids: Collection[uuid.UUID], now: datetime | None = None) -> Counter:
    """Re-evaluate these episodes and store the result, in the caller's transaction."""
    now = now or utcnow()
    inputs = load_rule_inputs(episode_ids)
    alerts: dict[uuid.UUID, dict[str, Alert]] = defaultdict(dict)
    for alert in db.session.scalars(select(Alert).where(Alert.episode_id.in_([e.id for e in inputs.episodes]))):
        alerts[alert.episode_id][alert.rule] = alert
    counts = Counter(episodes=len(inputs.episodes))
    for episode in inputs.episodes:
        findings = evaluate_episode(
            episode_facts(episode), inputs.entries[episode.id], inputs.prior_to(episode), inputs.thresholds[episode.user_id]
        )
        existing = alerts[episode.id]
        for finding in findings:
            counts[_store(episode, finding, existing.get(finding.rule), now)] += 1
        found = {finding.rule for finding in findings}
        for rule, alert in existing.items():
            if rule in found:
                continue
            counts[_resolve(alert, _why_resolved(episode, rule), now)] += 1
    return counts


def most_severe_first(alerts: Iterable[Alert]) -> list[Alert]:
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


def sweep(now: datetime | None = None, batch: int = BATCH) -> Counter:
    """Re-evaluate every active episode, a batch per transaction; safe to run twice at once."""
    now = now or utcnow()
    ids = list(db.session.scalars(select(Episode.id).where(Episode.resolved_at.is_(None)).order_by(Episode.id)))
    db.session.commit()
    total: Counter = Counter()
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        try:
            total += refresh_alerts(chunk, now)
            db.session.commit()
        except IntegrityError:
            # Another sweep stored the same alert first; the second pass sees it.
            db.session.rollback()
            total += refresh_alerts(chunk, now)
            db.session.commit()
    total["episodes"] = len(ids)
    return total


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
