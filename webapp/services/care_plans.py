"""An episode's care plan: a linked physiotherapist's changes to the sourced plan, versioned.

The rails are the clinical core's (prescription_problems); this module stores the
changes, keeps the history both sides read, and remembers whether the athlete has
seen the latest change.
"""
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, select, update

from webapp.core.checklist.items import ITEMS, ChecklistItem
from webapp.core.checklist.prescription import PAUSABLE, PRESCRIBABLE, PlanItem, dosage, plan_key, prescribed_item, prescription_problems
from webapp.core.checklist.replacements import same_kind
from webapp.core.wording import N_, Said
from webapp.infra.database import write_transaction
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import PLAN_FIELDS, CarePlanChange, CarePlanItem, CarePlanState, Episode, User
from webapp.services.diary import Conflict
from webapp.services.invalid_input import InvalidFields

ACTIONS = {"added": N_("Added"), "changed": N_("Changed"), "removed": N_("Removed"), "restored": N_("Restored")}


def plan_item(record: CarePlanItem) -> PlanItem:
    return PlanItem(id=str(record.id), **{name: getattr(record, name) for name in PLAN_FIELDS})


def items_of(episode_id: uuid.UUID, removed: bool = False) -> list[CarePlanItem]:
    """The plan's items in the order they were made; with removed, the tombstones too."""
    query = select(CarePlanItem).where(CarePlanItem.episode_id == episode_id).order_by(CarePlanItem.created_at, CarePlanItem.id)
    if not removed:
        query = query.where(CarePlanItem.removed_at.is_(None))
    return list(db.session.scalars(query))


def items_by_episode(user_id: uuid.UUID) -> dict[uuid.UUID, list[CarePlanItem]]:
    """Every plan item of an athlete, tombstones too, by episode, in the order they were made (one query)."""
    found: dict[uuid.UUID, list[CarePlanItem]] = defaultdict(list)
    query = select(CarePlanItem).where(CarePlanItem.user_id == user_id).order_by(CarePlanItem.created_at, CarePlanItem.id)
    for record in db.session.scalars(query):
        found[record.episode_id].append(record)
    return found


def changes_by_episode(user_id: uuid.UUID) -> dict[uuid.UUID, list[CarePlanChange]]:
    """Every plan change of an athlete's episodes, newest first, by episode (one query)."""
    found: dict[uuid.UUID, list[CarePlanChange]] = defaultdict(list)
    query = (select(CarePlanChange).join(CarePlanItem, CarePlanItem.id == CarePlanChange.item_id)
             .where(CarePlanItem.user_id == user_id).order_by(CarePlanChange.at.desc(), CarePlanChange.id.desc()))
    for change in db.session.scalars(query):
        found[change.episode_id].append(change)
    return found


def prescribed_items(records: Iterable[CarePlanItem]) -> dict[str, ChecklistItem]:
    """The checklist item each prescribed exercise shows as, removed ones too, by its checklist key."""
    return {plan_key(str(record.id)): prescribed_item(plan_item(record)) for record in records if record.kind == "exercise"}


def plan_items(episode_id: uuid.UUID) -> list[PlanItem]:
    return [plan_item(record) for record in items_of(episode_id)]


def describe(item: PlanItem) -> Said:
    """One line a person reads in the history: what the item asks (English; said again in the reader's language)."""
    if item.kind == "exercise":
        name = Said(PRESCRIBABLE.get(item.activity or "", item.activity or ""))
        dose = dosage(item)
        return Said("%(name)s: %(dose)s", name=name, dose=dose) if dose else name
    if item.kind == "pause":
        name = Said(PAUSABLE.get(item.activity or "", item.activity or ""))
        if item.until_day:
            return Said("Paused %(name)s (days %(first)s-%(last)s): %(reason)s", name=name, first=item.from_day or 1,
                        last=item.until_day, reason=item.text or "")
        return Said("Paused %(name)s: %(reason)s", name=name, reason=item.text or "")
    if item.kind == "avoid":
        return Said("Avoid %(what)s until %(day)s", what=item.text or "", day=item.until.isoformat() if item.until else "?")
    return Said("Instruction: %(text)s", text=item.text or "")


def _changed_item(change: CarePlanChange) -> PlanItem:
    values = change.after or change.before or {}
    until = values.get("until")
    fields: dict[str, Any] = {name: values.get(name) for name in PLAN_FIELDS if name != "until"}
    return PlanItem(str(change.item_id), until=date.fromisoformat(until) if until else None, **fields)


def change_summary(change: CarePlanChange) -> Said:
    """What a change did, from what it stored: said in the reader's language wherever it is shown."""
    return Said("%(action)s: %(what)s", action=Said(ACTIONS[change.action]), what=describe(_changed_item(change)))


def in_place_of(record: CarePlanChange | CarePlanItem) -> Said | None:
    """The sourced items a prescription stands in for (replacements.same_kind), for the history to show both;
    after a removal, that they are back. None: it takes no sourced item's place."""
    item = _changed_item(record) if isinstance(record, CarePlanChange) else plan_item(record)
    kinds = same_kind(item.activity) if item.kind == "exercise" and item.activity else frozenset()
    if not kinds:
        return None
    names = Said.joined([Said("“%(name)s”", name=Said(sourced.text)) for key, sourced in ITEMS.items() if key in kinds])
    if isinstance(record, CarePlanChange) and record.action == "removed":
        return Said("Back on the plan: the sourced %(names)s.", names=names)
    return Said("Replaces the sourced %(names)s on the days it is shown.", names=names)


def _record_change(editor: User, record: CarePlanItem, action: str, before: dict | None) -> None:
    after = None if action == "removed" else record.to_dict()
    db.session.add(CarePlanChange(
        episode_id=record.episode_id, item_id=record.id, by_id=editor.id, action=action, before=before, after=after,
    ))
    state = db.session.get(CarePlanState, record.episode_id) or CarePlanState(episode_id=record.episode_id, version=0, seen_version=0)
    state.version += 1
    db.session.add(state)


def put_item(editor: User, episode: Episode, item_id: uuid.UUID, values: dict, client_updated_at: datetime,
             today: date) -> tuple[CarePlanItem, bool]:
    """Create or change a plan item (the caller checked the editor is the athlete's linked physiotherapist).

    Raises InvalidFields where a rail or a field refuses it, Conflict where the stored copy is newer.
    """
    values = {name: values.get(name) for name in PLAN_FIELDS}
    problems = prescription_problems(PlanItem(id=str(item_id), **values), today)
    if problems:
        raise InvalidFields(problems)
    record = db.session.get(CarePlanItem, item_id)
    if record is not None and record.episode_id != episode.id:
        raise InvalidFields({"id": [N_("This id belongs to another plan item; make a new one.")]})
    if record is not None and (record.client_updated_at > client_updated_at
                               or (record.removed_at is not None and record.client_updated_at == client_updated_at)):
        raise Conflict(record.to_dict())
    created = record is None
    before = None if record is None else record.to_dict()
    if record is None:
        action = "added"
        record = CarePlanItem(id=item_id, episode_id=episode.id, user_id=episode.user_id, client_updated_at=client_updated_at)
    elif record.removed_at is None and all(getattr(record, name) == values[name] for name in PLAN_FIELDS):
        record.client_updated_at = client_updated_at  # the same again (a replay): no new version
        db.session.commit()
        return record, False
    else:
        action = "restored" if record.removed_at is not None else "changed"
    for name, value in values.items():
        setattr(record, name, value)
    record.client_updated_at, record.removed_at, record.updated_by_id = client_updated_at, None, editor.id
    record.updated_at = utcnow()
    db.session.add(record)
    db.session.flush()
    _record_change(editor, record, action, before)
    db.session.commit()
    return record, created


def remove_item(editor: User, episode: Episode, item_id: uuid.UUID, client_updated_at: datetime | None = None) -> None:
    """Remove a plan item (again: no-op); the sourced plan takes its place again."""
    record = db.session.get(CarePlanItem, item_id)
    if record is None or record.episode_id != episode.id:
        raise LookupError(item_id)
    if record.removed_at is not None:
        return
    stamp = client_updated_at or utcnow()
    if record.client_updated_at > stamp:
        raise Conflict(record.to_dict())
    before = record.to_dict()
    record.removed_at, record.client_updated_at, record.updated_by_id = utcnow(), stamp, editor.id
    _record_change(editor, record, "removed", before)
    db.session.commit()


def history_of(episode_id: uuid.UUID) -> list[CarePlanChange]:
    """Every change to the plan, newest first."""
    return list(db.session.scalars(
        select(CarePlanChange).where(CarePlanChange.episode_id == episode_id).order_by(CarePlanChange.at.desc(), CarePlanChange.id.desc())
    ))


def unseen_changes(episode_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, CarePlanChange]:
    """Each of these plans' latest change, where the athlete has not yet been told of it (one query)."""
    query = (
        select(CarePlanChange).join(CarePlanState, CarePlanState.episode_id == CarePlanChange.episode_id)
        .where(CarePlanChange.episode_id.in_(list(episode_ids)), CarePlanState.seen_version < CarePlanState.version)
        .order_by(CarePlanChange.at.desc(), CarePlanChange.id.desc())
    )
    latest: dict[uuid.UUID, CarePlanChange] = {}
    for change in db.session.scalars(query):
        latest.setdefault(change.episode_id, change)
    return latest


def unseen_change(episode_id: uuid.UUID) -> CarePlanChange | None:
    return unseen_changes([episode_id]).get(episode_id)


def mark_seen(episode_ids: list[uuid.UUID]) -> None:
    """The athlete has been told of every change so far to these plans.

    Called from the page that tells them, a read: its own short write, and only when there is news.
    """
    if not episode_ids:
        return
    table = cast(Table, CarePlanState.__table__)
    with write_transaction(db.engine) as connection:
        connection.execute(
            update(table).where(table.c.episode_id.in_(episode_ids), table.c.seen_version < table.c.version)
            .values(seen_version=table.c.version)
        )
