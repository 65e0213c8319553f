"""Every day of each episode's plan, for the exports: what the athlete was shown where they ticked, the plan otherwise.

A day the athlete ticked keeps what was due then (checklist_progress.set_done stores it). Any other day has its plan
all the same, worked out as checklist_progress.plan_on does (at the day's end, today at this moment), with the
episode's alerts and prescriptions as they stand: an export lists the prescribed items on the days nobody ticked.
"""
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from webapp.core.checklist import ITEMS, ChecklistItem, plan_for
from webapp.core.checklist.prescription import prescribed_day
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import Entry, Episode, User
from webapp.services import care_plans
from webapp.services.checklist_progress import adherence_by_episode, alerts_for_plan
from webapp.services.episode_facts import entry_facts, episode_facts
from webapp.services.export_words import zone_of
from webapp.services.rule_inputs import thresholds_for


@dataclass(frozen=True)
class PlanDay:
    day: date  # in the patient's zone
    number: int  # the episode's day 1, 2, ... as the checklist counts them
    phase: str
    due: tuple[str, ...]
    done: tuple[str, ...]  # ticked; on a day nobody ticked, none
    feedback: Mapping[str, Mapping[str, Any]]
    ticked: bool  # the athlete ticked on the day: due is what they were shown then


@dataclass(frozen=True)
class EpisodePlan:
    days: tuple[PlanDay, ...]
    # By key: the sourced items and the episode's prescribed ones, removed ones too (an old day may show one).
    items: Mapping[str, ChecklistItem]

    def item(self, key: str) -> ChecklistItem | None:
        return self.items.get(key)


def day_range(episode: Episode, zone: str | None, now: datetime) -> tuple[date, date]:
    """The episode's first and last day with a plan: from the day it began to the day it closed, or today."""
    tz = zone_of(zone)
    today = now.astimezone(tz).date()
    first = episode.started_at.astimezone(tz).date()
    last = min(today, episode.resolved_at.astimezone(tz).date()) if episode.resolved_at else today
    return first, max(first, last)


def plans_of(patient: User, episodes: Sequence[Episode], now: datetime | None = None) -> dict[uuid.UUID, EpisodePlan]:
    """Each episode's plan day by day, in a few queries and one per episode (its alerts, as plan_on reads them)."""
    now = now or utcnow()
    zone = patient.timezone or "UTC"
    tz = zone_of(zone)
    today = now.astimezone(tz).date()
    records_of = care_plans.items_by_episode(patient.id)
    stored = adherence_by_episode([episode.id for episode in episodes])
    thresholds = thresholds_for([patient.id])[patient.id]
    entries_of = defaultdict(list)
    for entry in db.session.scalars(select(Entry).where(Entry.user_id == patient.id, Entry.deleted_at.is_(None))):
        entries_of[entry.episode_id].append(entry_facts(entry))
    plans = {}
    for episode in episodes:
        records = records_of.get(episode.id, [])
        current = [care_plans.plan_item(record) for record in records if record.removed_at is None]
        ticked = {progress.day: progress for progress in stored[episode.id]}
        facts, alerts = episode_facts(episode, zone), alerts_for_plan(episode)
        first, last = day_range(episode, zone, now)
        days = []
        # A phone offline on an older plan may have ticked a day outside the range: what was done stays in.
        for day in sorted({first + timedelta(days=n) for n in range((last - first).days + 1)} | set(ticked)):
            number = (day - first).days + 1
            progress = ticked.get(day)
            if progress is not None:
                days.append(PlanDay(day, number, progress.phase, tuple(progress.due or ()), tuple(progress.done or ()),
                                    progress.feedback or {}, True))
                continue
            moment = now if day == today else datetime.combine(day, time(23, 59, 59), tz)
            sourced = plan_for(facts, entries_of[episode.id], moment, day=number, alerts=alerts, thresholds=thresholds)
            plan = prescribed_day(sourced, current, day, warning=alerts.warning)
            days.append(PlanDay(day, number, plan.phase, tuple(item.key for item in plan.items), (), {}, False))
        plans[episode.id] = EpisodePlan(tuple(days), {**ITEMS, **care_plans.prescribed_items(records)})
    return plans
