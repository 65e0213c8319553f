"""The patient list in Chromium at the clinic's screen and on a phone: a row per patient that says what matters, no sideways scroll.

SHOTS_DIR=/some/folder saves screenshots of the list and of a review page at each width.
"""
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in
from tests.web.test_history_pages import diary
from tests.web.test_patient_list_page import linked_physio, log

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 390])
def test_the_patient_list_reads_at_a_glance_at_both_widths(browser, live_server, app, width):
    new = make_account(app, "athlete", name="Noa Fernández")
    log(app, new, 0, [(0, 4)], lead_minutes=1)
    flagged = make_account(app, "athlete", name="Marta Ruiz")
    log(app, flagged, 2, [(2, 3), (1, 5), (0, 7)], red_flag_at=0)
    steady = make_account(app, "athlete", name="Jon Etxeberria")
    _, current = diary(app, steady, [(60, 5, [(59, 5), (56, 0)]), (12, None, [(11, 6), (9, 5), (6, 4), (4, 4), (2, 4), (1, 3)])])
    api, headers = app.test_client(), bearer(app.test_client(), steady)
    today = datetime.now(UTC).date().isoformat()
    items = api.get(f"/api/v1/episodes/{current}/checklist", headers=headers).json["items"]
    for item in items[:2]:
        assert api.put(f"/api/v1/episodes/{current}/checklist/{today}/{item['key']}", json={"done": True}, headers=headers).status_code == 200
    quiet = make_account(app, "athlete", name="Lucía Gómez")
    log(app, quiet, 14, [(13, 6), (10, 5), (9, 5)])
    physio, _ = linked_physio(app, new, flagged, steady, quiet)

    context = browser.new_context(viewport={"width": width, "height": 800 if width > 400 else 844})
    page = context.new_page()
    log_in(page, live_server, physio["email"], PASSWORD)
    page.goto(f"{live_server}/physio/")
    rows = page.locator("table.patient-list tbody tr")
    expect(rows).to_have_count(4)
    # Most serious first: the warning sign, in words, not only a colour.
    expect(rows.nth(0)).to_contain_text("Marta Ruiz")
    expect(rows.nth(0).locator("td.worst-alert")).to_contain_text(re.compile(r"Urgent\s+Warning sign reported"))
    expect(rows.nth(0)).to_contain_text("7/10, rising")
    one_day = page.locator("tr", has_text="Noa Fernández")
    expect(one_day).to_contain_text("Day 1")
    expect(one_day.locator("svg.sparkline circle")).to_have_count(1)
    assert one_day.locator("svg.sparkline circle").bounding_box()["width"] > 3
    expect(one_day.locator("svg.sparkline")).to_have_attribute("aria-label", "Highest pain of each day logged in the last 15 days: 4")
    expect(page.locator("tr", has_text="Lucía Gómez")).to_contain_text("9 days ago (")
    expect(page.locator("tr", has_text="Jon Etxeberria")).to_contain_text(f"2 of {len(items)} items done")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width < 500:
        # Stacked: each value under its patient's name, labelled.
        label = page.evaluate("getComputedStyle(document.querySelector('.patient-list td'), '::before').content")
        assert label == '"Worst open alert"'
        header = page.locator("table.patient-list thead").bounding_box()
        assert header is None or header["height"] <= 1
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/list-{width}.png", full_page=True)
        page.goto(f"{live_server}/physio/patients/{steady['id']}/review")
        page.screenshot(path=f"{shots}/review-{width}.png", full_page=True)
    context.close()
