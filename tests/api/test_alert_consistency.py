"""After any sequence of writes, edits, deletions and replays through the API, the open alerts of an episode
are exactly what a full evaluation of its current diary finds: the stored state never drifts from the rules."""
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.builders import episode_body
from tests.conftest import bearer, make_account
from webapp.core.codes import CHARACTERS, RED_FLAGS, TREATMENTS
from webapp.core.rules import evaluate_episode
from webapp.infra.extensions import db
from webapp.models import Entry, Episode
from webapp.services.episode_facts import entry_facts, episode_facts

SLOTS = 5  # entry ids the sequence writes to, so that edits and deletions hit earlier writes
STARTED_HOURS_AGO = 400

writes = st.fixed_dictionaries({
    "op": st.just("put"),
    "slot": st.integers(0, SLOTS - 1),
    "hours": st.integers(0, STARTED_HOURS_AGO - 1),
    "pain": st.integers(0, 10),
    "red_flags": st.lists(st.sampled_from(list(RED_FLAGS)), max_size=2, unique=True),
    "treatments": st.lists(st.sampled_from(list(TREATMENTS)), max_size=2, unique=True),
    "character": st.sampled_from([None, *CHARACTERS]),
    "swelling": st.booleans(),
})
deletions = st.fixed_dictionaries({"op": st.just("delete"), "slot": st.integers(0, SLOTS - 1)})
replays = st.fixed_dictionaries({"op": st.just("replay"), "which": st.integers(0, 20)})
operations = st.lists(st.one_of(writes, writes, deletions, replays), min_size=1, max_size=12)


def run(client, headers, episode_id: str, started: datetime, ops: list[dict]) -> None:
    slots = [str(uuid.uuid4()) for _ in range(SLOTS)]
    sent: list[tuple[str, dict]] = []
    clock = started
    for op in ops:
        clock += timedelta(seconds=1)  # each change newer than the last, as one phone's clock
        if op["op"] == "put":
            body = {
                "episode_id": episode_id, "recorded_at": (started + timedelta(hours=op["hours"], minutes=30)).isoformat(),
                "pain": op["pain"], "regions": ["lower_back"], "red_flags": op["red_flags"], "treatments": op["treatments"],
                "character": op["character"], "swelling": op["swelling"], "client_updated_at": clock.isoformat(),
            }
            url = f"/api/v1/entries/{slots[op['slot']]}"
            assert client.put(url, json=body, headers=headers).status_code in (200, 201)
            sent.append((url, body))
        elif op["op"] == "delete":
            url = f"/api/v1/entries/{slots[op['slot']]}"
            assert client.delete(url, query_string={"client_updated_at": clock.isoformat()}, headers=headers).status_code in (204, 404)
        elif sent:
            url, body = sent[op["which"] % len(sent)]
            # A replay of an old write: stored again if nothing newer is there, refused (409) if something is.
            assert client.put(url, json=body, headers=headers).status_code in (200, 201, 409)


def full_evaluation(app, episode_id: str) -> set:
    with app.app_context():
        episode = db.session.get(Episode, uuid.UUID(episode_id))
        entries = db.session.scalars(select(Entry).where(Entry.episode_id == episode.id, Entry.deleted_at.is_(None)))
        findings = evaluate_episode(episode_facts(episode), [entry_facts(e) for e in entries])
    return {(f.rule, f.severity, f.message, tuple(e.text for e in f.evidence)) for f in findings}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=operations)
def test_stored_alerts_always_equal_a_full_evaluation_of_the_diary(app, client, ops):
    athlete = make_account(app, "athlete")
    headers = bearer(client, athlete)
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=STARTED_HOURS_AGO)
    episode_id = str(uuid.uuid4())
    body = episode_body(started_at=started.isoformat(), client_updated_at=started.isoformat(), onset="during", character="sharp")
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201

    run(client, headers, episode_id, started, ops)

    stored = client.get("/api/v1/alerts", query_string={"episode_id": episode_id, "status": "open"}, headers=headers).json
    found = {(a["rule"], a["severity"], a["message"], tuple(e["text"] for e in a["evidence"])) for a in stored}
    expected = full_evaluation(app, episode_id)
    assert found == expected, (ops, found - expected, expected - found)
