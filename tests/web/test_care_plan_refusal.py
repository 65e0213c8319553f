"""A refused change to the plan is drawn again where the page lands, open, filled and with the reason at its field (issue 29, point 5)."""
import re
import uuid

import pytest

from tests.builders import ago, episode_body, new_id
from tests.conftest import AuthActions, csrf_token_from, linked_pair


@pytest.fixture
def desk(client, app):
    """The physiotherapist's browser on the patient's page, and the URL the plan forms post to."""
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=100), client_updated_at=ago(hours=100)),
               headers=athlete_headers)
    physio = app.test_client()
    me = client.get("/api/v1/me", headers=physio_headers).json
    AuthActions(physio).login(me["email"])
    page = physio.get(f"/physio/patients/{athlete['id']}?episode={episode_id}")
    assert page.status_code == 200
    return {"browser": physio, "token": csrf_token_from(page), "athlete": athlete, "episode": episode_id,
            "url": f"/physio/patients/{athlete['id']}/episodes/{episode_id}/plan", "api": client, "athlete_headers": athlete_headers}


def post(desk, **fields):
    return desk["browser"].post(desk["url"], data={"csrf_token": desk["token"], "id": str(uuid.uuid4()), **fields})


def details(page: str, summary: str) -> str:
    """The opening tag of the <details> whose summary this is."""
    return re.findall(r"(<details[^>]*>)\s*<summary>" + re.escape(summary), page)[0]


def control(page: str, control_id: str) -> str:
    return re.search(r'<(?:input|select|textarea)[^>]*\bid="' + control_id + r'"[^>]*>', page).group(0)


def test_heat_on_day_1_is_refused_at_its_field_with_the_form_open_and_filled(desk):
    response = post(desk, kind="exercise", activity="heat", minutes="15", times_a_day="2", from_day="1", text="Heat pack, low setting")
    assert response.status_code == 422
    page = response.text
    # The page lands on the care plan's summary of what was refused, at the top of the section (the browser focuses it).
    assert re.search(r'<form method="post" action="[^"]*/plan#care-plan-errors"', page)
    summary = re.search(r'<div class="error-summary" id="care-plan-errors" role="alert" tabindex="-1">(.*?)</div>', page, re.S)
    assert summary and "Not saved: the plan is unchanged." in summary.group(1)
    assert '<a href="#rx-from_day">From day</a>: Heat is never scheduled in the first 48 hours' in summary.group(1)
    assert page.index('id="care-plan-errors"') > page.index('id="care-plan"')
    # The prescribing form is open, the others closed, and what was typed is there.
    assert " open" in details(page, "Prescribe an exercise") and " open" not in details(page, "Pause an item of the sourced plan")
    assert re.search(r'<option value="heat" selected>', page)
    assert 'value="15"' in control(page, "rx-minutes") and 'value="2"' in control(page, "rx-times_a_day")
    assert 'value="1"' in control(page, "rx-from_day")
    assert re.search(r'<textarea[^>]*id="rx-text"[^>]*>Heat pack, low setting</textarea>', page)
    # The reason stands at the field, which says it is invalid and is described by it.
    field = control(page, "rx-from_day")
    assert 'aria-invalid="true"' in field and 'aria-describedby="rx-from_day-error"' in field
    assert re.search(r'<p class="error" id="rx-from_day-error">Heat is never scheduled in the first 48 hours of the pain', page)
    assert 'aria-invalid' not in control(page, "rx-minutes")
    # Nothing was stored, and no message waits at the top of the next page.
    plan = desk["api"].get(f"/api/v1/episodes/{desk['episode']}/plan", headers=desk["athlete_headers"]).json
    assert plan["items"] == []
    assert "flash-error" not in desk["browser"].get(f"/physio/patients/{desk['athlete']['id']}?episode={desk['episode']}").text


def test_a_field_the_form_itself_refuses_is_shown_the_same_way(desk):
    response = post(desk, kind="exercise", activity="walk", minutes="lots", from_day="3")
    assert response.status_code == 422
    field = control(response.text, "rx-minutes")
    assert 'aria-invalid="true"' in field and 'value="lots"' in field
    assert '<a href="#rx-minutes">Minutes</a>:' in response.text


def test_a_refused_pause_opens_the_pause_form(desk):
    response = post(desk, kind="pause", activity="foam_roller", from_day="4")
    assert response.status_code == 422
    page = response.text
    assert " open" in details(page, "Pause an item of the sourced plan") and " open" not in details(page, "Prescribe an exercise")
    assert 'aria-invalid="true"' in control(page, "pause-text") and 'value="4"' in control(page, "pause-from_day")
    assert re.search(r'<option value="foam_roller" selected>', page)
    assert '<a href="#pause-text">Reason (the athlete sees it)</a>: Give the reason: the athlete sees it.' in page


def test_an_avoid_item_refused_for_its_date_keeps_the_text(desk):
    response = post(desk, kind="avoid", text="Deadlifts", until="2001-01-01")
    assert response.status_code == 422
    assert 'value="Deadlifts"' in control(response.text, "avoid-text")
    assert 'value="2001-01-01"' in control(response.text, "avoid-until") and 'aria-invalid="true"' in control(response.text, "avoid-until")


def test_a_kind_no_form_has_is_refused_in_the_summary_without_a_500(desk):
    response = post(desk, kind="surgery", activity="walk")
    assert response.status_code == 422
    assert "Not saved: the plan is unchanged." in response.text
    assert all(" open" not in tag for tag in re.findall(r"<details class=\"more[^>]*>", response.text))


def test_an_accepted_prescription_still_goes_back_to_the_care_plan(desk):
    response = post(desk, kind="exercise", activity="walk", minutes="20", times_a_day="2")
    assert response.status_code == 302 and response.location.endswith("#care-plan")
    page = desk["browser"].get(response.location).text
    assert "Plan updated: the athlete sees it on today&#39;s checklist." in page and 'id="care-plan-errors"' not in page


def test_removing_a_prescription_from_the_page_gives_the_sourced_plan_back(desk):
    post(desk, kind="exercise", activity="walk", minutes="20")
    page = desk["browser"].get(f"/physio/patients/{desk['athlete']['id']}?episode={desk['episode']}").text
    remove = re.search(r'action="([^"]*/plan/[0-9a-f-]+/remove)"', page).group(1)
    response = desk["browser"].post(remove, data={"csrf_token": desk["token"]})
    assert response.status_code == 302 and response.location.endswith("#care-plan")
    assert "Removed: the sourced plan takes its place again." in desk["browser"].get(response.location).text
