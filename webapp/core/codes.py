"""The API's code lists (described in /api/v1/openapi.json) with the words people see.

One source for the forms, the pages, the API's validation and, later, the
offline app: add a code here and everywhere follows. What each red flag means
clinically is in its source lines, and the rules that read them in webapp/core/rules/table.py.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from webapp.core.sources import claim_ids
from webapp.core.wording import N_

REGIONS = {
    "neck": N_("Neck"),
    "upper_back": N_("Upper back"),
    "mid_back": N_("Mid back"),
    "lower_back": N_("Lower back"),
    "tailbone": N_("Tailbone"),
    "hip_buttock": N_("Hip or buttock"),
    "leg": N_("Leg"),
}

SIDES = {"left": N_("Left"), "right": N_("Right"), "both": N_("Both sides"), "center": N_("Middle")}

CHARACTERS = {
    "dull_ache": N_("Dull ache"),
    "tightness": N_("Tight, stiff"),
    "sharp": N_("Sharp"),
    "stabbing": N_("Stabbing"),
    "burning": N_("Burning"),
    "throbbing": N_("Throbbing"),
    "shooting": N_("Shooting"),
}

# How a prescribed exercise felt, reported with its tick.
EFFORTS = {"too_hard": N_("Too hard"), "fine": N_("Fine"), "too_easy": N_("Too easy")}

MOVEMENTS = {"eases": N_("Moving eases it"), "no_change": N_("No change"), "worsens": N_("Moving makes it worse")}

ONSETS = {
    "during": N_("During training"),
    "right_after": N_("Right after"),
    "next_day": N_("The next day"),
    "later": N_("Later than that"),
}

TREATMENTS = {
    "ice": N_("Ice or cold"),
    "heat": N_("Heat"),
    "walk": N_("Walk"),
    "stretches": N_("Stretches"),
    "foam_roller": N_("Foam roller"),
    "core": N_("Core exercises"),
    "massage": N_("Massage"),
    "bed_rest": N_("Bed rest"),
    "medication": N_("Pain medication"),
    "rest_from_training": N_("Rest from training"),
}


# The alert rules' names, as a person reads them: in the PDF, the chart's tooltips and the screen reader's labels
# (webapp.core.rules.table has the rules themselves). Sentence case, clinical words, never the code.
RULE_NAMES = {
    "red_flag": N_("Warning sign reported"), "severe_pain": N_("Severe pain"), "injury_pattern": N_("Signs of an injury"),
    "doms_window_exceeded": N_("Pain past the normal soreness window"), "persisting_beyond_week": N_("Pain lasting more than a week"),
    "no_improvement_7_10_days": N_("No improvement after 7-10 days"), "worsening_trend": N_("Pain getting worse"),
    "recurrent_pain": N_("Pain that keeps coming back"), "prolonged_bed_rest": N_("Bed rest for too long"),
    "heat_in_first_48h": N_("Heat in the first 48 hours"),
}
# What was done for the pain, in the middle of a sentence ("ice or cold in 3 of 5 episodes").
TREATMENT_WORDS = {
    "ice": N_("ice or cold"), "heat": N_("heat"), "walk": N_("walk"), "stretches": N_("stretches"), "foam_roller": N_("foam roller"),
    "core": N_("core exercises"), "massage": N_("massage"), "bed_rest": N_("bed rest"), "medication": N_("pain medication"),
    "rest_from_training": N_("rest from training"),
}
# The codes as the alerts' evidence says them, in the middle of a sentence ("episode: dull ache pain").
CODE_WORDS = {
    "during": N_("during"), "right_after": N_("right after"), "next_day": N_("next day"), "later": N_("later"),
    "dull_ache": N_("dull ache"), "tightness": N_("tightness"), "sharp": N_("sharp"), "stabbing": N_("stabbing"),
    "burning": N_("burning"), "throbbing": N_("throbbing"), "shooting": N_("shooting"),
    "left": N_("left"), "right": N_("right"), "both": N_("both"), "center": N_("center"),
}


# How soon a red flag needs a clinician, most urgent first, each decided from its lines (RedFlag.why):
# "emergency": 004:67 introduces a list of signs "that requires emergency medical care" (004:69-74), and 003:15
#   calls the bladder and bowel signs of cauda equina "an urgent condition".
# "now": 004:360 "you should immediately consult a doctor", 004:464/468 "When should I see a doctor immediately? ...
#   As soon as possible", 003:14 "requires immediate consultation with a healthcare professional".
# No source puts any of these signs off to later in the day, so there is no "today" tier: "now" is the least urgent.
TIERS = ("emergency", "now")


@dataclass(frozen=True)
class RedFlag:
    question: str
    source: tuple[str, ...]  # the lines that say it; what goes past them is a team's choice (sources.CHOICES)
    tier: str  # one of TIERS
    short: str  # the sign in the middle of a sentence, for the pages' lists of warning signs
    why: str  # the tier's reasoning from its lines, for maintainers
    choice: str | None = None  # the team's choice (sources.CHOICES) where the question or its tier goes past its lines

    @property
    def emergency(self) -> bool:
        return self.tier == "emergency"


# Asked in plain words, one tap each; urgent at once, also offline.
RED_FLAGS = {
    "leg_pain_below_knee": RedFlag(
        N_("Pain spreading down a leg, below the knee or into the foot"), ("003:14", "004:470"), "now",
        N_("pain spreading down a leg, below the knee"),
        "003:14 'requires immediate consultation'; 004:470 is under 'As soon as possible' (004:468). 004:71 (pain that "
        "spreads) is on the emergency list, but both lines that name the leg ask for a doctor at once, not an ambulance.",
    ),
    "leg_numbness_weakness": RedFlag(
        N_("Numbness, tingling or weakness in a leg or foot"), ("003:14", "004:110"), "now",
        N_("numbness, tingling or weakness in one leg or foot"),
        "In one leg: 003:14 'requires immediate consultation', 004:110 'go to the doctor' (004:106). On both sides it is "
        "the emergency of 004:74 (arms and legs losing sensitivity, on the list of 004:67): BOTH_SIDES_EMERGENCY.",
    ),
    # Weakness in both legs, or weakness that keeps growing, is a spreading nerve problem, not a local one.
    "leg_weakness_both_or_worse": RedFlag(
        N_("Weakness in both legs, or weakness that is getting worse"), ("003:14", "004:67", "004:73-74"), "emergency",
        N_("weakness in both legs, or weakness getting worse"),
        "Limbs losing sensitivity and reflexes are on the list that 'requires emergency medical care' (004:67, 004:73-74); "
        "weakness that grows is the team's choice, treated as the sign on both sides is.",
        choice="weakness_getting_worse",
    ),
    # A neck or upper-back problem shows its nerve signs in the arms, as a lower-back one does in the legs.
    "arm_pain_numbness_weakness": RedFlag(
        N_("Pain, numbness, tingling or weakness spreading into an arm or hand"), ("004:74", "004:110"), "now",
        N_("pain, numbness, tingling or weakness spreading into an arm or hand"),
        "The leg's tier (003:14, 004:110 'numbness of the limbs'); on both sides it is the emergency of 004:74 "
        "('the arms and legs can lose sensitivity', on the list of 004:67): BOTH_SIDES_EMERGENCY.",
        choice="arm_signs",
    ),
    "saddle_numbness": RedFlag(
        N_("Numbness around the groin, buttocks or inner thighs"), ("004:473",), "emergency",
        N_("numbness around the groin, buttocks or inner thighs"),
        "004:473 is under 'As soon as possible' (004:468). Kept the emergency it was (the team's choice): it is a sign of "
        "the same pressure on the nerves (cauda equina) as the bladder signs that 003:15 calls 'an urgent condition'.",
        choice="cauda_equina",
    ),
    "bladder_bowel_change": RedFlag(
        N_("New trouble controlling your bladder or bowels"), ("003:15", "004:472"), "emergency",
        N_("a new problem controlling your bladder or bowels"),
        "003:15: 'new loss of bowel or bladder control, which can indicate Cauda Equina Syndrome, an urgent condition'; "
        "004:472 (incontinence) is under 'As soon as possible'. The more urgent wins.",
    ),
    # Not being able to pass urine is a loss of bladder control too (cauda equina): the team asks it in its own words.
    "unable_to_urinate": RedFlag(
        N_("You cannot pass urine"), ("003:15",), "emergency", N_("not being able to pass urine"),
        "The sources name loss of bladder control (003:15) and incontinence (004:472), not retention: asking about it, "
        "as an emergency like the other bladder signs, is the team's choice.",
        choice="cauda_equina",
    ),
    "rest_pain_growing": RedFlag(
        N_("Pain that does not ease even at rest and keeps getting worse"), ("004:67", "004:69"), "emergency",
        N_("pain that keeps growing even at rest"),
        "004:69, 'does not subside even at rest, but continues to grow', is on the list that 'requires emergency "
        "medical care' (004:67).",
    ),
    "fever_chills": RedFlag(
        N_("Fever or chills"), ("003:15", "004:364"), "now", N_("fever or chills"),
        "004:364 is under 'you should immediately consult a doctor' (004:360); 003:15 'could signal an infection'.",
    ),
    "unexplained_weight_loss": RedFlag(
        N_("Losing weight without trying"), ("003:15", "004:476"), "now", N_("weight loss you cannot explain"),
        "004:476 is under 'When should I see a doctor immediately? ... As soon as possible' (004:464, 004:468).",
    ),
    "cancer_history": RedFlag(
        N_("You have had cancer"), ("004:475",), "now", N_("back pain when you have had cancer"),
        "004:475 is under 'When should I see a doctor immediately? ... As soon as possible' (004:464, 004:468).",
    ),
    "night_or_rest_pain": RedFlag(
        N_("Pain that does not ease lying down, or wakes you at night"), ("004:363", "004:109"), "now",
        N_("pain that does not ease when you lie down, or wakes you at night"),
        "004:363 is under 'you should immediately consult a doctor' (004:360); 004:109 'go to the doctor'. Pain at rest "
        "that keeps growing is the emergency of 004:69: its own question, rest_pain_growing.",
    ),
    "trauma": RedFlag(
        N_("The pain started with a fall, a bad landing or a blow"), ("004:111", "004:477"), "now",
        N_("pain that started with a fall, a bad landing or a blow"),
        "004:477 is under 'As soon as possible' (004:468); 004:111 'go to the doctor' (004:106). With nerve signs it is an "
        "emergency (EMERGENCY_COMBINATIONS).",
    ),
    "loss_of_consciousness": RedFlag(
        N_("You passed out or lost consciousness (for example in a fall or landing)"), ("004:112", "004:114"), "emergency",
        N_("having passed out or lost consciousness"),
        "004:106 says 'go to the doctor' and 004:114 calls it a possible sign of a spinal compression fracture, which can "
        "threaten paralysis (004:65): the team's choice is the emergency.",
        choice="loss_of_consciousness",
    ),
    "unable_self_care": RedFlag(
        N_("You can no longer look after yourself"), ("004:471",), "now", N_("no longer being able to look after yourself"),
        "004:471 is under 'When should I see a doctor immediately? ... As soon as possible' (004:464, 004:468).",
    ),
}


# What a red flag tells the athlete to do: the server's alerts, the plan and the offline app say the same words.
RED_FLAG_ADVICE = {
    "emergency": N_(
        "Seek emergency care now (call your local emergency number or go to an emergency department): these symptoms "
        "can mean pressure on the nerves of the spine or a serious injury, which needs emergency medical care. "
        "Do not wait to see if it passes."
    ),
    "now": N_(
        "See a doctor now, whatever day of the episode it is: do not wait until later or to see if it passes. If your "
        "own doctor cannot see you now, use an urgent care or out-of-hours service."
    ),
}
ADVICE_TIERS = {advice: tier for tier, advice in RED_FLAG_ADVICE.items()}  # a stored red-flag alert's tier, from its words
# The pages' lists of warning signs, one heading a tier (the footer, the home and offline pages, the entry form).
TIER_HEADINGS = {
    "emergency": N_("Seek emergency care now (call your local emergency number) for:"),
    "now": N_("See a doctor now, without waiting, for:"),
}
# An injury together with nerve signs is an emergency too: the team's choice "injury_with_nerve_signs"
# (004:111, 004:477 with 004:110; a fracture pressing on nerves, 004:63-65, 004:114).
EMERGENCY_COMBINATIONS = (
    frozenset({"trauma", "leg_numbness_weakness"}),
    frozenset({"trauma", "arm_pain_numbness_weakness"}),
)
# Nerve signs reported on both sides (the entry's or the episode's side "both") are an emergency: limbs losing
# sensitivity are on the list that "requires emergency medical care" (004:67, 004:74); in one limb, a doctor now
# (003:14, 004:110). The team's choice "both_sides". Pain spreading down both legs stays "now" (003:14, 004:470).
BOTH_SIDES_EMERGENCY = frozenset({"leg_numbness_weakness", "arm_pain_numbness_weakness"})
# The emergencies that are no single question, in the pages' words.
EMERGENCY_SIGN_WORDS = (
    N_("numbness, tingling or weakness in both legs or both arms"),
    N_("numbness, tingling or weakness in a leg or arm after a fall, a bad landing or a blow"),
)


def red_flag_urgency(flags: Iterable[str], both_sides: bool = False) -> str | None:
    """Return 'emergency', 'now' or None for a set of red-flag codes.

    both_sides: the flags were reported with the side "both" (on the entry, or on its episode).
    """
    flags = set(flags)
    if not flags:
        return None
    if (any(RED_FLAGS[flag].emergency for flag in flags if flag in RED_FLAGS)
            or any(combo <= flags for combo in EMERGENCY_COMBINATIONS)
            or (both_sides and not flags.isdisjoint(BOTH_SIDES_EMERGENCY))):
        return "emergency"
    return "now"


class _Report(Protocol):  # an entry as the rules read it (EntryFacts)
    @property
    def red_flags(self) -> tuple[str, ...]: ...

    @property
    def side(self) -> str | None: ...


def red_flags_on_both_sides(entries: Iterable[_Report], episode_side: str | None) -> bool:
    """Whether an entry reported a nerve sign of BOTH_SIDES_EMERGENCY with the side "both" (its own, or its episode's)."""
    return any(not BOTH_SIDES_EMERGENCY.isdisjoint(e.red_flags) and "both" in (e.side, episode_side) for e in entries)


def warning_signs() -> list[tuple[str, list[str]]]:
    """The warning signs by tier, most urgent first, in the pages' words (to translate where shown)."""
    by_tier: dict[str, list[str]] = {tier: [flag.short for flag in RED_FLAGS.values() if flag.tier == tier] for tier in TIERS}
    by_tier["emergency"] += EMERGENCY_SIGN_WORDS
    return [(tier, by_tier[tier]) for tier in TIERS]


def as_json(translate: Callable[[str], str] = N_) -> dict:
    """The code lists and red-flag wording, for clients that work offline, in the reader's words."""
    def words(codes: dict[str, str]) -> dict[str, str]:
        return {code: translate(label) for code, label in codes.items()}

    return {
        "regions": words(REGIONS), "side": words(SIDES), "character": words(CHARACTERS), "movement": words(MOVEMENTS),
        "onset": words(ONSETS), "treatments": words(TREATMENTS),
        "red_flags": {
            code: {"question": translate(flag.question), "source": claim_ids(flag.source), "emergency": flag.emergency,
                   "tier": flag.tier}
            for code, flag in RED_FLAGS.items()
        },
        # "today" for an offline app cached before the "now" tier: it reads the same advice under its old name.
        "red_flag_advice": {**words(RED_FLAG_ADVICE), "today": translate(RED_FLAG_ADVICE["now"])},
        "pain_words": [translate(pain_word(value)) for value in range(11)],
        "emergency_combinations": [sorted(combo) for combo in EMERGENCY_COMBINATIONS],
        "emergency_when_both_sides": sorted(BOTH_SIDES_EMERGENCY),
    }


def pain_word(pain: int | None) -> str:
    """Return the NRS anchor word for a 0-10 rating: none, mild, moderate, severe."""
    if pain is None:
        return ""
    return N_("none") if pain == 0 else N_("mild") if pain <= 3 else N_("moderate") if pain <= 6 else N_("severe")
