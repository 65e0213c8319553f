"""Clinical round 3 (issue 28) through the API and the pages: one day count, today's plan, and episodes gone quiet."""

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account


def start(client, headers, hours_ago: float, **changes) -> str:
    episode_id = new_id()
    body = episode_body(started_at=ago(hours=hours_ago), client_updated_at=ago(hours=hours_ago), **changes)
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    return episode_id


def log(client, headers, episode_id, hours_ago, **changes) -> dict:
    body = entry_body(episode_id, recorded_at=ago(hours=hours_ago), client_updated_at=ago(hours=hours_ago), treatments=[], **changes)
    response = client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def alerts_of(client, headers, episode_id) -> dict:
    return {a["rule"]: a for a in client.get(f"/api/v1/alerts?episode_id={episode_id}", headers=headers).json}


def test_day_n_is_the_same_on_the_alert_and_on_the_checklist(client, app):
    """One definition everywhere: the calendar day in the athlete's zone (24 h blocks and calendar days disagreed)."""
    for zone in ("Pacific/Kiritimati", "America/Los_Angeles", "UTC"):
        account = make_account(app, timezone=zone)
        headers = bearer(client, account)
        episode_id = start(client, headers, 100)
        log(client, headers, episode_id, 0.1, pain=5)
        doms = alerts_of(client, headers, episode_id)["doms_window_exceeded"]
        day = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json["day"]
        assert f"on day {day})" in doms["message"], (zone, doms["message"], day)


def test_a_closed_episode_shows_the_plan_of_the_episode_the_athlete_is_in_now(client, athlete):
    headers = bearer(client, athlete)
    first = start(client, headers, 24 * 12)
    log(client, headers, first, 24 * 11, pain=4)
    closed = episode_body(started_at=ago(hours=24 * 12), client_updated_at=ago(hours=24 * 10), resolved_at=ago(hours=24 * 10))
    assert client.put(f"/api/v1/episodes/{first}", json=closed, headers=headers).status_code == 200
    saved = log(client, headers, first, 30, pain=7)  # more than a week after the close: a follow-up episode
    current = saved["episode_change"]["episode"]["id"]
    assert current != first
    body = client.get(f"/api/v1/episodes/{first}/checklist", headers=headers).json
    assert body["current_episode_id"] == current
    assert body["phase"] != "return_to_training" and "gradual_load" not in [item["key"] for item in body["items"]]
    own = client.get(f"/api/v1/episodes/{current}/checklist", headers=headers).json
    assert own["current_episode_id"] is None and own["phase"] == body["phase"]


def test_a_closed_episode_with_nothing_after_it_keeps_the_return_to_training(client, athlete):
    headers = bearer(client, athlete)
    first = start(client, headers, 24 * 6)
    log(client, headers, first, 24 * 5, pain=3)
    closed = episode_body(started_at=ago(hours=24 * 6), client_updated_at=ago(hours=24 * 2), resolved_at=ago(hours=24 * 2))
    assert client.put(f"/api/v1/episodes/{first}", json=closed, headers=headers).status_code == 200
    body = client.get(f"/api/v1/episodes/{first}/checklist", headers=headers).json
    assert body["phase"] == "return_to_training" and body["current_episode_id"] is None


def test_an_episode_gone_quiet_says_no_news_since_on_both_sides(client, app, auth):
    athlete, physio = make_account(app, "athlete"), make_account(app, "physio")
    athlete_headers = bearer(client, athlete)
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=bearer(client, physio)).status_code == 201
    episode_id = start(client, athlete_headers, 24 * 20)
    log(client, athlete_headers, episode_id, 24 * 20 - 30, pain=5)
    log(client, athlete_headers, episode_id, 24 * 20 - 100, pain=5)  # day 5, then nothing for 15 days
    assert "doms_window_exceeded" in alerts_of(client, athlete_headers, episode_id)

    auth.login(athlete["email"])
    assert "No news since" in client.get("/athlete/").text
    assert "No news since" in client.get(f"/athlete/episodes/{episode_id}").text
    auth.logout()
    auth.login(physio["email"])
    assert "No news since" in client.get(f"/physio/patients/{athlete['id']}").text


def test_a_logged_episode_has_no_no_news_line(client, athlete, auth):
    headers = bearer(client, athlete)
    episode_id = start(client, headers, 100)
    log(client, headers, episode_id, 1, pain=5)
    auth.login(athlete["email"])
    assert "No news since" not in client.get(f"/athlete/episodes/{episode_id}").text
