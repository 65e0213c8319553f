"""Keep the alerts table in step with the findings, writing only what changed.

The stored alerts are read as raw column values and compared with what the
findings would make of them; only alerts that change are loaded as objects and
updated, and new ones go in with one insert. A sweep of thousands of unchanged
episodes then reads the alerts once and writes nothing.
"""
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.rules import EVENT, RULES_BY_CODE, Finding
from webapp.core.wording import N_
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id
from webapp.models import Alert, Episode

# New alerts go in through the table, not the ORM's bulk insert: a first sweep raises tens of thousands.
_ALERTS = cast(Table, Alert.__table__)
COMPARED = ("severity", "message", "message_params", "why", "evidence", "source", "thresholds", "overridden", "evidence_keys")
STORED = select(*(type_coerce(column, NullType()) for column in (
    Alert.id, Alert.episode_id, Alert.rule, Alert.status, *(getattr(Alert, name) for name in COMPARED),
))).where(Alert.episode_id.in_(bindparam("ids", expanding=True)))
BY_ID = select(Alert).where(Alert.id.in_(bindparam("ids", expanding=True)))
OF_EPISODES = select(Alert).where(Alert.episode_id.in_(bindparam("ids", expanding=True)))


def _evidence_json(finding: Finding) -> list[dict]:
    # Field by field: dataclasses.asdict deep-copies, and a sweep does this for every finding.
    return [
        {**item.text.as_json(), **{name: value for name, value in (("entry_id", item.entry_id), ("episode_id", item.episode_id))
                                     if value is not None}}
        for item in finding.evidence
    ]


def _stored_values(finding: Finding, known_keys: Sequence[str]) -> dict:
    """The columns an alert holds for this finding, given the evidence keys it had seen."""
    message = finding.message.as_json()
    return {
        "severity": finding.severity, "message": message["template"], "message_params": message["params"], "why": finding.why,
        "evidence": _evidence_json(finding), "source": list(finding.source), "thresholds": dict(finding.thresholds),
        "overridden": list(finding.overridden),
        "evidence_keys": sorted(set(known_keys) | {item.key for item in finding.evidence}),
    }


def _value(raw: Any) -> Any:
    # SQLite gives JSON columns as text; PostgreSQL's driver decodes them.
    return _decoded(raw) if isinstance(raw, str) and raw[:1] in "[{" else raw


@lru_cache(maxsize=1024)
def _decoded(text: str) -> Any:
    # Only ever compared, never changed: sources, thresholds and the like repeat across thousands of alerts.
    return json.loads(text)


def _store(episode: Episode, finding: Finding, alert: Alert | None, now: datetime, origin: str) -> str:
    """Bring one alert object in line with its finding; return what happened."""
    keys = [item.key for item in finding.evidence]
    assert alert is not None
    if alert.status != "open" and set(keys) - set(alert.evidence_keys or []):
        alert.status, alert.raised_at, alert.raised_via = "open", now, origin
        alert.acknowledged_at = alert.acknowledged_by_id = alert.acknowledge_note = None
        alert.resolved_at = alert.resolution = None
        outcome = "raised"
    else:
        outcome = "unchanged"
    for name, value in _stored_values(finding, alert.evidence_keys or []).items():
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
        return N_("no longer supported by the diary (an entry was changed or deleted)")
    if episode.resolved_at:
        return N_("the episode resolved")
    return N_("the latest readings no longer show it")


def _unchanged(row: Any, finding: Finding) -> bool:
    """Whether storing this finding would leave the alert row exactly as it is."""
    known = _value(row.evidence_keys) or []
    if row.status != "open" and {item.key for item in finding.evidence} - set(known):
        return False
    wanted = _stored_values(finding, known)
    return all(_value(getattr(row, name)) == wanted[name] for name in COMPARED)


def apply_findings(
    episodes: Sequence[Episode], findings: dict[uuid.UUID, tuple[Finding, ...]], now: datetime, origin: str = "athlete",
    keep: bool = False,
) -> tuple[Counter, dict[uuid.UUID, list[Alert]]]:
    """Raise, update, reopen or resolve the episodes' alerts to match their findings; count what happened.

    origin: what the raised and reopened alerts are marked raised_via (see Alert.raised_via).
    keep: work on the alerts as objects and return them by episode, as a writer answers with them;
    otherwise (a sweep's thousands) on raw rows, loading as objects only those that change.
    """
    by_key = by_raw_id({episode.id: episode for episode in episodes})
    stored: dict[uuid.UUID, dict[str, Any]] = defaultdict(dict)
    row: Any
    judged = {"ids": [e.id for e in episodes]}
    for row in (db.session.scalars(OF_EPISODES, judged) if keep else db.session.execute(STORED, judged)):
        stored[by_key[row.episode_id].id][row.rule] = row
    counts: Counter = Counter()
    new_rows: list[dict] = []
    to_store: list[tuple[Episode, Finding, Any]] = []
    to_resolve: list[tuple[Episode, str, Any]] = []
    for episode in episodes:
        existing = stored[episode.id]
        for finding in findings[episode.id]:
            row = existing.get(finding.rule)
            if row is None:
                new_rows.append({
                    "id": uuid.uuid4(), "user_id": episode.user_id, "episode_id": episode.id, "rule": finding.rule,
                    "status": "open", "raised_at": now, "raised_via": origin, "updated_at": now, **_stored_values(finding, []),
                })
                counts["raised"] += 1
            elif _unchanged(row, finding):
                counts["unchanged"] += 1
            else:
                to_store.append((episode, finding, row.id))
        found = {finding.rule for finding in findings[episode.id]}
        for rule, row in existing.items():
            if rule in found or row.status == "resolved":
                counts["unchanged"] += rule not in found
                continue
            to_resolve.append((episode, rule, row.id))
    kept: dict[uuid.UUID, list[Alert]] = {episode.id: list(stored[episode.id].values()) for episode in episodes} if keep else {}
    if new_rows and keep:
        for values in new_rows:
            alert = Alert(**values)
            db.session.add(alert)
            kept[alert.episode_id].append(alert)
    elif new_rows:
        db.session.execute(insert(_ALERTS), new_rows)
    changing = [raw_id for _, _, raw_id in to_store] + [raw_id for _, _, raw_id in to_resolve]
    if changing:
        ids = [raw if isinstance(raw, uuid.UUID) else uuid.UUID(raw) for raw in changing]
        if keep:
            objects = {alert.id: alert for alerts in kept.values() for alert in alerts}
        else:
            objects = {alert.id: alert for alert in db.session.scalars(BY_ID, {"ids": ids})}
        for (episode, finding, _), alert_id in zip(to_store, ids, strict=False):
            counts[_store(episode, finding, objects[alert_id], now, origin)] += 1
        for (episode, rule, _), alert_id in zip(to_resolve, ids[len(to_store):], strict=True):
            counts[_resolve(objects[alert_id], _why_resolved(episode, rule), now)] += 1
    return counts, kept
