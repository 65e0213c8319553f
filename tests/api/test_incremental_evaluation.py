"""The write path judges an episode from a summary of the athlete's earlier episodes (PainCourse, worked out by
the database) and from its entries read as raw column values. For any sequence of writes, edits, deletions,
replays and closes across several episodes, that gives exactly what a full re-evaluation from every row does."""
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from tests.api.test_alert_consistency import full_evaluation, message_compared, open_alerts_by_episode
from tests.builders import episode_body
from tests.conftest import bearer, make_account
from webapp.core.codes import RED_FLAGS, TREATMENTS
from webapp.core.rules import PainCourse, evaluate_episode
from webapp.infra.extensions import db
from webapp.models import AlertSettings, Entry, Episode
from webapp.services.alert_sweep import sweep
from webapp.services.episode_facts import entry_facts, episode_facts
from webapp.services.pain_courses import course_from_row
from webapp.services.rule_inputs import load_rule_inputs

# Three episodes of one athlete, 50, 30 and 12 days ago: each is an earlier episode of the next ones.
STARTS_DAYS_AGO = (50, 30, 12)
SLOTS = 6

writes = st.fixed_dictionaries({
    "op": st.just("put"),
    "episode": st.integers(0, len(STARTS_DAYS_AGO) - 1),
    "slot": st.integers(0, SLOTS - 1),
    # Six-hour steps over 10 days: readings of the same minute, and at the moment a later episode starts, happen often.
    "quarter_days": st.integers(0, 4 * 10),
    "pain": st.sampled_from([0, 0, 1, 2, 3, 5, 7, 10]),
    "red_flags": st.lists(st.sampled_from(list(RED_FLAGS)), max_size=1),
    "treatments": st.lists(st.sampled_from(list(TREATMENTS)), max_size=2, unique=True),
})
deletions = st.fixed_dictionaries({"op": st.just("delete"), "slot": st.integers(0, SLOTS - 1)})
replays = st.fixed_dictionaries({"op": st.just("replay"), "which": st.integers(0, 30)})
closes = st.fixed_dictionaries({
    "op": st.just("close"), "episode": st.integers(0, len(STARTS_DAYS_AGO) - 1), "quarter_days": st.integers(0, 4 * 10),
})
sweeps = st.fixed_dictionaries({"op": st.just("sweep")})
operations = st.lists(st.one_of(writes, writes, writes, deletions, replays, closes, sweeps), min_size=1, max_size=16)


def _run(app, client, headers, episodes: list[tuple[str, datetime]], ops: list[dict]) -> None:
    slots = [str(uuid.uuid4()) for _ in range(SLOTS)]
    sent: list[tuple[str, dict]] = []
    clock = datetime.now(UTC) - timedelta(days=60)
    for op in ops:
        clock += timedelta(seconds=1)
        if op["op"] == "put":
            episode_id, started = episodes[op["episode"]]
            body = {
                "episode_id": episode_id, "recorded_at": (started + timedelta(hours=6 * op["quarter_days"])).isoformat(),
                "pain": op["pain"], "regions": ["lower_back"], "red_flags": op["red_flags"], "treatments": op["treatments"],
                "client_updated_at": clock.isoformat(),
            }
            url = f"/api/v1/entries/{slots[op['slot']]}"
            # An entry moved to another episode, or one that reopens or follows a closed one: all allowed.
            assert client.put(url, json=body, headers=headers).status_code in (200, 201, 404, 409, 422)
            sent.append((url, body))
        elif op["op"] == "delete":
            url = f"/api/v1/entries/{slots[op['slot']]}"
            assert client.delete(url, query_string={"client_updated_at": clock.isoformat()}, headers=headers).status_code in (204, 404, 409)
        elif op["op"] == "close":
            episode_id, started = episodes[op["episode"]]
            body = episode_body(started_at=started.isoformat(), resolved_at=(started + timedelta(hours=6 * op["quarter_days"], minutes=15)).isoformat(),
                                client_updated_at=clock.isoformat())
            assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code in (200, 409, 422)
        elif op["op"] == "sweep":
            with app.app_context():
                sweep()
        elif sent:
            url, body = sent[op["which"] % len(sent)]
            assert client.put(url, json=body, headers=headers).status_code in (200, 201, 404, 409, 422)


def _put(episode, slot, quarter_days, pain):
    return {"op": "put", "episode": episode, "slot": slot, "quarter_days": quarter_days, "pain": pain, "red_flags": [], "treatments": []}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=operations)
# The first episode's pain lasts past 3 days and ends in a 0 and a 5 logged in the same minute: at that minute the
# pain was not over (the later reading of a minute wins), so the third episode is no recurrence of it...
@example(ops=[_put(0, 0, 14, 5), _put(0, 1, 16, 0), _put(0, 2, 16, 5), _put(2, 3, 16, 6), _put(2, 4, 20, 6)])
# ...while a 0 after the 5 ends it, and then the third one, lasting past 3 days, is.
@example(ops=[_put(0, 0, 14, 5), _put(0, 1, 16, 5), _put(0, 2, 17, 0), _put(2, 3, 16, 6), _put(2, 4, 20, 6)])
# The third episode is logged first; the first one's pain is logged (late) after it: the third is then a recurrence.
@example(ops=[_put(2, 3, 16, 6), _put(2, 4, 20, 6), _put(0, 0, 14, 5), _put(0, 1, 16, 5), _put(0, 2, 17, 0)])
def test_the_write_path_judges_as_a_full_re_evaluation_does(app, client, ops):
    athlete = make_account(app, "athlete")
    headers = bearer(client, athlete)
    now = datetime.now(UTC).replace(microsecond=0)
    episodes = []
    for days in STARTS_DAYS_AGO:
        episode_id, started = str(uuid.uuid4()), now - timedelta(days=days)
        body = episode_body(started_at=started.isoformat(), client_updated_at=(now - timedelta(days=61)).isoformat())
        assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
        episodes.append((episode_id, started))
    _run(app, client, headers, episodes, ops)

    # The stored alerts are a full evaluation of every episode (follow-up episodes included).
    expected = full_evaluation(app, athlete["id"])
    assert open_alerts_by_episode(client, headers, expected) == expected, ops

    with app.app_context():
        rows = list(db.session.scalars(select(Episode).where(Episode.user_id == uuid.UUID(athlete["id"]))))
        live = {e.id: list(db.session.scalars(select(Entry).where(Entry.episode_id == e.id, Entry.deleted_at.is_(None)))) for e in rows}
        for row in rows:
            # The course kept on each row (read instead of the entries when a later episode is judged) is its entries' course.
            kept = course_from_row(row.pain_course)
            assert kept is None or kept == PainCourse.of((e.recorded_at, e.pain) for e in live[row.id]), (ops, row.id)
        inputs = load_rule_inputs([e.id for e in rows])
        for episode in inputs.episodes:
            # Its entries, read raw, are the ORM's entries.
            assert sorted(inputs.entries[episode.id], key=lambda f: f.id) == sorted(
                (entry_facts(e) if episode.flags_reviewed_at else _without_logged_at(entry_facts(e)) for e in live[episode.id]), key=lambda f: f.id,
            )
            # Each earlier episode's course is the one its readings give.
            for prior in inputs.prior_to(episode):
                if prior.started_at < episode.started_at:
                    readings = [(e.recorded_at, e.pain) for e in live[uuid.UUID(prior.id)]]
                    assert prior.course == PainCourse.of(readings), (ops, prior.id)
            findings = evaluate_episode(
                episode_facts(episode), inputs.entries[episode.id], inputs.prior_to(episode), inputs.thresholds[episode.user_id],
            )
            assert {(f.rule, message_compared(f.rule, f.message)) for f in findings} == {(rule, message) for rule, _, message, _ in expected[str(episode.id)]}, ops


def _without_logged_at(facts):
    return facts._replace(logged_at=None)


def test_an_episode_without_a_kept_course_is_judged_from_its_entries_and_keeps_it(app, client):
    """Rows written before episodes kept their course: the first write after it works the course out and stores it."""
    athlete = make_account(app, "athlete")
    headers = bearer(client, athlete)
    now = datetime.now(UTC).replace(microsecond=0)
    earlier, later = str(uuid.uuid4()), str(uuid.uuid4())
    for episode_id, days in ((earlier, 40), (later, 12)):
        started = now - timedelta(days=days)
        body = episode_body(started_at=started.isoformat(), client_updated_at=started.isoformat())
        assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    for hours, pain in ((12, 5), (120, 5), (150, 0)):
        at = (now - timedelta(days=40) + timedelta(hours=hours)).isoformat()
        body = {"episode_id": earlier, "recorded_at": at, "pain": pain, "regions": ["lower_back"], "client_updated_at": at}
        assert client.put(f"/api/v1/entries/{uuid.uuid4()}", json=body, headers=headers).status_code == 201
    with app.app_context():
        db.session.execute(update(Episode).values(pain_course=None))
        db.session.commit()

    at = (now - timedelta(days=7)).isoformat()
    body = {"episode_id": later, "recorded_at": at, "pain": 6, "regions": ["lower_back"], "client_updated_at": at}
    answer = client.put(f"/api/v1/entries/{uuid.uuid4()}", json=body, headers=headers).json
    assert "recurrent_pain" in {alert["rule"] for alert in answer["alerts"]}
    with app.app_context():
        row = db.session.get(Episode, uuid.UUID(earlier))
        readings = [(e.recorded_at, e.pain) for e in db.session.scalars(select(Entry).where(Entry.episode_id == row.id))]
        assert course_from_row(row.pain_course) == PainCourse.of(readings)


def test_the_latest_episode_keeps_no_course_until_a_later_one_reads_it(app, client):
    """Most writes go into the athlete's latest episode, whose course nothing reads yet: none is stored for it.

    The first write into a later episode works the earlier one's course out and keeps it; from then on,
    a late log into the earlier episode brings its kept course up to date.
    """
    athlete = make_account(app, "athlete")
    headers = bearer(client, athlete)
    now = datetime.now(UTC).replace(microsecond=0)
    earlier, later = str(uuid.uuid4()), str(uuid.uuid4())

    def put_episode(episode_id, days):
        started = now - timedelta(days=days)
        body = episode_body(started_at=started.isoformat(), client_updated_at=started.isoformat())
        assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201

    def log(episode_id, at, pain):
        body = {"episode_id": episode_id, "recorded_at": at.isoformat(), "pain": pain, "regions": ["lower_back"],
                "client_updated_at": now.isoformat()}
        assert client.put(f"/api/v1/entries/{uuid.uuid4()}", json=body, headers=headers).status_code == 201

    def kept(episode_id):
        with app.app_context():
            row = db.session.get(Episode, uuid.UUID(episode_id))
            readings = [(e.recorded_at, e.pain) for e in db.session.scalars(select(Entry).where(Entry.episode_id == row.id))]
            return course_from_row(row.pain_course), PainCourse.of(readings)

    put_episode(earlier, 40)
    for hours, pain in ((12, 5), (120, 5)):
        log(earlier, now - timedelta(days=40) + timedelta(hours=hours), pain)
    assert kept(earlier)[0] is None

    put_episode(later, 12)
    log(later, now - timedelta(days=7), 6)
    stored, worked_out = kept(earlier)
    assert stored == worked_out and stored.last_pain_at is not None
    assert kept(later)[0] is None

    log(earlier, now - timedelta(days=40) + timedelta(hours=200), 4)
    stored, worked_out = kept(earlier)
    assert stored == worked_out and stored.last_pain_at == now - timedelta(days=40) + timedelta(hours=200)


def test_a_longer_lookback_set_by_the_physiotherapist_reads_earlier_episodes_that_far_back(app, client):
    """Writes read earlier episodes over the default 90-day lookback (004:474), and over an athlete's own longer one.

    Both ways round: pain logged into the current episode finds an old episode 150 days before it, and
    a late log into the old episode re-judges the current one.
    """
    now = datetime.now(UTC).replace(microsecond=0)

    def athlete_with_two_episodes():
        athlete = make_account(app, "athlete")
        with app.app_context():
            db.session.add(AlertSettings(user_id=uuid.UUID(athlete["id"]), overrides={"recurrence_lookback_days": 200}))
            db.session.commit()
        headers = bearer(client, athlete)
        old, current = str(uuid.uuid4()), str(uuid.uuid4())
        for episode_id, days in ((old, 160), (current, 10)):
            started = now - timedelta(days=days)
            body = episode_body(started_at=started.isoformat(), client_updated_at=started.isoformat())
            assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
        return headers, old, current

    def log(headers, episode_id, at, pain):
        body = {"episode_id": episode_id, "recorded_at": at.isoformat(), "pain": pain, "regions": ["lower_back"],
                "client_updated_at": now.isoformat()}
        answer = client.put(f"/api/v1/entries/{uuid.uuid4()}", json=body, headers=headers)
        assert answer.status_code == 201, answer.json
        return {alert["rule"] for alert in answer.json["alerts"]}

    def log_long_pain(headers, episode_id):
        for hours, pain in ((12, 5), (120, 5), (150, 0)):
            log(headers, episode_id, now - timedelta(days=160) + timedelta(hours=hours), pain)

    headers, old, current = athlete_with_two_episodes()
    log_long_pain(headers, old)
    assert "recurrent_pain" in log(headers, current, now - timedelta(days=2), 6)

    headers, old, current = athlete_with_two_episodes()
    assert "recurrent_pain" not in log(headers, current, now - timedelta(days=2), 6)
    log_long_pain(headers, old)
    alerts = client.get(f"/api/v1/alerts?episode_id={current}&status=open", headers=headers).json
    assert "recurrent_pain" in {alert["rule"] for alert in alerts}
