"""The care plans in the exports: adherence per item and day as CSV, FHIR CarePlans and Observations, PDF rows."""
import io
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select

from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.prescription import plan_key
from webapp.core.wording import N_, Said
from webapp.infra.extensions import db
from webapp.infra.languages import translate
from webapp.infra.times import iso
from webapp.models import Episode, User
from webapp.services import care_plans
from webapp.services.checklist_progress import adherence_by_episode, adherence_by_plan_item

CHECKLIST_COLUMNS = (
    N_("episode_id"), N_("episode_activity"), N_("day"), N_("phase"), N_("item_key"), N_("item_text"), N_("origin"), N_("dose"), N_("due"), N_("done"), N_("pain_during"), N_("effort"),
)
LOINC_PAIN_CODING = {"system": "http://loinc.org", "code": "72514-3", "display": N_("Pain severity - 0-10 verbal numeric rating [Score] - Reported")}
KIND_WORDS = {"exercise": N_("exercise"), "pause": N_("pause"), "instruction": N_("instruction"), "avoid": N_("avoid")}
FHIR_ACTIVITY_STATUS = {"exercise": "in-progress", "pause": "on-hold", "avoid": "in-progress", "instruction": "in-progress"}


def _episodes(patient: User) -> list[Episode]:
    return list(db.session.scalars(select(Episode).where(Episode.user_id == patient.id).order_by(Episode.started_at)))


def checklist_csv(patient: User, writer_class: Callable[[io.StringIO], Any]) -> str:
    """One row per item due or done on each stored day: sourced or prescribed, done or not, and how it went."""
    episodes = _episodes(patient)
    prescribed = care_plans.prescribed_items(record for records in care_plans.items_by_episode(patient.id).values() for record in records)
    out = io.StringIO()
    writer = writer_class(out)
    writer.writerow([translate(column) for column in CHECKLIST_COLUMNS])
    days_of = adherence_by_episode([episode.id for episode in episodes])
    for episode in episodes:
        for progress in days_of[episode.id]:
            due = list(progress.due or [])
            for key in due + [key for key in progress.done or [] if key not in due]:
                item = prescribed.get(key) or ITEMS.get(key)
                note = (progress.feedback or {}).get(key) or {}
                writer.writerow([
                    episode.id, episode.activity, progress.day.isoformat(), progress.phase, key, translate(item.text) if item else key,
                    item.origin if item else "sources", translate(item.dose) if item and item.dose else "", "yes" if key in due else "no",
                    "yes" if key in (progress.done or []) else "no", note.get("pain", ""), note.get("effort", ""),
                ])
    return out.getvalue()


def fhir_care_plan_resources(patient: User, patient_ref: str) -> list[dict]:
    """Per episode with a plan: a CarePlan whose activities are the physiotherapist's changes, with adherence as progress;
    and one Observation (LOINC 72514-3) per pain reported during a prescribed exercise."""
    resources: list[dict] = []
    episodes = _episodes(patient)
    records_of = care_plans.items_by_episode(patient.id)
    days_of = adherence_by_episode([episode.id for episode in episodes])
    for episode in episodes:
        records = records_of.get(episode.id, [])
        if not records:
            continue  # no plan item ever, so nothing prescribed was due either
        rows = {row.key: row for row in adherence_by_plan_item(days_of[episode.id], records)}
        activities = []
        for record in (record for record in records if record.removed_at is None):
            item = care_plans.plan_item(record)
            described = care_plans.describe(item)
            name = described.params.get("name", described) if item.kind == "exercise" else Said(KIND_WORDS[item.kind])
            detail: dict = {"status": FHIR_ACTIVITY_STATUS[item.kind], "description": translate(described), "code": {"text": translate(name)}}
            if item.kind in ("avoid", "pause"):
                detail["doNotPerform"] = True
            activity: dict = {"detail": detail}
            row = rows.get(plan_key(item.id))
            if row is not None:
                activity["progress"] = [{"text": translate(Said("Done on %(done)s of %(due)s days due",
                                                                done=row.adherence.days_done, due=row.adherence.days_due))}]
            activities.append(activity)
        plan_ref = f"urn:uuid:{uuid.uuid5(episode.id, 'care plan')}"
        resources.append({"fullUrl": plan_ref, "resource": {
            "resourceType": "CarePlan", "id": str(uuid.uuid5(episode.id, "care plan")),
            "status": "active" if episode.resolved_at is None else "completed", "intent": "plan",
            "title": translate(Said("Recovery plan: %(activity)s", activity=episode.activity)), "subject": {"reference": patient_ref},
            "period": {"start": iso(episode.started_at), **({"end": iso(episode.resolved_at)} if episode.resolved_at else {})},
            "activity": activities,
        }})
        for row in rows.values():
            for day, pain in row.adherence.pains:
                observation_id = uuid.uuid5(episode.id, f"pain during {row.key} {day.isoformat()}")
                resources.append({"fullUrl": f"urn:uuid:{observation_id}", "resource": {
                    "resourceType": "Observation", "id": str(observation_id), "status": "final",
                    "code": {"coding": [{**LOINC_PAIN_CODING, "display": translate(LOINC_PAIN_CODING["display"])}],
                             "text": translate(N_("Pain severity during a prescribed exercise (0-10)"))},
                    "subject": {"reference": patient_ref}, "effectiveDateTime": day.isoformat(), "valueInteger": pain,
                    "basedOn": [{"reference": plan_ref}],
                    "note": [{"text": translate(Said("During: %(item)s", item=Said(row.text)))}],
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
                episode.activity[:24], translate(care_plans.describe(item))[:70],
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
