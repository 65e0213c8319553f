"""Review mode's period is filled in and shown beside the exports; every day of an episode counts as a day with a plan."""
import re
from datetime import UTC, datetime, timedelta

from tests.conftest import bearer, make_account
from tests.web.test_history_pages import diary
from tests.web.test_review_page import linked


def field_value(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1)


def adherence_rows(page: str) -> list[list[str]]:
    table = page.split('id="review-adherence-heading"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in body.split("</tr>")[:-1]]


def test_the_period_is_filled_in_and_shown_beside_the_exports_which_cover_it(app):
    athlete = make_account(app, "athlete")
    diary(app, athlete, [(9, None, [(8, 5)])])
    physio = linked(app, athlete)
    page = physio.get(f"/physio/patients/{athlete['id']}/review").text
    today = datetime.now(UTC).date()
    first = today - timedelta(days=89)
    assert field_value(page, "since") == first.isoformat() and field_value(page, "until") == today.isoformat()
    shown = f"Period: {first.day} {first:%b %Y} – {today.day} {today:%b %Y}"
    assert shown in page
    links = re.findall(r'href="([^"]*format=pdf[^"]*)"', page)
    assert len(links) == 2 and all(f"since={first.isoformat()}" in link and f"until={today.isoformat()}" in link for link in links)
    # A chosen period is kept as chosen, in the fields and the links.
    chosen = physio.get(f"/physio/patients/{athlete['id']}/review", query_string={"since": "2026-01-05", "until": "2026-02-10"}).text
    assert field_value(chosen, "since") == "2026-01-05" and "Period: 5 Jan 2026 – 10 Feb 2026" in chosen
    assert "since=2026-01-05" in chosen and "until=2026-02-10" in chosen


def test_a_patient_with_no_episode_in_the_last_90_days_opens_on_the_latest(app):
    athlete = make_account(app, "athlete")
    diary(app, athlete, [(300, 4, [(299, 5)]), (200, 5, [(199, 6), (196, 0)])])
    physio = linked(app, athlete)
    page = physio.get(f"/physio/patients/{athlete['id']}/review").text
    started = (datetime.now(UTC) - timedelta(days=200)).date()
    assert field_value(page, "since") == started.isoformat()
    assert "1 episode in the period" in page and "Latest episode: Lift 1" in page


def test_days_with_a_plan_are_the_episodes_days_so_far_and_days_ticked_are_counted_apart(app):
    athlete = make_account(app, "athlete")
    _, current = diary(app, athlete, [(40, 4, [(39, 5), (37, 2)]), (5, None, [(4, 5), (1, 4)])])
    api, headers = app.test_client(), bearer(app.test_client(), athlete)
    today = datetime.now(UTC).date().isoformat()
    key = api.get(f"/api/v1/episodes/{current}/checklist", headers=headers).json["items"][0]["key"]
    assert api.put(f"/api/v1/episodes/{current}/checklist/{today}/{key}", json={"done": True}, headers=headers).status_code == 200
    physio = linked(app, athlete)
    page = physio.get(f"/physio/patients/{athlete['id']}/review").text
    assert "Days with a plan (the episode so far)" in page and "Days with something ticked" in page
    rows = {row[0].split(" (")[0]: row[1:] for row in adherence_rows(page)}
    # Started 5 days ago: today is its day 6. The closed one ran from its day 1 to the day it closed, 4 days later.
    assert rows["Lift 1"][:2] == ["6", "1"] and rows["Lift 0"] == ["5", "0", "none ticked"]
