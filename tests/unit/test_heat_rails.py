"""Issues 27 (finding 5) and 32: the heat rails read every text, past hidden characters, and keep the pain's own 48 h."""
from datetime import date, timedelta

import pytest

from tests.unit.test_rules import START, entry, episode
from webapp.core.checklist import plan_for
from webapp.core.checklist.heat_text import heat_asked, normalised
from webapp.core.checklist.prescription import PlanItem, prescribed_day, prescription_problems

TODAY = date(2026, 12, 1)
ZWSP, ZWNJ, ZWJ, WORD_JOINER, BOM, SOFT_HYPHEN = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"

PHRASINGS = [
    # name, text, the words read as heat (None: the text does not ask for heat)
    ("heat", "Heat on the lower back", "heat"),
    ("heat pack", "Use a heat pack on the sore area", "heat pack"),
    ("heating pad", "Heating pad 15 minutes", "heating pad"),
    ("hot pack", "A hot pack after the walk", "hot pack"),
    ("hot water bottle", "Hot water bottle tonight", "hot water bottle"),
    ("hot-water bottle, hyphenated", "Take a hot-water bottle to bed", "hot water bottle"),
    ("warm compress", "Warm compress twice a day", "warm compress"),
    ("hot bath", "A hot bath before bed", "hot bath"),
    ("hot shower", "Walk 20 minutes, then a hot shower", "hot shower"),
    ("sauna", "Sauna after training is fine", "sauna"),
    ("heat wrap", "Wear a heat wrap at work", "heat wrap"),
    ("thermal wrap", "Thermal wrap during the day", "thermal wrap"),
    ("electric blanket", "Sleep with the electric blanket on", "electric blanket"),
    ("calor", "Aplique calor 15 minutos", "calor"),
    ("compresas calientes", "Compresas calientes en la zona lumbar", "compresas calientes"),
    ("bolsa de agua caliente", "Bolsa de agua caliente por la noche", "bolsa de agua caliente"),
    ("manta eléctrica", "Manta eléctrica al acostarse", "manta electrica"),
    ("almohadilla térmica", "Almohadilla térmica 20 minutos", "almohadilla termica"),
    ("ducha caliente", "Una ducha caliente al levantarse", "ducha caliente"),
    ("baño caliente", "Baño caliente antes de dormir", "bano caliente"),
    ("sauna, in Spanish", "Sesión de sauna después de entrenar", "sauna"),
    ("capitals", "HOT BATH TONIGHT", "hot bath"),
    ("fullwidth letters", "ｈｅａｔ ｐａｃｋ", "heat pack"),
    ("mathematical bold letters", "𝐡𝐞𝐚𝐭 tonight", "heat"),
    ("zero-width space inside a word", f"he{ZWSP}at pack", "heat pack"),
    ("zero-width space between words", f"apply{ZWSP}heat", "heat"),
    ("zero-width (non-)joiners and byte-order mark", f"H{ZWNJ}E{ZWJ}A{BOM}T", "heat"),
    ("word joiner and soft hyphen in Spanish", f"c{WORD_JOINER}al{SOFT_HYPHEN}or", "calor"),
    ("soft hyphen between words", f"hot{SOFT_HYPHEN}pack", "hotpack"),
    ("Cyrillic а and е", "h\u0435\u0430t", "heat"),
    ("Cyrillic о, р and с", "h\u043et \u0440a\u0441k", "hot pack"),
    ("Cyrillic с in Spanish", "\u0441alor", "calor"),
    ("Greek capitals", "\u0397\u0395\u0391\u03a4", "heat"),
    ("Greek ο", "\u0397ot water b\u03bfttle", "hot water bottle"),
    ("accented Latin", "hèàt", "heat"),
    # Negations that rule heat out: the sources' own "no heat" stays writable.
    ("no heat", "No heat for 48 hours", None),
    ("avoid heat", "Avoid heat, use ice", None),
    ("do not use a heating pad", "Do not use a heating pad", None),
    ("a list under one negation", "No sauna, hot baths or heat packs", None),
    ("ice instead of heat", "Use ice instead of heat", None),
    ("sin calor", "Sin calor estos días", None),
    ("evite el calor", "Evite el calor y camine", None),
    ("ni calor ni frío", "Ni calor ni frío, solo reposo relativo", None),
    ("no te pongas una manta eléctrica", "No te pongas una manta eléctrica", None),
    ("zero-width space after the negation", f"no{ZWSP}heat", None),
    # What reads like a negation but asks for heat.
    ("a double negation", "Don't avoid heat", "heat"),
    ("don't forget the heat", "Don't forget the heat pack", "heat pack"),
    ("the negation is of something else", "No ice, heat", "heat"),
    ("a 'but' after the negation", "No ice but a hot bath", "hot bath"),
    ("a negation that says when heat begins", "No heat until tomorrow", "heat"),
    ("sin calor hasta mañana", "Sin calor hasta mañana", "calor"),
    ("a negation after the words", "Heat is not a problem", "heat"),
    # Not heat at all.
    ("the warm-up before training", "Warm up 10 minutes before lifting", None),
    ("calentamiento", "Calentamiento de 10 minutos antes de entrenar", None),
    ("words that hold 'heat'", "Wheat bread; theatre; a thermometer", None),
    ("a plain instruction", "Sleep on your side with a pillow between the knees", None),
]


@pytest.mark.parametrize("name, text, words", PHRASINGS, ids=[row[0] for row in PHRASINGS])
def test_heat_is_read_in_both_languages_past_invisible_and_look_alike_characters(name, text, words):
    assert heat_asked(text) == words


AVOID_TEXTS = [
    # name, what to avoid, the words read as heat
    ("heat is what to avoid", "heat", None),
    ("a list of heat", "hot baths and saunas", None),
    ("a list with heat in it", "deadlifts and saunas", None),
    ("Spanish, with a zero-width space", f"sau{ZWSP}na y baños calientes", None),
    ("a verb that asks for heat", "deadlifts, use a heat pack", "heat pack"),
    ("a second sentence that asks for heat", "deadlifts. A hot bath tonight", "hot bath"),
    ("en su lugar, calor", "peso muerto; mejor bolsa de agua caliente", "bolsa de agua caliente"),
]


@pytest.mark.parametrize("name, text, words", AVOID_TEXTS, ids=[row[0] for row in AVOID_TEXTS])
def test_what_to_avoid_is_a_negation_by_itself_until_it_asks_for_something(name, text, words):
    assert heat_asked(text, avoiding=True) == words


def test_the_normal_form_folds_width_case_accents_look_alikes_and_drops_invisibles():
    assert normalised(f"Ｈ\u0435{ZWSP}ÁT{SOFT_HYPHEN}\u2014Térmica") == "heat termica"
    assert normalised(f"Don’t  use\u00a0a{ZWSP}hot pack", invisible=" ") == "dont use a hot pack"


RAILS = [
    # name, source and reasoning, item, field refused (None: accepted)
    ("a heat note on an exercise from day 1 is refused", "003:10: ice in the first 48 h, heat later",
     PlanItem("a", "exercise", "walk", minutes=20, text="then a hot shower"), "from_day"),
    ("a heat note on an exercise from day 3 is accepted (held back while the pain is acute)", "003:10",
     PlanItem("a", "exercise", "walk", minutes=20, from_day=3, text="then a hot shower"), None),
    ("a heat pause reason from day 1 is refused", "004:493-495: heat after an acute injury is strictly prohibited",
     PlanItem("a", "pause", "cold", text="swap the ice for a heat pack"), "from_day"),
    ("a heat pause reason from day 3 is accepted (held back while the pain is acute)", "003:10",
     PlanItem("a", "pause", "cold", from_day=3, text="swap the ice for a heat pack"), None),
    ("a heat instruction hidden by a zero-width space is refused on day 1", "003:10",
     PlanItem("a", "instruction", text=f"He{ZWSP}at pack tonight"), "from_day"),
    ("a Spanish heat instruction with a Cyrillic letter is refused on day 2", "004:493-495",
     PlanItem("a", "instruction", text="Compresas \u0441alientes", from_day=2), "from_day"),
    ("an avoid text that asks for heat is refused whatever the day", "an avoid item has no first day: it shows from today",
     PlanItem("a", "avoid", text="deadlifts; use a heat pack instead", until=TODAY + timedelta(days=7)), "text"),
    ("an avoid text naming heat to avoid is accepted", "003:10: no heat in the first 48 h",
     PlanItem("a", "avoid", text="saunas and hot baths", until=TODAY + timedelta(days=7)), None),
    ("an instruction ruling heat out is accepted on day 1", "003:10",
     PlanItem("a", "instruction", text="No heat yet: ice 15 minutes, three times a day"), None),
    ("a pause reason ruling heat out is accepted on day 1", "003:10",
     PlanItem("a", "pause", "gentle_walk", text="Reposo relativo, sin calor"), None),
]


@pytest.mark.parametrize("name, source, item, field", RAILS, ids=[row[0] for row in RAILS])
def test_every_text_a_physiotherapist_writes_is_held_to_the_heat_rail(name, source, item, field):
    problems = prescription_problems(item, TODAY)
    assert (field in problems) if field else not problems, problems


def test_a_refusal_names_the_words_read_as_heat():
    problems = prescription_problems(PlanItem("a", "instruction", text=f"Hot{ZWSP} water bottle"), TODAY)
    assert problems["from_day"] == ["“hot water bottle” reads as heat, and heat is never used in the first 48 hours of the pain: "
                                    "start this on day 3 or later (the athlete sees it once those 48 hours are over)."]
    problems = prescription_problems(PlanItem("a", "avoid", text="lifting, apply heat", until=TODAY), TODAY)
    assert problems["text"][0].startswith("“heat” asks for heat")


def test_a_heat_exercise_from_day_1_gets_one_reason_to_start_later():
    problems = prescription_problems(PlanItem("a", "exercise", "heat", minutes=15, text="heat pack"), TODAY)
    assert len(problems["from_day"]) == 1 and "never scheduled" in problems["from_day"][0]


# Every kind of change, all from day 3 as the day rail asks, each asking for heat in its own way.
HEAT_CHANGES = [
    PlanItem("heat", "exercise", "heat", minutes=15, from_day=3),
    PlanItem("note", "exercise", "walk", minutes=20, from_day=3, text="Then a hot shower"),
    PlanItem("said", "instruction", text="Bolsa de agua caliente por la noche", from_day=3),
    PlanItem("pause", "pause", "cold", from_day=3, text="Swap the ice for a heat pack"),
    # Stored before the rail read avoid texts: shown only as the others are.
    PlanItem("avoid", "avoid", text="deadlifts; then a sauna", until=TODAY + timedelta(days=7)),
]
HARMLESS = [
    PlanItem("ok-said", "instruction", text="No heat yet: ice 15 minutes"),
    PlanItem("ok-avoid", "avoid", text="hot baths and saunas", until=TODAY + timedelta(days=7)),
]


def day_at(hours: float) -> tuple:
    at = START + timedelta(hours=hours)
    return at, (at.date() - START.date()).days + 1


def merged(facts, entries, hours):
    at, day = day_at(hours)
    return prescribed_day(plan_for(facts, entries, at, day), [*HEAT_CHANGES, *HARMLESS], TODAY)


def assert_heat_held_back(plan):
    assert {held.item.key: held.reason for held in plan.held_back} == {
        "rx-heat": "Heat waits until the first 48 hours of the pain are over.",
        "rx-note": "Heat waits until the first 48 hours of the pain are over.",
    }
    assert not any(item.key in ("rx-heat", "rx-note") for item in plan.items)
    assert plan.instructions == ("No heat yet: ice 15 minutes",)
    assert [item.id for item in plan.avoid] == ["ok-avoid"]


def test_a_pain_that_began_late_holds_back_heat_from_day_3_until_its_own_48_hours_pass():
    # The pain began 60 h after training (day 3); 80 h after training is day 5, but only 20 h into the pain.
    late = episode(onset="later")
    plan = merged(late, [entry(60, 5)], 80)
    assert plan.day == 5 and plan.phase == "acute" and plan.heat_waits
    assert_heat_held_back(plan)
    assert plan.paused == () and "cold" in [item.key for item in plan.items]
    after = merged(late, [entry(60, 5)], 60 + 48)
    assert after.phase == "subacute" and not after.heat_waits and after.held_back == ()
    # Shown, the prescribed heat and walk are the day's: the sourced heat and walk are replaced by them.
    assert {"rx-heat", "rx-note"} <= {item.key for item in after.items} and not {"heat", "walk"} & {item.key for item in after.items}
    assert [(each.item.key, each.by) for each in after.replaced] == [("heat", ("rx-heat",)), ("walk", ("rx-note",))]
    assert after.instructions == ("Bolsa de agua caliente por la noche", "No heat yet: ice 15 minutes")
    assert [item.id for item in after.avoid] == ["avoid", "ok-avoid"]


def test_a_late_pain_not_logged_yet_holds_heat_back_whatever_the_day():
    plan = merged(episode(onset="later"), [], 24 * 9)
    assert plan.day == 10 and plan.heat_waits
    assert_heat_held_back(plan)


def test_on_day_3_within_48_hours_of_the_training_heat_is_held_back():
    # Training at 18:00 on day 1: day 3 begins 30 h later, the first 48 h end at 18:00 on day 3.
    plan = merged(episode(), [entry(14, 4)], 40)
    assert plan.day == 3 and plan.phase == "acute"
    assert_heat_held_back(plan)
    assert merged(episode(), [entry(14, 4)], 48).held_back == ()


def test_closing_the_episode_within_the_48_hours_does_not_end_them():
    closed = episode(onset="later", resolved_at=START + timedelta(hours=70))
    plan = merged(closed, [entry(60, 5), entry(68, 0)], 75)
    assert plan.phase == "return_to_training" and plan.heat_waits
    assert_heat_held_back(plan)


def test_a_red_flag_day_in_the_48_hours_keeps_an_avoid_text_that_asks_for_heat_hidden():
    plan = merged(episode(onset="later"), [entry(60, 5, red_flags=("leg_pain_below_knee",))], 70)
    assert plan.phase == "see_clinician" and plan.heat_waits
    assert [item.id for item in plan.avoid] == ["ok-avoid"]
