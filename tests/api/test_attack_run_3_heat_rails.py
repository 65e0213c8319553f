"""Issues 27 (finding 5) and 32 through the API and the physiotherapist's page: every text meets the heat rail, and heat
prescribed from day 3 waits for the pain's own first 48 h."""
from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.api.test_care import diary, link
from tests.api.test_care_plans import checklist, prescribe
from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import csrf_token_from

ZWSP = "\u200b"
HELD = "Heat waits until the first 48 hours of the pain are over."


@pytest.fixture
def linked(client, athlete, athlete_headers, physio_headers):
    """A linked pair and the athlete's episode, begun 100 h ago (day 5, after the first 48 h)."""
    link(client, athlete_headers, physio_headers)
    return {"patient": athlete["id"], "episode": diary(client, athlete_headers)}


def stored(client, athlete_headers, episode_id) -> dict:
    return client.get(f"/api/v1/episodes/{episode_id}/plan", headers=athlete_headers).json


def episode_with_pain(client, athlete, athlete_headers, started_at, onset, pain_at=None) -> dict:
    episode_id = new_id()
    body = episode_body(started_at=started_at, onset=onset, client_updated_at=started_at)
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=athlete_headers).status_code == 201
    if pain_at is not None:
        entry = entry_body(episode_id, recorded_at=pain_at, pain=5, treatments=["ice"], client_updated_at=pain_at)
        assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=athlete_headers).status_code == 201
    return {"patient": athlete["id"], "episode": episode_id}


@pytest.mark.parametrize("fields, field, words", [
    ({"kind": "exercise", "activity": "walk", "minutes": 20, "text": "then a hot shower"}, "from_day", "hot shower"),
    ({"kind": "exercise", "activity": "walk", "minutes": 20, "from_day": 2, "text": f"luego compresas cal{ZWSP}ientes"}, "from_day",
     "compresas calientes"),
    ({"kind": "pause", "activity": "cold", "text": "swap the ice for a h\u0435at pack"}, "from_day", "heat pack"),
    ({"kind": "pause", "activity": "gentle_walk", "text": "mejor una bolsa de agua caliente", "from_day": 1}, "from_day",
     "bolsa de agua caliente"),
    ({"kind": "instruction", "text": "Ｗａｒｍ ｃｏｍｐｒｅｓｓ tonight"}, "from_day", "warm compress"),
    ({"kind": "instruction", "text": "Manta eléctrica al acostarse", "from_day": 2}, "from_day", "manta electrica"),
    ({"kind": "instruction", "text": "No heat until tomorrow"}, "from_day", "heat"),
    ({"kind": "avoid", "text": "deadlifts; use a heat pack instead", "until": (date.today() + timedelta(days=7)).isoformat()}, "text",
     "heat pack"),
])
def test_a_heat_text_in_any_field_is_refused_with_a_422_naming_it_and_nothing_is_stored(
        client, linked, athlete_headers, physio_headers, fields, field, words):
    _, response = prescribe(client, physio_headers, linked, **fields)
    assert response.status_code == 422, response.json
    assert f"“{words}”" in " ".join(response.json["errors"][field]), response.json
    plan = stored(client, athlete_headers, linked["episode"])
    assert plan["items"] == [] and plan["history"] == []


def test_texts_that_rule_heat_out_are_accepted_from_day_1_and_shown(client, linked, athlete_headers, physio_headers):
    until = (date.today() + timedelta(days=7)).isoformat()
    for fields in ({"kind": "instruction", "text": "No heat yet: ice 15 minutes"},
                   {"kind": "avoid", "text": "saunas y baños calientes", "until": until},
                   {"kind": "pause", "activity": "foam_roller", "text": "Sin calor ni rodillo por ahora"},
                   {"kind": "exercise", "activity": "walk", "minutes": 20, "text": "Do not use a heating pad afterwards"}):
        assert prescribe(client, physio_headers, linked, **fields)[1].status_code == 201, fields
    plan = checklist(client, athlete_headers, linked["episode"])
    assert plan["instructions"] == ["No heat yet: ice 15 minutes"]
    assert [a["what"] for a in plan["avoid"]] == ["saunas y baños calientes"]
    assert [(p["key"], p["reason"]) for p in plan["paused"]] == [("foam_roller", "Sin calor ni rodillo por ahora")]
    assert any(item["origin"] == "physio" for item in plan["items"]) and plan["held_back"] == []


def test_heat_prescribed_from_day_3_waits_for_a_late_pains_own_48_hours_in_every_field(client, athlete, athlete_headers, physio_headers):
    # Trained 100 h ago (day 5 or later), but the pain began 40 h ago: its first 48 h still run today, and are over tomorrow noon.
    link(client, athlete_headers, physio_headers)
    late = episode_with_pain(client, athlete, athlete_headers, ago(hours=100), "later", pain_at=ago(hours=40))
    heat_id, response = prescribe(client, physio_headers, late, kind="exercise", activity="heat", minutes=15, from_day=3)
    assert response.status_code == 201, response.json
    note_id, response = prescribe(client, physio_headers, late, kind="exercise", activity="walk", minutes=20, from_day=3,
                                  text=f"then a hot{ZWSP} shower")
    assert response.status_code == 201, response.json
    for fields in ({"kind": "instruction", "text": "Bolsa de agua caliente por la noche", "from_day": 3},
                   {"kind": "pause", "activity": "cold", "text": "Swap the ice for a heat pack", "from_day": 3},
                   {"kind": "pause", "activity": "walk", "text": "Shorter walks; a sauna after", "from_day": 3}):
        assert prescribe(client, physio_headers, late, **fields)[1].status_code == 201, fields

    today = checklist(client, athlete_headers, late["episode"])
    assert today["day"] >= 5 and today["phase"] == "acute"
    assert {held["key"]: held["reason"] for held in today["held_back"]} == {f"rx-{heat_id}": HELD, f"rx-{note_id}": HELD}
    keys = [item["key"] for item in today["items"]]
    assert "cold" in keys and "no_heat" in keys and not any(key.startswith("rx-") or key == "heat" for key in keys)
    assert today["instructions"] == [] and today["paused"] == []

    tomorrow = checklist(client, athlete_headers, late["episode"], on=(date.fromisoformat(today["date"]) + timedelta(days=1)).isoformat())
    assert tomorrow["phase"] == "subacute" and tomorrow["held_back"] == []
    keys = [item["key"] for item in tomorrow["items"]]
    assert {f"rx-{heat_id}", f"rx-{note_id}"} <= set(keys) and "walk" not in keys and "heat" not in keys
    assert [(each["key"], each["replaced_by"]) for each in tomorrow["replaced"]] == [("heat", [f"rx-{heat_id}"])]
    assert tomorrow["instructions"] == ["Bolsa de agua caliente por la noche"]
    assert [(p["key"], p["reason"]) for p in tomorrow["paused"]] == [("walk", "Shorter walks; a sauna after")]


def test_heat_from_day_3_is_accepted_and_held_back_while_the_first_48_hours_of_the_training_run(
        client, athlete, athlete_headers, physio_headers):
    # Trained in the last second of the day before yesterday: today is day 3, and less than 48 h have passed.
    link(client, athlete_headers, physio_headers)
    started = datetime.combine(datetime.now(UTC).date() - timedelta(days=2), time(23, 59, 59), UTC).isoformat()
    linked = episode_with_pain(client, athlete, athlete_headers, started, "next_day")
    heat_id, response = prescribe(client, physio_headers, linked, kind="exercise", activity="heat", minutes=15, from_day=3)
    assert response.status_code == 201, response.json
    plan = checklist(client, athlete_headers, linked["episode"])
    assert plan["day"] == 3 and plan["phase"] == "acute"
    assert [(held["key"], held["reason"]) for held in plan["held_back"]] == [(f"rx-{heat_id}", HELD)]
    assert not any(item["key"] in (f"rx-{heat_id}", "heat") for item in plan["items"])


def test_the_physio_page_refuses_a_heat_text_and_says_which_words_read_as_heat(client, linked, physio, auth, athlete_headers):
    auth.login(physio["email"], physio["password"])
    page = client.get(f"/physio/patients/{linked['patient']}?episode={linked['episode']}")
    action = f"/physio/patients/{linked['patient']}/episodes/{linked['episode']}/plan"
    token = csrf_token_from(page)
    refused = client.post(action, data={"csrf_token": token, "kind": "instruction", "id": new_id(), "text": "Almohadilla térmica 20 min",
                                        "from_day": "1"}, follow_redirects=True)
    assert "Not saved" in refused.text and "“almohadilla termica” reads as heat" in refused.text
    refused = client.post(action, data={"csrf_token": token, "kind": "avoid", "id": new_id(), "text": "deadlifts, apply heat after",
                                        "until": (date.today() + timedelta(days=7)).isoformat()}, follow_redirects=True)
    assert "Not saved" in refused.text and "“heat” asks for heat" in refused.text
    assert stored(client, athlete_headers, linked["episode"])["items"] == []
