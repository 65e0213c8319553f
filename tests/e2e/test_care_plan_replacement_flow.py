"""Issue 29, points 4 and 5, in Chromium: a prescribed walk takes the sourced walk's place in the athlete's plan (both in the
history), and a refused prescription is drawn again where the page lands, filled, with the reason at the field."""
import os
import re

import pytest
from playwright.sync_api import expect

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, linked_pair
from tests.e2e.conftest import PHONE, log_in

pytestmark = pytest.mark.e2e
DESK = {"width": 1280, "height": 800}


def shot(page, name: str, at=None, viewport=None) -> None:
    """A screenshot into $SCREENSHOTS, when set: of the part at, at this size (the page's own by default)."""
    if not os.environ.get("SCREENSHOTS"):
        return
    if viewport:
        page.set_viewport_size(viewport)
    if at is not None:
        at.scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], name))


def acute_patient(app):
    """A linked athlete 20 h into a pain of 5/10 (the first 48 h: the sourced plan walks 10-15 minutes), and the physio."""
    client = app.test_client()
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name="Marta")
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=20), client_updated_at=ago(hours=20)),
               headers=athlete_headers)
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=2), pain=5), headers=athlete_headers)
    physio = client.get("/api/v1/me", headers=physio_headers).json
    return athlete, physio, episode_id


def open_care_plan(browser, base_url, physio, athlete, episode_id, viewport=DESK):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    log_in(page, base_url, physio["email"], PASSWORD)
    page.goto(f"{base_url}/physio/patients/{athlete['id']}?episode={episode_id}#care-plan")
    return context, page, page.locator("#care-plan")


def test_a_prescribed_walk_replaces_the_sourced_walk_and_the_history_shows_both(browser, live_server, app):
    athlete, physio, episode_id = acute_patient(app)
    desk, page, plan = open_care_plan(browser, live_server, physio, athlete, episode_id)
    plan.get_by_text("Prescribe an exercise").click()
    plan.get_by_label("Exercise or item").select_option("walk")
    plan.get_by_label("Minutes").fill("20")
    plan.get_by_label("Times a day").fill("2")
    plan.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_text("Plan updated: the athlete sees it")).to_be_visible()
    instead = "Replaces the sourced “A short, gentle walk”, “Walk” on the days it is shown."
    expect(plan.locator(".plan-items")).to_contain_text("Walk: 20 minutes, twice a day · " + instead)
    expect(plan.locator(".plan-changes")).to_contain_text("Added: Walk: 20 minutes, twice a day · " + instead)
    shot(page, "physio-care-plan-replaces-1280.png", at=plan)
    shot(page, "physio-care-plan-replaces-390.png", at=plan.locator(".plan-changes"), viewport=PHONE)

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    athlete_page = phone.new_page()
    log_in(athlete_page, live_server, athlete["email"], PASSWORD)
    checklist = athlete_page.locator(".checklist")
    prescribed = checklist.locator("li.prescribed")
    expect(prescribed).to_contain_text("Walk")
    expect(prescribed).to_contain_text("20 minutes, twice a day")
    expect(prescribed).to_contain_text("Replaces: A short, gentle walk · 10-15 minutes at an easy pace")
    # The sourced walk is no longer an item of its own to tick; the safety items stay.
    expect(checklist.get_by_role("button", name="Mark done: A short, gentle walk")).to_have_count(0)
    expect(checklist.get_by_role("button", name="Mark done: No heat yet")).to_have_count(1)
    expect(checklist.get_by_role("button", name="Mark done: Cold on the sore area")).to_have_count(1)
    shot(athlete_page, "athlete-checklist-replaces-390.png", at=prescribed)
    shot(athlete_page, "athlete-checklist-replaces-1280.png", at=prescribed, viewport=DESK)
    athlete_page.get_by_role("button", name="Mark done: Walk").click()
    expect(athlete_page.get_by_role("button", name="Done: Walk")).to_have_attribute("aria-pressed", "true")

    # Removed, the prescription gives the sourced walk its place back, and the history says so.
    page.reload()
    plan.locator(".plan-items li", has_text="Walk: 20 minutes").get_by_role("button", name=re.compile("^Remove")).click()
    expect(plan.locator(".plan-changes")).to_contain_text("Removed: Walk: 20 minutes, twice a day · Back on the plan: the sourced")
    athlete_page.reload()
    expect(checklist.get_by_role("button", name="Mark done: A short, gentle walk")).to_have_count(1)
    expect(checklist.locator("li.prescribed")).to_have_count(0)
    desk.close()
    phone.close()


@pytest.mark.parametrize("viewport, name", [(DESK, "1280"), (PHONE, "390")])
def test_a_refused_prescription_keeps_its_values_and_shows_the_reason_at_the_field(browser, live_server, app, viewport, name):
    athlete, physio, episode_id = acute_patient(app)
    desk, page, plan = open_care_plan(browser, live_server, physio, athlete, episode_id, viewport)
    plan.get_by_text("Prescribe an exercise").click()
    plan.get_by_label("Exercise or item").select_option("heat")
    plan.get_by_label("Minutes").fill("15")
    plan.get_by_label("From day", exact=True).first.fill("1")
    plan.get_by_label("Note for the athlete (optional)").fill("Heat pack on the lower back")
    plan.get_by_role("button", name="Add to the plan").click()

    summary = page.locator("#care-plan-errors")
    expect(summary).to_contain_text("Not saved: the plan is unchanged.")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    assert page.url.endswith("#care-plan-errors")
    expect(page.get_by_role("heading", name="Care plan for this episode")).to_be_in_viewport()
    from_day = plan.get_by_label("From day", exact=True).first
    expect(from_day).to_have_value("1")
    expect(from_day).to_have_attribute("aria-invalid", "true")
    expect(from_day).to_have_accessible_description("Heat is never scheduled in the first 48 hours of the pain (it can increase swelling): "
                                                    "start it on day 3 or later.")
    expect(plan.get_by_label("Exercise or item")).to_have_value("heat")
    expect(plan.get_by_label("Minutes")).to_have_value("15")
    expect(plan.get_by_label("Note for the athlete (optional)")).to_have_value("Heat pack on the lower back")
    shot(page, f"physio-refused-prescription-{name}.png")

    # The link in the summary leads to the field; corrected there, it is saved.
    summary.get_by_role("link", name="From day").click()
    expect(from_day).to_be_focused()
    shot(page, f"physio-refused-field-{name}.png")
    from_day.fill("3")
    plan.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_text("Plan updated: the athlete sees it")).to_be_visible()
    expect(plan.locator(".plan-items")).to_contain_text("Gentle heat for stiffness: 15 minutes, from day 3")
    desk.close()
