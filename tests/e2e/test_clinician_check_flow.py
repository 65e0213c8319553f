"""An athlete seen in A&E after a red flag leaves the emergency plan by saying so, never by deleting the flag."""
import os

import pytest
from playwright.sync_api import expect

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_clinicians_check_on_the_phone_ends_the_emergency_plan_and_keeps_the_flag(page, live_server, app):
    account = make_account(app, "athlete")
    client = app.test_client()
    headers = bearer(client, account)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=60), client_updated_at=ago(hours=60)), headers=headers)
    body = entry_body(episode_id, recorded_at=ago(hours=50), red_flags=["saddle_numbness"], treatments=[], pain=5)
    assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=headers).status_code == 201

    log_in(page, live_server, account["email"], PASSWORD)
    expect(page.locator(".phase", has_text="See a clinician")).to_be_visible()
    check = page.get_by_role("link", name="A clinician has checked me").first
    expect(check).to_be_visible()
    box = check.bounding_box()
    assert box and box["height"] >= 44, box  # a phone's touch target
    check.click()

    expect(page.get_by_role("heading", level=1, name="A clinician has checked me")).to_be_visible()
    page.get_by_text("An emergency department", exact=True).click()
    page.get_by_label("Clinic or name (optional)").fill("Hospital Sur")
    page.get_by_label("What they said (optional)").fill("Nothing serious, walk gently")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "clinician-check-390.png"), full_page=True)
    page.get_by_role("button", name="Save the check").click()

    expect(page.get_by_text("Saved: a clinician checked you.")).to_be_visible()
    expect(page.get_by_role("heading", name="Checked by a clinician")).to_be_visible()
    expect(page.get_by_text("Hospital Sur")).to_be_visible()
    # The flag stays in the history: its alert is still on the episode, acknowledged.
    expect(page.locator(".alert-urgent", has_text="A clinician has checked this")).to_be_visible()
    page.goto(live_server + "/athlete/")
    expect(page.get_by_role("link", name="A clinician has checked me")).to_have_count(0)
    expect(page.locator(".phase", has_text="See a clinician")).to_have_count(0)
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "home-after-check-390.png"), full_page=True)
