"""Reminders on the pages: the account page's settings and devices, the home page's invitation and check-in banner."""
from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, csrf_token_from, make_account
from tests.push_service_stub import PushServiceStub


def post_form(client, page, path, **data):
    return client.post(path, data={"csrf_token": csrf_token_from(client.get(page)), **data})


def an_episode(client, headers, logged_days_ago=None, activity="Deadlifts"):
    episode_id = new_id()
    body = episode_body(started_at=ago(days=3), client_updated_at=ago(days=3), activity=activity)
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    if logged_days_ago is not None:
        entry = entry_body(episode_id, recorded_at=ago(days=logged_days_ago), client_updated_at=ago(days=logged_days_ago))
        assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    return episode_id


def test_the_invitation_waits_for_the_first_episode_and_not_now_hides_it(app, client, auth):
    account = make_account(app, "athlete")
    auth.login(account["email"])
    assert "Want a reminder to log?" not in client.get("/athlete/").text  # never on a first visit
    api = app.test_client()
    an_episode(api, bearer(api, account))
    home = client.get("/athlete/").text
    assert "Want a reminder to log?" in home and "at 20:00 on days you have not logged yet" in home
    assert post_form(client, "/athlete/", "/athlete/reminders/invitation/dismiss").status_code == 302
    assert "Want a reminder to log?" not in client.get("/athlete/").text


def test_the_home_page_shows_a_due_checkin_as_a_banner_without_push(app, client, auth):
    account = make_account(app, "athlete")
    auth.login(account["email"])
    api = app.test_client()
    headers = bearer(api, account)
    # Reminder time midnight: the check-in is due whatever time the test runs.
    assert api.put("/api/v1/me/reminders", json={"enabled": False, "daily_at": "00:00"}, headers=headers).status_code == 200
    episode_id = an_episode(api, headers, logged_days_ago=2, activity="Rowing")
    home = client.get("/athlete/").text
    assert "Time to log your pain" in home and "after Rowing" in home
    assert f'href="/athlete/episodes/{episode_id}/log"' in home
    entry = entry_body(episode_id, recorded_at=ago(minutes=1), client_updated_at=ago(minutes=1))
    assert api.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    assert "Time to log your pain" not in client.get("/athlete/").text


def test_the_account_page_sets_reminders_and_removes_devices(make_app, auth):
    app = make_app()
    client = app.test_client()
    auth.client = client
    account = make_account(app, "athlete")
    auth.login(account["email"])
    page = client.get("/account").text
    assert "Reminders" in page and 'data-push-enabled="false"' in page and "Add to Home Screen" in page

    refused = post_form(client, "/account", "/account/reminders", enabled="y", daily_at="25:00", quiet_start="22:00", quiet_end="")
    assert refused.status_code == 422 and "Not a valid time value." in refused.text
    saved = post_form(client, "/account", "/account/reminders", enabled="y", daily_at="19:30", quiet_start="23:00", quiet_end="06:30")
    assert saved.status_code == 302
    api = app.test_client()
    headers = bearer(api, account)
    assert api.get("/api/v1/me/reminders", headers=headers).json == {
        "enabled": True, "daily_at": "19:30", "quiet_start": "23:00", "quiet_end": "06:30",
    }

    stub = PushServiceStub()
    stub.close()
    device = api.post("/api/v1/push/subscriptions", json=stub.subscription("phone").as_json(), headers=headers).json
    page = client.get("/account").text
    assert "Devices that get reminders" in page and 'data-push-enabled="true"' in page
    assert post_form(client, "/account", f"/account/reminders/devices/{device['id']}/remove").status_code == 302
    assert api.get("/api/v1/push/subscriptions", headers=headers).json == []


def test_physiotherapists_have_no_reminder_settings(app, client, auth):
    account = make_account(app, "physio")
    auth.login(account["email"])
    assert 'id="reminders"' not in client.get("/account").text
    assert post_form(client, "/account", "/account/reminders", enabled="y", daily_at="20:00").status_code == 403
    api = app.test_client()
    assert api.get("/api/v1/me/reminders", headers=bearer(api, account)).status_code == 403
