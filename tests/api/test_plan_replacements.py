"""A prescribed walk replaces the sourced walk on the athlete's checklist, and the sourced walk comes back (issue 29, point 4)."""
from datetime import date, timedelta

from tests.api.test_care_plans import checklist, linked, prescribe  # noqa: F401 (linked: a fixture)
from tests.conftest import AuthActions


def keys(plan: dict) -> list[str]:
    return [item["key"] for item in plan["items"]]


def test_a_prescribed_walk_replaces_the_sourced_walk_and_ticking_it_counts(client, linked, athlete_headers, physio_headers):  # noqa: F811
    before = checklist(client, athlete_headers, linked["episode"])
    assert before["phase"] == "subacute" and "walk" in keys(before) and before["replaced"] == []
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="walk", minutes=20, times_a_day=2)
    assert response.status_code == 201, response.json

    plan = checklist(client, athlete_headers, linked["episode"])
    rx = f"rx-{item_id}"
    assert keys(plan) == [rx if key == "walk" else key for key in keys(before)]
    [walk] = plan["replaced"]
    assert (walk["key"], walk["text"], walk["dose"], walk["replaced_by"]) == ("walk", "Walk", "30-40 minutes in the day", [rx])
    assert walk["reason"] == "Replaced by what your physiotherapist prescribed: Walk." and walk["source"]
    assert plan["adherence"] == {"done": 0, "due": len(before["items"])}

    ticked = client.put(f"/api/v1/episodes/{linked['episode']}/checklist/{plan['date']}/{rx}", json={"done": True}, headers=athlete_headers)
    assert ticked.status_code == 200 and ticked.json["adherence"] == {"done": 1, "due": len(before["items"])}
    assert ticked.json["replaced"] == plan["replaced"]

    url = f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan/items/{item_id}"
    assert client.delete(url, headers=physio_headers).status_code == 204
    after = checklist(client, athlete_headers, linked["episode"])
    assert keys(after) == keys(before) and after["replaced"] == []


def test_an_ended_prescription_gives_the_day_back_to_the_sourced_walk(client, linked, athlete_headers, physio_headers):  # noqa: F811
    today = checklist(client, athlete_headers, linked["episode"])
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="gentle_walk", minutes=15,
                                  until_day=today["day"] - 1)
    assert response.status_code == 201, response.json
    today = checklist(client, athlete_headers, linked["episode"])
    assert "walk" in keys(today) and f"rx-{item_id}" not in keys(today) and today["replaced"] == []
    yesterday = checklist(client, athlete_headers, linked["episode"], on=(date.fromisoformat(today["date"]) - timedelta(days=1)).isoformat())
    assert f"rx-{item_id}" in keys(yesterday) and [r["key"] for r in yesterday["replaced"]] == ["walk"]


def test_a_held_back_prescription_replaces_nothing(client, linked, athlete_headers, physio_headers):  # noqa: F811
    # Pain 6/10: prescribed core work waits, and so no sourced item makes way for it.
    before = checklist(client, athlete_headers, linked["episode"])
    item_id, _ = prescribe(client, physio_headers, linked, kind="exercise", activity="plank", hold_seconds=20, from_day=3)
    plan = checklist(client, athlete_headers, linked["episode"])
    assert [held["key"] for held in plan["held_back"]] == [f"rx-{item_id}"]
    assert keys(plan) == keys(before) and plan["replaced"] == []


def test_the_openapi_document_describes_the_replaced_items(client):
    checklist_schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Checklist"]
    replaced = checklist_schema["properties"]["replaced"]
    assert replaced["items"]["required"] == ["key", "text", "reason", "replaced_by"] and "never replaced" in replaced["description"]


def test_the_athletes_checklist_and_both_histories_show_the_replaced_walk(client, app, athlete, physio, linked,  # noqa: F811
                                                                          physio_headers):
    item_id, _ = prescribe(client, physio_headers, linked, kind="exercise", activity="walk", minutes=20, times_a_day=2)
    athlete_pages = app.test_client()
    AuthActions(athlete_pages).login(athlete["email"])
    assert "Replaces: Walk · 30-40 minutes in the day" in athlete_pages.get("/athlete/").text
    history = athlete_pages.get(f"/athlete/episodes/{linked['episode']}").text
    assert "Added: Walk: 20 minutes, twice a day <span class=\"muted\">· Replaces the sourced “A short, gentle walk”, “Walk” on the days it is shown." in history

    physio_pages = app.test_client()
    AuthActions(physio_pages).login(physio["email"])
    url = f"/physio/patients/{linked['patient']}?episode={linked['episode']}"
    assert physio_pages.get(url).text.count("Replaces the sourced “A short, gentle walk”, “Walk” on the days it is shown.") == 2
    client.delete(f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan/items/{item_id}", headers=physio_headers)
    assert "Back on the plan: the sourced “A short, gentle walk”, “Walk”." in physio_pages.get(url).text
