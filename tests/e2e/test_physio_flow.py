"""A physiotherapist on a tablet: enters an athlete's code, finds them at the top of the list, acknowledges the alert."""
import re

import pytest
from playwright.sync_api import expect

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_from_invite_code_to_acknowledged_alert(browser, live_server, app):
    athlete = make_account(app, "athlete", name="Maya Ortiz")
    physio = make_account(app, "physio", name="Sam Okafor")
    api = app.test_client()
    headers = bearer(api, athlete)
    episode_id = new_id()
    api.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=30), client_updated_at=ago(hours=30)), headers=headers)
    api.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=5), pain=7, red_flags=["leg_numbness_weakness"]), headers=headers)

    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    log_in(page, live_server, athlete["email"], PASSWORD)
    page.get_by_role("link", name="Care team").click()
    page.get_by_role("button", name="Create an invite code").click()
    code = page.locator(".invite-code").inner_text()
    expect(page.locator(".qr svg")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    page.get_by_label("Email").fill(physio["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Invite code from your patient").fill(code.lower())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Maya Ortiz", level=1)).to_be_visible()

    page.get_by_role("link", name="Patients").click()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Maya Ortiz")
    expect(first_row.locator("td.worst-alert")).to_contain_text(re.compile(r"Urgent\s+Warning sign reported"))
    first_row.get_by_role("link", name="Maya Ortiz").click()

    alert = page.locator(".alert-urgent")
    # Numbness in a leg on a diary with pain on both sides: an emergency (issue 28, point 10; 004:67, 004:74).
    expect(alert).to_contain_text("Emergency red flag")  # the clinician's words for the emergency tier (issue 29, point 3)
    # The physiotherapist reads the evidence without unfolding it (issue 29).
    expect(alert.locator(".alert-evidence")).to_contain_text("Numbness, tingling or weakness")
    alert.get_by_text("Add a note").click()
    alert.get_by_label("Note (optional)").fill("Called Maya: neuro check booked today")
    alert.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(page.get_by_text("Called Maya: neuro check booked today")).to_be_visible()
    expect(page.get_by_text("by Sam Okafor")).to_be_visible()
    context.close()
