"""The athlete's way out of the emergency plan on the pages: "A clinician has checked me", and what both sides see."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.api.test_clinical_round_3_api import log, start
from tests.conftest import bearer, csrf_token_from, make_account


def local(hours_ago: float, zone: str = "UTC") -> str:
    return (datetime.now(UTC) - timedelta(hours=hours_ago)).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def test_the_athlete_records_a_check_and_both_sides_see_it(client, app, auth):
    athlete, physio = make_account(app), make_account(app, "physio")
    headers = bearer(client, athlete)
    code = client.post("/api/v1/invites", headers=headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=bearer(client, physio)).status_code == 201
    episode_id = start(client, headers, 60)
    log(client, headers, episode_id, 50, pain=5, red_flags=["bladder_bowel_change"])
    auth.login(athlete["email"])
    page = client.get(f"/athlete/episodes/{episode_id}")
    form_url = f"/athlete/episodes/{episode_id}/clinician-check"
    assert form_url in page.text and "A clinician has checked me" in page.text

    form = client.get(form_url)
    assert form.status_code == 200 and 'name="checked_at"' in form.text and "An emergency department" in form.text
    token = csrf_token_from(form)
    refused = client.post(form_url, data={"csrf_token": token, "checked_by": "doctor", "checked_at": local(55)})
    assert refused.status_code == 422 and "after the last warning sign you logged" in refused.text
    assert 'value="doctor" checked' in refused.text  # what was typed is kept

    saved = client.post(form_url, data={
        "csrf_token": token, "checked_by": "doctor", "clinician": "Centro de Salud Sur", "checked_at": local(10),
        "note": "Nothing serious <b>rest</b>",
    })
    assert saved.status_code == 302
    after = client.get(f"/athlete/episodes/{episode_id}")
    assert "Checked by a clinician" in after.text and "Centro de Salud Sur" in after.text
    assert "&lt;b&gt;rest&lt;/b&gt;" in after.text  # the athlete's words are escaped
    assert form_url not in after.text  # the plan has left the see-a-clinician step

    auth.logout()
    auth.login(physio["email"])
    patient = client.get(f"/physio/patients/{athlete['id']}?episode={episode_id}")
    assert "The athlete says a clinician checked them" in patient.text and "Centro de Salud Sur" in patient.text
