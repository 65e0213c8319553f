"""Issue 28, points 5-7: prescribed core work keeps the eased-pain rail, free text about heat in both languages,
and thresholds a physiotherapist may tighten but never loosen past the sources."""
from datetime import date, timedelta

import pytest

from tests.unit.test_rules import START, entry, episode
from webapp.core.checklist import plan_for
from webapp.core.checklist.exercises import ONLY_ONCE_EASED
from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.prescription import CORE, PlanItem, prescribed_day, prescription_problems
from webapp.core.checklist.schedule import EASED_PAIN_MAX, PHASE_ITEMS, ChecklistDay
from webapp.core.rules.thresholds import LIMITS, Thresholds, threshold_problems

TODAY = date(2026, 12, 1)
CAUTION = "Only once the pain has eased (2/10 or less)"


def sourced(phase: str, day: int, pain: int | None, heat_waits: bool = False) -> ChecklistDay:
    return ChecklistDay(phase=phase, day=day, items=tuple(ITEMS[key] for key in PHASE_ITEMS[phase]), heat_waits=heat_waits, pain=pain)


CORE_RAIL = [
    # name, source, phase, pain logged last, shown (else held back until the pain has eased)
    ("day 4 at 6/10: held back", "004:487, 003:12: core work once the pain has eased", "subacute", 6, False),
    ("just above the eased threshold: held back", "EASED_PAIN_MAX, the sourced core item's rail", "subacute", EASED_PAIN_MAX + 1, False),
    ("no pain logged since the first 48 hours: held back", "the safe side", "subacute", None, False),
    ("eased to the threshold: shown", "003:12", "recovering", EASED_PAIN_MAX, True),
    ("pain gone: shown", "003:12", "recovering", 0, True),
    ("back to training: shown", "003:11-12", "return_to_training", 0, True),
]
CORE_ITEMS = [PlanItem("plank", "exercise", "plank", hold_seconds=20, from_day=3), PlanItem("core", "exercise", "core", from_day=3),
              PlanItem("strengthen", "exercise", "strengthen", from_day=3), PlanItem("bird-dog", "exercise", "bird-dog", sets=3, reps=10)]


@pytest.mark.parametrize("name, source, phase, pain, shown", CORE_RAIL, ids=[row[0] for row in CORE_RAIL])
@pytest.mark.parametrize("item", CORE_ITEMS, ids=[item.id for item in CORE_ITEMS])
def test_prescribed_core_work_waits_for_the_pain_to_ease_as_the_sourced_core_item_does(name, source, phase, pain, shown, item):
    plan = prescribed_day(sourced(phase, 4, pain), [item], TODAY)
    added = {each.key: each for each in plan.items}
    held = {each.item.key: each.reason for each in plan.held_back}
    if shown:
        assert f"rx-{item.id}" in added and not held
        assert CAUTION in added[f"rx-{item.id}"].why
    else:
        assert f"rx-{item.id}" not in added
        assert held == {f"rx-{item.id}": f"Core work waits until the pain you log has eased to {EASED_PAIN_MAX}/10 or less."}


def _prescribed(plan, activity):
    # The prescribed item stands where the sourced item of its kind stood, if any (replacements).
    return {item.key: item for item in prescribed_day(plan, [PlanItem("a", "exercise", activity)], TODAY).items}["rx-a"]


def test_the_caution_is_the_librarys_own_line_once_and_other_exercises_do_not_carry_it():
    for activity in sorted(CORE):
        assert _prescribed(sourced("recovering", 5, 1), activity).why.count(CAUTION) == 1, activity
    assert ONLY_ONCE_EASED in _prescribed(sourced("recovering", 5, 1), "plank").why
    assert CAUTION not in _prescribed(sourced("subacute", 5, 6), "knee-to-chest").why


def test_through_the_plan_a_plank_from_day_3_is_held_back_at_6_of_10_and_shown_once_eased():
    # Training at 18:00 on day 1; day 4 is 54-78 h after it.
    plank = PlanItem("plank", "exercise", "plank", hold_seconds=20, from_day=3)
    at = START + timedelta(hours=70)
    sore = prescribed_day(plan_for(episode(), [entry(20, 5), entry(66, 6)], at, 4), [plank], TODAY)
    assert sore.phase == "subacute" and sore.pain == 6
    assert [held.item.key for held in sore.held_back] == ["rx-plank"] and "rx-plank" not in {item.key for item in sore.items}
    eased = prescribed_day(plan_for(episode(), [entry(20, 5), entry(66, 2)], at, 4), [plank], TODAY)
    # Shown, the plank is the day's core work: the sourced core item is replaced by it, not beside it.
    assert eased.phase == "recovering" and "core" not in {item.key for item in eased.items}
    assert [(each.item.key, each.by) for each in eased.replaced] == [("core", ("rx-plank",))]
    assert "rx-plank" in {item.key for item in eased.items} and eased.held_back == ()


# In the first 48 h, from day 1: refused (the text asks for heat), a note (it may be heat: the rail cannot place it),
# or an instruction of the plan (nothing in it reads as heat).
PHRASINGS = [
    ("Take a warm bath tonight", "refused"),
    ("A warm shower before bed", "refused"),
    ("Sleep with the electric blanket on", "refused"),
    ("Hot bath after the walk", "refused"),
    ("A warm, relaxing bath before bed", "refused"),
    ("Take a bath tonight, nice and warm", "refused"),
    ("Shower, hot, 10 minutes", "refused"),
    ("Sauna after work", "refused"),
    ("Hot tub with the team", "refused"),
    ("Jacuzzi 10 minutes", "refused"),
    ("Heating pad on the lower back", "refused"),
    ("Heat pack, 15 minutes", "refused"),
    ("Wear a heat wrap at work", "refused"),
    ("Hot water bottle tonight", "refused"),
    ("Rub in some heat cream", "refused"),
    ("Heat rub twice a day", "refused"),
    ("Infrared lamp 10 minutes", "refused"),
    ("Warm the area with your hands", "refused"),
    ("Capsaicin cream on the sore spot", "refused"),
    ("Don't forget the heat pack", "refused"),
    ("No ice, use heat", "refused"),
    ("No heat until tomorrow", "refused"),
    ("Calor local 15 minutos", "refused"),
    ("Baño caliente antes de dormir", "refused"),
    ("Un baño templado por la noche", "refused"),
    ("Un BAÑO TIBIO", "refused"),
    ("Un baño largo y templado", "refused"),
    ("Ducha caliente al levantarse", "refused"),
    ("Ducha templada después de entrenar", "refused"),
    ("Bolsa de agua caliente por la noche", "refused"),
    ("Bolsa de agua tibia en la zona lumbar", "refused"),
    ("Manta eléctrica al acostarse", "refused"),
    ("Almohadilla térmica 20 minutos", "refused"),
    ("Esterilla electrica por la noche", "refused"),
    ("Sesión de sauna", "refused"),
    ("Parche térmico en el trabajo", "refused"),
    ("Crema de calor dos veces al día", "refused"),
    ("Lámpara de infrarrojos", "refused"),
    ("Hidromasaje 10 minutos", "refused"),
    ("Sin hielo, con calor", "refused"),
    ("No olvide la bolsa de agua caliente", "refused"),
    # May be heat, does not say so: accepted, but in the first 48 h shown as the physiotherapist's note.
    ("Take a bath tonight", "note"),
    ("Soak in the tub after work", "note"),
    ("Keep the lower back warm", "note"),
    ("Spa day on Saturday", "note"),
    ("Un rato en la bañera", "note"),
    ("Dúchese después de entrenar", "note"),
    ("Mantenga la espalda abrigada", "note"),
    ("Duchas, pero no calientes", "note"),
    # Not heat: an instruction of the plan.
    ("Warm up 10 minutes before lifting", "instruction"),
    ("A proper warm-up first", "instruction"),
    ("Haga un calentamiento antes de correr", "instruction"),
    ("Calentamiento de 10 minutos", "instruction"),
    ("No heat for 48 hours", "instruction"),
    ("Avoid heat, use ice", "instruction"),
    ("Use ice, not heat", "instruction"),
    ("No hot baths or saunas yet", "instruction"),
    ("Sin calor estos días", "instruction"),
    ("Evite el calor y camine", "instruction"),
    ("Nada de sauna ni baños calientes", "instruction"),
    ("A cold shower after training", "instruction"),
    ("Ducha fría después de entrenar", "instruction"),
    ("Sleep on your side with a pillow between the knees", "instruction"),
    ("Camine 20 minutos dos veces al día", "instruction"),
]


@pytest.mark.parametrize("text, placed", PHRASINGS, ids=[row[0] for row in PHRASINGS])
def test_free_text_in_the_first_48_hours_is_refused_a_note_or_an_instruction_and_the_safety_items_stay(text, placed):
    item = PlanItem("said", "instruction", text=text)
    problems = prescription_problems(item, TODAY)
    assert ("from_day" in problems) == (placed == "refused"), problems
    acute = sourced("acute", 1, 5, heat_waits=True)
    merged = prescribed_day(acute, [item], TODAY)
    assert merged.instructions == ((text,) if placed == "instruction" else ())
    assert merged.notes == ((text,) if placed == "note" else ())
    assert merged.items == acute.items and {"cold", "no_heat"} <= {each.key for each in merged.items}
    later = prescribed_day(sourced("subacute", 4, 5), [PlanItem("said", "instruction", text=text, from_day=3)], TODAY)
    assert later.instructions == (text,) and later.notes == ()


def test_a_heat_text_stored_from_day_3_is_neither_instruction_nor_note_while_the_pain_is_in_its_48_hours():
    plan = prescribed_day(sourced("acute", 3, 5, heat_waits=True), [PlanItem("said", "instruction", text="Take a warm bath tonight",
                                                                             from_day=3)], TODAY)
    assert plan.instructions == () and plan.notes == ()


# The sources' bound of each limit a physiotherapist may only tighten: (name, the bound, the next value, past it).
SOURCE_BOUNDS = [
    ("heat_avoid_hours", 48, 47, "003:10, 004:493-495: ice in the first 48 h, heat only after"),
    ("bed_rest_days", 3, 4, "004:448: bed rest 1-3 days at most"),
    ("severe_alert_min", 7, 8, "NRS 7-10 is severe: a higher threshold would miss severe pain"),
    ("doms_window_hours", 72, 73, "003:3: DOMS should be gone within about 72 h"),
    ("persisting_days", 7, 8, "000:80: soreness lasts 3-7 days"),
    ("no_improvement_days", 10, 11, "003:15: not improving after 7 to 10 days"),
    ("recurrence_days", 3, 4, "004:474: periodic pains that last more than 3 days"),
]


@pytest.mark.parametrize("name, bound, past, source", SOURCE_BOUNDS, ids=[row[0] for row in SOURCE_BOUNDS])
def test_a_sourced_limit_can_be_tightened_to_its_bound_and_never_loosened_past_it(name, bound, past, source):
    limit = LIMITS[name]
    tighter = limit.high if past < bound else limit.low
    assert threshold_problems({name: bound}) == {} and threshold_problems({name: tighter}) == {}
    assert threshold_problems({name: past})[name][-1] == limit.reason
    assert "can only be" in limit.reason or "never later" in limit.reason
    assert threshold_problems({name: tighter + (1 if past < bound else -1)})[name]
    assert (limit.low if past < bound else limit.high) == bound
    # Older data past the bound reads as the bound, not as the default or a crash.
    assert getattr(Thresholds.with_overrides({name: past}), name) == bound
    assert getattr(Thresholds.with_overrides({name: past - 1000 if past < bound else past + 1000}), name) == bound
    assert getattr(Thresholds.with_overrides({name: 10**400}), name) == limit.high


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_every_limit_refuses_both_sides_of_its_range_and_reads_stored_values_inside_it(name):
    limit = LIMITS[name]
    assert threshold_problems({name: limit.low}) == threshold_problems({name: limit.high}) == {}
    assert name in threshold_problems({name: limit.low - 1}) and name in threshold_problems({name: limit.high + 1})
    assert getattr(Thresholds.with_overrides({name: limit.low - 1}), name) == limit.low
    assert getattr(Thresholds.with_overrides({name: limit.high + 1}), name) == limit.high
    assert name not in Thresholds.with_overrides({name: limit.default}).overridden


def test_older_overrides_past_the_sources_are_read_on_the_safe_side():
    thresholds = Thresholds.with_overrides({"heat_avoid_hours": 12, "bed_rest_days": 7, "severe_alert_min": 10, "no_improvement_days": 30})
    assert (thresholds.heat_avoid_hours, thresholds.bed_rest_days, thresholds.severe_alert_min, thresholds.no_improvement_days) == (48, 3, 7, 10)
    assert thresholds.overridden == ("no_improvement_days",)
