"""The history timeline on the athlete's History page and the physiotherapist's patient page."""
import re

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import AuthActions, bearer, csrf_token_from, make_account, statements_run


def diary(app, account, episodes):
    """Episodes as (days ago started, days lasted or None, [(days ago, pain), ...]); return their ids."""
    api = app.test_client()
    headers = bearer(api, account)
    ids = []
    for started, lasted, readings in episodes:
        episode_id = new_id()
        body = episode_body(started_at=ago(days=started), client_updated_at=ago(days=started), activity=f"Lift {len(ids)}")
        assert api.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
        for at, pain in readings:
            entry = entry_body(episode_id, recorded_at=ago(days=at), client_updated_at=ago(days=at), pain=pain, red_flags=[])
            assert api.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
        if lasted is not None:
            closed = episode_body(started_at=ago(days=started), resolved_at=ago(days=started - lasted), client_updated_at=ago(seconds=1),
                                  activity=f"Lift {len(ids)}")
            assert api.put(f"/api/v1/episodes/{episode_id}", json=closed, headers=headers).status_code == 200
        ids.append(episode_id)
    return ids


def wide_timeline(page: str) -> str:
    """The timeline drawn for a wide screen (the page draws it for a phone as well)."""
    return re.search(r'<svg class="history-timeline chart-wide".*?</svg>', page, re.S).group(0)


def test_the_athletes_history_page_draws_every_episode_with_a_table_alternative(app, client, auth):
    account = make_account(app, "athlete")
    ids = diary(app, account, [(200, 5, [(199, 6), (196, 0)]), (60, 4, [(59, 3), (57, 0)]), (3, None, [(2, 8)])])
    auth.login(account["email"])
    page = client.get("/athlete/episodes").text
    assert "<h1>History</h1>" in page and all(f'class="history-timeline chart-{size}"' in page for size in ("wide", "medium", "narrow"))
    assert len(re.findall(r'class="timeline-bar ', wide_timeline(page))) == 3
    assert "shade-severe ongoing" in page  # the open episode, worst pain 8
    assert "The same as a table" in page and "still open" in page
    assert "effort 8/10, load +10%" in page  # the training context logged with each episode
    for episode_id in ids:
        assert page.count(f'href="/athlete/episodes/{episode_id}"') >= 3  # bar, table row, list
    assert 'aria-current="page">History' in page
    # What came before: episode_body says load +10%, RPE 8, no new exercise.
    assert "What came before, and how it went" in page and "not a diagnosis" in page
    assert "3 of your 3 episodes began after a load increase of 10% or more." in page
    assert "How long episodes lasted" in page


def test_the_physiotherapists_patient_page_starts_with_the_timeline_and_folds_the_thresholds(app):
    athlete = make_account(app, "athlete", name="Ana")
    physio = make_account(app, "physio")
    diary(app, athlete, [(100, 6, [(99, 5), (94, 0)]), (20, None, [(19, 4)])])
    athlete_browser, physio_browser = app.test_client(), app.test_client()
    AuthActions(athlete_browser).login(athlete["email"])
    AuthActions(physio_browser).login(physio["email"])
    code = re.search(r'class="invite-code"[^>]*>([A-Z0-9-]+)<', athlete_browser.post(
        "/athlete/care/invites", data={"csrf_token": csrf_token_from(athlete_browser.get("/athlete/care"))}).text).group(1)
    linked = physio_browser.post("/physio/link", data={"csrf_token": csrf_token_from(physio_browser.get("/physio/link")), "code": code})
    page = physio_browser.get(linked.location).text
    assert page.index("history-timeline") < page.index("pain over time") < page.index("Alert thresholds")
    assert len(re.findall(r'class="timeline-bar ', wide_timeline(page))) == 2
    assert f"/physio/patients/{athlete['id']}?episode=" in page
    assert re.search(r'<details class="more">\s*<summary>All at their defaults', page)


def test_the_history_page_costs_the_same_statements_for_many_episodes(app, client, auth):
    account = make_account(app, "athlete")
    auth.login(account["email"])

    diary(app, account, [(300, 3, [(299, 4)])])
    few = statements_run(app, lambda: client.get("/athlete/episodes"))
    diary(app, account, [(250 - 20 * i, 3, [(249 - 20 * i, 5)]) for i in range(8)])
    assert statements_run(app, lambda: client.get("/athlete/episodes")) == few


def test_an_episode_page_compares_it_with_the_earlier_ones_of_the_same_region(app, client, auth):
    account = make_account(app, "athlete")
    earlier_one, earlier_two, current = diary(app, account, [
        (90, 3, [(89.5, 5), (88.5, 3), (87.5, 0)]), (40, 4, [(39.5, 6), (38, 2), (36.5, 0)]), (9, None, [(8.5, 6), (5, 5), (1, 4)]),
    ])
    auth.login(account["email"])
    page = client.get(f"/athlete/episodes/{current}").text
    assert "This one has lasted 9 days so far; your last 2 episodes of the same region lasted 4 and 3 days" in page
    assert "lasting longer than each of them" in page
    assert page.count('class="earlier-line"') == 2 and "2 earlier episodes of the same region" in page
    # The first episode has nothing before it to compare with.
    assert "of the same region" not in client.get(f"/athlete/episodes/{earlier_one}").text
