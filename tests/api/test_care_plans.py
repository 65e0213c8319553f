"""Prescribed care: a linked physiotherapist changes an episode's plan; the athlete follows it day by day."""
import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.api.test_care import diary, link
from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, csrf_token_from, make_account


@pytest.fixture
def linked(client, athlete, athlete_headers, physio_headers):
    """A linked pair and the athlete's episode: begun 100 h ago, pain 4 then 6 (day 5, after the first 48 h)."""
    care_link = link(client, athlete_headers, physio_headers)
    return {"patient": athlete["id"], "episode": diary(client, athlete_headers), "link": care_link["id"]}


@pytest.fixture
def eased(client, athlete, athlete_headers, physio_headers):
    """As linked, with the pain eased to 2/10 50 h ago: prescribed core work is shown (003:12, 004:487)."""
    care_link = link(client, athlete_headers, physio_headers)
    return {"patient": athlete["id"], "episode": diary(client, athlete_headers, pains=(4, 6, 2)), "link": care_link["id"]}


def prescribe(client, headers, linked, item_id=None, stamp=None, **fields):
    item_id = item_id or new_id()
    url = f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan/items/{item_id}"
    return item_id, client.put(url, json={"client_updated_at": stamp or ago(seconds=1), **fields}, headers=headers)


def checklist(client, headers, episode_id, on=None):
    query = f"?on={on}" if on else ""
    response = client.get(f"/api/v1/episodes/{episode_id}/checklist{query}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def test_a_prescribed_exercise_shows_on_the_athletes_checklist_with_its_dosage(client, eased, athlete_headers, physio_headers):
    item_id, response = prescribe(client, physio_headers, eased, kind="exercise", activity="bird-dog", sets=3, reps=10,
                                  times_a_day=1, from_day=3)
    assert response.status_code == 201, response.json
    items = {item["key"]: item for item in checklist(client, athlete_headers, eased["episode"])["items"]}
    prescribed = items[f"rx-{item_id}"]
    assert prescribed["origin"] == "physio" and prescribed["text"] == "Bird-dog"
    assert prescribed["dose"] == "3 x 10, once a day, from day 3"
    assert "Only once the pain has eased (2/10 or less)" in prescribed["why"]
    assert prescribed["source"] and all(item["origin"] == "sources" for key, item in items.items() if key != f"rx-{item_id}")


def test_the_first_days_hold_back_what_the_acute_phase_forbids(client, linked, athlete_headers, physio_headers):
    # A walk from day 1 is fine; on day 1 and 2 (the acute phase) the plan has it and the sourced cold/no-heat items.
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="walk", minutes=20, times_a_day=2)
    assert response.status_code == 201
    started = datetime.fromisoformat(ago(hours=100)).astimezone(UTC).date()
    first_day = checklist(client, athlete_headers, linked["episode"], on=started.isoformat())
    assert first_day["phase"] == "acute"
    keys = [item["key"] for item in first_day["items"]]
    assert f"rx-{item_id}" in keys and "no_heat" in keys and "cold" in keys
    assert first_day["items"][keys.index(f"rx-{item_id}")]["dose"] == "20 minutes, twice a day"


@pytest.mark.parametrize("fields, field", [
    ({"kind": "exercise", "activity": "heat", "minutes": 15}, "from_day"),
    ({"kind": "exercise", "activity": "heat", "minutes": 15, "from_day": 2}, "from_day"),
    ({"kind": "exercise", "activity": "plank", "hold_seconds": 20, "from_day": 1}, "from_day"),
    ({"kind": "exercise", "activity": "core", "from_day": 2}, "from_day"),
    ({"kind": "instruction", "text": "Use a heat pack on the sore area", "from_day": 1}, "from_day"),
    ({"kind": "pause", "activity": "emergency_care", "text": "not needed"}, "activity"),
    ({"kind": "pause", "activity": "contact_clinician", "text": "not needed"}, "activity"),
    ({"kind": "pause", "activity": "no_heat", "text": "not needed"}, "activity"),
    ({"kind": "pause", "activity": "foam_roller"}, "text"),
    ({"kind": "exercise", "activity": "deadlift"}, "activity"),
    ({"kind": "exercise", "activity": "bird-dog", "sets": 0}, "sets"),
    ({"kind": "exercise", "activity": "walk", "from_day": 9, "until_day": 3}, "until_day"),
    ({"kind": "avoid", "text": "deadlifts"}, "until"),
    ({"kind": "avoid", "text": "deadlifts", "until": "2001-01-01"}, "until"),
])
def test_the_safety_rails_refuse_an_edit_with_a_422_and_store_nothing(client, linked, athlete_headers, physio_headers, fields, field):
    _, response = prescribe(client, physio_headers, linked, **fields)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    plan = client.get(f"/api/v1/episodes/{linked['episode']}/plan", headers=athlete_headers).json
    assert plan["items"] == [] and plan["history"] == []


def test_heat_from_day_3_is_accepted_and_held_back_while_the_pain_is_still_acute(client, athlete, athlete_headers, physio_headers):
    link(client, athlete_headers, physio_headers)
    episode_id = new_id()  # begun 30 h ago: still in the first 48 h on day 3 of the calendar at the earliest
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=30)), headers=athlete_headers)
    linked = {"patient": athlete["id"], "episode": episode_id}
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="heat", minutes=15, from_day=1, until_day=1)
    assert response.status_code == 422
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="glute-bridge", reps=10, sets=2, from_day=1)
    assert response.status_code == 422
    plan = checklist(client, athlete_headers, episode_id)
    assert plan["phase"] == "acute" and not any(item["key"].startswith("rx-") for item in plan["items"])
    assert "heat" not in [item["key"] for item in plan["items"]]


def test_pausing_an_item_shows_the_reason_and_removing_the_pause_restores_the_default(client, linked, athlete_headers, physio_headers):
    before = checklist(client, athlete_headers, linked["episode"])
    assert "foam_roller" in [item["key"] for item in before["items"]]
    item_id, response = prescribe(client, physio_headers, linked, kind="pause", activity="foam_roller", text="Too sore to roll yet")
    assert response.status_code == 201
    paused = checklist(client, athlete_headers, linked["episode"])
    assert "foam_roller" not in [item["key"] for item in paused["items"]]
    assert [(p["key"], p["reason"]) for p in paused["paused"]] == [("foam_roller", "Too sore to roll yet")]
    url = f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan/items/{item_id}"
    assert client.delete(url, headers=physio_headers).status_code == 204
    assert checklist(client, athlete_headers, linked["episode"]) == before


def test_avoid_items_and_instructions_show_until_their_end(client, linked, athlete_headers, physio_headers):
    until = (date.today() + timedelta(days=14)).isoformat()
    assert prescribe(client, physio_headers, linked, kind="avoid", text="deadlifts", until=until)[1].status_code == 201
    assert prescribe(client, physio_headers, linked, kind="instruction", text="Sleep on your side with a pillow between the knees")[1].status_code == 201
    plan = checklist(client, athlete_headers, linked["episode"])
    assert [(a["what"], a["until"]) for a in plan["avoid"]] == [("deadlifts", until)]
    assert plan["instructions"] == ["Sleep on your side with a pillow between the knees"]


def test_a_red_flag_holds_back_every_prescription_and_keeps_the_urgent_advice(client, linked, athlete_headers, physio_headers):
    item_id, _ = prescribe(client, physio_headers, linked, kind="exercise", activity="walk", minutes=20)
    body = entry_body(linked["episode"], recorded_at=ago(minutes=5), pain=7, red_flags=["saddle_numbness"], client_updated_at=ago(minutes=5))
    assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=athlete_headers).status_code == 201
    plan = checklist(client, athlete_headers, linked["episode"])
    assert plan["phase"] == "see_clinician"
    assert [item["key"] for item in plan["items"]] == ["emergency_care", "stop_training"]
    assert [held["key"] for held in plan["held_back"]] == [f"rx-{item_id}"]


def test_only_a_linked_physio_edits_and_the_athlete_keeps_the_plan_after_ending_the_link(client, app, linked, athlete_headers, physio_headers):
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="walk", minutes=20)
    assert response.status_code == 201
    assert prescribe(client, athlete_headers, linked, kind="exercise", activity="walk")[1].status_code == 403
    stranger = bearer(client, make_account(app, "physio", email="other@example.test"))
    assert prescribe(client, stranger, linked, kind="exercise", activity="walk")[1].status_code == 404
    assert client.get(f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan", headers=stranger).status_code == 404
    assert client.delete(f"/api/v1/care-links/{linked['link']}", headers=athlete_headers).status_code == 204
    assert prescribe(client, physio_headers, linked, kind="exercise", activity="walk")[1].status_code == 404
    assert prescribe(client, physio_headers, linked, item_id=item_id, minutes=5, kind="exercise", activity="walk")[1].status_code == 404
    plan = client.get(f"/api/v1/episodes/{linked['episode']}/plan", headers=athlete_headers).json
    assert [(item["id"], item["minutes"]) for item in plan["items"]] == [(item_id, 20)]
    assert f"rx-{item_id}" in [item["key"] for item in checklist(client, athlete_headers, linked["episode"])["items"]]


def test_a_stale_edit_is_a_409_and_changes_nothing(client, linked, athlete_headers, physio_headers):
    item_id, _ = prescribe(client, physio_headers, linked, stamp=ago(minutes=1), kind="exercise", activity="walk", minutes=30)
    _, response = prescribe(client, physio_headers, linked, item_id=item_id, stamp=ago(minutes=10), kind="exercise", activity="walk", minutes=5)
    assert response.status_code == 409 and response.json["current"]["minutes"] == 30
    url = f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan/items/{item_id}"
    stale = client.delete(url, query_string={"client_updated_at": ago(minutes=10)}, headers=physio_headers)
    assert stale.status_code == 409
    plan = client.get(f"/api/v1/episodes/{linked['episode']}/plan", headers=athlete_headers).json
    assert [item["minutes"] for item in plan["items"]] == [30] and len(plan["history"]) == 1


def test_changes_are_versioned_and_the_athlete_is_told_once(client, linked, athlete, auth, athlete_headers, physio_headers):
    item_id, _ = prescribe(client, physio_headers, linked, stamp=ago(minutes=2), kind="exercise", activity="walk", minutes=30)
    prescribe(client, physio_headers, linked, item_id=item_id, stamp=ago(minutes=1), kind="exercise", activity="walk", minutes=20)
    plan = client.get(f"/api/v1/episodes/{linked['episode']}/plan", headers=athlete_headers).json
    assert [(c["action"], c["by"]) for c in plan["history"]] == [("changed", "Physio"), ("added", "Physio")]
    assert plan["history"][0]["before"]["minutes"] == 30 and plan["history"][0]["after"]["minutes"] == 20
    assert plan["unseen_change"]["summary"] == plan["history"][0]["summary"]
    auth.login(athlete["email"], athlete["password"])
    assert "Plan updated by your physiotherapist" in client.get("/athlete/").get_data(as_text=True)
    assert "Plan updated by your physiotherapist" not in client.get("/athlete/").get_data(as_text=True)
    assert client.get(f"/api/v1/episodes/{linked['episode']}/plan", headers=athlete_headers).json["unseen_change"] is None


def test_ticks_record_pain_during_an_exercise_and_adherence_per_item(client, linked, athlete_headers, physio_headers):
    # A stretch: at 6/10 the plan holds core work back.
    item_id, _ = prescribe(client, physio_headers, linked, kind="exercise", activity="cat-camel", sets=3, reps=10, from_day=3)
    today = checklist(client, athlete_headers, linked["episode"])["date"]
    url = f"/api/v1/episodes/{linked['episode']}/checklist/{today}/rx-{item_id}"
    response = client.put(url, json={"done": True, "pain_during": 3, "effort": "too_hard"}, headers=athlete_headers)
    assert response.status_code == 200, response.json
    ticked = {item["key"]: item for item in response.json["items"]}[f"rx-{item_id}"]
    assert ticked["done"] and ticked["feedback"] == {"pain": 3, "effort": "too_hard"}
    bad = client.put(url, json={"done": True, "pain_during": 11}, headers=athlete_headers)
    assert bad.status_code == 422 and "pain_during" in bad.json["errors"]
    assert client.put(url.replace(f"rx-{item_id}", f"rx-{uuid.uuid4()}x"), json={"done": True}, headers=athlete_headers).status_code == 422
    plan = client.get(f"/api/v1/patients/{linked['patient']}/episodes/{linked['episode']}/plan", headers=physio_headers).json
    by_item = {row["key"]: row for row in plan["adherence"]["by_item"]}
    assert by_item[f"rx-{item_id}"]["days_due"] == 1 and by_item[f"rx-{item_id}"]["days_done"] == 1
    assert by_item[f"rx-{item_id}"]["pain_during"] == [{"day": today, "pain": 3}]
    assert by_item[f"rx-{item_id}"]["efforts"] == {"too_hard": 1}
    assert by_item["heat"]["days_done"] == 0 and by_item["heat"]["origin"] == "sources"
    export = client.get(f"/api/v1/patients/{linked['patient']}/export", query_string={"format": "csv", "table": "checklist"}, headers=physio_headers)
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    mine = [row for row in rows if row["item_key"] == f"rx-{item_id}" and row["day"] == today]
    assert mine and mine[0]["done"] == "yes" and mine[0]["pain_during"] == "3" and mine[0]["origin"] == "physio"


def test_the_physio_changes_the_plan_from_the_patient_page_and_refusals_say_why(client, linked, physio, auth):
    auth.login(physio["email"], physio["password"])
    page_url = f"/physio/patients/{linked['patient']}?episode={linked['episode']}"
    page = client.get(page_url)
    assert page.status_code == 200 and "Care plan for this episode" in page.text
    action = f"/physio/patients/{linked['patient']}/episodes/{linked['episode']}/plan"
    token = csrf_token_from(page)
    refused = client.post(action, data={"csrf_token": token, "kind": "exercise", "id": new_id(), "activity": "heat", "from_day": "1"},
                          follow_redirects=True)
    assert "Not saved" in refused.text and "never scheduled in the first 48 hours" in refused.text
    saved = client.post(action, data={"csrf_token": token, "kind": "exercise", "id": new_id(), "activity": "bird-dog", "sets": "3",
                                      "reps": "10", "from_day": "3"}, follow_redirects=True)
    assert "Plan updated" in saved.text and "Bird-dog: 3 x 10, from day 3" in saved.text
    paused = client.post(action, data={"csrf_token": token, "kind": "pause", "id": new_id(), "activity": "emergency_care", "text": "x"},
                         follow_redirects=True)
    assert "cannot be paused" in paused.text
    assert client.post(action, data={"kind": "avoid", "id": new_id(), "text": "deadlifts", "until": "2030-01-01"}).status_code == 400


def test_the_athletes_checklist_marks_prescribed_items_and_shows_pauses(client, linked, athlete, physio_headers, auth):
    prescribe(client, physio_headers, linked, kind="exercise", activity="cat-camel", sets=3, reps=10, from_day=3)
    prescribe(client, physio_headers, linked, kind="pause", activity="foam_roller", text="Skip it for now")
    until = (date.today() + timedelta(days=14))
    prescribe(client, physio_headers, linked, kind="avoid", text="deadlifts", until=until.isoformat())
    auth.login(athlete["email"], athlete["password"])
    home = client.get("/athlete/").text
    assert "From your physiotherapist" in home and "3 x 10, once a day" not in home and "3 x 10, from day 3" in home
    assert "Foam roller: Skip it for now" in home and f"deadlifts, until {until.day} {until:%b %Y}" in home
    assert 'name="pain_during"' in home and "How did it go?" in home
    episode_page = client.get(f"/athlete/episodes/{linked['episode']}").text
    assert "Changes to your plan" in episode_page and "Added: Cat-camel" in episode_page


def test_fhir_has_the_plan_as_a_care_plan_and_pain_during_exercise_as_observations(client, eased, athlete_headers, physio_headers):
    from fhir.resources.R4B.bundle import Bundle

    item_id, _ = prescribe(client, physio_headers, eased, kind="exercise", activity="bird-dog", sets=3, reps=10, from_day=3)
    prescribe(client, physio_headers, eased, kind="avoid", text="deadlifts", until=(date.today() + timedelta(days=14)).isoformat())
    today = checklist(client, athlete_headers, eased["episode"])["date"]
    client.put(f"/api/v1/episodes/{eased['episode']}/checklist/{today}/rx-{item_id}", json={"done": True, "pain_during": 4},
               headers=athlete_headers)
    response = client.get(f"/api/v1/patients/{eased['patient']}/export?format=fhir", headers=physio_headers)
    bundle = Bundle.model_validate(response.json)
    [care_plan] = [e.resource for e in bundle.entry if e.resource.__resource_type__ == "CarePlan"]
    assert care_plan.status == "active" and care_plan.intent == "plan"
    activities = {a.detail.description: a for a in care_plan.activity}
    assert activities["Bird-dog: 3 x 10, from day 3"].progress[0].text == "Done on 1 of 1 days due"
    assert activities[f"Avoid deadlifts until {(date.today() + timedelta(days=14)).isoformat()}"].detail.doNotPerform is True
    during = [e.resource for e in bundle.entry if e.resource.__resource_type__ == "Observation" and "during" in (e.resource.code.text or "")]
    assert [(o.valueInteger, o.code.coding[0].code, o.effectiveDateTime.isoformat()[:10]) for o in during] == [(4, "72514-3", today)]


def test_the_pdf_report_lists_the_plan_with_adherence_and_pain_during(client, eased, athlete_headers, physio_headers):
    from pypdf import PdfReader

    item_id, _ = prescribe(client, physio_headers, eased, kind="exercise", activity="bird-dog", sets=3, reps=10, from_day=3)
    today = checklist(client, athlete_headers, eased["episode"])["date"]
    client.put(f"/api/v1/episodes/{eased['episode']}/checklist/{today}/rx-{item_id}", json={"done": True, "pain_during": 2},
               headers=athlete_headers)
    response = client.get(f"/api/v1/patients/{eased['patient']}/export?format=pdf", headers=physio_headers)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in ("Care plan from the physiotherapist", "Bird-dog: 3 x 10, from day 3", "1 / 1", "2-2/10"):
        assert expected in text, expected
    own = client.get("/api/v1/me/export?format=json", headers=athlete_headers).json
    assert [item["id"] for plan in own["care_plans"] for item in plan["items"]] == [item_id]


def test_a_plank_from_day_3_is_held_back_at_6_of_10_and_shown_with_its_caution_once_the_pain_has_eased(
        client, linked, athlete_headers, physio_headers):
    # 004:487, 003:12: core work once the pain has eased, the rail of the sourced core item.
    item_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="plank", hold_seconds=20, from_day=3)
    assert response.status_code == 201, response.json
    sore = checklist(client, athlete_headers, linked["episode"])
    assert sore["phase"] == "subacute" and f"rx-{item_id}" not in [item["key"] for item in sore["items"]]
    assert [(held["key"], held["reason"]) for held in sore["held_back"]] == [
        (f"rx-{item_id}", "Core work waits until the pain you log has eased to 2/10 or less.")]
    body = entry_body(linked["episode"], recorded_at=ago(minutes=5), pain=2, client_updated_at=ago(minutes=5))
    assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=athlete_headers).status_code == 201
    eased = checklist(client, athlete_headers, linked["episode"])
    shown = {item["key"]: item for item in eased["items"]}
    assert eased["phase"] == "recovering" and eased["held_back"] == []
    assert "Only once the pain has eased (2/10 or less)" in shown[f"rx-{item_id}"]["why"]
    # The sourced core item it replaces keeps its own caution too.
    [core] = eased["replaced"]
    assert core["key"] == "core" and core["replaced_by"] == [f"rx-{item_id}"]
    assert "Only once the pain has eased (2/10 or less)" in core["why"]


def test_in_the_first_48_hours_an_instruction_the_heat_rail_cannot_place_is_the_physiotherapists_note(
        client, athlete, athlete_headers, physio_headers, auth):
    link(client, athlete_headers, physio_headers)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=10)), headers=athlete_headers)
    acute = {"patient": athlete["id"], "episode": episode_id}
    for text in ("Take a warm bath tonight", "warm shower", "electric blanket", "bolsa de agua tibia", "hot bath"):
        _, refused = prescribe(client, physio_headers, acute, kind="instruction", text=text)
        assert refused.status_code == 422 and "from_day" in refused.json["errors"], text
    assert prescribe(client, physio_headers, acute, kind="instruction", text="Take a bath tonight")[1].status_code == 201
    assert prescribe(client, physio_headers, acute, kind="instruction", text="No heat yet: ice 15 minutes")[1].status_code == 201
    plan = checklist(client, athlete_headers, episode_id)
    assert plan["phase"] == "acute" and {"cold", "no_heat"} <= {item["key"] for item in plan["items"]}
    assert plan["notes"] == ["Take a bath tonight"] and plan["instructions"] == ["No heat yet: ice 15 minutes"]
    auth.login(athlete["email"], athlete["password"])
    page = client.get("/athlete/").text
    note = page[page.index("<h5>Note from your physiotherapist</h5>"):]
    assert "Not part of today" in note and "Take a bath tonight" in note.split("</ul>")[0]


def test_a_physiotherapist_may_tighten_a_sourced_threshold_and_loosening_it_is_a_422_that_stores_nothing(
        client, app, linked, athlete, physio_headers):
    from webapp.infra.extensions import db
    from webapp.models import AlertSettings

    url = f"/api/v1/patients/{linked['patient']}/alert-settings"
    tightened = {"heat_avoid_hours": 72, "bed_rest_days": 2}
    assert client.put(url, json={"thresholds": tightened}, headers=physio_headers).json == {"thresholds": tightened}
    loosened = {"heat_avoid_hours": 24, "bed_rest_days": 7, "severe_alert_min": 10, "doms_window_hours": 96, "persisting_days": 10,
                "no_improvement_days": 14, "recurrence_days": 5}
    response = client.put(url, json={"thresholds": loosened}, headers=physio_headers)
    assert response.status_code == 422 and set(response.json["errors"]) == set(loosened)
    assert response.json["errors"]["heat_avoid_hours"] == [
        "Use a whole number from 48 to 96 (h).", "Cold in the first 48 h, heat only after (003:10, 004:493-495); it can only be lengthened."]
    # One loosened value refuses the whole change: the tightening beside it is not stored either.
    mixed = client.put(url, json={"thresholds": {"heat_avoid_hours": 96, "bed_rest_days": 4}}, headers=physio_headers)
    assert mixed.status_code == 422 and set(mixed.json["errors"]) == {"bed_rest_days"}
    with app.app_context():
        assert db.session.get(AlertSettings, uuid.UUID(athlete["id"])).overrides == tightened


def test_the_thresholds_form_refuses_loosening_and_reads_older_values_past_the_sources_at_their_bound(
        client, app, linked, athlete, physio, auth):
    from webapp.infra.extensions import db
    from webapp.models import AlertSettings

    older = {"heat_avoid_hours": 12, "no_improvement_days": 30}  # stored before the bounds followed the sources
    with app.app_context():
        db.session.add(AlertSettings(user_id=uuid.UUID(athlete["id"]), overrides=older, updated_by_id=uuid.UUID(physio["id"])))
        db.session.commit()
    auth.login(physio["email"], physio["password"])
    url = f"/physio/patients/{linked['patient']}"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="heat_avoid_hours" min="48" max="96" value="48"' in page.text
    assert 'name="no_improvement_days" min="3" max="10" value="10"' in page.text
    refused = client.post(f"{url}/thresholds", data={"csrf_token": csrf_token_from(page), "heat_avoid_hours": "24"}, follow_redirects=True)
    assert "Use a whole number from 48 to 96 (h)." in refused.text and "it can only be lengthened" in refused.text
    with app.app_context():
        assert db.session.get(AlertSettings, uuid.UUID(athlete["id"])).overrides == older
