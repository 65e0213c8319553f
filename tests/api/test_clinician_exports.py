"""Issue 29, point 8: exports a clinician reads. The demo athlete's four episodes (the third, a sharp clean-and-jerk
pain, holds the open warnings; the fourth, the latest, is mild), in Madrid, with a physiotherapist's prescription."""
import csv
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account
from webapp.core.codes import RULE_NAMES
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import User
from webapp.services.demo import seed_diary

HEADING_FONT = "DejaVuSans-BoldOblique"  # the report's headings (Heading3); nothing else prints in it


@pytest.fixture
def patient(client, app):
    athlete = make_account(app, "athlete", name="Lucía Ortega", timezone="Europe/Madrid")
    physio = make_account(app, "physio", timezone="Europe/Madrid")
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    with app.app_context():
        seed_diary(db.session.get(User, uuid.UUID(athlete["id"])), utcnow())
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).status_code == 201
    episodes = {e["activity"]: e["id"] for e in client.get(f"/api/v1/patients/{athlete['id']}/episodes", headers=physio_headers).json}
    walk = new_id()
    url = f"/api/v1/patients/{athlete['id']}/episodes/{episodes['Clean and jerk, new max attempt']}/plan/items/{walk}"
    prescribed = client.put(url, json={"client_updated_at": ago(seconds=1), "kind": "exercise", "activity": "walk", "minutes": 20,
                                       "times_a_day": 2}, headers=physio_headers)
    assert prescribed.status_code == 201, prescribed.json
    return {"id": athlete["id"], "athlete": athlete_headers, "physio": physio_headers, "episodes": episodes, "walk": walk}


def export(client, patient, language="en", **query):
    response = client.get(f"/api/v1/patients/{patient['id']}/export", query_string=query,
                          headers={**patient["physio"], "Accept-Language": language})
    assert response.status_code == 200, response.data[:300]
    return response


def pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def page_runs(data: bytes) -> list[list[tuple[str, str]]]:
    """Each page's text runs in the order drawn, with the font of each."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[str, str]] = []

        def seen(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((text.strip(), str((font or {}).get("/BaseFont", ""))))

        page.extract_text(visitor_text=seen)
        pages.append(runs)
    return pages


def test_the_pdf_charts_the_episode_with_open_alerts_and_says_why(client, patient):
    text = " ".join(pdf_text(export(client, patient, format="pdf").data))
    assert "Pain over time: Clean and jerk, new max attempt" in text
    assert "Charted because it has a warning not yet resolved." in text
    assert "The latest episode, Back squats 5x5" in text and "Pain over time: Back squats" not in text


def test_an_urgent_alert_on_an_older_episode_is_charted_before_warnings(client, patient):
    sprint = patient["episodes"]["Sprint intervals and core circuit"]
    # The athlete adds, late, a reading of that closed episode with a red flag: an urgent alert on it.
    body = entry_body(sprint, recorded_at=ago(days=16), client_updated_at=ago(minutes=1), pain=3, red_flags=["fever_chills"],
                      regions=["mid_back"], treatments=[], walk_minutes=None, note=None)
    assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=patient["athlete"]).status_code == 201
    alerts = client.get(f"/api/v1/patients/{patient['id']}/alerts", headers=patient["physio"]).json
    assert any(a["severity"] == "urgent" and a["episode_id"] == sprint for a in alerts)
    text = " ".join(pdf_text(export(client, patient, format="pdf").data))
    assert "Pain over time: Sprint intervals and core circuit" in text
    assert "Charted because it has an urgent alert not yet resolved." in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdf_prints_rule_names_never_rule_codes(client, patient, language):
    text = " ".join(pdf_text(export(client, patient, language, format="pdf").data)).lower()
    for code, name in RULE_NAMES.items():
        # "severe_pain" reads "Severe pain": its name is no code.
        assert code not in text and (code.replace("_", " ") == name.lower() or code.replace("_", " ") not in text), code
    expected = {"en": ["signs of an injury", "severe pain"], "es": ["signos de una lesión", "dolor intenso"]}[language]
    assert all(name in text for name in expected), expected


def test_the_pdf_says_times_in_the_patients_zone_with_the_offset(client, patient):
    text = " ".join(pdf_text(export(client, patient, format="pdf").data))
    assert " UTC" not in text and "Europe/Madrid" in text
    # Winter in Madrid: an hour ahead of UTC, on every time printed (the header's, the alerts', the episodes').
    assert text.count("(+01:00)") >= 6 and "(+00:00)" not in text


def test_no_page_of_the_pdf_ends_with_a_heading_however_long_the_sections_before_it(client, patient):
    # Each earlier episode adds a row to the episodes table and moves every later heading down a little: over these
    # lengths each heading comes to the foot of a page at least once.
    for added in range(28):
        pages = page_runs(export(client, patient, format="pdf").data)
        for number, runs in enumerate(pages, 1):
            assert runs and HEADING_FONT not in runs[-1][1], (added, number, runs[-3:])
        episode = new_id()
        body = episode_body(activity=f"Old session {added:02}", started_at=ago(days=300 - added * 3),
                            client_updated_at=ago(days=300 - added * 3), resolved_at=ago(days=299 - added * 3))
        assert client.put(f"/api/v1/episodes/{episode}", json=body, headers=patient["athlete"]).status_code == 201


def test_the_pdf_says_no_adherence_was_recorded_then_shows_it_per_episode(client, patient):
    text = " ".join(pdf_text(export(client, patient, format="pdf").data))
    assert "No checklist adherence was recorded" in text and "Days ticked" not in text
    clean = patient["episodes"]["Clean and jerk, new max attempt"]
    today = client.get(f"/api/v1/episodes/{clean}/checklist", headers=patient["athlete"]).json
    tick = client.put(f"/api/v1/episodes/{clean}/checklist/{today['date']}/rx-{patient['walk']}", json={"done": True},
                      headers=patient["athlete"])
    assert tick.status_code == 200, tick.json
    text = " ".join(pdf_text(export(client, patient, format="pdf").data))
    assert "No checklist adherence was recorded" not in text
    # Ticked on 1 of the episode's 10 days so far (days 1 to 10), 1 of the day's items; the other episodes on none.
    assert "Days ticked / days with a plan" in text and re.search(r"Clean and jerk, new max attempt \d+ \w+ 2026 1 / 10 1 / \d+", text)
    assert re.search(r"Back squats 5x5 \d+ \w+ 2026 0 / \d+ 0 / 0", text)


def test_the_csv_puts_readable_columns_first_with_labels_and_local_times_beside_the_codes(client, patient):
    response = export(client, patient, format="csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    header = next(csv.reader(io.StringIO(response.text)))
    assert header[:3] == ["episode_started_local_time", "episode_activity", "recorded_local_time"]
    assert header.index("region_names") + 1 == header.index("regions") and header.index("character_name") + 1 == header.index("character")
    first = rows[0]
    assert first["episode_activity"] == "Heavy deadlifts" and first["recorded_local_time"].endswith("(+01:00)")
    assert (first["region_names"], first["regions"]) == ("Lower back", "lower_back")
    assert (first["character_name"], first["character"]) == ("Dull ache", "dull_ache")
    assert (first["side_name"], first["movement_name"]) == ("Both sides", "Moving eases it")
    # The ISO time with its offset stays for machines, the same instant as the local one.
    assert first["recorded_at"].endswith("+00:00") and first["recorded_at"][11:13] != first["recorded_local_time"][11:13]
    sharp = next(r for r in rows if r["character"] == "sharp")
    assert sharp["character_name"] == "Sharp" and sharp["episode_day"] == "1"
    assert "Ice or cold; Pain medication" in {r["treatment_names"] for r in rows}


def test_the_checklist_csv_lists_each_days_plan_with_the_prescription_before_any_tick(client, patient):
    rows = list(csv.DictReader(io.StringIO(export(client, patient, format="csv", table="checklist").text)))
    clean = patient["episodes"]["Clean and jerk, new max attempt"]
    days = {r["day"] for r in rows if r["episode_id"] == clean}
    assert len(days) == 10  # every day from the training to today
    walk = [r for r in rows if r["item_key"] == f"rx-{patient['walk']}"]
    assert len(walk) == 10 and {(r["origin"], r["origin_name"], r["due"], r["done"]) for r in walk} == {
        ("physio", "Prescribed by the physiotherapist", "yes", "no")}
    assert walk[0]["dose"] == "20 minutes, twice a day" and walk[0]["episode_started_local_time"].endswith("(+01:00)")
    assert {r["phase_name"] for r in rows if r["phase"] == "acute"} == {"First 48 hours"}
    # Every episode has its plan, the sourced one.
    assert {r["episode_activity"] for r in rows} == set(patient["episodes"])


def test_the_fhir_bundle_has_one_care_plan_per_episode_each_addressing_its_condition(client, patient):
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    raw = export(client, patient, format="fhir").json
    bundle = Bundle.model_validate(raw)
    for entry in raw["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    by_url = {entry.fullUrl: entry.resource for entry in bundle.entry}
    plans = [r for r in by_url.values() if r.__resource_type__ == "CarePlan"]
    conditions = {url: r for url, r in by_url.items() if r.__resource_type__ == "Condition"}
    assert len(plans) == len(conditions) == 4
    assert sorted(conditions[p.addresses[0].reference].code.text for p in plans) == sorted(
        f"Pain after training: {activity}" for activity in patient["episodes"])
    clean = next(p for p in plans if p.title == "Recovery plan: Clean and jerk, new max attempt")
    activities = {a.detail.code.text: a.detail for a in clean.activity}
    assert activities["Walk"].description == "Walk: 20 minutes, twice a day"
    assert "Cold on the sore area" in activities and activities["Cold on the sore area"].status == "completed"
    assert all(p.period.start.utcoffset().total_seconds() == 3600 for p in plans)
    # Each entry's Observation is evidence of its episode's Condition.
    observations = [url for url, r in by_url.items() if r.__resource_type__ == "Observation"]
    cited = [d.reference for c in conditions.values() for e in c.evidence or () for d in e.detail]
    assert sorted(cited) == sorted(observations)
