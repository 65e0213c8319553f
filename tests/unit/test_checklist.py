"""The recovery schedule, by hour since the training and by pain trajectory (clinical-windows.md section 4)."""
from datetime import timedelta

import pytest

from tests.unit.test_rules import START, entry, episode
from webapp.checklist import ITEMS, plan_for
from webapp.checklist.exercises import EXERCISES


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
    ("injury start keeps 'avoid the movement' past 48 h", "004:33", 80, {"onset": "during", "character": "sharp"}, [entry(2, 6), entry(70, 5)], "subacute", {"avoid_trigger", "no_sharp_training", "heat"}, set()),
    ("injury start, eased: still no training through sharp pain", "004:33", 120, {"onset": "right_after", "character": "dull_ache"}, [entry(2, 6, movement="worsens"), entry(110, 2)], "recovering", {"no_sharp_training", "core"}, set()),
    ("soreness start does not add the injury items", "003:3", 80, {}, [entry(30, 5), entry(70, 4)], "subacute", set(), {"avoid_trigger", "no_sharp_training"}),
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
    plan = plan_for(episode(), [entry(30, 4)], START + timedelta(hours=60), day=3, urgent_alert=True)
    assert plan.phase == "see_clinician"


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
