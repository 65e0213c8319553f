"""GET /episodes/{id}/checklist and ticking items (shared/api-v1.md)."""
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account
from webapp.infra.extensions import db
from webapp.models import ChecklistProgress


@pytest.fixture
def headers(client, athlete):
    return bearer(client, athlete)


def start(client, headers, hours_ago: float) -> str:
    episode_id = new_id()
    body = episode_body(started_at=ago(hours=hours_ago), client_updated_at=ago(hours=hours_ago))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    return episode_id


def log(client, headers, episode_id, hours_ago, **changes):
    body = entry_body(episode_id, recorded_at=ago(hours=hours_ago), client_updated_at=ago(hours=hours_ago), treatments=[], **changes)
    assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers).status_code == 201


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def item_keys(body) -> list[str]:
    return [item["key"] for item in body["items"]]


def test_20_hours_after_onset_the_plan_is_acute_with_cold_and_no_heat(client, headers):
    episode_id = start(client, headers, 20)
    log(client, headers, episode_id, 2, pain=4)
    body = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    assert body["phase"] == "acute"
    assert "cold" in item_keys(body) and "no_heat" in item_keys(body) and "heat" not in item_keys(body)
    for item in body["items"]:
        assert set(item) >= {"key", "text", "why", "source", "done"} and item["source"] and item["done"] is False


def test_on_day_4_the_plan_has_heat_and_walking(client, headers):
    episode_id = start(client, headers, 80)
    log(client, headers, episode_id, 5, pain=4)
    body = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    assert body["phase"] == "subacute" and body["day"] in (4, 5)
    walk = next(item for item in body["items"] if item["key"] == "walk")
    assert "heat" in item_keys(body) and walk["dose"] == "30-40 minutes in the day" and walk["source"] == ["s000-38", "s001-52"]


def test_a_red_flag_turns_the_plan_to_see_clinician(client, headers):
    episode_id = start(client, headers, 80)
    log(client, headers, episode_id, 5, pain=4, red_flags=["leg_pain_below_knee"])
    body = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    assert body["phase"] == "see_clinician" and item_keys(body)[0] == "contact_clinician"
    # Numbness in a leg on a diary with pain on both sides is an emergency (issue 28, point 10; 004:67, 004:74).
    log(client, headers, episode_id, 4, pain=4, red_flags=["leg_numbness_weakness"])
    body = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    assert body["phase"] == "see_clinician" and item_keys(body)[0] == "emergency_care"


def test_tick_is_kept_per_day_and_counts_toward_adherence(client, app, headers):
    episode_id = start(client, headers, 20)
    day = today()
    response = client.put(f"/api/v1/episodes/{episode_id}/checklist/{day}/cold", json={"done": True}, headers=headers)
    assert response.status_code == 200
    assert {item["key"]: item["done"] for item in response.json["items"]}["cold"] is True
    again = client.get(f"/api/v1/episodes/{episode_id}/checklist", query_string={"on": day}, headers=headers).json
    assert [item["key"] for item in again["items"] if item["done"]] == ["cold"]
    assert again["adherence"] == {"done": 1, "due": len(again["items"])}
    client.put(f"/api/v1/episodes/{episode_id}/checklist/{day}/cold", json={"done": True}, headers=headers)
    client.put(f"/api/v1/episodes/{episode_id}/checklist/{day}/no_heat", json={"done": True}, headers=headers)
    client.put(f"/api/v1/episodes/{episode_id}/checklist/{day}/cold", json={"done": False}, headers=headers)
    with app.app_context():
        [row] = db.session.query(ChecklistProgress).all()
        assert row.done == ["no_heat"] and "cold" in row.due and row.phase == "acute"
        assert row.adherence == pytest.approx(1 / len(row.due))


def test_a_tick_made_offline_from_an_older_plan_is_kept_but_not_counted(client, app, headers):
    """A red flag logged offline turned today's plan to see_clinician; the cold pack ticked meanwhile still counts as done."""
    episode_id = start(client, headers, 20)
    log(client, headers, episode_id, 1, pain=4, red_flags=["fever_chills"])
    response = client.put(f"/api/v1/episodes/{episode_id}/checklist/{today()}/cold", json={"done": True}, headers=headers)
    assert response.status_code == 200
    assert response.json["phase"] == "see_clinician" and response.json["adherence"]["done"] == 0
    with app.app_context():
        [row] = db.session.query(ChecklistProgress).all()
        assert row.done == ["cold"] and row.adherence == 0


def test_yesterdays_plan_is_its_own(client, headers):
    episode_id = start(client, headers, 30)
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    client.put(f"/api/v1/episodes/{episode_id}/checklist/{yesterday}/cold", json={"done": True}, headers=headers)
    assert not any(item["done"] for item in client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json["items"])


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("{today}/cold", {"done": "yes"}, "done"),
        ("{today}/cold", {}, "done"),
        ("{today}/levitation", {"done": True}, "key"),
        ("2026-02-30/cold", {"done": True}, "day"),
        ("2001-01-01/cold", {"done": True}, "day"),
        ("2999-01-01/cold", {"done": True}, "day"),
    ],
)
def test_bad_ticks_are_422_and_store_nothing(client, app, headers, path, body, field):
    episode_id = start(client, headers, 20)
    response = client.put(f"/api/v1/episodes/{episode_id}/checklist/{path.format(today=today())}", json=body, headers=headers)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    with app.app_context():
        assert db.session.query(ChecklistProgress).count() == 0


@pytest.mark.parametrize("on", ["yesterday", "2001-01-01"])
def test_bad_days_are_422(client, headers, on):
    episode_id = start(client, headers, 20)
    response = client.get(f"/api/v1/episodes/{episode_id}/checklist", query_string={"on": on}, headers=headers)
    assert response.status_code == 422 and "on" in response.json["errors"]


def test_someone_elses_checklist_is_404(client, app, headers):
    episode_id = start(client, headers, 20)
    other = bearer(client, make_account(app, "athlete"))
    assert client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=other).status_code == 404
    assert client.put(f"/api/v1/episodes/{episode_id}/checklist/{today()}/cold", json={"done": True}, headers=other).status_code == 404


def test_the_day_follows_the_athletes_time_zone(client, app):
    account = make_account(app, "athlete", timezone="Pacific/Kiritimati")  # UTC+14
    headers = bearer(client, account)
    episode_id = start(client, headers, 1)
    body = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    local = (datetime.now(UTC) + timedelta(hours=14)).date()
    assert body["date"] == local.isoformat() and body["day"] >= 1
    assert date.fromisoformat(body["date"]) >= datetime.now(UTC).date()


def test_the_exercise_pages_explain_each_exercise(client):
    index = client.get("/exercises/")
    assert index.status_code == 200 and "Bird-dog" in index.text
    page = client.get("/exercises/glute-bridge")
    assert page.status_code == 200 and "When to stop" in page.text and 'role="img"' in page.text
    assert client.get("/exercises/handstand").status_code == 404
