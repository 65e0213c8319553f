"""The care plans in the exports: adherence per item and day as CSV, FHIR CarePlans and Observations, PDF rows."""
import io
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from webapp.core import codes
from webapp.core.checklist.adherence import TickedDay, adherence_by_item
from webapp.core.checklist.prescription import plan_key
from webapp.core.checklist.schedule import PHASE_NAMES
from webapp.core.wording import N_, Said
from webapp.infra.extensions import db
from webapp.infra.languages import translate
from webapp.models import Episode, User
from webapp.services import care_plans
from webapp.services.checklist_progress import adherence_by_episode, adherence_by_plan_item
from webapp.services.export_words import label, local_iso, sortable_time
from webapp.services.plan_days import EpisodePlan, plans_of

# Readable columns first, each label beside its code; the ids, for machines, last.
CHECKLIST_COLUMNS = (
    N_("episode_started_local_time"), N_("episode_activity"), N_("day"), N_("episode_day"), N_("phase_name"), N_("phase"),
    N_("item_text"), N_("item_key"), N_("origin_name"), N_("origin"), N_("dose"), N_("due"), N_("done"), N_("day_ticked"),
    N_("pain_during"), N_("effort_name"), N_("effort"), N_("episode_id"),
)
ORIGIN_WORDS = {"sources": N_("Sourced plan"), "physio": N_("Prescribed by the physiotherapist")}
LOINC_PAIN_CODING = {"system": "http://loinc.org", "code": "72514-3", "display": N_("Pain severity - 0-10 verbal numeric rating [Score] - Reported")}
KIND_WORDS = {"exercise": N_("exercise"), "pause": N_("pause"), "instruction": N_("instruction"), "avoid": N_("avoid")}
FHIR_ACTIVITY_STATUS = {"exercise": "in-progress", "pause": "on-hold", "avoid": "in-progress", "instruction": "in-progress"}
# The checklist's item keys, as the CSV's item_key has them: a machine reader matches the two exports on it.
ITEM_SYSTEM = "urn:backontrack:checklist-item"


def _episodes(patient: User) -> list[Episode]:
    return list(db.session.scalars(select(Episode).where(Episode.user_id == patient.id).order_by(Episode.started_at)))


def condition_ref(episode_id: uuid.UUID) -> str:
    """The bundle's Condition for an episode (exports.fhir_bundle): the pain the athlete logged, which its CarePlan addresses."""
    return f"urn:uuid:{episode_id}"


def checklist_csv(patient: User, writer_class: Callable[[io.StringIO], Any]) -> str:
    """One row per item on each day's plan, sourced or prescribed, ticked or not, and how it went; every day of each episode."""
    episodes = _episodes(patient)
    zone = patient.timezone
    out = io.StringIO()
    writer = writer_class(out)
    writer.writerow([translate(column) for column in CHECKLIST_COLUMNS])
    plans = plans_of(patient, episodes)
    for episode in episodes:
        plan = plans[episode.id]
        for day in plan.days:
            for key in day.due + tuple(key for key in day.done if key not in day.due):
                item = plan.item(key)
                origin = item.origin if item else "sources"
                note = day.feedback.get(key) or {}
                effort = note.get("effort") if isinstance(note.get("effort"), str) else ""
                writer.writerow([
                    sortable_time(episode.started_at, zone), episode.activity, day.day.isoformat(), day.number,
                    label(PHASE_NAMES, day.phase), day.phase, translate(item.text) if item else key, key,
                    label(ORIGIN_WORDS, origin), origin, translate(item.dose) if item and item.dose else "",
                    "yes" if key in day.due else "no", "yes" if key in day.done else "no", "yes" if day.ticked else "no",
                    note.get("pain", ""), label(codes.EFFORTS, effort) if effort else "", effort, episode.id,
                ])
    return out.getvalue()


def _sourced_activities(episode: Episode, plan: EpisodePlan, done_of: dict) -> list[dict]:
    """Each sourced item the plan gave on some day: the days it was on the plan, and how often it was done."""
    days_of: dict[str, list] = {}
    for day in plan.days:
        for key in day.due:
            item = plan.item(key)
            if item is not None and item.origin == "sources":
                days_of.setdefault(key, []).append(day.day)
    latest = plan.days[-1].due if plan.days else ()
    activities = []
    for key, days in days_of.items():
        text = translate(plan.items[key].text)
        ongoing = episode.resolved_at is None and key in latest
        detail = {"status": "in-progress" if ongoing else "completed", "code": {"coding": [{"system": ITEM_SYSTEM, "code": key}], "text": text},
                  "description": text, "scheduledPeriod": {"start": days[0].isoformat(), "end": days[-1].isoformat()}}
        activity: dict = {"detail": detail}
        if key in done_of:
            activity["progress"] = [{"text": translate(Said("Done on %(done)s of %(due)s days due",
                                                            done=done_of[key].days_done, due=done_of[key].days_due))}]
        activities.append(activity)
    return activities


def fhir_care_plan_resources(patient: User, patient_ref: str, now: datetime | None = None) -> list[dict]:
    """Per episode, a CarePlan addressing its Condition: the sourced items of its days and the physiotherapist's changes,
    adherence as progress; and one Observation (LOINC 72514-3) per pain reported during a prescribed exercise."""
    resources: list[dict] = []
    episodes = _episodes(patient)
    zone = patient.timezone
    records_of = care_plans.items_by_episode(patient.id)
    plans = plans_of(patient, episodes, now)
    for episode in episodes:
        plan, records = plans[episode.id], records_of.get(episode.id, [])
        if not plan.days and not records:
            continue  # begun later than now (a phone's clock ahead): no day has a plan yet
        ticked = [TickedDay(day.day, day.due, day.done, day.feedback) for day in plan.days if day.ticked]
        done_of = {row.key: row for row in adherence_by_item(ticked)}
        activities = _sourced_activities(episode, plan, done_of)
        for record in (record for record in records if record.removed_at is None):
            item = care_plans.plan_item(record)
            described = care_plans.describe(item)
            name = described.params.get("name", described) if item.kind == "exercise" else Said(KIND_WORDS[item.kind])
            detail: dict = {"status": FHIR_ACTIVITY_STATUS[item.kind], "description": translate(described),
                            "code": {"coding": [{"system": ITEM_SYSTEM, "code": plan_key(item.id)}], "text": translate(name)}}
            if item.kind in ("avoid", "pause"):
                detail["doNotPerform"] = True
            activity: dict = {"detail": detail}
            row = done_of.get(plan_key(item.id))
            if row is not None:
                activity["progress"] = [{"text": translate(Said("Done on %(done)s of %(due)s days due", done=row.days_done, due=row.days_due))}]
            activities.append(activity)
        plan_ref = f"urn:uuid:{uuid.uuid5(episode.id, 'care plan')}"
        resources.append({"fullUrl": plan_ref, "resource": {
            "resourceType": "CarePlan", "id": str(uuid.uuid5(episode.id, "care plan")),
            "status": "active" if episode.resolved_at is None else "completed", "intent": "plan",
            "title": translate(Said("Recovery plan: %(activity)s", activity=episode.activity)), "subject": {"reference": patient_ref},
            "period": {"start": local_iso(episode.started_at, zone), **({"end": local_iso(episode.resolved_at, zone)} if episode.resolved_at else {})},
            "addresses": [{"reference": condition_ref(episode.id)}],
            "activity": activities,
        }})
        for row in done_of.values():
            during = plan.item(row.key)
            for day, pain in row.pains:
                observation_id = uuid.uuid5(episode.id, f"pain during {row.key} {day.isoformat()}")
                resources.append({"fullUrl": f"urn:uuid:{observation_id}", "resource": {
                    "resourceType": "Observation", "id": str(observation_id), "status": "final",
                    "code": {"coding": [{**LOINC_PAIN_CODING, "display": translate(LOINC_PAIN_CODING["display"])}],
                             "text": translate(N_("Pain severity during a prescribed exercise (0-10)"))},
                    "subject": {"reference": patient_ref}, "effectiveDateTime": day.isoformat(), "valueInteger": pain,
                    "basedOn": [{"reference": plan_ref}],
                    "note": [{"text": translate(Said("During: %(item)s", item=Said(during.text if during else row.key)))}],
                }})
    return resources


def pdf_rows(patient: User, episodes: Sequence[Episode]) -> list[list]:
    """The PDF's care-plan table: each prescribed or paused item of the episodes, its adherence and pain during it."""
    rows: list[list] = []
    records_of = care_plans.items_by_episode(patient.id)
    days_of = adherence_by_episode([episode.id for episode in episodes if records_of.get(episode.id)])
    for episode in episodes:
        records = records_of.get(episode.id, [])
        adherence = {row.key: row for row in adherence_by_plan_item(days_of.get(episode.id, []), records)}
        for record in (record for record in records if record.removed_at is None):
            item = care_plans.plan_item(record)
            row = adherence.get(plan_key(item.id))
            pains = [pain for _, pain in row.adherence.pains] if row else []
            rows.append([
                episode.activity[:80], translate(care_plans.describe(item))[:200],
                f"{row.adherence.days_done} / {row.adherence.days_due}" if row else "-",
                f"{min(pains)}-{max(pains)}/10" if pains else "-",
            ])
    return rows



def plans_json(patient: User, episodes: Sequence[Episode]) -> list[dict]:
    """Each episode's plan changes, removed ones too, and their history: the athlete's own copy."""
    records_of, changes_of = care_plans.items_by_episode(patient.id), care_plans.changes_by_episode(patient.id)
    return [
        {"episode_id": str(episode.id), "items": [record.to_dict() for record in records_of[episode.id]],
         "history": [change.to_dict() for change in changes_of.get(episode.id, [])]}
        for episode in episodes if records_of.get(episode.id)
    ]
