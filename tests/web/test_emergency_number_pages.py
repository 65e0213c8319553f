"""Issue 28, point 23: the pages name the emergency number of the athlete's country, from their time zone."""
import json
import re
import uuid

import pytest

from tests.api.test_clinical_round_3_api import log, start
from tests.conftest import bearer, linked_pair, make_account
from webapp.infra.extensions import db
from webapp.models import User


def number_named(page: str, number: str) -> bool:
    """Whether the page names the number, outside the links to the sources' lines ("línea 112") and their ids."""
    text = re.sub(r'<a href="/sources#[^"]*"[^>]*>.*?</a>', "", page, flags=re.S)
    return re.search(rf"(?<![\d:-]){number}(?!\d)", text) is not None


def spanish_athlete_with_saddle_numbness(app, client, zone: str) -> tuple[dict, str]:
    athlete = make_account(app, name="Lucía", timezone=zone)
    with app.app_context():
        db.session.get(User, uuid.UUID(athlete["id"])).language = "es"
        db.session.commit()
    headers = bearer(client, athlete)
    episode_id = start(client, headers, 20, activity="Sentadillas")
    log(client, headers, episode_id, 2, pain=5, red_flags=["saddle_numbness"])
    return athlete, episode_id


@pytest.mark.parametrize(("zone", "number", "not_number"), [("America/Mexico_City", "911", "112"), ("Europe/Madrid", "112", "911")])
def test_a_spanish_athlete_sees_the_number_of_their_country(app, client, auth, zone, number, not_number):
    athlete, episode_id = spanish_athlete_with_saddle_numbness(app, client, zone)
    auth.login(athlete["email"])
    for path in ("/athlete/", f"/athlete/episodes/{episode_id}"):
        page = client.get(path).text
        assert '<html lang="es">' in page
        # The alert's advice, the emergency plan's first item and the warning signs' heading each name it.
        assert f"Llame ahora al {number}." in page, path
        assert f"Acuda a urgencias ahora (llame al {number}) si tiene:" in page, path
        assert number_named(page, number) and not number_named(page, not_number), path
    assert f"Llame ahora al {number} o acuda a urgencias" in client.get("/athlete/").text
    form = client.get(f"/athlete/episodes/{episode_id}/log").text
    assert f'data-emergency-call="Llame ahora al {number}."' in form and not number_named(form, not_number)


def test_a_zone_with_no_known_number_keeps_the_words(app, client, auth):
    athlete, episode_id = spanish_athlete_with_saddle_numbness(app, client, "UTC")
    auth.login(athlete["email"])
    page = client.get("/athlete/").text
    assert "Llame ahora a su número local de emergencias o acuda a urgencias" in page
    assert "Acuda a urgencias ahora (llame a su número local de emergencias) si tiene:" in page
    assert "Llame ahora al" not in page and "data-emergency-call" not in client.get(f"/athlete/episodes/{episode_id}/log").text


def test_a_physiotherapist_is_not_told_their_own_number_for_a_patient(app, client, auth):
    athlete, athlete_headers, _ = linked_pair(client, app)
    episode_id = start(client, athlete_headers, 20)
    log(client, athlete_headers, episode_id, 2, pain=5, red_flags=["saddle_numbness"])
    physio = make_account(app, "physio", timezone="Europe/London")
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=bearer(client, physio)).status_code == 201
    auth.login(physio["email"])
    page = client.get(f"/physio/patients/{athlete['id']}?episode={episode_id}").text
    assert "Call 999 now." not in page  # the alert card is the patient's
    assert "Seek emergency care now (call 999) for:" in page  # the footer is the reader's


def test_the_offline_page_served_to_anyone_gives_the_phone_the_numbers_by_zone(client):
    page = client.get("/offline", headers={"Accept-Language": "es"}).text
    assert "Acuda a urgencias ahora (llame a su número local de emergencias) si tiene:" in page
    table = json.loads(re.search(r'<script type="application/json" id="emergency-numbers">(.*?)</script>', page, re.S).group(1))
    assert table["heading"] == "Acuda a urgencias ahora (llame al %(number)s) si tiene:"
    assert (table["by_zone"]["America/Mexico_City"], table["by_zone"]["Europe/Madrid"]) == ("911", "112")
    assert "UTC" not in table["by_zone"] and "data-emergency-heading" in page


def test_the_offline_page_of_an_account_names_its_number(app, client, auth):
    athlete = make_account(app, timezone="America/Mexico_City")
    auth.login(athlete["email"])
    page = client.get("/offline").text
    assert "Seek emergency care now (call 911) for:" in page and 'id="emergency-numbers"' not in page
