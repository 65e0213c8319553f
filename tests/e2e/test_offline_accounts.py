"""Finding 7 of the attack run: one account's offline copies are never shown to the next person using the phone."""
import time

import pytest
from playwright.sync_api import expect

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import RestartableServer, log_in
from tests.e2e.test_offline import wait_until_cached

pytestmark = pytest.mark.e2e


def athlete_with_diary(app, name: str, activity: str):
    account = make_account(app, "athlete", name=name)
    client = app.test_client()
    headers = bearer(client, account)
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(activity=activity, started_at=ago(hours=20), client_updated_at=ago(hours=20)), headers=headers)
    client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=2), client_updated_at=ago(hours=2)), headers=headers)
    return account, episode_id, headers


def cached_text(page) -> str:
    """Everything the service worker keeps, as text."""
    return page.evaluate("""async () => {
        const texts = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) texts.push(request.url, await (await cache.match(request)).text());
        }
        return texts.join("\\n");
    }""")


def wait_until_forgotten(page, marker: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while marker in cached_text(page):
        assert time.monotonic() < deadline, f"{marker!r} is still in the offline cache"
        time.sleep(0.2)


def log_in_and_cache(page, server, account, episode_id):
    log_in(page, server.url, account["email"], PASSWORD)
    expect(page).to_have_url(server.url + "/athlete/")
    for path in ("/athlete/", f"/athlete/episodes/{episode_id}/log"):
        wait_until_cached(page, path)
    page.goto(server.url + f"/athlete/episodes/{episode_id}")
    wait_until_cached(page, f"/athlete/episodes/{episode_id}")


@pytest.fixture
def alice_and_bob(app):
    """Two athletes who share one phone, each with an episode."""
    return athlete_with_diary(app, "Alice Firstaccount", "Hammer throw session"), athlete_with_diary(app, "Bob Secondaccount", "Rowing machine")


def test_finding_7_a_session_ended_on_the_server_leaves_nothing_for_the_next_account(page, outage_server, app, alice_and_bob):
    (first, first_episode, first_token), (second, second_episode, _) = alice_and_bob
    log_in_and_cache(page, outage_server, first, first_episode)
    assert "Alice Firstaccount" in cached_text(page) and "Hammer throw session" in cached_text(page)

    # Alice logs out everywhere from another device: this phone is not told, and its cookie stays.
    assert app.test_client().delete("/api/v1/me/sessions", headers=first_token).status_code == 204

    # Online, the first answer says the session is gone: Alice's copies go.
    page.goto(outage_server.url + "/athlete/")
    expect(page).to_have_url(outage_server.url + "/login?next=%2Fathlete%2F")
    wait_until_forgotten(page, "Alice Firstaccount")
    assert "Hammer throw session" not in cached_text(page)

    # Offline, her pages are not there either.
    outage_server.stop()
    for path in ("/athlete/", f"/athlete/episodes/{first_episode}", f"/athlete/episodes/{first_episode}/log"):
        page.goto(outage_server.url + path)
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
        expect(page.get_by_text("Alice")).to_have_count(0)

    # Bob logs in on the same phone, then goes offline: only his own pages, never Alice's.
    outage_server.start()
    log_in_and_cache(page, outage_server, second, second_episode)
    outage_server.stop()
    page.goto(outage_server.url + "/athlete/")
    expect(page.get_by_role("heading", name="Hi Bob")).to_be_visible()
    page.goto(outage_server.url + f"/athlete/episodes/{first_episode}")
    expect(page.get_by_text("Hammer throw session")).to_have_count(0)
    text = cached_text(page)
    assert "Alice Firstaccount" not in text and "Hammer throw session" not in text and first["id"] not in text


def test_finding_7_another_account_logging_in_replaces_the_offline_copies(page, outage_server, alice_and_bob):
    (first, first_episode, _), (second, second_episode, _) = alice_and_bob
    log_in_and_cache(page, outage_server, first, first_episode)
    # Alice's cookie is dropped without a log-out (a cleared browser, another tab's log-in...).
    page.context.clear_cookies()
    log_in_and_cache(page, outage_server, second, second_episode)
    wait_until_forgotten(page, "Hammer throw session")
    outage_server.stop()
    page.goto(outage_server.url + f"/athlete/episodes/{first_episode}")
    expect(page.get_by_text("Hammer throw session")).to_have_count(0)
    assert "Alice Firstaccount" not in cached_text(page)


def test_finding_7_offline_copies_end_with_the_session_even_without_a_network(page, make_app):
    # A short idle limit, so that the session ends while the phone is offline.
    app = make_app(SESSION_IDLE_TIMEOUT={"athlete": 12, "physio": 1800})
    server = RestartableServer(app)
    server.start()
    try:
        first, first_episode, _ = athlete_with_diary(app, "Alice Firstaccount", "Hammer throw session")
        log_in_and_cache(page, server, first, first_episode)
        server.stop()
        page.goto(server.url + "/athlete/")
        expect(page.get_by_role("heading", name="Hi Alice Firstaccount")).to_be_visible()

        ends_at = page.evaluate("async () => (await (await caches.open('backontrack-owner')).match('/owner').then((r) => r.json())).endsAt")
        wait = page.evaluate("(endsAt) => Date.parse(endsAt) - Date.now()", ends_at) / 1000
        assert 0 < wait <= 12
        time.sleep(wait + 0.5)

        page.goto(server.url + "/athlete/")
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
        expect(page.get_by_text("Alice")).to_have_count(0)
        assert "Hammer throw session" not in cached_text(page)
    finally:
        if server.server is not None:
            server.stop()
