"""The checklist service: which day of the episode a date is, its plan, and what was ticked."""
import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from webapp.core.checklist import ChecklistDay, OpenAlerts, plan_for
from webapp.core.checklist.adherence import ItemAdherence, TickedDay, adherence_by_item
from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.prescription import prescribed_day
from webapp.core.codes import ADVICE_TIERS, TIERS
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import Alert, CarePlanItem, ChecklistProgress, Entry, Episode, User
from webapp.services import care_plans
from webapp.services.episode_facts import entry_facts, episode_facts
from webapp.services.invalid_input import InvalidFields
from webapp.services.rule_inputs import thresholds_for


def local_today(user: User, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(user.timezone)).date()


def _moment_for(user: User, day: date, now: datetime) -> datetime:
    """Today: now. A past day: its end. Tomorrow: its middle (the plan as it will stand then)."""
    zone = ZoneInfo(user.timezone)
    today = local_today(user, now)
    if day == today:
        return now
    if day < today:
        return datetime.combine(day, time(23, 59, 59), zone)
    return datetime.combine(day, time(12), zone)


def plan_on(user: User, episode: Episode, day: date, field: str = "on", now: datetime | None = None) -> ChecklistDay:
    """Return the episode's plan for a calendar day in the athlete's time zone; refuse days outside it."""
    now = now or utcnow()
    zone = ZoneInfo(user.timezone)
    first_day = episode.started_at.astimezone(zone).date()
    if day < first_day:
        raise InvalidFields({field: ["This day is before the episode started."]})
    if day > local_today(user, now) + timedelta(days=1):
        raise InvalidFields({field: ["Plans are given up to tomorrow."]})
    moment = _moment_for(user, day, now)
    current = _episode_in_at(user, episode, moment)
    if current is not None:
        # "Back to training" on an episode that is over says nothing about the pain the athlete has now.
        return replace(plan_on(user, current, day, field, now), current_episode_id=str(current.id))
    entries = db.session.scalars(select(Entry).where(Entry.episode_id == episode.id, Entry.deleted_at.is_(None)))
    alerts = alerts_for_plan(episode)
    sourced = plan_for(
        episode_facts(episode, user.timezone), [entry_facts(e) for e in entries], moment,
        day=(day - first_day).days + 1, alerts=alerts, thresholds=thresholds_for([user.id])[user.id],
    )
    return prescribed_day(sourced, care_plans.plan_items(episode.id), day, warning=alerts.warning)


def _episode_in_at(user: User, episode: Episode, moment: datetime) -> Episode | None:
    """The later episode the athlete is in at a moment when this one is over (closed), if any: the latest begun."""
    if episode.resolved_at is None or episode.resolved_at > moment:
        return None
    return db.session.scalar(
        select(Episode).where(
            Episode.user_id == user.id, Episode.id != episode.id,
            Episode.started_at > episode.started_at, Episode.started_at <= moment,
            or_(Episode.resolved_at.is_(None), Episode.resolved_at > moment),
        ).order_by(Episode.started_at.desc()).limit(1)
    )


def alerts_for_plan(episode: Episode) -> OpenAlerts:
    """Say which of the episode's alerts still shape its plan.

    A clinician's review (a physiotherapist's clearance, or a check the athlete
    recorded) covers the alerts raised before it. Urgent and warning alerts count
    until resolved, a red flag's even when the entry that reported it was deleted;
    on a closed episode an acknowledged warning no longer holds back the return
    to training.
    """
    rows = db.session.execute(
        select(Alert.rule, Alert.severity, Alert.status, Alert.raised_at, Alert.message)
        .where(Alert.episode_id == episode.id, Alert.status != "resolved")
    ).all()
    reviewed = episode.flags_reviewed_at
    counted = [row for row in rows if reviewed is None or row.raised_at > reviewed]
    urgent = [row for row in counted if row.severity == "urgent"]
    return OpenAlerts(
        urgent=bool(urgent),
        warning=any(row.severity == "warning" and (row.status == "open" or episode.is_active) for row in counted),
        urgency=min((ADVICE_TIERS[row.message] for row in urgent if row.message in ADVICE_TIERS), key=TIERS.index, default=None),
    )


def progress_on(episode: Episode, day: date) -> ChecklistProgress | None:
    return db.session.scalar(select(ChecklistProgress).where(ChecklistProgress.episode_id == episode.id, ChecklistProgress.day == day))


def set_done(
    user: User, episode: Episode, day: date, key: str, done: bool, feedback: dict | None = None,
) -> tuple[ChecklistDay, ChecklistProgress]:
    """Tick (or untick) one item of a day's plan; store what was due and done that day.

    feedback: how a ticked exercise went ({"pain": 0-10, "effort": ...}, either may be absent);
    unticking forgets it.

    An item no longer on the plan is stored too: a phone that was offline ticked it
    from the plan it showed, and what the athlete did is not to be lost. Adherence
    counts only the items due.
    """
    plan = plan_on(user, episode, day, field="day")
    due = [item.key for item in plan.items]

    def save() -> ChecklistProgress:
        progress = progress_on(episode, day)
        if progress is None:
            progress = ChecklistProgress(episode_id=episode.id, user_id=user.id, day=day, done=[])
            db.session.add(progress)
        done_keys = set(progress.done or []) | {key} if done else set(progress.done or []) - {key}
        progress.phase, progress.due = plan.phase, due
        progress.done = [k for k in due if k in done_keys] + sorted(done_keys - set(due))
        notes = {k: v for k, v in (progress.feedback or {}).items() if k in done_keys}
        if done and feedback:
            notes[key] = feedback
        progress.feedback = notes
        db.session.commit()
        return progress

    try:
        return plan, save()
    except IntegrityError:
        # Two devices ticked the same day at once; the second sees the first's row.
        db.session.rollback()
        return plan, save()


def adherence_of(episode_id: uuid.UUID) -> list[ChecklistProgress]:
    """Return the episode's stored days, oldest first (done / due per day)."""
    return list(db.session.scalars(
        select(ChecklistProgress).where(ChecklistProgress.episode_id == episode_id).order_by(ChecklistProgress.day)
    ))


def adherence_by_episode(episode_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[ChecklistProgress]]:
    """Return the stored days of each of these episodes, oldest first, in one query."""
    days: dict[uuid.UUID, list[ChecklistProgress]] = {episode_id: [] for episode_id in episode_ids}
    if episode_ids:
        for row in db.session.scalars(
            select(ChecklistProgress).where(ChecklistProgress.episode_id.in_(episode_ids)).order_by(ChecklistProgress.day)
        ):
            days[row.episode_id].append(row)
    return days


class ItemRow(NamedTuple):
    """One item's adherence, with the words people see."""

    key: str
    text: str
    origin: str  # sources or physio
    dose: str | None
    adherence: ItemAdherence


def adherence_by_plan_item(days: list[ChecklistProgress], records: list[CarePlanItem]) -> list[ItemRow]:
    """Each item due on an episode's stored days, sourced or prescribed: done / due, and pain during it.

    records: the episode's plan items, removed ones too (a day may have had one due before it was removed).
    """
    prescribed = care_plans.prescribed_items(records)
    rows = []
    for row in adherence_by_item([TickedDay(d.day, tuple(d.due or ()), tuple(d.done or ()), d.feedback or {}) for d in days]):
        item = prescribed.get(row.key) or ITEMS.get(row.key)
        rows.append(ItemRow(row.key, item.text if item else row.key, item.origin if item else "sources", item.dose if item else None, row))
    return rows
