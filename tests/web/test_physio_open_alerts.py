"""Issue 29, points 1 and 3: the patient page opens on every open alert, most serious first, said to the physiotherapist."""
import html
import re
import uuid

import pytest

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import AuthActions, bearer, csrf_token_from, make_account, statements_run
from webapp.infra.extensions import db
from webapp.models import User

# What the athlete is told, that a physiotherapist reading about their patient must not be.
ATHLETE_DIRECTED = (
    "your episodes", "of your", "What you logged", "session you rated", "new to you", "your last episode",
    "I have read this", "booked a physio", "Your physiotherapist set", "see a physiotherapist", "See a doctor now, whatever day",
    "Seek emergency care now (call your local emergency number or go", "New trouble controlling your bladder",
    "Log how the pain is now",
)


def patient_with_an_urgent_flag_on_an_older_episode(app):
    """Maya: a closed episode, an older open one with an emergency red flag, the newest with rising severe pain."""
    athlete = make_account(app, "athlete", name="Maya Ortiz")
    physio = make_account(app, "physio", name="Sam Okafor")
    api = app.test_client()
    headers = bearer(api, athlete)
    code = api.post("/api/v1/invites", headers=headers).json["code"]
    assert api.post("/api/v1/care-links", json={"code": code}, headers=bearer(api, physio)).status_code == 201
    closed, older, newest = new_id(), new_id(), new_id()

    def episode(episode_id, hours_ago, activity, readings, **extra):
        body = episode_body(started_at=ago(hours=hours_ago), client_updated_at=ago(hours=hours_ago), activity=activity)
        assert api.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
        for at, pain, flags in readings:
            entry = entry_body(episode_id, recorded_at=ago(hours=at), client_updated_at=ago(hours=at), pain=pain, red_flags=flags)
            assert api.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
        if extra:
            assert api.put(f"/api/v1/episodes/{episode_id}", json={**body, **extra, "client_updated_at": ago(seconds=1)},
                           headers=headers).status_code == 200

    episode(closed, 24 * 30, "Squats", [(24 * 30 - 12, 4, []), (24 * 28, 0, [])], resolved_at=ago(days=28))
    episode(older, 24 * 6, "Deadlifts", [(24 * 5, 5, ["bladder_bowel_change"])])
    episode(newest, 100, "Sprint session", [(76, 3, []), (10, 7, [])])
    return {"athlete": athlete, "physio": physio, "closed": closed, "older": older, "newest": newest, "headers": headers}


@pytest.fixture
def maya(app):
    return patient_with_an_urgent_flag_on_an_older_episode(app)


def physio_browser(app, account):
    browser = app.test_client()
    AuthActions(browser).login(account["email"])
    return browser


def cards(page: str) -> list[tuple[str, str]]:
    """Each alert card on the page, in order: its severity and its HTML."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r'<section class="alert-card alert-(\w+)"', page)]
    return [(severity, page[start:page.index("</section>", start)]) for start, severity in starts]


def test_the_urgent_flag_of_an_older_episode_comes_first_with_its_episode_and_evidence(app, maya):
    browser = physio_browser(app, maya["physio"])
    page = browser.get(f"/physio/patients/{maya['athlete']['id']}").text
    shown = cards(page)
    # Every open alert, at the top: the red flag, then the newest episode's warnings, then its advice.
    assert [severity for severity, _ in shown] == ["urgent", "warning", "warning", "advice"]
    assert page.index('id="open-alerts"') < page.index("history-timeline") < page.index('id="alerts"')
    urgent = shown[0][1]
    assert f'?episode={maya["older"]}#chart-heading">Deadlifts, started' in urgent
    evidence = urgent[:urgent.index("<details")]
    assert "reported: New bladder or bowel dysfunction (loss of control) at 24 h" in evidence
    assert "Emergency red flag: possible compression of the spinal nerves" in urgent
    assert "Acknowledge" in urgent and "Close alert" in urgent
    assert all("Sprint session, started" in html for _, html in shown[1:])
    # The most serious open problem opens: the older episode, not the newest.
    assert "Deadlifts: pain over time" in page and "Sprint session: pain over time" not in page
    assert "1 open alert of this episode is at the top of the page." in page


def test_the_newest_episode_never_says_no_alerts_while_another_holds_one(app, maya):
    browser = physio_browser(app, maya["physio"])
    patient = maya["athlete"]["id"]
    page = browser.get(f"/physio/patients/{patient}?episode={maya['newest']}").text
    assert "Sprint session: pain over time" in page
    assert "No alerts for this episode" not in page
    assert "3 open alerts of this episode are at the top of the page." in page
    quiet = browser.get(f"/physio/patients/{patient}?episode={maya['closed']}").text
    assert "No alerts for this episode" not in quiet
    assert "4 open alerts on other episodes are at the top of the page; none on this one." in quiet
    assert [severity for severity, _ in cards(quiet)][0] == "urgent"


def test_acknowledging_keeps_an_alert_at_the_top_and_closing_moves_it_to_its_episode(app, maya):
    browser = physio_browser(app, maya["physio"])
    url = f"/physio/patients/{maya['athlete']['id']}"
    page = browser.get(url)
    urgent_id = re.search(r'/physio/alerts/([0-9a-f-]+)/acknowledge', page.text).group(1)
    acknowledged = browser.post(f"/physio/alerts/{urgent_id}/acknowledge", data={"csrf_token": csrf_token_from(page), "note": "Sent to A&E"})
    assert acknowledged.status_code == 302 and acknowledged.location.endswith("#open-alerts")
    page = browser.get(url)
    urgent = cards(page.text)[0]
    assert urgent[0] == "urgent" and "Sent to A&amp;E" in urgent[1] and "by Sam Okafor" in urgent[1]
    assert f"/physio/alerts/{urgent_id}/acknowledge" not in urgent[1] and "Close alert" in urgent[1]
    warning_id = re.findall(r'/physio/alerts/([0-9a-f-]+)/close', page.text)[1]
    browser.post(f"/physio/alerts/{warning_id}/close", data={"csrf_token": csrf_token_from(page), "note": "Reviewed"})
    page = browser.get(f"{url}?episode={maya['newest']}").text
    top = page[page.index('id="open-alerts"'):page.index('id="alerts"')]
    assert f"/physio/alerts/{warning_id}/" not in top and len(cards(top)) == 3
    assert "Resolved" in page[page.index('id="alerts"'):] and "Reviewed" in page


def test_the_physiotherapist_reads_clinical_words_not_the_athletes(app, maya):
    browser = physio_browser(app, maya["physio"])
    patient = maya["athlete"]["id"]
    for query in ("", f"?episode={maya['newest']}"):
        page = browser.get(f"/physio/patients/{patient}{query}").text
        for phrase in ATHLETE_DIRECTED:
            assert phrase.lower() not in page.lower(), (query, phrase)
    page = html.unescape(page)
    assert "of the patient's 3 episodes began after a load increase" in page
    assert "Self-care logged:" in page
    assert "Pain rising instead of settling: 7/10 now from 3/10 on day 2" in page
    assert "the patient's last episode of the same region lasted 2 days" in page
    review = browser.get(f"/physio/patients/{patient}/review").text
    assert "Emergency red flag" in review and "see a physiotherapist" not in review.lower()


def test_the_athlete_keeps_their_own_words(app, client, auth, maya):
    auth.login(maya["athlete"]["email"])
    page = client.get("/athlete/").text
    assert "I have read this" in page and "Seek emergency care now" in page and "Emergency red flag" not in page
    assert "see a physiotherapist" in client.get(f"/athlete/episodes/{maya['newest']}").text


def test_the_patient_api_gives_the_clinical_message_beside_the_athletes(app, client, maya):
    physio_headers = bearer(client, maya["physio"])
    theirs = client.get(f"/api/v1/patients/{maya['athlete']['id']}/alerts", headers=physio_headers).json
    mine = {a["id"]: a for a in client.get("/api/v1/alerts", headers=maya["headers"]).json}
    assert all("clinical_message" not in alert for alert in mine.values())
    for alert in theirs:
        assert alert["message"] == mine[alert["id"]]["message"] != alert["clinical_message"]
    red = next(alert for alert in theirs if alert["rule"] == "red_flag")
    assert red["message"].startswith("Seek emergency care now") and red["clinical_message"].startswith("Emergency red flag")


def test_a_spanish_physiotherapist_reads_the_clinical_words_in_spanish(app, maya):
    with app.app_context():
        db.session.get(User, uuid.UUID(maya["physio"]["id"])).language = "es"
        db.session.commit()
    page = physio_browser(app, maya["physio"]).get(f"/physio/patients/{maya['athlete']['id']}").text
    first = cards(page)[0][1]
    assert "Señal de alarma de urgencia" in first and "Marcar como leída" in first
    assert "indicó: Alteración nueva del control de la vejiga o del intestino" in first
    assert "Autocuidado anotado:" in page and "de los 3 episodios del paciente empezó tras un aumento de carga" in page


def test_the_open_alerts_are_one_query_however_many_episodes_hold_them(app, maya):
    browser = physio_browser(app, maya["physio"])
    url = f"/physio/patients/{maya['athlete']['id']}"
    few = statements_run(app, lambda: browser.get(url))
    api = app.test_client()
    for index in range(6):
        episode_id = new_id()
        body = episode_body(started_at=ago(hours=300 + 30 * index), client_updated_at=ago(hours=300), activity=f"Lift {index}")
        api.put(f"/api/v1/episodes/{episode_id}", json=body, headers=maya["headers"])
        api.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=290 + 30 * index), pain=8,
                                                               client_updated_at=ago(hours=290)), headers=maya["headers"])
    assert len(cards(browser.get(url).text)) == 4 + 6
    assert statements_run(app, lambda: browser.get(url)) == few
