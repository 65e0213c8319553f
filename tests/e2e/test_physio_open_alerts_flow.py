"""Issue 29, point 1: a physiotherapist opens a patient whose urgent flag sits on an older episode and sees it first."""
import os
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.web.test_physio_open_alerts import patient_with_an_urgent_flag_on_an_older_episode

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SHOTS_DIR")  # where to keep screenshots of the page, when asked


def test_the_first_alert_on_the_patient_page_is_the_urgent_one(browser, live_server, app):
    maya = patient_with_an_urgent_flag_on_an_older_episode(app)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server, maya["physio"]["email"], PASSWORD)
    page.get_by_role("link", name="Maya Ortiz").click()
    expect(page.get_by_role("heading", name="Maya Ortiz", level=1)).to_be_visible()

    first = page.locator(".alert-card").first
    expect(first).to_have_class(re.compile(r"\balert-urgent\b"))
    expect(first.get_by_role("heading")).to_contain_text("Deadlifts, started")
    expect(first).to_contain_text("Emergency red flag")
    # The evidence is in view, not folded away.
    expect(first.locator(".alert-evidence")).to_be_visible()
    expect(first.locator(".alert-evidence")).to_contain_text("reported: New bladder or bowel dysfunction")
    expect(page.locator("#open-alerts .alert-card")).to_have_count(4)
    expect(page.get_by_role("heading", name="Deadlifts: pain over time")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/patient-1280.png")
        page.screenshot(path=f"{SHOTS}/patient-1280-full.png", full_page=True)

    first.get_by_text("Add a note").click()
    first.get_by_label("Note (optional)").fill("Phoned Maya: on her way to A&E")
    first.get_by_role("button", name=re.compile("^Acknowledge")).click()
    first = page.locator(".alert-card").first
    expect(first).to_have_class(re.compile(r"\balert-urgent\b"))
    expect(first).to_contain_text("Phoned Maya: on her way to A&E")
    if SHOTS:
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        small = phone.new_page()
        log_in(small, live_server, maya["physio"]["email"], PASSWORD)
        small.goto(f"{live_server}/physio/patients/{maya['athlete']['id']}")
        small.screenshot(path=f"{SHOTS}/patient-390.png")
        small.screenshot(path=f"{SHOTS}/patient-390-full.png", full_page=True)
        phone.close()
    context.close()
