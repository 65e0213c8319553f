"""Review mode: one printable page summarising a chosen period of a patient's diary."""
import re
from datetime import date, timedelta

from tests.conftest import AuthActions, csrf_token_from, make_account, statements_run
from tests.web.test_history_pages import diary


def linked(app, athlete):
    physio = make_account(app, "physio")
    athlete_browser, physio_browser = app.test_client(), app.test_client()
    AuthActions(athlete_browser).login(athlete["email"])
    AuthActions(physio_browser).login(physio["email"])
    shown = athlete_browser.post("/athlete/care/invites", data={"csrf_token": csrf_token_from(athlete_browser.get("/athlete/care"))})
    code = re.search(r'class="invite-code"[^>]*>([A-Z0-9-]+)<', shown.text).group(1)
    physio_browser.post("/physio/link", data={"csrf_token": csrf_token_from(physio_browser.get("/physio/link")), "code": code})
    return physio_browser


def test_the_review_page_summarises_the_period(app):
    athlete = make_account(app, "athlete", name="Ana")
    diary(app, athlete, [(200, 5, [(199, 6), (195, 0)]), (40, 4, [(39, 5), (36, 0)]), (9, None, [(8.5, 8), (2, 6)])])
    physio = linked(app, athlete)
    patient_page = physio.get(f"/physio/patients/{athlete['id']}").text
    assert f"/physio/patients/{athlete['id']}/review" in patient_page
    page = physio.get(f"/physio/patients/{athlete['id']}/review").text
    for expected in ("Review: Ana", "not a diagnosis", "history-timeline", "What came before", "Current episode: Lift 2",
                     "Open alerts, and alerts raised in the period", "Severe", "Recovery checklist, by episode", "Clinical notes in the period",
                     "data-print"):
        assert expected.lower() in page.lower(), expected
    # The last 90 days by default: the episode of 200 days ago is outside it.
    assert "2 episodes in the period" in page


def test_a_chosen_period_and_a_bad_one(app):
    athlete = make_account(app, "athlete")
    diary(app, athlete, [(200, 5, [(199, 6)]), (9, None, [(8, 5)])])
    physio = linked(app, athlete)
    url = f"/physio/patients/{athlete['id']}/review"
    today = date.today()
    since = (today - timedelta(days=210)).isoformat()
    until = (today - timedelta(days=150)).isoformat()
    page = physio.get(url, query_string={"since": since, "until": until}).text
    assert "1 episode in the period" in page
    refused = physio.get(url, query_string={"since": until, "until": since})
    assert refused.status_code == 422 and "The end is before the start." in refused.text
    assert physio.get(url, query_string={"since": "9999-12-31"}).status_code == 422
    assert physio.get(url, query_string={"since": "not a date"}).status_code == 422


def test_only_a_linked_physiotherapist_sees_it_and_in_constant_queries(app):
    athlete = make_account(app, "athlete")
    stranger = make_account(app, "physio")
    browser = app.test_client()
    AuthActions(browser).login(stranger["email"])
    assert browser.get(f"/physio/patients/{athlete['id']}/review").status_code == 404

    physio = linked(app, athlete)
    url = f"/physio/patients/{athlete['id']}/review"

    diary(app, athlete, [(60, 3, [(59, 4)]), (30, 3, [(29, 4)])])
    few = statements_run(app, lambda: physio.get(url))
    diary(app, athlete, [(80 - 5 * i, 2, [(79 - 5 * i, 5)]) for i in range(8)])
    assert statements_run(app, lambda: physio.get(url)) == few
