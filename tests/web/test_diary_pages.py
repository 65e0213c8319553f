"""The athlete's diary pages: start an episode, log, edit, delete, review, close."""
import re
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token_from, make_account
from webapp.infra.extensions import db
from webapp.models import Entry, Episode


@pytest.fixture
def logged_in(client, auth, app):
    account = make_account(app, "athlete", timezone="Europe/Madrid")
    auth.login(account["email"])
    return account


def post_form(client, url, data):
    token = csrf_token_from(client.get(url))
    return client.post(url, data={"csrf_token": token, **data})


def hidden_id(page) -> str:
    return re.search(r'id="id" name="id" type="hidden" value="([^"]+)"', page.text).group(1)


EPISODE = {"activity": "Deadlifts", "onset": "next_day", "regions": ["lower_back"], "side": "both", "trained_when": "exact", "started_at": "2026-11-21T18:30"}


def start_episode(client, **changes) -> str:
    response = post_form(client, "/athlete/episodes/new", {**EPISODE, **changes})
    assert response.status_code == 302, response.text
    return response.location.split("/")[-2]


def log(client, episode_id, **data):
    return post_form(client, f"/athlete/episodes/{episode_id}/log", {"recorded_at": "2026-11-22T06:00", "pain": "4", **data})


def stored(app, model):
    with app.app_context():
        return list(db.session.scalars(select(model)))


def test_starting_an_episode_leads_to_the_log_form(client, app, logged_in):
    response = post_form(client, "/athlete/episodes/new", EPISODE)
    assert response.status_code == 302 and response.location.endswith("/log")
    [episode] = stored(app, Episode)
    assert episode.activity == "Deadlifts" and episode.regions == ["lower_back"] and episode.onset == "next_day"
    # Read in the athlete's zone: 18:30 in Madrid is 17:30 UTC in November.
    assert episode.started_at == datetime(2026, 11, 21, 17, 30, tzinfo=UTC)


def test_when_you_trained_is_one_tap_in_the_athletes_zone(client, app, logged_in):
    """Issue 12, item 10: 'yesterday evening' is 19:00 yesterday in Madrid, whatever the time field says."""
    page = client.get("/athlete/episodes/new").text
    assert "Yesterday evening" in page and 'value="just_now"' in page
    start_episode(client, trained_when="yesterday_evening", started_at="")
    [episode] = stored(app, Episode)
    madrid = ZoneInfo("Europe/Madrid")
    assert episode.started_at == datetime.combine(datetime.now(madrid).date() - timedelta(days=1), time(19), madrid)


def test_an_incomplete_episode_shows_errors_and_stores_nothing(client, app, logged_in):
    response = post_form(client, "/athlete/episodes/new", {"activity": "", "started_at": "2026-11-21T18:30"})
    assert response.status_code == 422
    for message in ("Say what you were doing", "Say when the pain started", "Choose at least one place", "Say when you trained"):
        assert message in response.text
    assert stored(app, Episode) == []


def test_a_double_tap_on_save_stores_one_episode(client, app, logged_in):
    page = client.get("/athlete/episodes/new")
    data = {"csrf_token": csrf_token_from(page), "id": hidden_id(page), **EPISODE}
    assert client.post("/athlete/episodes/new", data=data).status_code == 302
    assert client.post("/athlete/episodes/new", data=data).status_code == 302
    assert len(stored(app, Episode)) == 1


def test_logging_pain_shows_it_on_home(client, app, logged_in):
    episode_id = start_episode(client)
    response = log(client, episode_id, regions=["lower_back"], character="dull_ache", treatments=["ice", "walk"], walk_minutes="20")
    assert response.status_code == 302 and response.location.endswith("/athlete/")
    home = client.get("/athlete/").text
    assert "Saved: pain 4 (moderate)" in home and "4 · moderate" in home and "Deadlifts" in home
    [entry] = stored(app, Entry)
    assert entry.pain == 4 and entry.treatments == ["ice", "walk"] and entry.walk_minutes == 20


def test_the_log_form_starts_from_the_last_entry_but_asks_pain_afresh(client, logged_in):
    episode_id = start_episode(client)
    log(client, episode_id, regions=["mid_back", "lower_back"], side="left", character="sharp", movement="worsens", treatments=["ice"], red_flags=["fever_chills"])
    page = client.get(f"/athlete/episodes/{episode_id}/log").text
    for control in ("regions-mid_back", "regions-lower_back", "side-left", "character-sharp", "movement-worsens", "treatments-ice"):
        assert re.search(rf'id="{control}"\s+value="[^"]+"\s*checked', page), control
    assert not re.search(r'id="pain-\d+"\s+value="\d+"\s*checked', page)
    assert not re.search(r'id="red_flags-fever_chills"\s+value="fever_chills"\s*checked', page)


def test_the_first_log_starts_from_the_episode(client, logged_in):
    episode_id = start_episode(client, character="tightness")
    page = client.get(f"/athlete/episodes/{episode_id}/log").text
    assert re.search(r'id="regions-lower_back"\s+value="lower_back"\s*checked', page)
    assert re.search(r'id="character-tightness"\s+value="tightness"\s*checked', page)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"pain": ""}, "Choose a pain rating from 0 to 10"),
        ({"pain": "12"}, "Pain is rated from 0 to 10"),
        ({"recorded_at": "2026-11-20T06:00"}, "before the episode started"),
        ({"recorded_at": "2099-01-01T06:00"}, "in the future"),
        ({"note": "x" * 2001}, "2000 characters or fewer"),
        ({"red_flags": ["made_up"]}, "Unknown code"),
    ],
)
def test_bad_logs_show_errors_and_store_nothing(client, app, logged_in, data, message):
    episode_id = start_episode(client)
    response = log(client, episode_id, **data)
    assert response.status_code == 422 and message in response.text
    assert stored(app, Entry) == []


def test_edit_and_delete_an_entry(client, app, logged_in):
    episode_id = start_episode(client)
    log(client, episode_id)
    [entry] = stored(app, Entry)
    response = post_form(client, f"/athlete/entries/{entry.id}/edit", {"recorded_at": "2026-11-22T06:00", "pain": "6", "note": "worse after driving"})
    assert response.status_code == 302
    [entry] = stored(app, Entry)
    assert entry.pain == 6 and entry.note == "worse after driving"
    history = client.get(f"/athlete/episodes/{episode_id}")
    assert "worse after driving" in history.text
    response = client.post(f"/athlete/entries/{entry.id}/delete", data={"csrf_token": csrf_token_from(history)})
    assert response.status_code == 302
    assert "worse after driving" not in client.get(f"/athlete/episodes/{episode_id}").text
    [tombstone] = stored(app, Entry)
    assert tombstone.deleted_at is not None


def test_history_draws_the_chart_with_markers(client, logged_in):
    episode_id = start_episode(client)
    log(client, episode_id, recorded_at="2026-11-22T05:00", pain="3", treatments=["ice"])
    log(client, episode_id, recorded_at="2026-11-22T06:30", pain="5", red_flags=["trauma"])
    page = client.get(f"/athlete/episodes/{episode_id}").text
    assert page.count('class="pain-point"') == 2
    assert page.count('class="treatment-mark"') == 1 and page.count('class="red-flag-mark"') == 1
    assert 'class="band band-soreness"' in page and 'class="band band-peak"' in page
    assert "Red flag: The pain started with a fall" in page


def test_closing_an_episode_takes_it_off_home(client, app, logged_in):
    episode_id = start_episode(client)
    page = client.get(f"/athlete/episodes/{episode_id}")
    response = client.post(f"/athlete/episodes/{episode_id}/resolve", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    [episode] = stored(app, Episode)
    assert episode.resolved_at is not None
    assert "No open pain episodes" in client.get("/athlete/").text
    assert "Deadlifts" in client.get("/athlete/episodes").text


def test_editing_an_episode(client, app, logged_in):
    episode_id = start_episode(client)
    response = post_form(client, f"/athlete/episodes/{episode_id}/edit", {**EPISODE, "activity": "Romanian deadlifts", "rpe": "8"})
    assert response.status_code == 302
    [episode] = stored(app, Episode)
    assert episode.activity == "Romanian deadlifts" and episode.rpe == 8 and str(episode.id) == episode_id


def test_other_peoples_pages_are_404_and_physios_get_403(client, auth, app, logged_in):
    episode_id = start_episode(client)
    log(client, episode_id)
    [entry] = stored(app, Entry)
    auth.logout()
    auth.login(make_account(app, "athlete")["email"])
    for url in (f"/athlete/episodes/{episode_id}", f"/athlete/episodes/{episode_id}/log",
                f"/athlete/episodes/{episode_id}/edit", f"/athlete/entries/{entry.id}/edit"):
        assert client.get(url).status_code == 404, url
    token = csrf_token_from(client.get("/athlete/"))
    assert client.post(f"/athlete/entries/{entry.id}/delete", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/athlete/episodes/{episode_id}/resolve", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/athlete/episodes/{uuid.uuid4()}").status_code == 404
    auth.logout()
    auth.login(make_account(app, "physio")["email"])
    assert client.get(f"/athlete/episodes/{episode_id}").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.deleted_at.is_(None))) == 1


def test_demo_data_has_several_realistic_episodes(app):
    from webapp.models import User

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        athlete = db.session.scalar(select(User).where(User.role == "athlete"))
        episodes = list(db.session.scalars(select(Episode).where(Episode.user_id == athlete.id)))
        entries = list(db.session.scalars(select(Entry)))
    assert len(episodes) >= 4 and len(entries) >= 15
    assert {e.onset for e in episodes} >= {"next_day", "during"}
    assert any(e.resolved_at for e in episodes) and any(e.resolved_at is None for e in episodes)
