"""Invites, care links, the triaged patient list, patient reads, exports (shared/api-v1.md)."""
import csv
import io
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account
from webapp.infra.extensions import db
from webapp.models import AccessLog, Invite


def invite(client, headers) -> str:
    response = client.post("/api/v1/invites", headers=headers)
    assert response.status_code == 201
    return response.json["code"]


def link(client, athlete_headers, physio_headers) -> dict:
    response = client.post("/api/v1/care-links", json={"code": invite(client, athlete_headers)}, headers=physio_headers)
    assert response.status_code == 201, response.json
    return response.json


def diary(client, headers, pains=(4, 6), red_flag=False) -> str:
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=100), client_updated_at=ago(hours=100)), headers=headers)
    for i, pain in enumerate(pains):
        flags = ["fever_chills"] if red_flag and i == len(pains) - 1 else []
        body = entry_body(episode_id, recorded_at=ago(hours=90 - 20 * i), pain=pain, red_flags=flags, treatments=["walk"])
        client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers)
    return episode_id


def test_an_invite_links_a_physio_to_the_athlete(client, athlete, athlete_headers, physio_headers):
    code = invite(client, athlete_headers)
    assert len(code) == 9 and code[4] == "-"
    response = client.post("/api/v1/care-links", json={"code": code.lower().replace("-", " ")}, headers=physio_headers)
    assert response.status_code == 201
    assert response.json["patient"] == {"id": athlete["id"], "name": "Athlete"}
    assert [link["id"] for link in client.get("/api/v1/care-links", headers=athlete_headers).json] == [response.json["id"]]
    assert [p["id"] for p in client.get("/api/v1/patients", headers=physio_headers).json] == [athlete["id"]]


def test_codes_are_single_use_and_stored_hashed(client, app, athlete_headers, physio_headers):
    code = invite(client, athlete_headers)
    assert client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).status_code == 201
    other_physio = bearer(client, make_account(app, "physio"))
    reused = client.post("/api/v1/care-links", json={"code": code}, headers=other_physio)
    assert reused.status_code == 422 and "code" in reused.json["errors"]
    with app.app_context():
        assert code.replace("-", "") not in {i.code_hash for i in db.session.scalars(select(Invite))}


def test_expired_and_wrong_codes_are_refused(client, app, athlete_headers, physio_headers):
    code = invite(client, athlete_headers)
    with app.app_context():
        for row in db.session.scalars(select(Invite)):
            row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    for attempt in (code, "ZZZZ-ZZZZ", ""):
        response = client.post("/api/v1/care-links", json={"code": attempt}, headers=physio_headers)
        assert response.status_code == 422 and "code" in response.json["errors"]
    assert client.get("/api/v1/patients", headers=physio_headers).json == []


PATIENT_READS = ["episodes", "entries", "alerts", "notes", "export?format=csv", "export?format=fhir", "export?format=pdf"]


@pytest.mark.parametrize("path", PATIENT_READS)
def test_only_a_linked_physio_reads_a_patient(client, app, athlete, athlete_headers, physio_headers, path):
    diary(client, athlete_headers)
    url = f"/api/v1/patients/{athlete['id']}/{path}"
    assert client.get(url, headers=physio_headers).status_code == 404, "unlinked physio"
    assert client.get(f"/api/v1/patients/{uuid.uuid4()}/{path}", headers=physio_headers).status_code == 404, "unknown patient"
    assert client.get(url, headers=athlete_headers).status_code == 403, "athletes are not physios"
    other_athlete = bearer(client, make_account(app, "athlete"))
    assert client.get(url, headers=other_athlete).status_code == 403
    assert client.get(url).status_code == 401
    care_link = link(client, athlete_headers, physio_headers)
    assert client.get(url, headers=physio_headers).status_code == 200, "linked"
    assert client.delete(f"/api/v1/care-links/{care_link['id']}", headers=athlete_headers).status_code == 204
    assert client.get(url, headers=physio_headers).status_code == 404, "revoked: access stops at once"


def test_either_side_can_end_a_link_but_nobody_else(client, app, athlete_headers, physio_headers):
    care_link = link(client, athlete_headers, physio_headers)
    stranger = bearer(client, make_account(app, "physio"))
    assert client.delete(f"/api/v1/care-links/{care_link['id']}", headers=stranger).status_code == 404
    assert client.delete(f"/api/v1/care-links/{care_link['id']}", headers=physio_headers).status_code == 204
    assert client.get("/api/v1/care-links", headers=athlete_headers).json == []


def test_every_physio_read_is_logged_for_the_athlete(client, app, athlete, athlete_headers, physio_headers):
    link(client, athlete_headers, physio_headers)
    client.get(f"/api/v1/patients/{athlete['id']}/entries", headers=physio_headers)
    client.get(f"/api/v1/patients/{athlete['id']}/export?format=csv", headers=physio_headers)
    with app.app_context():
        log = [(row.what, row.at.tzinfo is not None) for row in db.session.scalars(select(AccessLog).order_by(AccessLog.id))]
    assert log == [("entries (API)", True), ("export (csv)", True)]


def test_a_linked_physio_acknowledges_an_alert_with_a_note(client, athlete, athlete_headers, physio_headers):
    diary(client, athlete_headers, red_flag=True)
    [alert] = [a for a in client.get("/api/v1/alerts", headers=athlete_headers).json if a["rule"] == "red_flag"]
    assert client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={"note": "seen"}, headers=physio_headers).status_code == 404
    link(client, athlete_headers, physio_headers)
    response = client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", json={"note": "Called her, GP today"}, headers=physio_headers)
    assert response.status_code == 200
    assert response.json["acknowledged_by"]["role"] == "physio" and response.json["acknowledge_note"] == "Called her, GP today"


def test_triage_order_urgent_then_warning_then_advice_then_recent_activity(client, app, physio_headers):
    def patient(name, *, entry_changes=(), minutes_ago=None):
        headers = bearer(client, make_account(app, "athlete", name=name))
        episode_id = diary(client, headers, pains=(3,))
        for changes in entry_changes:
            client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, **{"recorded_at": ago(hours=60), **changes}), headers=headers)
        if minutes_ago is not None:
            client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(minutes=minutes_ago), pain=1, treatments=[]), headers=headers)
        link(client, headers, physio_headers)

    patient("quiet")
    patient("advice", entry_changes=[{"treatments": ["heat"], "pain": 3}])
    patient("recent", minutes_ago=5)
    patient("warning", entry_changes=[{"treatments": [], "pain": 6}, {"treatments": [], "pain": 6, "recorded_at": ago(hours=20)}])
    patient("urgent", entry_changes=[{"treatments": [], "red_flags": ["trauma"]}])
    listed = client.get("/api/v1/patients", headers=physio_headers).json
    assert [p["name"] for p in listed] == ["urgent", "warning", "advice", "recent", "quiet"], [(p["name"], p["open_alerts"]) for p in listed]
    urgent = listed[0]
    assert urgent["open_alerts"]["urgent"] == 1 and urgent["last_entry_at"] and len(urgent["trend"]) == 15


def add_linked_patients(app, physio_id: uuid.UUID, count: int) -> None:
    """Insert athletes with a week of entries and an open alert, linked to the physio, in bulk."""
    from sqlalchemy import insert

    from webapp.infra.times import utcnow
    from webapp.models import Alert, CareLink, Entry, Episode, User

    now = utcnow()
    users, episodes, entries, links, alert_rows = [], [], [], [], []
    for _ in range(count):
        user_id, episode_id = uuid.uuid4(), uuid.uuid4()
        users.append({"id": user_id, "email": f"{user_id}@example.org", "name": "P", "role": "athlete", "timezone": "UTC",
                      "password_hash": "x", "created_at": now})
        episodes.append({"id": episode_id, "user_id": user_id, "started_at": now - timedelta(days=8), "activity": "Squats",
                         "onset": "next_day", "regions": ["lower_back"], "client_updated_at": now, "created_at": now, "updated_at": now})
        for day in range(7):
            at = now - timedelta(days=7 - day)
            entries.append({"id": uuid.uuid4(), "user_id": user_id, "episode_id": episode_id, "recorded_at": at, "pain": 3,
                            "regions": [], "red_flags": [], "treatments": [], "client_updated_at": at, "created_at": at, "updated_at": at})
        links.append({"id": uuid.uuid4(), "athlete_id": user_id, "physio_id": physio_id, "created_at": now})
        alert_rows.append({"id": uuid.uuid4(), "user_id": user_id, "episode_id": episode_id, "rule": "doms_window_exceeded",
                           "severity": "advice", "status": "open", "message": "m", "why": "w", "evidence": [], "evidence_keys": [],
                           "source": [], "thresholds": {}, "overridden": [], "raised_at": now, "updated_at": now})
    with app.app_context():
        for model, rows in ((User, users), (Episode, episodes), (Entry, entries), (CareLink, links), (Alert, alert_rows)):
            db.session.execute(insert(model), rows)
        db.session.commit()


def test_the_patient_list_takes_the_same_number_of_queries_for_5_or_500_patients(client, app, physio, physio_headers):
    def queries_with(total):
        statements = []
        with app.app_context():
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                response = client.get("/api/v1/patients", headers=physio_headers)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200 and len(response.json) == total
        return len(statements)

    add_linked_patients(app, uuid.UUID(physio["id"]), 5)
    few = queries_with(5)
    add_linked_patients(app, uuid.UUID(physio["id"]), 495)
    many = queries_with(500)
    assert few == many <= 9  # the list's six queries, and the sign-in's


def test_threshold_overrides_are_used_from_then_on_and_shown(client, athlete, athlete_headers, physio_headers):
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=70), client_updated_at=ago(hours=70)), headers=athlete_headers)
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=10), pain=4, treatments=[]), headers=athlete_headers)
    link(client, athlete_headers, physio_headers)
    url = f"/api/v1/patients/{athlete['id']}/alert-settings"
    bad = client.put(url, json={"thresholds": {"doms_window_hours": 1, "made_up": 3}}, headers=physio_headers)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"doms_window_hours", "made_up"}
    assert client.put(url, json={"thresholds": "48"}, headers=physio_headers).status_code == 422
    response = client.put(url, json={"thresholds": {"doms_window_hours": 48}}, headers=physio_headers)
    assert response.status_code == 200 and response.json == {"thresholds": {"doms_window_hours": 48}}
    [alert] = client.get(f"/api/v1/patients/{athlete['id']}/alerts", headers=physio_headers).json
    assert alert["rule"] == "doms_window_exceeded" and alert["overridden"] == ["doms_window_hours"]
    assert client.put(url, json={"thresholds": {"doms_window_hours": None}}, headers=physio_headers).json == {"thresholds": {}}


def test_notes(client, athlete, athlete_headers, physio_headers):
    link(client, athlete_headers, physio_headers)
    url = f"/api/v1/patients/{athlete['id']}/notes"
    assert client.post(url, json={"text": ""}, headers=physio_headers).status_code == 422
    assert client.post(url, json={"text": "Hip hinge drills; review in a week"}, headers=physio_headers).status_code == 201
    assert [n["text"] for n in client.get(url, headers=physio_headers).json] == ["Hip hinge drills; review in a week"]


def test_csv_export_has_one_row_per_entry_with_every_field(client, athlete, athlete_headers, physio_headers):
    diary(client, athlete_headers, pains=(4, 6, 5))
    link(client, athlete_headers, physio_headers)
    response = client.get(f"/api/v1/patients/{athlete['id']}/export?format=csv", headers=physio_headers)
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["pain"]) for r in rows] == [4, 6, 5]
    assert rows[0]["recorded_at"].endswith("+00:00") and rows[0]["regions"] == "lower_back" and rows[0]["treatments"] == "walk"
    assert set(rows[0]) >= {"entry_id", "episode_id", "recorded_at", "pain", "regions", "side", "character", "movement",
                            "red_flags", "treatments", "walk_minutes", "note"}


def test_fhir_export_is_a_valid_r4_bundle_of_loinc_pain_observations(client, athlete, athlete_headers, physio_headers):
    from fhir.resources.R4B.bundle import Bundle

    diary(client, athlete_headers, pains=(4, 6))
    link(client, athlete_headers, physio_headers)
    response = client.get(f"/api/v1/patients/{athlete['id']}/export?format=fhir", headers=physio_headers)
    assert response.mimetype == "application/fhir+json"
    bundle = Bundle.model_validate(response.json)
    assert bundle.type == "collection"
    resources = [e.resource for e in bundle.entry]
    assert resources[0].__resource_type__ == "Patient"
    observations = [r for r in resources if r.__resource_type__ == "Observation"]
    assert [o.valueInteger for o in observations] == [4, 6]
    assert all(o.code.coding[0].code == "72514-3" and o.code.coding[0].system == "http://loinc.org" for o in observations)
    assert observations[0].bodySite.text == "Lower back" and observations[0].effectiveDateTime


def test_pdf_report_is_a_real_pdf_with_the_numbers(client, athlete, athlete_headers, physio_headers):
    from pypdf import PdfReader

    diary(client, athlete_headers, pains=(4, 7, 5), red_flag=True)
    link(client, athlete_headers, physio_headers)
    assert client.post(f"/api/v1/patients/{athlete['id']}/notes", json={"text": "Hip hinge drills <b>twice</b> a week"},
                       headers=physio_headers).status_code == 201
    response = client.get(f"/api/v1/patients/{athlete['id']}/export?format=pdf", headers=physio_headers)
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for expected in ("BackOnTrack report: Athlete", "Deadlifts", "4 / 7 / 5", "Warning sign reported", "not a diagnosis", "Checklist adherence",
                     "Episodes over time", "What came before, and how it went", "began after a load increase of 10% or more",
                     "Clinical notes", "Hip hinge drills <b>twice</b> a week"):
        assert expected in text, expected
    # The athlete's own copy has no clinical notes (athletes do not see them anywhere).
    own = client.get("/api/v1/me/export?format=pdf", headers=athlete_headers)
    assert "Hip hinge" not in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(own.data)).pages)


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda r: r.json["account"]["role"] == "athlete" and len(r.json["entries"]) == 2),
    ("csv", lambda r: r.text.count("\n") == 3),
    ("fhir", lambda r: r.json["resourceType"] == "Bundle"),
    ("pdf", lambda r: r.data.startswith(b"%PDF")),
])
def test_athletes_export_their_own_data(client, athlete_headers, fmt, check):
    diary(client, athlete_headers)
    response = client.get(f"/api/v1/me/export?format={fmt}", headers=athlete_headers)
    assert response.status_code == 200 and check(response)


def test_unknown_export_format_is_422(client, athlete_headers):
    response = client.get("/api/v1/me/export?format=xls", headers=athlete_headers)
    assert response.status_code == 422 and "format" in response.json["errors"]


def test_the_pdf_report_of_a_period_on_letter_paper(client, athlete, athlete_headers, physio_headers):
    from datetime import date, timedelta

    from pypdf import PdfReader

    old_id = new_id()
    body = episode_body(started_at=ago(days=200), client_updated_at=ago(days=200), activity="Old rowing", resolved_at=ago(days=195))
    assert client.put(f"/api/v1/episodes/{old_id}", json=body, headers=athlete_headers).status_code == 201
    diary(client, athlete_headers, pains=(4, 6))
    link(client, athlete_headers, physio_headers)
    url = f"/api/v1/patients/{athlete['id']}/export"
    since = (date.today() - timedelta(days=30)).isoformat()
    response = client.get(url, query_string={"format": "pdf", "since": since, "paper": "letter"}, headers=physio_headers)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    text = " ".join(page.extract_text() for page in reader.pages)
    # The episodes and alerts tables hold the period's episodes only.
    assert "Deadlifts" in text and "Old rowing" not in text.split("Episodes")[-1]
    whole = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(url, query_string={"format": "pdf"}, headers=physio_headers).data)).pages)
    assert "Old rowing" in whole
    bad = client.get(url, query_string={"format": "pdf", "since": since, "until": "2000-01-01"}, headers=physio_headers)
    assert bad.status_code == 422 and "until" in bad.json["errors"]
    assert client.get(url, query_string={"format": "pdf", "paper": "a3"}, headers=physio_headers).status_code == 422
