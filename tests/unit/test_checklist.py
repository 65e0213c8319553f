"""The recovery schedule, by hour since the training and by pain trajectory (clinical-windows.md section 4)."""
from datetime import timedelta

import pytest

from tests.unit.test_rules import START, entry, episode
from webapp.core.checklist import ITEMS, OpenAlerts, plan_for
from webapp.core.checklist.exercises import EXERCISES
from webapp.core.codes import RED_FLAGS


def keys(plan) -> list[str]:
    return [item.key for item in plan.items]


SCHEDULE = [
    # name, source, hours after training, episode kwargs, entries, phase, must include, must exclude
    ("20 h: acute, cold, no heat", "003:10", 20, {}, [entry(14, 4)], "acute", {"cold", "no_heat", "gentle_walk", "relative_rest"}, {"heat"}),
    ("just before 48 h: still acute", "003:10", 47.9, {}, [entry(30, 5)], "acute", {"cold", "no_heat"}, {"heat", "walk"}),
    ("48 h, still sore: subacute, heat and walking", "003:10", 48, {}, [entry(40, 5)], "subacute", {"heat", "walk", "stretches", "mobility", "foam_roller"}, {"cold", "no_heat"}),
    ("day 4, still sore: heat and walking 30-40 min", "001:52", 80, {}, [entry(70, 4)], "subacute", {"heat", "walk"}, {"no_heat", "core"}),
    ("no log yet after 48 h counts as still sore", "003:10", 60, {}, [], "subacute", {"heat"}, set()),
    ("pain eased to 2: core stability", "003:12", 80, {}, [entry(30, 5), entry(75, 2)], "recovering", {"core", "strengthen", "massage", "walk"}, {"heat"}),
    ("pain gone: back to training, gradually", "000:94", 96, {}, [entry(30, 5), entry(90, 0)], "return_to_training", {"warm_up", "gradual_load", "technique", "cool_down", "rest_days"}, {"cold"}),
    ("episode closed: back to training", "003:11", 100, {"resolved_at": START + timedelta(hours=90)}, [entry(30, 5)], "return_to_training", {"warm_up"}, set()),
    ("eased before 48 h is still the acute window", "003:10", 30, {}, [entry(28, 1)], "acute", {"cold", "no_heat"}, set()),
    ("red flag: see a clinician, self-care steps back", "003:14", 20, {}, [entry(10, 5, red_flags=("leg_pain_below_knee",))], "see_clinician", {"contact_clinician", "stop_training"}, {"cold", "heat", "core"}),
    ("red flag on day 6 too", "004:470", 140, {}, [entry(30, 3), entry(130, 3, red_flags=("night_or_rest_pain",))], "see_clinician", {"contact_clinician"}, {"walk"}),
    ("an entry after the moment does not change the plan of the moment", "003:10", 60, {}, [entry(50, 5), entry(70, 1)], "subacute", {"heat"}, {"core"}),
    ("injury start keeps 'avoid the movement' past 48 h", "004:33", 80, {"onset": "during", "character": "sharp"}, [entry(2, 6), entry(70, 5)], "subacute", {"avoid_trigger", "no_sharp_training", "heat_after_check"}, {"heat"}),
    ("injury pattern: heat after 48 h waits for a clinician (only after consulting a doctor)", "004:485", 80,
     {"onset": "during", "character": "sharp"}, [entry(2, 6), entry(70, 5)], "subacute", {"heat_after_check"}, {"heat"}),
    ("injury pattern, cleared by a clinician: heat after 48 h is back", "004:485", 80,
     {"onset": "during", "character": "sharp", "cleared_at": START + timedelta(hours=60)}, [entry(2, 6), entry(70, 5)],
     "subacute", {"heat"}, {"heat_after_check"}),
    ("injury start, eased: still no training through sharp pain", "004:33", 120, {"onset": "right_after", "character": "dull_ache"}, [entry(2, 6, movement="worsens"), entry(110, 2)], "recovering", {"no_sharp_training", "core"}, set()),
    ("soreness start does not add the injury items", "003:3", 80, {}, [entry(30, 5), entry(70, 4)], "subacute", set(), {"avoid_trigger", "no_sharp_training"}),
    # Issue 12.
    ("item 1: 8/10 logged after the close is no return to training", "004:33", 100, {"resolved_at": START + timedelta(hours=60)},
     [entry(30, 5), entry(90, 8)], "subacute", {"heat", "walk"}, {"gradual_load", "warm_up", "technique"}),
    ("item 1: a 0/10 check after the close keeps the return to training", "003:11", 100, {"resolved_at": START + timedelta(hours=60)},
     [entry(30, 5), entry(90, 0)], "return_to_training", {"gradual_load"}, set()),
    ("item 2: an emergency flag says call the emergency number, not 'today'", "004:473", 20, {},
     [entry(10, 5, red_flags=("saddle_numbness",))], "see_clinician", {"emergency_care", "stop_training"}, {"contact_clinician", "cold"}),
    ("item 2: trauma with nerve signs in an arm is an emergency plan", "004:111", 20, {},
     [entry(2, 6, red_flags=("trauma", "arm_pain_numbness_weakness"))], "see_clinician", {"emergency_care"}, {"contact_clinician"}),
    ("item 3: a physiotherapist's clearance ends the see-a-clinician plan", "003:14", 12 * 24,
     {"resolved_at": START + timedelta(days=9), "cleared_at": START + timedelta(days=3)},
     [entry(10, 5, red_flags=("leg_pain_below_knee",)), entry(150, 0)], "return_to_training", {"gradual_load"}, {"contact_clinician"}),
    ("item 3: after a clearance the plan is graded by the pain", "003:14", 100, {"cleared_at": START + timedelta(hours=70)},
     [entry(10, 5, red_flags=("leg_pain_below_knee",)), entry(90, 4)], "subacute", {"heat", "walk"}, {"contact_clinician", "core"}),
    ("item 3: a flag reported after the clearance brings the clinician back", "003:14", 120, {"cleared_at": START + timedelta(hours=70)},
     [entry(10, 5, red_flags=("leg_pain_below_knee",)), entry(110, 4, red_flags=("leg_pain_below_knee",))], "see_clinician",
     {"contact_clinician"}, {"walk"}),
    ("item 10: pain that began on day 3 has its own 48 h of cold", "003:10", 80, {"onset": "later"},
     [entry(60, 5)], "acute", {"cold", "no_heat"}, {"heat"}),
    ("item 10: a late pain not logged yet is not heat time", "003:10", 80, {"onset": "later"}, [], "acute", {"no_heat"}, {"heat"}),
    ("item 10: 48 h after a late pain began, heat", "003:10", 110, {"onset": "later"},
     [entry(60, 5), entry(100, 4)], "subacute", {"heat"}, {"no_heat"}),
]


@pytest.mark.parametrize(
    "name, source, hours, episode_kwargs, entries, phase, included, excluded",
    SCHEDULE,
    ids=[f"{row[1]} {row[0]}" for row in SCHEDULE],
)
def test_schedule(name, source, hours, episode_kwargs, entries, phase, included, excluded):
    plan = plan_for(episode(**episode_kwargs), entries, START + timedelta(hours=hours), day=int(hours // 24) + 1)
    assert plan.phase == phase
    assert included <= set(keys(plan)), keys(plan)
    assert not excluded & set(keys(plan)), keys(plan)


def test_an_urgent_alert_turns_the_plan_to_see_clinician():
    plan = plan_for(episode(), [entry(30, 4)], START + timedelta(hours=60), day=3, alerts=OpenAlerts(urgent=True))
    assert plan.phase == "see_clinician"


@pytest.mark.parametrize("hours, entries, resolved", [
    (60, [entry(30, 5), entry(55, 4)], None),
    (100, [entry(30, 5), entry(90, 1)], None),
    (100, [entry(30, 5), entry(90, 0)], None),
    (200, [entry(30, 5), entry(90, 0)], START + timedelta(hours=95)),
])
def test_item_14_a_warning_adds_the_visit_and_holds_back_loading(hours, entries, resolved):
    """Issue 12, item 14: 'book a visit' alerts change the plan, whatever the phase (000:80, 003:15)."""
    plan = plan_for(episode(resolved_at=resolved), entries, START + timedelta(hours=hours), day=3, alerts=OpenAlerts(warning=True))
    assert "book_visit" in keys(plan) and plan.phase != "return_to_training"
    assert not {"core", "strengthen", "gradual_load", "warm_up", "technique"} & set(keys(plan))


def test_item_12_bed_rest_advice_matches_the_rule():
    """004:448: no bed rest for moderate pain, 1-3 days at most for intense pain; the rule's default is 3."""
    assert "1-3 days" in ITEMS["relative_rest"].dose and "day or two" not in ITEMS["relative_rest"].dose


def test_item_13_exercises_cite_sources_and_say_when():
    assert all(exercise.source and all(":" in s for s in exercise.source) for exercise in EXERCISES.values())
    neck = " ".join(EXERCISES["neck-side-stretch"].stop_if).lower()
    assert "arm" in neck and "dizz" in neck
    for slug in ("plank", "bird-dog", "glute-bridge"):
        assert "once the pain has eased" in EXERCISES[slug].when
    assert "not deep warming" in ITEMS["heat"].dose and "004:485" in ITEMS["heat"].source


@pytest.mark.parametrize("flag", sorted(RED_FLAGS))
def test_every_red_flag_plan_matches_its_alert(flag):
    """Item 2: the plan says what the alert says: emergency care now, or a doctor now (issue 28, point 14)."""
    plan = plan_for(episode(side="center"), [entry(10, 4, red_flags=(flag,))], START + timedelta(hours=12), day=1)
    expected = "emergency_care" if RED_FLAGS[flag].emergency else "contact_clinician"
    assert plan.phase == "see_clinician" and keys(plan)[0] == expected


def test_every_item_names_its_source_and_why():
    for item in ITEMS.values():
        assert item.source and all(":" in s for s in item.source) and item.why and item.text
        assert set(item.exercises) <= set(EXERCISES)


def test_walking_carries_the_documented_dose():
    assert ITEMS["walk"].dose == "30-40 minutes in the day" and "001:52" in ITEMS["walk"].source


def test_every_exercise_says_how_much_and_when_to_stop():
    for exercise in EXERCISES.values():
        assert exercise.steps and exercise.dose and exercise.picture
        assert any("sharp" in reason.lower() for reason in exercise.stop_if)
        assert any("leg" in reason.lower() for reason in exercise.stop_if)
