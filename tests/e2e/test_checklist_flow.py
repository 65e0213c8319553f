"""An athlete ticks today's checklist on a phone and finds it kept after a reload."""
import re

import pytest
from playwright.sync_api import expect

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_tick_an_item_and_it_is_kept_after_reload(page, live_server, app):
    account = make_account(app, "athlete")
    client = app.test_client()
    headers = bearer(client, account)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=20), client_updated_at=ago(hours=20)), headers=headers)
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=2), treatments=[]), headers=headers)

    log_in(page, live_server, account["email"], PASSWORD)
    expect(page.get_by_text("First 48 hours")).to_be_visible()
    expect(page.get_by_text("0 of 5 done")).to_be_visible()

    page.get_by_role("button", name="Mark done: Cold on the sore area").click()
    expect(page.get_by_role("button", name="Done: Cold on the sore area")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.get_by_role("button", name="Done: Cold on the sore area")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("1 of 5 done")).to_be_visible()

    page.get_by_role("button", name="Mark done: A short, gentle walk").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 of 5 done")).to_be_visible()

    page.get_by_role("link", name=re.compile("Knee to chest|Exercises")).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
