"""A reminder pushed to the real service worker: the notification it shows, and where a tap leads (offline too).

A real browser's pushManager.subscribe() needs the vendor's push service, which
is out of reach here: the subscription is made through the API, and the push is
handed to the service worker through the DevTools protocol, as the push service
would after decrypting it.
"""
import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import PHONE, log_in
from tests.e2e.test_offline import wait_until_cached
from tests.push_service_stub import PushServiceStub
from webapp.core.reminder_schedule import due_reminders
from webapp.infra.times import utcnow
from webapp.services.reminder_delivery import athletes_to_remind, push_message

pytestmark = pytest.mark.e2e
NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications()).map(
  (n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data, actions: n.actions.map((a) => a.action), badge: n.badge}))"""


@pytest.fixture
def app(make_app):
    return make_app()


def athlete_due_a_checkin(app):
    account = make_account(app, "athlete")
    client = app.test_client()
    headers = bearer(client, account)
    settings = {"enabled": True, "daily_at": "00:00", "quiet_start": None, "quiet_end": None}
    assert client.put("/api/v1/me/reminders", json=settings, headers=headers).status_code == 200
    stub = PushServiceStub()
    stub.close()  # only its subscription's shape is needed: the push goes through DevTools
    assert client.post("/api/v1/push/subscriptions", json=stub.subscription("phone").as_json(), headers=headers).status_code == 201
    episode_id = new_id()
    body = episode_body(started_at=ago(days=3), client_updated_at=ago(days=3), activity="Box jumps")
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    entry = entry_body(episode_id, recorded_at=ago(days=2), client_updated_at=ago(days=2))
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    with app.app_context():
        [facts], _ = athletes_to_remind(utcnow())
        [due] = due_reminders(facts, utcnow())
        return account, episode_id, push_message(due)


def registration_id(page, cdp, seconds=15) -> str:
    found = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: found.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + seconds
    while not [r for r in found if not r.get("isDeleted")]:
        assert time.monotonic() < deadline, "no service worker registration"
        page.wait_for_timeout(100)  # lets Playwright hand over the protocol's events
    return next(r for r in found if not r.get("isDeleted"))["registrationId"]


def test_a_pushed_checkin_shows_a_notification_that_opens_the_log_form_offline(browser, live_server, app):
    account, episode_id, message = athlete_due_a_checkin(app)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["notifications"], origin=live_server)
    page = context.new_page()
    log_in(page, live_server, account["email"], PASSWORD)
    expect(page).to_have_url(re.compile(r"/athlete/$"))
    log_form = f"/athlete/episodes/{episode_id}/log"
    wait_until_cached(page, log_form)

    cdp = context.new_cdp_session(page)
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server, "registrationId": registration_id(page, cdp), "data": json.dumps(message),
    })
    deadline = time.monotonic() + 15
    while not (shown := page.evaluate(NOTIFICATIONS)):
        assert time.monotonic() < deadline, "no notification shown"
        time.sleep(0.1)
    [notification] = shown
    assert notification["title"] == "Time to log your pain"
    assert notification["body"] == "How is it today after Box jumps? Logging takes under a minute."
    assert notification["actions"] == ["log"] and notification["badge"].endswith("/static/icons/badge-96.png")
    assert notification["data"] == {"url": live_server + log_form, "logUrl": live_server + log_form}

    # Where a tap leads: the episode's log form, from the cache in a gym basement.
    context.set_offline(True)
    page.goto(notification["data"]["url"])
    expect(page.get_by_role("heading", name=re.compile("Log pain"))).to_be_visible()
    expect(page.get_by_text("Box jumps").first).to_be_visible()
    context.close()


def test_the_account_page_offers_reminders_on_this_device_only_after_they_are_turned_on(page, live_server, app):
    account = make_account(app, "athlete")
    page.context.grant_permissions(["notifications"], origin=live_server)
    log_in(page, live_server, account["email"], PASSWORD)
    page.goto(live_server + "/account#reminders")
    expect(page.get_by_text("Turn reminders on above first")).to_be_visible()
    expect(page.get_by_role("button", name="Get reminders on this device")).to_be_hidden()

    page.get_by_label("Remind me to log my pain").check()
    page.get_by_label("Daily reminder at").fill("19:30")
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.get_by_text("Reminders are on.")).to_be_visible()
    expect(page.get_by_label("Daily reminder at")).to_have_value("19:30")
    expect(page.get_by_role("button", name="Get reminders on this device")).to_be_visible()

    page.get_by_label("Quiet hours from").fill("22:00")
    page.get_by_label("Quiet hours until").fill("")
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.get_by_text("Give both ends of the quiet hours, or neither.")).to_be_visible()
