"""PUT/GET /episodes, PUT/GET/DELETE /entries (shared/api-v1.md)."""
import uuid

import pytest
from sqlalchemy import func, select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account
from webapp.infra.extensions import db
from webapp.models import Entry, Episode


@pytest.fixture
def headers(client, athlete):
    return bearer(client, athlete)


@pytest.fixture
def episode_id(client, headers):
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers).status_code == 201
    return episode_id


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored_entry(app, entry_id):
    with app.app_context():
        return db.session.get(Entry, uuid.UUID(entry_id)).to_dict()


def test_put_episode_twice_stores_one(client, app, headers):
    episode_id, body = new_id(), episode_body()
    first = client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers)
    second = client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["episode"] == second.json["episode"]
    assert first.json["alerts"] == []
    assert count(app, Episode) == 1
    episode = first.json["episode"]
    assert episode["id"] == episode_id and episode["regions"] == ["lower_back"] and episode["rpe"] == 8
    assert episode["started_at"].endswith("+00:00")


def test_put_entry_twice_stores_one_and_answers_entry_and_alerts(client, app, headers, episode_id):
    entry_id, body = new_id(), entry_body(episode_id)
    first = client.put(f"/api/v1/entries/{entry_id}", json=body, headers=headers)
    second = client.put(f"/api/v1/entries/{entry_id}", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert set(first.json) == {"entry", "alerts"}
    assert first.json["entry"] == second.json["entry"]
    assert count(app, Entry) == 1
    entry = first.json["entry"]
    assert entry["pain"] == 4 and entry["treatments"] == ["ice", "walk"] and entry["walk_minutes"] == 20
    assert entry["client_updated_at"] == second.json["entry"]["client_updated_at"]


def test_client_time_round_trips_exactly(client, headers, episode_id):
    entry_id = new_id()
    saved = client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id), headers=headers).json["entry"]
    again = entry_body(episode_id, client_updated_at=saved["client_updated_at"], pain=5)
    assert client.put(f"/api/v1/entries/{entry_id}", json=again, headers=headers).status_code == 200


def test_newer_put_updates(client, app, headers, episode_id):
    entry_id = new_id()
    client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id), headers=headers)
    response = client.put(
        f"/api/v1/entries/{entry_id}", json=entry_body(episode_id, pain=2, client_updated_at=ago(hours=1)), headers=headers
    )
    assert response.status_code == 200 and response.json["entry"]["pain"] == 2
    assert stored_entry(app, entry_id)["pain"] == 2


def test_stale_put_is_409_with_current_and_changes_nothing(client, app, headers, episode_id):
    entry_id = new_id()
    client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id, client_updated_at=ago(hours=1)), headers=headers)
    before = stored_entry(app, entry_id)
    response = client.put(
        f"/api/v1/entries/{entry_id}", json=entry_body(episode_id, pain=9, client_updated_at=ago(hours=2)), headers=headers
    )
    assert response.status_code == 409
    assert response.json["current"]["pain"] == 4
    assert stored_entry(app, entry_id) == before


def test_stale_episode_put_is_409(client, headers):
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(client_updated_at=ago(hours=1)), headers=headers)
    response = client.put(
        f"/api/v1/episodes/{episode_id}", json=episode_body(activity="Squats", client_updated_at=ago(hours=2)), headers=headers
    )
    assert response.status_code == 409 and response.json["current"]["activity"] == "Deadlifts"


INVALID_ENTRIES = [
    ({"pain": 11}, "pain"),
    ({"pain": -1}, "pain"),
    ({"pain": 4.5}, "pain"),
    ({"pain": "4"}, "pain"),
    ({"pain": True}, "pain"),
    ({"regions": ["shoulder"]}, "regions"),
    ({"regions": "lower_back"}, "regions"),
    ({"side": "up"}, "side"),
    ({"character": "itchy"}, "character"),
    ({"movement": "sideways"}, "movement"),
    ({"red_flags": ["headache"]}, "red_flags"),
    ({"treatments": ["cupping"]}, "treatments"),
    ({"walk_minutes": -5}, "walk_minutes"),
    ({"recorded_at": ago(hours=-1)}, "recorded_at"),
    ({"recorded_at": ago(hours=40)}, "recorded_at"),
    ({"recorded_at": "2026-11-20T18:30:00"}, "recorded_at"),
    ({"recorded_at": "yesterday"}, "recorded_at"),
    ({"client_updated_at": ago(hours=-2)}, "client_updated_at"),
    ({"note": "x" * 2001}, "note"),
    ({"episode_id": "not-a-uuid"}, "episode_id"),
]


@pytest.mark.parametrize("change, field", INVALID_ENTRIES)
def test_invalid_entry_is_422_naming_the_field_and_stores_nothing(client, app, headers, episode_id, change, field):
    entry_id = new_id()
    response = client.put(f"/api/v1/entries/{entry_id}", json={**entry_body(episode_id), **change}, headers=headers)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert count(app, Entry) == 0


@pytest.mark.parametrize("change, field", INVALID_ENTRIES[:6])
def test_invalid_update_leaves_the_stored_entry_alone(client, app, headers, episode_id, change, field):
    entry_id = new_id()
    client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id), headers=headers)
    before = stored_entry(app, entry_id)
    response = client.put(f"/api/v1/entries/{entry_id}", json={**entry_body(episode_id, client_updated_at=ago(hours=1)), **change}, headers=headers)
    assert response.status_code == 422
    assert stored_entry(app, entry_id) == before


@pytest.mark.parametrize("missing", ["episode_id", "recorded_at", "pain", "client_updated_at"])
def test_missing_required_entry_field_is_422(client, headers, episode_id, missing):
    body = entry_body(episode_id)
    del body[missing]
    response = client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers)
    assert response.status_code == 422 and missing in response.json["errors"]


def test_a_note_of_exactly_2000_characters_is_fine(client, headers, episode_id):
    response = client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, note="x" * 2000), headers=headers)
    assert response.status_code == 201


def test_pain_zero_and_ten_are_fine(client, headers, episode_id):
    for pain in (0, 10):
        assert client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, pain=pain), headers=headers).status_code == 201


def test_a_little_clock_skew_is_fine(client, headers, episode_id):
    body = entry_body(episode_id, recorded_at=ago(minutes=-2), client_updated_at=ago(minutes=-2))
    assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers).status_code == 201


@pytest.mark.parametrize(
    "change, field",
    [
        ({"onset": "sometime"}, "onset"),
        ({"onset": None}, "onset"),
        ({"regions": []}, "regions"),
        ({"activity": ""}, "activity"),
        ({"activity": "a" * 101}, "activity"),
        ({"rpe": 0}, "rpe"),
        ({"rpe": 11}, "rpe"),
        ({"started_at": ago(hours=-1)}, "started_at"),
        ({"resolved_at": ago(hours=40)}, "resolved_at"),
        ({"new_exercise": "yes"}, "new_exercise"),
        ({"load_increase_percent": -10}, "load_increase_percent"),
    ],
)
def test_invalid_episode_is_422(client, app, headers, change, field):
    response = client.put(f"/api/v1/episodes/{new_id()}", json=episode_body(**change), headers=headers)
    assert response.status_code == 422 and field in response.json["errors"]
    assert count(app, Episode) == 0


def test_moving_an_episode_start_after_its_entries_is_422(client, headers, episode_id):
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=20)), headers=headers)
    response = client.put(
        f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=10), client_updated_at=ago(hours=1)), headers=headers
    )
    assert response.status_code == 422 and "started_at" in response.json["errors"]


def test_someone_elses_episode_is_404(client, app, headers):
    other = make_account(app, "athlete")
    other_headers = bearer(client, other)
    theirs = new_id()
    client.put(f"/api/v1/episodes/{theirs}", json=episode_body(), headers=other_headers)
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry_body(theirs), headers=headers).status_code == 404
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry_body(new_id()), headers=headers).status_code == 404
    assert client.put(f"/api/v1/episodes/{theirs}", json=episode_body(client_updated_at=ago(hours=1)), headers=headers).status_code == 404
    assert count(app, Entry) == 0
    with app.app_context():
        assert db.session.scalar(select(Episode.activity)) == "Deadlifts"


def test_someone_elses_entry_is_404_for_put_delete_and_invisible_in_lists(client, app, headers, episode_id):
    other_headers = bearer(client, make_account(app, "athlete"))
    entry_id = new_id()
    client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id), headers=headers)
    their_episode = new_id()
    client.put(f"/api/v1/episodes/{their_episode}", json=episode_body(), headers=other_headers)
    body = entry_body(their_episode, client_updated_at=ago(hours=1))
    assert client.put(f"/api/v1/entries/{entry_id}", json=body, headers=other_headers).status_code == 404
    assert client.delete(f"/api/v1/entries/{entry_id}", headers=other_headers).status_code == 404
    assert client.get("/api/v1/entries", headers=other_headers).json == []
    assert [e["id"] for e in client.get("/api/v1/episodes", headers=other_headers).json] == [their_episode]
    assert stored_entry(app, entry_id)["pain"] == 4


def test_physios_and_strangers_cannot_use_the_diary(client, app):
    physio_headers = bearer(client, make_account(app, "physio"))
    assert client.get("/api/v1/episodes", headers=physio_headers).status_code == 403
    assert client.put(f"/api/v1/episodes/{new_id()}", json=episode_body(), headers=physio_headers).status_code == 403
    assert client.get("/api/v1/entries").status_code == 401


def test_episodes_newest_first(client, headers):
    older, newer = new_id(), new_id()
    client.put(f"/api/v1/episodes/{older}", json=episode_body(started_at=ago(days=10)), headers=headers)
    client.put(f"/api/v1/episodes/{newer}", json=episode_body(started_at=ago(days=1)), headers=headers)
    assert [e["id"] for e in client.get("/api/v1/episodes", headers=headers).json] == [newer, older]


def test_entries_filtered_by_episode_in_time_order(client, headers, episode_id):
    other_episode = new_id()
    client.put(f"/api/v1/episodes/{other_episode}", json=episode_body(), headers=headers)
    late, early = new_id(), new_id()
    client.put(f"/api/v1/entries/{late}", json=entry_body(episode_id, recorded_at=ago(hours=2)), headers=headers)
    client.put(f"/api/v1/entries/{early}", json=entry_body(episode_id, recorded_at=ago(hours=20)), headers=headers)
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(other_episode), headers=headers)
    listed = client.get("/api/v1/entries", query_string={"episode_id": episode_id}, headers=headers).json
    assert [e["id"] for e in listed] == [early, late]
    assert len(client.get("/api/v1/entries", headers=headers).json) == 3


def test_delete_leaves_a_tombstone_seen_by_since(client, app, headers, episode_id):
    entry_id = new_id()
    saved = client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id), headers=headers).json["entry"]
    assert client.delete(f"/api/v1/entries/{entry_id}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/entries/{entry_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/entries", headers=headers).json == []
    changes = client.get("/api/v1/entries", query_string={"since": saved["updated_at"]}, headers=headers).json
    assert [(e["id"], e["deleted"]) for e in changes] == [(entry_id, True)]
    assert count(app, Entry) == 1


def test_replaying_an_old_put_does_not_resurrect_a_deleted_entry(client, headers, episode_id):
    entry_id, body = new_id(), entry_body(episode_id)
    client.put(f"/api/v1/entries/{entry_id}", json=body, headers=headers)
    client.delete(f"/api/v1/entries/{entry_id}", headers=headers)
    response = client.put(f"/api/v1/entries/{entry_id}", json=body, headers=headers)
    assert response.status_code == 409 and response.json["current"]["deleted"] is True


def test_stale_delete_is_409(client, headers, episode_id):
    entry_id = new_id()
    client.put(f"/api/v1/entries/{entry_id}", json=entry_body(episode_id, client_updated_at=ago(hours=1)), headers=headers)
    response = client.delete(f"/api/v1/entries/{entry_id}", query_string={"client_updated_at": ago(hours=3)}, headers=headers)
    assert response.status_code == 409 and response.json["current"]["deleted"] is False


def test_since_accepts_an_unencoded_plus(client, headers, episode_id):
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id), headers=headers)
    response = client.get("/api/v1/entries?since=2020-01-01T00:00:00+01:00", headers=headers)
    assert response.status_code == 200 and len(response.json) == 1


@pytest.mark.parametrize("query, field", [({"since": "last week"}, "since"), ({"episode_id": "12"}, "episode_id")])
def test_bad_queries_are_422(client, headers, query, field):
    response = client.get("/api/v1/entries", query_string=query, headers=headers)
    assert response.status_code == 422 and field in response.json["errors"]


def test_unknown_ids_in_the_path_are_404(client, headers):
    assert client.put("/api/v1/entries/not-a-uuid", json={}, headers=headers).status_code == 404
