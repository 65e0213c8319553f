"""Prescribed care end to end: the physiotherapist prescribes on a desktop, the athlete ticks offline on a phone,
and after the sync the physiotherapist reads adherence and pain during the exercise (issue 18)."""
import re

import pytest
from playwright.sync_api import expect

from tests.api.test_care import invite
from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in
from tests.e2e.test_offline import wait_until_cached

pytestmark = pytest.mark.e2e


def test_prescribe_on_desktop_tick_offline_on_a_phone_read_adherence_after_sync(browser, outage_server, app):
    athlete, physio = make_account(app, "athlete"), make_account(app, "physio")
    client = app.test_client()
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=100), client_updated_at=ago(hours=100)),
               headers=athlete_headers)
    # Eased to 2/10: prescribed core work shows (above it, it is held back).
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=3), pain=2), headers=athlete_headers)
    assert client.post("/api/v1/care-links", json={"code": invite(client, athlete_headers)}, headers=physio_headers).status_code == 201

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    physio_page = desk.new_page()
    log_in(physio_page, outage_server.url, physio["email"], PASSWORD)
    physio_page.goto(f"{outage_server.url}/physio/patients/{athlete['id']}?episode={episode_id}")
    plan = physio_page.locator("#care-plan")
    plan.get_by_text("Prescribe an exercise").click()
    plan.get_by_label("Exercise or item").select_option("bird-dog")
    plan.get_by_label("Sets").fill("3")
    plan.get_by_label("Repetitions").fill("10")
    from_day = plan.get_by_label("From day", exact=True).first
    from_day.fill("1")
    plan.get_by_role("button", name="Add to the plan").click()
    # Refused, the form is drawn again open and filled: only the day needs changing.
    expect(from_day).to_have_accessible_description(re.compile("^Core strengthening is not scheduled in the acute phase"))
    expect(plan.get_by_label("Sets")).to_have_value("3")
    from_day.fill("3")
    plan.get_by_role("button", name="Add to the plan").click()
    expect(physio_page.get_by_text("Plan updated: the athlete sees it")).to_be_visible()
    expect(physio_page.locator("#care-plan .plan-items")).to_contain_text("Bird-dog: 3 x 10, from day 3")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    log_in(page, outage_server.url, athlete["email"], PASSWORD)
    expect(page).to_have_url(re.compile(r"/athlete/$"))
    expect(page.get_by_text("Plan updated by your physiotherapist")).to_be_visible()
    expect(page.get_by_text("From your physiotherapist").first).to_be_visible()
    wait_until_cached(page, "/athlete/")

    outage_server.stop()
    page.reload()
    item = page.locator("li.prescribed")
    expect(item).to_contain_text("Bird-dog")
    expect(item).to_contain_text("3 x 10, from day 3")
    item.get_by_text("How did it go?").click()
    item.get_by_label("Pain during it (0-10)").select_option("3")
    item.get_by_label("Too hard").check()
    page.get_by_role("button", name="Mark done: Bird-dog").click()
    expect(page.get_by_role("button", name="Done: Bird-dog")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("1 change waiting to sync")).to_be_visible()

    outage_server.start()
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text("All saved")).to_be_visible(timeout=15000)

    physio_page.reload()
    table = physio_page.locator("#care-plan table")
    row = table.get_by_role("row").filter(has_text="Bird-dog (3 x 10")  # the sourced core item names bird-dogs too
    expect(row).to_contain_text("1 / 1")
    expect(row).to_contain_text(": 3")
    expect(row).to_contain_text("too hard (1)")
    desk.close()
    phone.close()
