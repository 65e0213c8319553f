"""Offline in a gym basement: the app opens, logs and ticks with the server down, and syncs exactly once."""
import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.builders import ago, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in
from webapp.infra.extensions import db
from webapp.models import ChecklistProgress, Entry

pytestmark = pytest.mark.e2e


@pytest.fixture
def athlete_with_episode(app):
    account = make_account(app, "athlete")
    client = app.test_client()
    headers = bearer(client, account)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=20), client_updated_at=ago(hours=20)), headers=headers)
    return account, episode_id


def log_in_and_go_offline_ready(context, server, account, episode_id):
    page = context.new_page()
    log_in(page, server.url, account["email"], PASSWORD)
    expect(page).to_have_url(re.compile(r"/athlete/$"))
    for path in ("/athlete/", f"/athlete/episodes/{episode_id}/log", "/api/v1/codes"):
        wait_until_cached(page, path)
    return page


def wait_until_cached(page, path: str, seconds: float = 15) -> None:
    """Wait for the service worker to have stored a page (evaluate awaits the promise; wait_for_function would not)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("async (path) => !!(await caches.match(path))", path):
        assert time.monotonic() < deadline, f"{path} was never cached"
        time.sleep(0.1)


def stored(app):
    with app.app_context():
        entries = list(db.session.scalars(select(Entry).order_by(Entry.recorded_at, Entry.created_at)))
        ticks = list(db.session.scalars(select(ChecklistProgress)))
        return entries, ticks


def test_log_and_tick_with_the_server_down_then_sync_exactly_once(browser, outage_server, app, athlete_with_episode):
    account, episode_id = athlete_with_episode
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = log_in_and_go_offline_ready(context, outage_server, account, episode_id)

    outage_server.stop()
    page.reload()
    expect(page.get_by_role("heading", name="Hi Athlete")).to_be_visible()

    page.get_by_role("link", name="Log pain for Deadlifts").click()
    page.locator('label[for="pain-5"]').click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved on this phone: pain 5 (moderate)")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="waiting to sync")).to_contain_text("1 change waiting to sync")

    page.get_by_role("link", name="Log pain for Deadlifts").click()
    page.locator('label[for="pain-3"]').click()
    page.get_by_label("Fever or chills").check()
    advice = page.locator("[data-red-flag-advice]")
    expect(advice).to_be_visible()
    expect(advice).to_contain_text("See a doctor now")  # issue 28, point 14: 004:360 "immediately"
    page.get_by_label("New trouble controlling your bladder or bowels").check()
    expect(advice).to_contain_text("Seek emergency care now")
    page.get_by_label("New trouble controlling your bladder or bowels").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved on this phone: pain 3 (mild)")).to_be_visible()

    page.get_by_role("button", name="Mark done: Cold on the sore area").click()
    expect(page.get_by_role("button", name="Done: Cold on the sore area")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("3 changes waiting to sync")).to_be_visible()

    # Close the app mid-queue and open it again, still offline: nothing lost.
    page.close()
    page = context.new_page()
    page.goto(outage_server.url + "/athlete/")
    expect(page.get_by_text("3 changes waiting to sync")).to_be_visible()
    expect(page.get_by_role("button", name="Done: Cold on the sore area")).to_have_attribute("aria-pressed", "true")
    assert stored(app) == ([], [])

    outage_server.start()
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text("All saved")).to_be_visible(timeout=15000)

    entries, ticks = stored(app)
    assert [e.pain for e in entries] == [5, 3]
    assert entries[1].red_flags == ["fever_chills"]
    assert len({e.id for e in entries}) == 2
    [tick] = ticks
    assert tick.done == ["cold"]

    # Syncing again, or reopening, sends nothing twice.
    page.get_by_role("button", name="Sync now").click()
    page.reload()
    expect(page.get_by_text("All saved")).to_be_visible()
    assert [e.pain for e in stored(app)[0]] == [5, 3]
    context.close()


def test_a_refused_write_is_shown_on_the_form_not_dropped_silently(browser, outage_server, app, athlete_with_episode):
    account, episode_id = athlete_with_episode
    context = browser.new_context()
    page = log_in_and_go_offline_ready(context, outage_server, account, episode_id)
    page.goto(outage_server.url + f"/athlete/episodes/{episode_id}/log")
    page.locator('label[for="pain-4"]').click()
    page.get_by_text("Time: now (change)").click()
    page.get_by_label("When").fill("2020-01-01T10:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".client-errors")).to_contain_text("before the episode started")
    assert stored(app)[0] == []
    context.close()


def test_the_manifest_makes_the_app_installable(client):
    manifest = client.get("/static/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.mimetype == "application/manifest+json"
    body = manifest.json
    assert body["display"] == "standalone" and body["start_url"].startswith("/") and body["short_name"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in body["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in body["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and "no-cache" in worker.headers["Cache-Control"]
    assert re.search(r'const VERSION = "[^"]+"', worker.text) and "const PRECACHE = [" in worker.text


def test_chrome_finds_no_installability_errors_and_no_request_leaves_the_origin(browser, outage_server, app, athlete_with_episode, tmp_path):
    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

    account, episode_id = athlete_with_episode
    # A real profile: Chrome does not offer to install from an incognito-like context.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = log_in_and_go_offline_ready(context, outage_server, account, episode_id)
    for path in ("/athlete/episodes/new", f"/athlete/episodes/{episode_id}", f"/athlete/episodes/{episode_id}/log", "/exercises/plank"):
        page.goto(outage_server.url + path)
    page.goto(outage_server.url + "/athlete/")
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    context.close()
    assert errors == []
    foreign = [url for url in requested if not url.startswith(outage_server.url) and not url.startswith("data:")]
    assert requested and foreign == []


def test_pages_run_under_the_csp_without_violations(page, live_server, app):
    from tests.e2e.conftest import log_in

    account = make_account(app, "athlete")
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    log_in(page, live_server, account["email"], PASSWORD)
    page.get_by_role("link", name="I got hurt or sore after training").click()
    page.get_by_role("link", name="Care team").click()
    page.get_by_role("button", name="Create an invite code").click()
    page.goto(live_server + "/exercises/plank")
    assert violations == []
