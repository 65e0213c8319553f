"""Regression tests for issue 27's findings 9-12 (log-in limits, `next` redirects, the athlete home's size), through the pages and the API."""
import re

import pytest

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, AuthActions, bearer, csrf_token_from, make_account

EPISODE_CARD = 'class="card episode-card"'
URGENT_CARD = 'class="alert-card alert-urgent"'
URGENT_LINE = 'class="alert-urgent"'

# Each would take the browser to another site: as written, once the browser drops tabs and
# newlines, or once it reads a backslash as a slash.
OFF_SITE = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/evil.example/",
    "\t//evil.example/",
    "/\\evil.example/",
    "/\\/evil.example/",
    "\\\\evil.example/",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/athlete/\\..\\..\\\\evil.example/",
]
# Control and white-space characters: a CR or LF in a Location header used to be a 500.
CONTROL = [
    "\r\nSet-Cookie: planted=1",
    "/athlete/\r\nX-Planted: 1",
    "/athlete/\x00",
    "/athlete/\x0b",
    "/athlete/\x7f",
    "/athlete/\x85",
    "/athlete/ episodes",
    "/athlete/\u00a0episodes",
    "/athlete/\u2028episodes",
    "/athlete/\u200bepisodes",
]


def language_switch(client, target):
    token = csrf_token_from(client.get("/login"))
    return client.post("/language", data={"csrf_token": token, "language": "en", "next": target})


def log_in_with_next(client, account, target):
    token = csrf_token_from(client.get("/login"))
    return client.post("/login", query_string={"next": target},
                       data={"csrf_token": token, "email": account["email"], "password": PASSWORD})


def open_episode(client, headers, hours_ago: int, red_flag: bool = False) -> str:
    """An episode started hours_ago, with one entry (a red flag raises an urgent alert); return its id."""
    episode_id = new_id()
    started = ago(hours=30 + hours_ago)
    response = client.put(f"/api/v1/episodes/{episode_id}", headers=headers,
                          json=episode_body(activity=f"Session {hours_ago}", started_at=started, client_updated_at=started))
    assert response.status_code in (200, 201), response.json
    logged = ago(hours=6 + hours_ago)
    entry = entry_body(episode_id, recorded_at=logged, client_updated_at=logged, red_flags=["night_or_rest_pain"] if red_flag else [])
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code in (200, 201)
    return episode_id


# Finding 9: the per-IP log-in budget is one for the log-in page and the API.

def test_finding_9_log_in_failures_on_the_page_and_the_api_share_one_per_ip_budget(make_app):
    app = make_app(RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="4 per minute", ACCOUNT_RATE_LIMIT="1000 per minute")
    client = app.test_client()
    auth = AuthActions(client)
    assert auth.login("nobody-1@example.org", "wrong guess").status_code == 422
    assert auth.login("nobody-2@example.org", "wrong guess").status_code == 422
    wrong = {"email": "nobody-3@example.org", "password": "wrong guess"}
    assert [client.post("/api/v1/tokens", json=wrong).status_code for _ in range(3)] == [401, 401, 429]
    assert auth.login("nobody-4@example.org", "wrong guess").status_code == 429


def test_finding_9_account_creation_draws_on_the_same_per_ip_budget(make_app):
    app = make_app(RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="3 per minute", ACCOUNT_RATE_LIMIT="1000 per minute")
    browser, phone = app.test_client(), app.test_client()
    assert AuthActions(browser).register("first@example.org").status_code == 302
    assert phone.post("/api/v1/accounts", json={"email": "second@example.org"}).status_code == 422
    assert phone.post("/api/v1/tokens", json={"email": "first@example.org", "password": "wrong"}).status_code == 401
    assert AuthActions(app.test_client()).login("first@example.org").status_code == 429
    assert phone.post("/api/v1/accounts", json={"email": "third@example.org"}).status_code == 429


def test_finding_9_refused_passwords_of_one_account_share_one_budget_on_the_page_and_the_api(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PROXY_COUNT=1, AUTH_RATE_LIMIT="1000 per minute", ACCOUNT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    athlete = make_account(app, "athlete")
    addresses = (f"203.0.113.{n}" for n in range(1, 255))
    auth = AuthActions(client)
    assert auth.login(athlete["email"], "wrong guess one").status_code == 422
    wrong = {"email": athlete["email"], "password": "wrong guess two"}
    assert client.post("/api/v1/tokens", json=wrong, headers={"X-Forwarded-For": next(addresses)}).status_code == 401
    assert auth.login(athlete["email"], "wrong guess three").status_code == 422
    right = {"email": athlete["email"], "password": PASSWORD}
    assert client.post("/api/v1/tokens", json=right, headers={"X-Forwarded-For": next(addresses)}).status_code == 429
    assert auth.login(athlete["email"]).status_code == 429


# Finding 10: control characters in `next` are a safe fallback, never a 500.

@pytest.mark.parametrize("target", CONTROL)
def test_finding_10_control_characters_in_next_fall_back_to_the_home_page(client, athlete, target):
    assert client.get("/login", query_string={"next": target}).status_code == 200
    response = log_in_with_next(client, athlete, target)
    assert response.status_code == 302 and response.headers["Location"] == "/athlete/"
    assert "planted" not in response.headers.get("Set-Cookie", "") and "X-Planted" not in response.headers


@pytest.mark.parametrize("target", CONTROL)
def test_finding_10_control_characters_in_the_language_switchs_next_fall_back_to_the_front_page(client, target):
    response = language_switch(client, target)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "X-Planted" not in response.headers


@pytest.mark.parametrize("query", ["next=%0d%0aSet-Cookie:%20planted=1", "next=/%0d%0a", "next=%00", "next=/%09/evil.example/", "next=%ff%fe"])
def test_finding_10_percent_encoded_control_characters_in_the_log_in_url_are_no_500(client, athlete, query):
    assert client.get(f"/login?{query}").status_code == 200
    token = csrf_token_from(client.get("/login"))
    response = client.post(f"/login?{query}", data={"csrf_token": token, "email": athlete["email"], "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/athlete/"


# Finding 11: one check for every `next`: a single "/" and a path of this site, nothing a browser could read as another site.

@pytest.mark.parametrize("target", OFF_SITE)
def test_finding_11_the_language_switch_never_leaves_the_site(client, target):
    response = language_switch(client, target)
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_finding_11_the_log_in_never_leaves_the_site(client, athlete, target):
    response = log_in_with_next(client, athlete, target)
    assert response.status_code == 302 and response.headers["Location"] == "/athlete/"


@pytest.mark.parametrize("target", [*OFF_SITE, *CONTROL])
def test_finding_11_acknowledging_an_alert_never_leaves_the_site(client, auth, athlete, target):
    open_episode(client, bearer(client, athlete), hours_ago=1, red_flag=True)
    auth.login(athlete["email"])
    home = client.get("/athlete/")
    alert_id = re.search(r"/athlete/alerts/([0-9a-f-]+)/acknowledge", home.text).group(1)
    response = client.post(f"/athlete/alerts/{alert_id}/acknowledge", data={"csrf_token": csrf_token_from(home), "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/athlete/"


@pytest.mark.parametrize("target, location", [
    ("/athlete/episodes?page=2", "/athlete/episodes?page=2"),
    ("/exercises/", "/exercises/"),
    ("/physio/", "/physio/"),
    ("/athlete/caf\u00e9", "/athlete/caf%C3%A9"),
])
def test_finding_11_a_path_of_this_site_is_still_followed(client, athlete, target, location):
    assert language_switch(client, target).headers["Location"] == location
    assert log_in_with_next(client, athlete, target).headers["Location"] == location


# Finding 12: the athlete's home shows a bounded page, what matters first, and counts the rest with links.

@pytest.fixture
def many_open_episodes(client, auth, athlete):
    """12 episodes with an urgent alert, started earlier than 8 without one; the athlete logged in."""
    headers = bearer(client, athlete)
    urgent = [open_episode(client, headers, hours_ago=20 + n, red_flag=True) for n in range(12)]
    plain = [open_episode(client, headers, hours_ago=n) for n in range(8)]
    auth.login(athlete["email"])
    return {"urgent": urgent, "plain": plain, "headers": headers}


def test_finding_12_the_home_page_shows_urgent_and_recent_episodes_and_counts_the_rest(client, many_open_episodes):
    page = client.get("/athlete/").text
    assert page.count(EPISODE_CARD) == 10
    shown = set(re.findall(r'id="episode-([0-9a-f-]+)-title"', page))
    assert set(many_open_episodes["plain"][:5]) <= shown and set(many_open_episodes["urgent"][:5]) <= shown
    assert "10 more open episodes are not shown here." in page
    assert page.count('data-offline-data="') == 1 and page.count("/checklist?on=") == 2 * 10


def test_finding_12_every_open_urgent_alert_is_shown_or_counted_with_a_link(client, many_open_episodes):
    page = client.get("/athlete/").text
    assert "12 alerts for you" in page
    assert page.count(URGENT_CARD) == 10
    summary = re.search(r'<p class="card alerts-not-shown card-warning">(.*?)</p>', page, re.S).group(1)
    assert "2 more urgent alerts" in summary and 'href="/athlete/episodes/open"' in summary
    listed = client.get("/athlete/episodes/open").text
    assert listed.count(URGENT_LINE) == 12
    first_plain = min(listed.index(f"/athlete/episodes/{episode_id}") for episode_id in many_open_episodes["plain"])
    assert all(listed.index(f"/athlete/episodes/{episode_id}") < first_plain for episode_id in many_open_episodes["urgent"])


def test_finding_12_the_home_page_does_not_grow_with_the_number_of_open_episodes(client, many_open_episodes):
    before = len(client.get("/athlete/").data)
    for n in range(40):
        open_episode(client, many_open_episodes["headers"], hours_ago=60 + n)
    after = client.get("/athlete/")
    assert after.text.count(EPISODE_CARD) == 10 and "50 more open episodes are not shown here." in after.text
    assert len(after.data) < before * 1.05


def test_finding_12_the_list_of_open_episodes_is_paginated(client, many_open_episodes):
    for n in range(40):
        open_episode(client, many_open_episodes["headers"], hours_ago=60 + n)
    first = client.get("/athlete/episodes/open").text
    assert first.count('<article class="card"') == 50 and "Page 1 of 2" in first and 'href="/athlete/episodes/open?page=2"' in first
    second = client.get("/athlete/episodes/open?page=2").text
    assert second.count('<article class="card"') == 10 and 'href="/athlete/episodes/open?page=1"' in second
    for junk in ("0", "-3", "99", "two", "9" * 5000):
        assert client.get("/athlete/episodes/open", query_string={"page": junk}).status_code == 200


def test_finding_12_the_list_of_open_episodes_is_the_athletes_own(app, many_open_episodes):
    other = make_account(app, "athlete")
    browser = app.test_client()
    AuthActions(browser).login(other["email"])
    listed = browser.get("/athlete/episodes/open").text
    assert listed.count('<article class="card"') == 0 and "No open episodes and no open alerts." in listed
