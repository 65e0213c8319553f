"""Keep the alerts table in step with the findings, writing only what changed.

The stored alerts are read as raw column values (or, for a writer that answers
with them, as objects) and compared with what the findings would make of them;
what changes is written by one statement per kind of change, and new alerts go in
with one insert. A sweep of thousands of unchanged episodes then reads the alerts
once and writes nothing.
"""
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, type_coerce
from sqlalchemy.types import NullType

from webapp.core.codes import ADVICE_TIERS, TIERS
from webapp.core.rules import EVENT, RULES_BY_CODE, Finding
from webapp.core.wording import N_
from webapp.infra.extensions import db
from webapp.infra.raw_values import by_raw_id, uuid_of
from webapp.infra.row_updates import as_written, update_by_id, update_parameters
from webapp.infra.times import utcnow
from webapp.models import Alert, AlertCopy, Episode

# New alerts go in through the table, not the ORM's bulk insert: a first sweep raises tens of thousands.
_ALERTS = cast(Table, Alert.__table__)
COMPARED = ("severity", "message", "message_params", "why", "evidence", "source", "thresholds", "overridden", "evidence_keys")
STORED = select(*(type_coerce(column, NullType()) for column in (
    Alert.id, Alert.episode_id, Alert.rule, Alert.status, *(getattr(Alert, name) for name in COMPARED),
))).where(Alert.episode_id.in_(bindparam("ids", expanding=True)))
# Every column, as values: a writer answers with its episode's alerts (AlertCopy), and objects would only cost their making.
OF_EPISODES = select(*_ALERTS.c).where(_ALERTS.c.episode_id.in_(bindparam("ids", expanding=True)))
# A red flag once reported stays in the history: deleting or changing the entry marks its evidence withdrawn
# (by the athlete) instead of resolving the alert. Only a clinician's review or a physiotherapist's close ends it.
KEPT_WHEN_WITHDRAWN = frozenset({"red_flag"})


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


def _with_withdrawn(evidence: list[dict], stored: Any) -> list[dict]:
    """The finding's evidence, and after it the stored items whose entry no longer shows them, marked withdrawn."""
    shown = {item.get("entry_id") for item in evidence}
    kept = [{**item, "withdrawn": True} for item in _value(stored) or [] if item.get("entry_id") not in shown]
    return [*evidence, *kept]


def _more_urgent(message: str, stored: str) -> str:
    """Of two red-flag advices, the one of the more urgent tier (codes.TIERS: emergency first)."""
    def rank(advice: str) -> int:
        return TIERS.index(ADVICE_TIERS[advice]) if advice in ADVICE_TIERS else len(TIERS)

    return stored if rank(stored) < rank(message) else message


def _value(raw: Any) -> Any:
    # SQLite gives JSON columns as text; PostgreSQL's driver decodes them.
    return _decoded(raw) if isinstance(raw, str) and raw[:1] in "[{" else raw


@lru_cache(maxsize=1024)
def _decoded(text: str) -> Any:
    # Only ever compared, never changed: sources, thresholds and the like repeat across thousands of alerts.
    return json.loads(text)


# Each kind of change is one fixed statement, run once for all the alerts it applies to (webapp.infra.row_updates).
STORE = update_by_id(_ALERTS, (*COMPARED, "updated_at"))
# A closed alert shown new evidence opens again: who saw or closed it, and when, belonged to the old evidence.
REOPENED = {
    "status": "open", "acknowledged_at": None, "acknowledged_by_id": None, "acknowledge_note": None,
    "resolved_at": None, "resolution": None,
}
REOPEN = update_by_id(_ALERTS, (*COMPARED, "updated_at", "raised_at", "raised_via", *REOPENED))
RESOLVE = update_by_id(_ALERTS, ("status", "resolved_at", "resolution", "evidence_keys", "updated_at"))


@dataclass
class AlertWrites:
    """What apply_findings decided, for write_alerts: new rows, and each kind of update's new values by alert id."""

    new: list[dict] = field(default_factory=list)
    stored: dict[uuid.UUID, dict] = field(default_factory=dict)
    reopened: dict[uuid.UUID, dict] = field(default_factory=dict)
    resolved: dict[uuid.UUID, dict] = field(default_factory=dict)


def write_alerts(writes: AlertWrites) -> None:
    """Store what apply_findings decided, in the caller's transaction."""
    connection = db.session.connection()
    if writes.new:
        connection.execute(insert(_ALERTS), writes.new)
    for statement, changes in ((STORE, writes.stored), (REOPEN, writes.reopened), (RESOLVE, writes.resolved)):
        if changes:
            connection.execute(statement, [update_parameters(alert_id, values) for alert_id, values in changes.items()])


def _reflect(alert_id: uuid.UUID, values: dict) -> None:
    """Give the session's copy of an alert, if it holds one, the values write_alerts stores (as if read back)."""
    session = db.session()
    alert = session.identity_map.get(session.identity_key(Alert, alert_id))
    if alert is not None:
        as_written(alert, values)


def _resolved(reason: str, now: datetime, written_at: datetime) -> dict:
    """Resolve an alert whose finding the diary no longer supports.

    Its evidence is forgotten: if the same entry shows the same thing again (an edit
    undone, a deleted log sent again), that is new evidence and the alert opens again.
    Only a person's acknowledgement or close keeps the evidence it saw from reopening it.
    """
    return {"status": "resolved", "resolved_at": now, "resolution": reason, "evidence_keys": [], "updated_at": written_at}


def _why_resolved(episode: Episode, rule: str) -> str:
    kind = RULES_BY_CODE[rule].kind if rule in RULES_BY_CODE else EVENT
    if kind == EVENT:
        return N_("no longer supported by the diary (an entry was changed or deleted)")
    if episode.resolved_at:
        return N_("the episode resolved")
    return N_("the latest readings no longer show it")


def apply_findings(
    episodes: Sequence[Episode], findings: dict[uuid.UUID, tuple[Finding, ...]], now: datetime, origin: str = "athlete",
    keep: bool = False,
) -> tuple[Counter, dict[uuid.UUID, list[AlertCopy]], AlertWrites]:
    """Work out how the episodes' alerts are raised, updated, reopened or resolved to match their findings.

    Writes nothing: the caller stores the AlertWrites (write_alerts) when it may write. The session's
    copies of the alerts, if it holds any, hold the new values from now on. Reads what is stored: the
    caller flushes what it changed first. origin: what the raised and reopened alerts are marked
    raised_via (see Alert.raised_via). keep: return each episode's alerts as the write leaves them,
    as a writer answers with them; otherwise (a sweep's thousands) only raw values are read.
    """
    by_key = by_raw_id({episode.id: episode for episode in episodes})
    stored: dict[uuid.UUID, dict[str, Any]] = defaultdict(dict)
    row: Any
    judged = {"ids": [e.id for e in episodes]}
    for row in db.session.connection().execute(OF_EPISODES if keep else STORED, judged):
        stored[by_key[row.episode_id].id][row.rule] = row
    counts: Counter = Counter()
    writes = AlertWrites()
    written_at = utcnow()
    for episode in episodes:
        existing = stored[episode.id]
        for finding in findings[episode.id]:
            row = existing.get(finding.rule)
            if row is None:
                writes.new.append({
                    "id": uuid.uuid4(), "user_id": episode.user_id, "episode_id": episode.id, "rule": finding.rule,
                    "status": "open", "raised_at": now, "raised_via": origin, "updated_at": now, **_stored_values(finding, []),
                })
                counts["raised"] += 1
                continue
            known = _value(row.evidence_keys) or []
            wanted = _stored_values(finding, known)
            if finding.rule in KEPT_WHEN_WITHDRAWN:
                wanted["evidence"] = _with_withdrawn(wanted["evidence"], row.evidence)
                if any(item.get("withdrawn") for item in wanted["evidence"]):
                    # What a withdrawn flag asked for holds: deleting the emergency sign does not calm the advice.
                    wanted["message"] = _more_urgent(wanted["message"], _value(row.message))
            alert_id = uuid_of(row.id)
            if row.status != "open" and {item.key for item in finding.evidence} - set(known):
                values = {**wanted, "updated_at": written_at, "raised_at": now, "raised_via": origin, **REOPENED}
                writes.reopened[alert_id] = values
                counts["raised"] += 1
            elif all(_value(getattr(row, name)) == wanted[name] for name in COMPARED):
                counts["unchanged"] += 1
                continue
            else:
                values = writes.stored[alert_id] = {**wanted, "updated_at": written_at}
                counts["updated"] += 1
            _reflect(alert_id, values)
        found = {finding.rule for finding in findings[episode.id]}
        for rule, row in existing.items():
            if rule in found or row.status == "resolved":
                counts["unchanged"] += rule not in found
                continue
            alert_id = uuid_of(row.id)
            if rule in KEPT_WHEN_WITHDRAWN:
                kept = {name: _value(getattr(row, name)) for name in COMPARED}
                kept["evidence"] = _with_withdrawn([], row.evidence)
                if kept["evidence"] == _value(row.evidence):
                    counts["unchanged"] += 1
                    continue
                values = writes.stored[alert_id] = {**kept, "updated_at": written_at}
                _reflect(alert_id, values)
                counts["updated"] += 1
                continue
            values = writes.resolved[alert_id] = _resolved(_why_resolved(episode, rule), now, written_at)
            _reflect(alert_id, values)
            counts["resolved"] += 1
    return counts, _as_left(episodes, stored, writes) if keep else {}, writes


def _as_left(episodes: Sequence[Episode], stored: dict[uuid.UUID, dict[str, Any]], writes: AlertWrites) -> dict[uuid.UUID, list[AlertCopy]]:
    """Each episode's alerts as the writes leave them."""
    changes = {**writes.stored, **writes.reopened, **writes.resolved}
    left: dict[uuid.UUID, list[AlertCopy]] = {
        episode.id: [AlertCopy(**{**row._mapping, **changes.get(row.id, {})}) for row in stored[episode.id].values()]
        for episode in episodes
    }
    for values in writes.new:
        left[values["episode_id"]].append(AlertCopy(**values))
    return left
