"""Issue 28 through the API and on the pages: red-flag tiers (points 10, 14), one source of red-flag words
(point 15), the rule codes as words (point 12), the team's choices and the Sources page (points 17, 18)."""
import re

import pytest

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer
from webapp.core.codes import RED_FLAG_ADVICE, RED_FLAGS, RULE_NAMES, TIER_HEADINGS, warning_signs
from webapp.core.sources import CHOICES


@pytest.fixture
def headers(client, athlete):
    return bearer(client, athlete)


def diary(client, headers, episode_side="left", **entry) -> tuple[str, dict]:
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(side=episode_side), headers=headers).status_code in (200, 201)
    response = client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, **entry), headers=headers)
    assert response.status_code in (200, 201), response.json
    return episode_id, response.json


def red_flag_message(body) -> str:
    [alert] = [a for a in body["alerts"] if a["rule"] == "red_flag"]
    return alert["message"]


# flags, entry side, episode side, tier, the line it rests on
TIERS = [
    (["leg_numbness_weakness"], "both", "left", "emergency", "004:74"),
    (["leg_numbness_weakness"], None, "both", "emergency", "004:74"),
    (["leg_numbness_weakness"], "left", "left", "now", "003:14"),
    (["arm_pain_numbness_weakness"], "both", "right", "emergency", "004:74"),
    (["rest_pain_growing"], "left", "left", "emergency", "004:69"),
    (["fever_chills"], "both", "both", "now", "004:360"),
    (["night_or_rest_pain"], "left", "left", "now", "004:360"),
    (["cancer_history"], "left", "left", "now", "004:468"),
    (["bladder_bowel_change"], "left", "left", "emergency", "003:15"),
]


@pytest.mark.parametrize("flags, entry_side, episode_side, tier, line", TIERS, ids=[f"{r[4]} {r[0][0]} {r[1]}/{r[2]}" for r in TIERS])
def test_the_alert_and_the_plan_give_the_tier_of_the_line(client, headers, flags, entry_side, episode_side, tier, line):
    episode_id, body = diary(client, headers, episode_side, side=entry_side, red_flags=flags, recorded_at=ago(hours=2))
    assert red_flag_message(body) == RED_FLAG_ADVICE[tier]
    plan = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=headers).json
    assert plan["phase"] == "see_clinician"
    assert plan["items"][0]["key"] == ("emergency_care" if tier == "emergency" else "contact_clinician")
    assert "today" not in " ".join(item["text"] for item in plan["items"])


def test_the_offline_codes_give_tiers_and_the_both_sides_rule(client):
    codes = client.get("/api/v1/codes").json
    assert codes["emergency_when_both_sides"] == ["arm_pain_numbness_weakness", "leg_numbness_weakness"]
    assert {code: flag["tier"] for code, flag in codes["red_flags"].items()} == {code: f.tier for code, f in RED_FLAGS.items()}
    assert codes["red_flag_advice"]["now"].startswith("See a doctor now") and "today" not in codes["red_flag_advice"]["today"]
    spanish = client.get("/api/v1/codes", headers={"Accept-Language": "es"}).json
    assert spanish["red_flag_advice"]["now"].startswith("Vaya al médico ahora")


def signs_in(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("&#39;", "'"))


@pytest.mark.parametrize("path", ["/offline", "/sources", "/login"])
def test_every_page_says_the_red_flags_of_the_one_table(client, path):
    """Point 15: the offline page and the footer list every sign under the tier the table gives it."""
    text = signs_in(client.get(path).text)
    for tier, signs in warning_signs():
        heading = text.index(TIER_HEADINGS[tier])
        for sign in signs:
            assert sign in text, (path, sign)
    # Most urgent first, and nothing told "today" or "contact a clinician now" any more.
    assert text.index(TIER_HEADINGS["emergency"]) < text.index(TIER_HEADINGS["now"]) and heading
    assert "clinician today" not in text and "contact a clinician now" not in text


def test_the_offline_page_lists_the_emergencies_the_old_one_left_out(client):
    text = signs_in(client.get("/offline").text)
    emergency = text[text.index(TIER_HEADINGS["emergency"]):text.index(TIER_HEADINGS["now"])]
    for sign in ("not being able to pass urine", "weakness in both legs", "having passed out", "numbness, tingling or weakness in both legs"):
        assert sign in emergency
    assert "numbness, tingling or weakness in one leg or foot" not in emergency


def test_the_offline_page_in_spanish_takes_the_same_table(client):
    text = signs_in(client.get("/offline", headers={"Accept-Language": "es"}).text)
    assert "no poder orinar" in text and "Acuda a urgencias ahora" in text and "entumecimiento" not in text.lower()
    # Issue 28, point 21: numbness as a lay athlete says it, never read as stiffness.
    assert "pérdida de sensibilidad u hormigueo en la ingle, las nalgas o la cara interna de los muslos (como si se le durmieran)" in text


def test_the_sources_page_names_the_clinic_marks_the_comments_and_lists_the_teams_choices(client):
    page = signs_in(client.get("/sources").text)
    assert "Institute of Advanced Spine Surgery (ICAC), Madrid" in page
    for claim_id in ("s000-173", "s000-191", "s000-218"):
        claim = page[page.index(f'id="{claim_id}"'):]
        claim = claim[:claim.index("</li>")]
        assert "From the comments below the article" in claim, claim_id
    assert "From the comments below the article" not in page[page.index('id="s000-38"'):][:600]
    assert "The team's choices" in page
    for choice in CHOICES.values():
        assert f'id="choice-{choice.id}"' in page and choice.what in page
    assert "Cold for 15-20 minutes at a time, wrapped in a cloth" in page
    assert "Alert: Pain getting worse" in page and "Alert: worsening trend" not in page


def test_the_sources_api_gives_the_publisher_notes_and_choices(client):
    listing = client.get("/api/v1/sources").json
    [first] = [d for d in listing["documents"] if d["id"] == "000"]
    assert "Institute of Advanced Spine Surgery" in first["publisher"]
    notes = {c["id"]: c.get("note") for c in listing["claims"]}
    assert all(notes[c] for c in ("s000-173", "s000-191", "s000-218")) and notes["s003-3"] is None
    choices = {c["id"]: c for c in listing["choices"]}
    assert set(choices) == set(CHOICES) and all(c["source"] and c["used_by"] for c in choices.values())
    assert "s004-491" in choices["pain_during_activity"]["source"]


def test_rule_names_reach_the_reader_as_words(app, client, auth, athlete):
    """Point 12: screen-reader labels and chart tooltips use the clinical names, never the codes."""
    headers = bearer(app.test_client(), athlete)
    api = app.test_client()
    episode_id = new_id()
    api.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=100), client_updated_at=ago(hours=99)), headers=headers)
    api.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, recorded_at=ago(hours=1), pain=5), headers=headers)
    auth.login(athlete["email"])
    for path in ("/athlete/", f"/athlete/episodes/{episode_id}"):
        text = client.get(path).text
        assert RULE_NAMES["doms_window_exceeded"] in text, path
        assert "doms window exceeded" not in text.lower() and "no improvement 7 10" not in text.lower()
