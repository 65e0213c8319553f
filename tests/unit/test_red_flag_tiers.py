"""Issue 28, points 10, 12, 14 and 17: each red flag's tier from its source line, nerve signs on both sides, the
rule codes as words, and the team's choices said as the team's.

Each row names the line its tier rests on and the words of that line that decide it; the words are checked
against the quote the product shows for that line (webapp.core.sources.QUOTES).
"""
from datetime import timedelta

import pytest

from tests.unit.test_rules import DOMS, START, entry, episode
from webapp.core.checklist import ITEMS, plan_for
from webapp.core.codes import (
    BOTH_SIDES_EMERGENCY,
    EMERGENCY_SIGN_WORDS,
    RED_FLAG_ADVICE,
    RED_FLAGS,
    RULE_NAMES,
    TIERS,
    as_json,
    red_flag_urgency,
    red_flags_on_both_sides,
    warning_signs,
)
from webapp.core.rules import RULES, evaluate_episode
from webapp.core.rules.table import RULES_BY_CODE
from webapp.core.source_index import choice_users
from webapp.core.sources import CHOICES, QUOTES, claim_ids

# flag, tier, the line that decides it, words of that line (or of the heading it sits under)
TIERS_FROM_LINES = [
    ("rest_pain_growing", "emergency", "004:67", "requires emergency medical care"),
    ("rest_pain_growing", "emergency", "004:69", "does not subside even at rest, but continues to grow"),
    ("bladder_bowel_change", "emergency", "003:15", "an urgent condition"),
    ("unable_to_urinate", "emergency", "003:15", "bladder control"),
    ("saddle_numbness", "emergency", "004:473", "numbness of the buttocks, groin or thighs"),
    ("leg_weakness_both_or_worse", "emergency", "004:74", "arms and legs can lose sensitivity"),
    ("loss_of_consciousness", "emergency", "004:114", "spinal compression fracture"),
    ("leg_pain_below_knee", "now", "003:14", "requires immediate consultation"),
    ("leg_numbness_weakness", "now", "003:14", "requires immediate consultation"),
    ("arm_pain_numbness_weakness", "now", "004:110", "numbness of the limbs"),
    ("fever_chills", "now", "004:360", "immediately consult a doctor"),
    ("night_or_rest_pain", "now", "004:360", "immediately consult a doctor"),
    ("unexplained_weight_loss", "now", "004:468", "As soon as possible"),
    ("cancer_history", "now", "004:468", "As soon as possible"),
    ("trauma", "now", "004:468", "As soon as possible"),
    ("unable_self_care", "now", "004:468", "As soon as possible"),
]


@pytest.mark.parametrize("flag, tier, line, words", TIERS_FROM_LINES, ids=[f"{r[2]} {r[0]} {r[1]}" for r in TIERS_FROM_LINES])
def test_each_flag_has_the_tier_its_line_gives(flag, tier, line, words):
    assert words in QUOTES[line]
    assert RED_FLAGS[flag].tier == tier
    assert line in RED_FLAGS[flag].why or claim_ids([line])[0] in claim_ids(RED_FLAGS[flag].source)
    assert red_flag_urgency({flag}) == tier


def test_every_flag_has_a_tier_a_reason_and_words_for_the_pages():
    assert {row[0] for row in TIERS_FROM_LINES} == set(RED_FLAGS)
    for code, flag in RED_FLAGS.items():
        assert flag.tier in TIERS and flag.why and flag.short and flag.question, code
        assert claim_ids(flag.source), code
        assert flag.choice is None or flag.choice in CHOICES, code


def test_no_flag_waits_until_later_in_the_day():
    """004:360 'immediately', 004:468 'As soon as possible', 003:14 'immediate': no 'today' tier."""
    assert TIERS == ("emergency", "now")
    for advice in RED_FLAG_ADVICE.values():
        assert "today" not in advice
    assert "emergency" not in RED_FLAG_ADVICE["now"].lower() and RED_FLAG_ADVICE["now"].startswith("See a doctor now")
    # Another engineer inserts the country's number here: the words stay.
    assert "your local emergency number" in RED_FLAG_ADVICE["emergency"]
    # Point 17: no "within hours" that no line says.
    assert "within hours" not in RED_FLAG_ADVICE["emergency"]


# flags, side of the entry, side of the episode, tier (point 10: 004:74 "the arms and legs can lose sensitivity")
BOTH_SIDES = [
    (("leg_numbness_weakness",), "both", "left", "emergency"),
    (("leg_numbness_weakness",), None, "both", "emergency"),
    (("leg_numbness_weakness",), "left", "both", "emergency"),
    (("leg_numbness_weakness",), "left", "left", "now"),
    (("leg_numbness_weakness",), "center", "center", "now"),
    (("arm_pain_numbness_weakness",), "both", "right", "emergency"),
    (("arm_pain_numbness_weakness",), "right", "right", "now"),
    # Pain spreading down both legs stays "now" (003:14, 004:470 name it for a doctor at once).
    (("leg_pain_below_knee",), "both", "both", "now"),
    (("fever_chills",), "both", "both", "now"),
    # An injury with nerve signs is an emergency on any side.
    (("trauma", "leg_numbness_weakness"), "left", "left", "emergency"),
    (("saddle_numbness",), "left", "left", "emergency"),
]


@pytest.mark.parametrize("flags, entry_side, episode_side, tier", BOTH_SIDES)
def test_nerve_signs_on_both_sides_are_an_emergency(flags, entry_side, episode_side, tier):
    """The alert, the plan and the codes the offline app reads say the same."""
    facts = entry(10, 4, red_flags=flags, **{**DOMS, "side": entry_side})
    ep = episode(side=episode_side)
    assert red_flag_urgency(flags, both_sides=red_flags_on_both_sides([facts], episode_side)) == tier
    [alert] = [f for f in evaluate_episode(ep, [facts]) if f.rule == "red_flag"]
    assert alert.message == RED_FLAG_ADVICE[tier]
    plan = plan_for(ep, [facts], START + timedelta(hours=12), day=1)
    assert plan.phase == "see_clinician"
    assert plan.items[0].key == ("emergency_care" if tier == "emergency" else "contact_clinician")


def test_a_nerve_sign_on_one_side_does_not_borrow_another_entrys_both_sides():
    entries = [entry(10, 4, red_flags=("leg_numbness_weakness",), side="left"), entry(20, 4, red_flags=("fever_chills",), side="both")]
    assert not red_flags_on_both_sides(entries, "left")
    assert red_flags_on_both_sides(entries[:1], "both")


def test_the_offline_codes_carry_the_tiers_and_the_both_sides_rule():
    codes = as_json()
    assert codes["emergency_when_both_sides"] == sorted(BOTH_SIDES_EMERGENCY)
    assert all(codes["red_flags"][code]["tier"] == flag.tier for code, flag in RED_FLAGS.items())
    assert all(codes["red_flags"][code]["emergency"] is (flag.tier == "emergency") for code, flag in RED_FLAGS.items())
    # An offline app cached before the "now" tier reads the same advice under its old name.
    assert codes["red_flag_advice"]["today"] == codes["red_flag_advice"]["now"] == RED_FLAG_ADVICE["now"]


def test_the_pages_list_every_sign_under_its_tier():
    listed = dict(warning_signs())
    assert list(listed) == ["emergency", "now"]
    for flag in RED_FLAGS.values():
        assert flag.short in listed[flag.tier]
    assert set(EMERGENCY_SIGN_WORDS) <= set(listed["emergency"])


def test_the_rules_have_clinical_names_in_words():
    """Point 12: no "doms window exceeded" or "no improvement 7 10 days" reaches a person."""
    assert set(RULE_NAMES) == {rule.code for rule in RULES}
    for code, name in RULE_NAMES.items():
        assert "_" not in name and name != code.replace("_", " ") and name[0].isupper(), code
    assert RULE_NAMES["doms_window_exceeded"] == "Pain past the normal soreness window"
    assert RULE_NAMES["no_improvement_7_10_days"] == "No improvement after 7-10 days"


def test_the_rule_table_says_why_pain_during_activity_is_a_warning():
    """Point 13: 004:491 says 'call an ambulance'; the table records why the product warns instead."""
    injury = RULES_BY_CODE["injury_pattern"]
    assert "004:491" in injury.source and "004:491" in injury.why and "team's choice" in injury.why
    assert "call an ambulance" in QUOTES["004:491"]
    assert "pain_during_activity" in CHOICES and "Alert: Signs of an injury" in choice_users()["pain_during_activity"]


# item, what its source lines do not give (the team's choice)
TEAM_DOSES = [("cold", "cold_dose"), ("heat", "heat_dose"), ("gentle_walk", "gentle_walk_dose"), ("stretches", "exercise_doses"),
              ("core", "exercise_doses"), ("warm_up", "exercise_doses")]


@pytest.mark.parametrize("key, choice", TEAM_DOSES)
def test_doses_no_line_gives_are_the_teams_choice(key, choice):
    """Point 17: 15-20 minutes of cold or heat and a 10-15 minute walk are not in their lines."""
    item = ITEMS[key]
    assert item.choice == choice and choice in CHOICES
    assert f"Checklist: {item.text}" in choice_users()[choice]
    assert not any("15-20" in QUOTES[ref] or "10-15" in QUOTES[ref] for claim in claim_ids(item.source)
                   for ref in [claim[1:].replace("-", ":", 1)])


def test_citations_say_only_what_their_lines_say():
    """Point 17: 'aggravates' (004:495), not 'increases swelling'; no 'warning sign' cited to a line about sharp pain;
    the bladder question's line is about loss of control, and retention is the team's choice."""
    assert "aggravates" in QUOTES["004:495"] and "swelling" not in ITEMS["no_heat"].why
    assert "004:33" not in ITEMS["stop_training"].source
    assert "stop exercising" in QUOTES["004:497"] and "stopping the exercises" in QUOTES["004:342"]
    assert RED_FLAGS["unable_to_urinate"].choice == "cauda_equina" and "004:472" not in RED_FLAGS["unable_to_urinate"].source
    assert ITEMS["walk"].why == "Active rest, such as walking, helps the back recover quickly."
    assert "recover quickly" in QUOTES["000:38"]
    # The contact item says "now", as 004:360 and 004:468 do.
    assert "now" in ITEMS["contact_clinician"].text and set(ITEMS["contact_clinician"].source) >= {"004:360", "004:468"}
    recurrent = RULES_BY_CODE["recurrent_pain"].why
    assert "reader's comment" in recurrent
