"""A physiotherapist's changes merged into the sourced plan: the safety rails hold whatever the edits (issue 18)."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.core.checklist import prescription
from webapp.core.checklist.adherence import TickedDay, adherence_by_item
from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.prescription import PlanItem, prescribed_day, prescription_problems
from webapp.core.checklist.replacements import PROTECTED
from webapp.core.checklist.schedule import PHASE_ITEMS, SEE_CLINICIAN_ITEMS, ChecklistDay

TODAY = date(2026, 12, 1)

RAILS = [
    # name, source, item, field refused (None: accepted)
    ("heat on day 1 is refused", "003:10", PlanItem("a", "exercise", "heat", minutes=15), "from_day"),
    ("heat on day 2 is refused", "004:493-495", PlanItem("a", "exercise", "heat", minutes=15, from_day=2), "from_day"),
    ("heat from day 3 is accepted", "003:10", PlanItem("a", "exercise", "heat", minutes=15, from_day=3), None),
    ("a plank from day 1 is refused", "004:487", PlanItem("a", "exercise", "plank", hold_seconds=20), "from_day"),
    ("bird-dogs 3 x 10 from day 3 are accepted", "003:12", PlanItem("a", "exercise", "bird-dog", sets=3, reps=10, from_day=3), None),
    ("the core item from day 2 is refused", "004:487", PlanItem("a", "exercise", "core", from_day=2), "from_day"),
    ("a walk from day 1 is accepted", "001:52", PlanItem("a", "exercise", "walk", minutes=20, times_a_day=2), None),
    ("an instruction to use heat on day 1 is refused", "003:10", PlanItem("a", "instruction", text="Hot water bottle tonight"), "from_day"),
    ("an instruction to warm up is not about heat", "003:11", PlanItem("a", "instruction", text="Warm up 10 minutes before lifting"), None),
    ("the emergency advice cannot be paused", "004:472-473", PlanItem("a", "pause", "emergency_care", text="no"), "activity"),
    ("the clinician advice cannot be paused", "003:14-15", PlanItem("a", "pause", "contact_clinician", text="no"), "activity"),
    ("no heat in the first 48 h cannot be paused", "003:10", PlanItem("a", "pause", "no_heat", text="no"), "activity"),
    ("a pause needs its reason", "-", PlanItem("a", "pause", "foam_roller"), "text"),
    ("the foam roller can be paused", "000:105", PlanItem("a", "pause", "foam_roller", text="too sore"), None),
    ("reps and a hold together are refused", "-", PlanItem("a", "exercise", "bird-dog", reps=10, hold_seconds=5, from_day=3), "reps"),
    ("an unknown exercise is refused", "-", PlanItem("a", "exercise", "deadlift"), "activity"),
    ("an avoid item needs an end", "-", PlanItem("a", "avoid", text="deadlifts"), "until"),
    ("an avoid item ending in the past is refused", "-", PlanItem("a", "avoid", text="deadlifts", until=TODAY - timedelta(days=1)), "until"),
    ("avoid deadlifts for two weeks", "-", PlanItem("a", "avoid", text="deadlifts", until=TODAY + timedelta(days=14)), None),
]


@pytest.mark.parametrize("name, source, item, field", RAILS, ids=[row[0] for row in RAILS])
def test_the_rails_refuse_what_the_sources_forbid(name, source, item, field):
    problems = prescription_problems(item, TODAY)
    assert (field in problems) if field else not problems, problems


def test_dosage_reads_as_a_prescription():
    assert prescription.dosage(PlanItem("a", "exercise", "bird-dog", sets=3, reps=10, times_a_day=1, from_day=3)) == "3 x 10, once a day, from day 3"
    assert prescription.dosage(PlanItem("a", "exercise", "walk", minutes=20, times_a_day=2)) == "20 minutes, twice a day"
    assert prescription.dosage(PlanItem("a", "exercise", "plank", hold_seconds=20, sets=3, from_day=5, until_day=14)) == "hold 20 s, 3 times, from day 5 to day 14"


def sourced(phase: str, day: int) -> ChecklistDay:
    keys = SEE_CLINICIAN_ITEMS["emergency"] if phase == "see_clinician" else PHASE_ITEMS[phase]
    return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in keys))


ACTIVITIES = sorted({*prescription.PRESCRIBABLE, *prescription.PAUSABLE, *prescription.UNPAUSABLE, "deadlift"})
days = st.one_of(st.none(), st.integers(1, 20))
plan_items = st.builds(
    PlanItem, id=st.uuids().map(str), kind=st.sampled_from(prescription.KINDS), activity=st.sampled_from(ACTIVITIES),
    sets=st.one_of(st.none(), st.integers(1, 5)), reps=st.one_of(st.none(), st.integers(1, 20)), minutes=st.one_of(st.none(), st.integers(1, 60)),
    from_day=days, until_day=days, text=st.sampled_from(["use a heat pack", "deadlifts", "too sore", None]),
    until=st.one_of(st.none(), st.dates(TODAY - timedelta(days=3), TODAY + timedelta(days=30))),
)
phases = st.sampled_from([*PHASE_ITEMS, "see_clinician"])


@settings(max_examples=300, deadline=None)
@given(st.lists(plan_items, max_size=8), phases, st.integers(1, 20), st.booleans())
def test_whatever_the_edits_the_merged_plan_keeps_the_rails(items, phase, day, warning):
    plan = sourced(phase, day)
    merged = prescribed_day(plan, items, TODAY, warning)
    shown = {item.key: item for item in merged.items}
    prescribed = {f"rx-{item.id}": item for item in items}
    # The red-flag advice and the protective items of the sourced plan are always there.
    assert {item.key for item in plan.items if item.key in prescription.UNPAUSABLE} <= set(shown)
    if phase == "see_clinician":
        assert merged.items == plan.items
    if phase == "acute":
        assert not any(key in prescribed and prescribed[key].activity in prescription.HEAT | prescription.CORE for key in shown)
        assert "heat" not in shown
    if warning:
        assert not any(key in prescribed and prescribed[key].activity in prescription.CORE for key in shown)
    # Every sourced item is shown unless a pause in force today names it or a prescribed item shown stands in its place
    # (never a safety item's); every prescribed item shown is in force today.
    pauses = {item.activity for item in items if item.kind == "pause" and item.on_day(day)}
    replaced = {each.item.key: each.by for each in merged.replaced}
    assert all(item.key in shown or item.key in pauses or item.key in replaced for item in plan.items)
    assert not set(replaced) & PROTECTED and all(by and set(by) <= set(shown) for by in replaced.values())
    assert all(prescribed[key].on_day(day) and prescribed[key].kind == "exercise" for key in shown if key.startswith("rx-"))


@settings(max_examples=200, deadline=None)
@given(st.lists(plan_items, max_size=6), phases, st.integers(1, 20))
def test_removing_a_change_restores_the_sourced_plan(items, phase, day):
    plan = sourced(phase, day)
    assert prescribed_day(plan, [], TODAY) == plan
    for removed in items:
        kept = [item for item in items if item is not removed]
        merged = prescribed_day(plan, kept, TODAY)
        shown = {item.key for item in merged.items}
        still_paused = {item.activity for item in kept if item.kind == "pause" and item.on_day(day)}
        still_replaced = {each.item.key for each in merged.replaced}
        assert {item.key for item in plan.items} - still_paused - still_replaced <= shown
        assert f"rx-{removed.id}" not in shown


@settings(max_examples=300, deadline=None)
@given(plan_items)
def test_an_accepted_edit_never_schedules_heat_or_core_in_the_acute_days(item):
    if prescription_problems(item, TODAY):
        return
    if item.kind == "exercise" and item.activity in prescription.HEAT | prescription.CORE:
        assert (item.from_day or 1) >= prescription.FIRST_DAY_AFTER_ACUTE
    if item.kind == "pause":
        assert item.activity not in prescription.UNPAUSABLE


def test_adherence_per_item_counts_only_the_days_it_was_due():
    days = [
        TickedDay(date(2026, 11, 3), ("walk", "rx-1"), ("walk", "rx-1"), {"rx-1": {"pain": 3, "effort": "too_hard"}}),
        TickedDay(date(2026, 11, 4), ("walk", "rx-1"), ("rx-1",), {"rx-1": {"pain": 2, "effort": "fine"}}),
        TickedDay(date(2026, 11, 5), ("walk",), ("walk", "rx-1"), {"rx-1": {"pain": 9}}),
        TickedDay(date(2026, 11, 6), ("walk", "rx-1"), (), {"rx-1": {"pain": 5}}),  # feedback without the tick does not count
    ]
    rows = {row.key: row for row in adherence_by_item(days)}
    assert (rows["walk"].days_due, rows["walk"].days_done) == (4, 2)
    assert (rows["rx-1"].days_due, rows["rx-1"].days_done) == (3, 2)
    assert rows["rx-1"].pains == ((date(2026, 11, 3), 3), (date(2026, 11, 4), 2), (date(2026, 11, 5), 9))
    assert rows["rx-1"].efforts == {"too_hard": 1, "fine": 1} and rows["rx-1"].worst_pain == 9
