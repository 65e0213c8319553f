"""The physiotherapist's patient list: per row the worst open alert in words, pain and its trend, the episode's day,
last logged and the week's checklist; most urgent first; the same in the API."""
import re
from datetime import UTC, datetime

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import AuthActions, bearer, make_account, statements_run


def linked_physio(app, *athletes) -> tuple[dict, object]:
    """A physiotherapist linked to each athlete through their invites; their account and a signed-in browser."""
    physio = make_account(app, "physio")
    api = app.test_client()
    physio_headers = bearer(api, physio)
    for athlete in athletes:
        code = api.post("/api/v1/invites", headers=bearer(api, athlete)).json["code"]
        assert api.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).status_code == 201
    browser = app.test_client()
    AuthActions(browser).login(physio["email"])
    return {**physio, "headers": physio_headers}, browser


def log(app, athlete, started_days_ago: int, readings, red_flag_at=None, lead_minutes=30) -> tuple[str, int]:
    """An episode begun lead_minutes before its first reading, and its readings as (days ago, pain).

    Returns the episode's id and its day today (the calendar day in UTC, the athlete's zone, counted from 1).
    """
    api, headers = app.test_client(), bearer(app.test_client(), athlete)
    episode_id = new_id()
    started = ago(days=started_days_ago, minutes=lead_minutes)
    body = episode_body(started_at=started, client_updated_at=started, activity="Squats")
    assert api.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    for days, pain in readings:
        entry = entry_body(episode_id, recorded_at=ago(days=days, seconds=5), client_updated_at=ago(days=days, seconds=5), pain=pain,
                           red_flags=["trauma"] if days == red_flag_at else [], treatments=[])
        assert api.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    return episode_id, (datetime.now(UTC).date() - datetime.fromisoformat(started).astimezone(UTC).date()).days + 1


def rows_of(page: str) -> list[str]:
    """Each patient's row as its text, tags out."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()).replace(" ,", ",") for row in body.split("</tr>")[:-1]]


def test_a_patient_with_one_day_of_logs_shows_a_point_and_day_1(app):
    athlete = make_account(app, "athlete", name="Noa")
    _, day = log(app, athlete, 0, [(0, 4)], lead_minutes=1)
    _, browser = linked_physio(app, athlete)
    page = browser.get("/physio/").text
    [row] = rows_of(page)
    assert day == 1 and "Day 1" in row and "4/10" in row and "today" in row
    svg = re.search(r'<svg class="sparkline"[^>]*aria-label="([^"]+)"[^>]*>(.*?)</svg>', page, re.S)
    assert svg.group(1) == "Highest pain of each day logged in the last 15 days: 4"
    assert "<circle" in svg.group(2) and "<polyline" not in svg.group(2)


def test_each_row_says_alert_pain_trend_day_last_logged_and_adherence_most_urgent_first(app):
    calm = make_account(app, "athlete", name="Calm")
    rising = make_account(app, "athlete", name="Rising")
    flagged = make_account(app, "athlete", name="Flagged")
    _, calm_day = log(app, calm, 20, [(19, 5), (12, 3)])
    episode_id, rising_day = log(app, rising, 3, [(3, 2), (2, 3), (1, 3), (0, 5)])
    _, flagged_day = log(app, flagged, 1, [(1, 6), (0, 6)], red_flag_at=0)
    api, headers = app.test_client(), bearer(app.test_client(), rising)
    today = datetime.now(UTC).date().isoformat()
    due = [item["key"] for item in api.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json["items"]]
    assert api.put(f"/api/v1/episodes/{episode_id}/checklist/{today}/{due[0]}", json={"done": True}, headers=headers).status_code == 200
    physio, browser = linked_physio(app, calm, rising, flagged)

    first, second, third = rows_of(browser.get("/physio/").text)
    assert first.startswith("Flagged") and "Urgent Warning sign reported" in first and "6/10, steady" in first and f"Day {flagged_day}" in first
    assert second.startswith("Rising")
    assert "5/10, rising" in second and f"Day {rising_day}" in second and "today (" in second
    # The week's days with a plan are the episode's days so far (all of them, up to 7), ticked or not.
    assert f"1 of {len(due)} items done" in second and f"ticked on 1 of {min(rising_day, 7)} days with a plan" in second
    # The calm patient's episode is open but quiet for 12 days: no trend from one day in the week, the last log dated.
    assert third.startswith("Calm") and "3/10" in third and "rising" not in third and "12 days ago (" in third and f"Day {calm_day}" in third

    listed = {p["name"]: p for p in app.test_client().get("/api/v1/patients", headers=physio["headers"]).json}
    assert listed["Flagged"]["worst_alert"]["rule"] == "red_flag" and listed["Flagged"]["worst_alert"]["severity"] == "urgent"
    assert listed["Flagged"]["worst_alert"]["name"] == "Warning sign reported"
    assert (listed["Rising"]["pain"], listed["Rising"]["pain_trend"], listed["Rising"]["episode_day"]) == (5, "rising", rising_day)
    assert listed["Rising"]["checklist_last_7_days"] == {"items_done": 1, "items_due": len(due), "days_ticked": 1,
                                                         "days_with_plan": min(rising_day, 7)}
    assert listed["Rising"]["calendar_days_since_last_log"] == 0 and listed["Calm"]["calendar_days_since_last_log"] == 12
    assert listed["Calm"]["worst_alert"]["severity"] in ("warning", "advice") and listed["Calm"]["pain_trend"] is None
    assert len(listed["Calm"]["trend"]) == 15 and listed["Calm"]["trend"][-13] == 3


def test_a_patient_without_logs(app):
    athlete = make_account(app, "athlete", name="New")
    physio, browser = linked_physio(app, athlete)
    [row] = rows_of(browser.get("/physio/").text)
    assert "No open alert" in row and "No log in the last 15 days" in row and "No open episode" in row and "never" in row
    assert "No plan in the last 7 days" in row
    [listed] = app.test_client().get("/api/v1/patients", headers=physio["headers"]).json
    assert listed["worst_alert"] is None and listed["checklist_last_7_days"] is None and listed["episode_day"] is None


def test_the_list_is_read_in_the_same_number_of_queries_for_more_patients(app):
    athletes = [make_account(app, "athlete", name=f"P{i}") for i in range(2)]
    for athlete in athletes:
        log(app, athlete, 1, [(1, 4), (0, 5)])
    _, browser = linked_physio(app, *athletes)
    few = statements_run(app, lambda: browser.get("/physio/"))
    more = [make_account(app, "athlete", name=f"Q{i}") for i in range(4)]
    for athlete in more:
        log(app, athlete, 3, [(2, 3), (0, 6)])
    _, browser_two = linked_physio(app, *athletes, *more)
    assert statements_run(app, lambda: browser_two.get("/physio/")) == few
