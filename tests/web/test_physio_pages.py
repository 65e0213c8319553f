"""The care team pages: an athlete invites, a physiotherapist links, reviews and acts."""
import re

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import AuthActions, bearer, csrf_token_from, make_account


def test_invite_link_review_and_end_access(app):
    athlete = make_account(app, "athlete", name="Ana")
    physio = make_account(app, "physio", name="Dr Lee")
    headers = bearer(app.test_client(), athlete)
    episode_id = new_id()
    api = app.test_client()
    api.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=100), client_updated_at=ago(hours=100)), headers=headers)
    api.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=10), pain=6, red_flags=["trauma"]), headers=headers)

    athlete_browser, physio_browser = app.test_client(), app.test_client()
    AuthActions(athlete_browser).login(athlete["email"])
    AuthActions(physio_browser).login(physio["email"])

    page = athlete_browser.get("/athlete/care")
    shown = athlete_browser.post("/athlete/care/invites", data={"csrf_token": csrf_token_from(page)})
    code = re.search(r'class="invite-code"[^>]*>([A-Z0-9-]+)<', shown.text).group(1)
    assert "<svg" in shown.text and "QR code for" in shown.text

    page = physio_browser.get(f"/physio/link?code={code}")
    assert code in page.text
    linked = physio_browser.post("/physio/link", data={"csrf_token": csrf_token_from(page), "code": code})
    assert linked.status_code == 302
    listing = physio_browser.get("/physio/").text
    assert "Ana" in listing and "Warning sign reported" in listing and 'class="sparkline"' in listing

    patient_url = linked.location
    patient_page = physio_browser.get(patient_url).text
    for expected in ("Deadlifts", "pain over time", "Entries", "Checklist adherence", "Clinical notes", "Alert thresholds", "The pain started with a fall"):
        assert expected in patient_page, expected
    alert_id = re.search(r'/physio/alerts/([0-9a-f-]+)/acknowledge', patient_page).group(1)
    token = csrf_token_from(physio_browser.get(patient_url))
    assert physio_browser.post(f"/physio/alerts/{alert_id}/acknowledge", data={"csrf_token": token, "note": "Phoned: going to A&E"}).status_code == 302
    assert "Phoned: going to A&amp;E" in physio_browser.get(patient_url).text

    care_page = athlete_browser.get("/athlete/care").text
    assert "Dr Lee" in care_page and "patient page" in care_page
    link_id = re.search(r'/athlete/care/links/([0-9a-f-]+)/end', care_page).group(1)
    athlete_browser.post(f"/athlete/care/links/{link_id}/end", data={"csrf_token": csrf_token_from(athlete_browser.get("/athlete/care"))})
    assert physio_browser.get(patient_url).status_code == 404
    assert "Ana" not in physio_browser.get("/physio/").text


def test_a_wrong_code_says_so(app):
    physio = make_account(app, "physio")
    browser = app.test_client()
    AuthActions(browser).login(physio["email"])
    page = browser.get("/physio/link")
    response = browser.post("/physio/link", data={"csrf_token": csrf_token_from(page), "code": "NOPE-NOPE"})
    assert response.status_code == 422 and "not valid" in response.text


def test_thresholds_form_saves_overrides(app):
    athlete = make_account(app, "athlete")
    physio = make_account(app, "physio")
    api = app.test_client()
    code = api.post("/api/v1/invites", headers=bearer(api, athlete)).json["code"]
    api.post("/api/v1/care-links", json={"code": code}, headers=bearer(api, physio))
    browser = app.test_client()
    AuthActions(browser).login(physio["email"])
    url = f"/physio/patients/{athlete['id']}"
    page = browser.get(url)
    response = browser.post(f"{url}/thresholds", data={"csrf_token": csrf_token_from(page), "doms_window_hours": "60", "doms_pain_min": "3"})
    assert response.status_code == 302
    assert 'name="doms_window_hours" min="24" max="72" value="60"' in browser.get(url).text
    bad = browser.post(f"{url}/thresholds", data={"csrf_token": csrf_token_from(page), "doms_window_hours": "5000"}, follow_redirects=True)
    assert "Use a whole number from 24 to 72" in bad.text


import pytest  # noqa: E402


@pytest.mark.parametrize("method, path", [
    ("get", "/physio/patients/{id}"),
    ("post", "/physio/patients/{id}/notes"),
    ("post", "/physio/patients/{id}/thresholds"),
])
def test_patient_pages_only_for_a_linked_physio(app, method, path):
    athlete = make_account(app, "athlete")
    physio = make_account(app, "physio")
    url = path.format(id=athlete["id"])
    unlinked = app.test_client()
    AuthActions(unlinked).login(physio["email"])
    token = csrf_token_from(unlinked.get("/physio/"))
    assert getattr(unlinked, method)(url, data={"csrf_token": token, "text": "x"}).status_code == 404
    other_athlete = app.test_client()
    AuthActions(other_athlete).login(make_account(app, "athlete")["email"])
    token = csrf_token_from(other_athlete.get("/athlete/"))
    assert getattr(other_athlete, method)(url, data={"csrf_token": token, "text": "x"}).status_code == 403
    assert getattr(app.test_client(), method)(url).status_code in (302, 400)
