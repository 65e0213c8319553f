"""A prescription of the same kind replaces the sourced item, inside the safety rails (issue 29, point 4)."""
from datetime import date

import pytest

from webapp.core.checklist.adherence import TickedDay, adherence_by_item
from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.prescription import PRESCRIBABLE, PlanItem, prescribed_day
from webapp.core.checklist.replacements import PROTECTED, same_kind
from webapp.core.checklist.schedule import INJURY_EXTRA, PHASE_ITEMS, SEE_CLINICIAN_ITEMS, WARNING_EXTRA, ChecklistDay

TODAY = date(2026, 12, 1)


def day_plan(phase: str, day: int = 5, pain: int | None = 1, keys=None, **fields) -> ChecklistDay:
    keys = keys or PHASE_ITEMS[phase]
    fields.setdefault("heat_waits", phase == "acute")
    return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in keys), pain=pain, **fields)


def keys_of(plan: ChecklistDay) -> list[str]:
    return [item.key for item in plan.items]


KINDS = [
    # name, phase, prescribed activity, the sourced item it replaces
    ("a walk replaces the acute days' gentle walk", "acute", "walk", "gentle_walk"),
    ("a gentle walk replaces the later walk", "subacute", "gentle_walk", "walk"),
    ("a walk replaces the walk of the recovery", "recovering", "walk", "walk"),
    ("heat after 48 h replaces the sourced heat", "subacute", "heat", "heat"),
    ("stretches replace the stretches", "subacute", "stretches", "stretches"),
    ("knee to chest is stretching: it replaces the stretches", "subacute", "knee-to-chest", "stretches"),
    ("the neck stretch replaces the stretches", "recovering", "neck-side-stretch", "stretches"),
    ("a pelvic tilt replaces the joint mobility", "subacute", "pelvic-tilt", "mobility"),
    ("joint mobility replaces joint mobility", "subacute", "mobility", "mobility"),
    ("the library's foam roller replaces the foam roller", "subacute", "foam-roller", "foam_roller"),
    ("the foam roller item replaces the foam roller", "subacute", "foam_roller", "foam_roller"),
    ("a plank replaces the core item", "recovering", "plank", "core"),
    ("glute bridges replace the core item", "recovering", "glute-bridge", "core"),
    ("the core item replaces the core item", "recovering", "core", "core"),
    ("strengthening replaces strengthening", "recovering", "strengthen", "strengthen"),
    ("massage replaces massage", "recovering", "massage", "massage"),
]


@pytest.mark.parametrize("name, phase, activity, sourced", KINDS, ids=[row[0] for row in KINDS])
def test_a_prescription_of_the_same_kind_stands_in_the_sourced_items_place(name, phase, activity, sourced):
    plan = day_plan(phase)
    merged = prescribed_day(plan, [PlanItem("a", "exercise", activity, minutes=20, from_day=3)], TODAY)
    assert sourced not in keys_of(merged) and "rx-a" in keys_of(merged)
    assert [(each.item.key, each.by) for each in merged.replaced] == [(sourced, ("rx-a",))]
    # In its place, not at the end: the rest of the day's plan keeps its order.
    assert keys_of(merged) == [("rx-a" if key == sourced else key) for key in keys_of(plan)]
    assert merged.replaced[0].reason.template == "Replaced by what your physiotherapist prescribed: %(names)s."


ADDS = [
    # name, plan, prescribed activity: nothing of the sourced plan is replaced
    ("cold in the first 48 h adds to the sourced cold", day_plan("acute"), "cold"),
    ("heat beside heat only after a clinician's check", day_plan("subacute", keys=("heat_after_check", *INJURY_EXTRA, "walk")), "heat"),
    ("a walk in the back-to-training phase has no walk to replace", day_plan("return_to_training"), "walk"),
]


@pytest.mark.parametrize("name, plan, activity", ADDS, ids=[row[0] for row in ADDS])
def test_a_prescription_with_no_sourced_item_of_its_kind_adds_to_the_plan(name, plan, activity):
    merged = prescribed_day(plan, [PlanItem("a", "exercise", activity, from_day=3)], TODAY)
    assert merged.replaced == () and keys_of(merged) == [*keys_of(plan), "rx-a"]


@pytest.mark.parametrize("activity", sorted(PRESCRIBABLE))
def test_no_prescription_ever_replaces_a_safety_item(activity):
    assert not same_kind(activity) & PROTECTED
    every_item = ChecklistDay(phase="recovering", day=9, items=tuple(ITEMS.values()), pain=0, heat_waits=False)
    merged = prescribed_day(every_item, [PlanItem("a", "exercise", activity, from_day=3)], TODAY)
    assert PROTECTED <= set(keys_of(merged))
    assert all(each.item.key not in PROTECTED for each in merged.replaced)


HELD_BACK = [
    # name, plan, prescribed activity, the sourced item that stays
    ("heat while the pain's first 48 h run", day_plan("subacute", keys=("heat", "walk"), heat_waits=True), "heat", "heat"),
    ("core before the pain has eased", day_plan("recovering", pain=4), "plank", "core"),
    ("core after the clinician's check, until the pain has eased", day_plan("recovering", loading_waits=True), "core", "core"),
]


@pytest.mark.parametrize("name, plan, activity, stays", HELD_BACK, ids=[row[0] for row in HELD_BACK])
def test_a_prescription_the_rails_hold_back_replaces_nothing(name, plan, activity, stays):
    merged = prescribed_day(plan, [PlanItem("a", "exercise", activity, from_day=3)], TODAY)
    assert [held.item.key for held in merged.held_back] == ["rx-a"]
    assert stays in keys_of(merged) and merged.replaced == ()


def test_on_a_warning_day_held_back_strengthening_leaves_the_sourced_walk_and_a_walk_still_replaces_it():
    plan = day_plan("recovering", keys=(*WARNING_EXTRA, "walk", "stretches"))
    merged = prescribed_day(plan, [PlanItem("a", "exercise", "strengthen", from_day=3), PlanItem("b", "exercise", "walk")], TODAY,
                            warning=True)
    assert [held.item.key for held in merged.held_back] == ["rx-a"]
    assert keys_of(merged) == ["book_visit", "no_sharp_training", "rx-b", "stretches"]


def test_a_see_a_clinician_day_replaces_nothing():
    plan = ChecklistDay(phase="see_clinician", day=4, items=tuple(ITEMS[key] for key in SEE_CLINICIAN_ITEMS["now"]))
    merged = prescribed_day(plan, [PlanItem("a", "exercise", "walk")], TODAY)
    assert merged.items == plan.items and merged.replaced == ()


def test_the_sourced_item_is_back_when_the_prescription_ends_or_is_removed():
    walk = PlanItem("a", "exercise", "walk", minutes=20, times_a_day=2, from_day=3, until_day=6)
    for day, shown in ((2, "walk"), (3, "rx-a"), (6, "rx-a"), (7, "walk")):
        merged = prescribed_day(day_plan("subacute", day=day), [walk], TODAY)
        assert shown in keys_of(merged) and ({"walk", "rx-a"} - {shown}).isdisjoint(keys_of(merged)), day
        assert [each.item.key for each in merged.replaced] == (["walk"] if shown == "rx-a" else [])
    assert prescribed_day(day_plan("subacute"), [], TODAY) == day_plan("subacute")


def test_two_prescriptions_of_one_kind_replace_the_sourced_item_once_and_both_show():
    merged = prescribed_day(day_plan("recovering"), [PlanItem("a", "exercise", "plank", from_day=3),
                                                     PlanItem("b", "exercise", "bird-dog", from_day=3)], TODAY)
    assert keys_of(merged) == ["rx-a", "rx-b", "strengthen", "walk", "stretches", "massage"]
    assert [(each.item.key, each.by) for each in merged.replaced] == [("core", ("rx-a", "rx-b"))]
    assert merged.replaced[0].reason == "Replaced by what your physiotherapist prescribed: Forearm plank, Bird-dog."


def test_a_paused_sourced_item_is_paused_not_replaced():
    merged = prescribed_day(day_plan("subacute"), [PlanItem("p", "pause", "walk", text="Too sore"), PlanItem("a", "exercise", "walk")], TODAY)
    assert [each.item.key for each in merged.paused] == ["walk"] and merged.replaced == () and "rx-a" in keys_of(merged)


def test_adherence_counts_the_prescribed_item_on_the_days_it_replaces_the_sourced_one():
    due = tuple(keys_of(prescribed_day(day_plan("subacute"), [PlanItem("a", "exercise", "walk", until_day=5)], TODAY)))
    after = tuple(keys_of(prescribed_day(day_plan("subacute", day=6), [PlanItem("a", "exercise", "walk", until_day=5)], TODAY)))
    rows = {row.key: row for row in adherence_by_item([TickedDay(date(2026, 11, 5), due, ("rx-a",), {}),
                                                       TickedDay(date(2026, 11, 6), after, ("walk",), {})])}
    assert (rows["rx-a"].days_due, rows["rx-a"].days_done) == (1, 1)
    assert (rows["walk"].days_due, rows["walk"].days_done) == (1, 1)
