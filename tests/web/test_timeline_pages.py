"""The timeline fitted to the patient's episodes on the patient page, the review page and the athlete's History page,
and the chosen episode day by day with its numbers, alerts and prescriptions (issue 29, point 2)."""
import re
import uuid

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import AuthActions, bearer, make_account
from webapp.infra.extensions import db
from webapp.models import User

# Six weeks of episodes: the first began 42 days ago with a red flag (an urgent alert), the last is still open.
SIX_WEEKS = [
    (42, 6, [(41.8, 6, ["leg_numbness_weakness"]), (40.8, 7, []), (38, 2, [])]),
    (24, 7, [(23.8, 5, []), (21, 3, []), (18, 1, [])]),
    (9, None, [(8.8, 6, []), (7.9, 7, []), (7.1, 5, []), (5.2, 5, []), (4.1, 4, []), (1.2, 3, [])]),
]


def six_weeks_of_episodes(client, app):
    """A linked athlete with SIX_WEEKS in the diary and a walk prescribed on the open episode; the accounts and the ids."""
    athlete, physio = make_account(app, "athlete", name="Ana"), make_account(app, "physio")
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    assert client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).status_code == 201
    ids = []
    for started, lasted, readings in SIX_WEEKS:
        episode_id = new_id()
        body = episode_body(started_at=ago(days=started), client_updated_at=ago(days=started), activity=f"Lift {len(ids) + 1}")
        assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=athlete_headers).status_code == 201
        for at, pain, flags in readings:
            entry = entry_body(episode_id, recorded_at=ago(days=at), client_updated_at=ago(days=at), pain=pain, red_flags=flags)
            assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=athlete_headers).status_code == 201
        if lasted is not None:
            body = {**body, "resolved_at": ago(days=started - lasted), "client_updated_at": ago(seconds=1)}
            assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=athlete_headers).status_code == 200
        ids.append(episode_id)
    prescribed = client.put(f"/api/v1/patients/{athlete['id']}/episodes/{ids[-1]}/plan/items/{new_id()}",
                            json={"client_updated_at": ago(seconds=1), "kind": "exercise", "activity": "walk", "minutes": 20,
                                  "times_a_day": 2, "from_day": 3}, headers=physio_headers)
    assert prescribed.status_code == 201, prescribed.json
    return athlete, physio, ids


def svg(page: str, kind: str, size: str) -> tuple[str, float]:
    """One of the page's drawings and its viewBox width."""
    found = re.search(rf'<svg class="{kind} chart-{size}" viewBox="0 0 (\d+) \d+".*?</svg>', page, re.S)
    assert found, (kind, size)
    return found.group(0), float(found.group(1))


def bar_edges(drawing: str) -> list[tuple[float, float]]:
    return [(float(x), float(x) + float(w)) for x, w in re.findall(r'class="timeline-bar [^"]*" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', drawing)]


def signed_in(app, account):
    browser = app.test_client()
    AuthActions(browser).login(account["email"])
    return browser


def test_episodes_six_weeks_apart_fill_the_width_of_every_drawing(app, client):
    athlete, physio, ids = six_weeks_of_episodes(client, app)
    page = signed_in(app, physio).get(f"/physio/patients/{athlete['id']}").text
    for size in ("wide", "medium", "narrow"):
        drawing, width = svg(page, "history-timeline", size)
        edges = bar_edges(drawing)
        assert len(edges) == 3
        # The first episode's start and the last one's end stand far apart: the axis holds six weeks, not twelve months.
        assert (edges[-1][1] - edges[0][0]) / width > 0.85, (size, edges, width)
        assert edges[0][0] < 0.1 * width
        # Weekly ticks labelled with their day, each label apart from the next.
        labels = re.findall(r'<text class="chart-label" x="([\d.]+)"[^>]*>([^<]+)</text>', drawing)
        assert len(labels) >= 3 and all(re.fullmatch(r"\d{1,2} \w{3}", text) for _, text in labels), labels
    assert "Episodes over time" in page and "to today" in page


def test_alerts_are_marked_by_severity_with_words_and_the_chosen_episode_day_by_day(app, client):
    athlete, physio, ids = six_weeks_of_episodes(client, app)
    browser = signed_in(app, physio)
    page = browser.get(f"/physio/patients/{athlete['id']}?episode={ids[0]}").text
    timeline, _ = svg(page, "history-timeline", "wide")
    assert re.search(r'class="mark mark-urgent"[^>]*role="img" aria-label="Urgent alert, raised [^"]+: Warning sign reported"', timeline)
    assert f'href="/physio/patients/{athlete["id"]}?episode={ids[0]}" class="timeline-bar-link" aria-current="true"' in timeline

    page = browser.get(f"/physio/patients/{athlete['id']}?episode={ids[2]}").text
    assert "Day by day: Lift 3" in page
    for size in ("wide", "medium", "narrow"):
        days, width = svg(page, "day-chart", size)
        # The worst pain of each day logged, in order, each with its number where it does not crowd the next.
        points = re.findall(r'<circle class="pain-point" cx="([\d.]+)"[^>]*><title>Day (\d+), [^:]+: worst pain (\d+)</title>', days)
        assert [int(pain) for _, _, pain in points] == [6, 7, 5, 5, 4, 3]
        xs = [float(x) for x, _, _ in points]
        assert xs == sorted(xs) and xs[0] < 0.2 * width and (xs[-1] - xs[0]) / width > 0.6
        values = re.findall(r'<text class="value-label"[^>]*>(\d+)</text>', days)
        assert "7" in values and "3" in values and len(values) >= 4  # the worst day and the last always
        # Days with no log between two that have one are drawn dashed.
        assert 'class="pain-gap"' in days
        # The walk prescribed from day 3 is marked where it began, in words.
        assert re.search(r'class="mark mark-plan"[^>]*aria-label="Care plan, from [^"]+: Walk[^"]*20 min', days), days
        assert re.findall(r'class="chart-label day-number"[^>]*>day (\d+)<', days)[0] == "1"
    assert "The same as a table" in page and "<td>7</td>" in page


def test_the_review_page_and_the_history_page_draw_the_same_fitted_timeline(app, client):
    athlete, physio, ids = six_weeks_of_episodes(client, app)
    review = signed_in(app, physio).get(f"/physio/patients/{athlete['id']}/review").text
    drawing, width = svg(review, "history-timeline", "wide")
    edges = bar_edges(drawing)
    assert (edges[-1][1] - edges[0][0]) / width > 0.85
    assert "Day by day: Lift 3" in review

    history = signed_in(app, athlete).get("/athlete/episodes").text
    for size in ("wide", "medium", "narrow"):
        drawing, width = svg(history, "history-timeline", size)
        edges = bar_edges(drawing)
        assert len(edges) == 3 and (edges[-1][1] - edges[0][0]) / width > 0.85
    assert "Day by day" not in history


def test_an_athlete_with_one_short_episode_gets_a_two_week_axis_not_a_wall_of_colour(app, client):
    athlete = make_account(app, "athlete")
    episode_id = new_id()
    body = episode_body(started_at=ago(days=3), client_updated_at=ago(days=3))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=bearer(client, athlete)).status_code == 201
    client.put(f"/api/v1/episodes/{episode_id}", json={**body, "resolved_at": ago(days=2), "client_updated_at": ago(seconds=1)},
               headers=bearer(client, athlete))
    drawing, width = svg(signed_in(app, athlete).get("/athlete/episodes").text, "history-timeline", "narrow")
    [(left, right)] = bar_edges(drawing)
    assert (right - left) / width < 0.15


def test_the_timeline_reads_in_spanish(app, client):
    athlete, physio, ids = six_weeks_of_episodes(client, app)
    with app.app_context():
        for account in (athlete, physio):
            db.session.get(User, uuid.UUID(account["id"])).language = "es"
        db.session.commit()
    history = signed_in(app, athlete).get("/athlete/episodes").text
    assert "Episodios a lo largo del tiempo" in history and "hasta hoy" in history
    page = signed_in(app, physio).get(f"/physio/patients/{athlete['id']}?episode={ids[2]}").text
    days, _ = svg(page, "day-chart", "narrow")
    assert "día 1" in days and "Plan de cuidados, desde el" in days and "peor dolor" in days
