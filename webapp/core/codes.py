"""The API's code lists (described in /api/v1/openapi.json) with the words people see.

One source for the forms, the pages, the API's validation and, later, the
offline app: add a code here and everywhere follows. What each red flag means
clinically is in its source lines, and the rules that read them in webapp/core/rules/table.py.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


# The alert rules' names, as a person reads them (webapp.core.rules.table has the rules themselves).
RULE_NAMES = {
    "red_flag": N_("red flag"), "severe_pain": N_("severe pain"), "injury_pattern": N_("injury pattern"),
    "doms_window_exceeded": N_("doms window exceeded"), "persisting_beyond_week": N_("persisting beyond week"),
    "no_improvement_7_10_days": N_("no improvement 7 10 days"), "worsening_trend": N_("worsening trend"),
    "recurrent_pain": N_("recurrent pain"), "prolonged_bed_rest": N_("prolonged bed rest"), "heat_in_first_48h": N_("heat in first 48h"),
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


@dataclass(frozen=True)
class RedFlag:
    question: str
    source: tuple[str, ...]
    emergency: bool = False


# Asked in plain words, one tap each; urgent at once, also offline.
RED_FLAGS = {
    "leg_pain_below_knee": RedFlag(N_("Pain spreading down a leg, below the knee or into the foot"), ("003:14", "004:470")),
    "leg_numbness_weakness": RedFlag(N_("Numbness, tingling or weakness in a leg or foot"), ("003:14", "004:110")),
    # Weakness in both legs, or weakness that keeps growing, is a spreading nerve problem, not a local one.
    "leg_weakness_both_or_worse": RedFlag(
        N_("Weakness in both legs, or weakness that is getting worse"), ("003:14-15", "004:110"), emergency=True,
    ),
    # A neck or upper-back problem shows its nerve signs in the arms, as a lower-back one does in the legs.
    "arm_pain_numbness_weakness": RedFlag(
        N_("Pain, numbness, tingling or weakness spreading into an arm or hand"), ("004:74", "004:110"),
    ),
    "saddle_numbness": RedFlag(N_("Numbness around the groin, buttocks or inner thighs"), ("004:473",), emergency=True),
    "bladder_bowel_change": RedFlag(N_("New trouble controlling your bladder or bowels"), ("003:15", "004:472"), emergency=True),
    # Not being able to pass urine is the same loss of bladder control (cauda equina), as urgent.
    "unable_to_urinate": RedFlag(N_("You cannot pass urine"), ("003:15", "004:472"), emergency=True),
    "fever_chills": RedFlag(N_("Fever or chills"), ("003:15", "004:364")),
    "unexplained_weight_loss": RedFlag(N_("Losing weight without trying"), ("003:15", "004:476")),
    "cancer_history": RedFlag(N_("You have had cancer"), ("004:475",)),
    "night_or_rest_pain": RedFlag(N_("Pain that does not ease lying down, or wakes you at night"), ("004:363", "004:69", "004:109")),
    "trauma": RedFlag(N_("The pain started with a fall, a bad landing or a blow"), ("004:111-112", "004:477")),
    "loss_of_consciousness": RedFlag(
        N_("You passed out or lost consciousness (for example in a fall or landing)"), ("004:112",), emergency=True,
    ),
    "unable_self_care": RedFlag(N_("You can no longer look after yourself"), ("004:471",)),
}


# What a red flag tells the athlete to do: the server's alerts, the plan and the offline app say the same words.
RED_FLAG_ADVICE = {
    "emergency": N_(
        "Seek emergency care now (call your local emergency number or go to an emergency department): "
        "these symptoms can mean pressure on the nerves of the spine or a serious injury, which needs treatment within hours."
    ),
    "today": N_("Contact a doctor or physiotherapist today, whatever day of the episode it is. Do not wait to see if it passes."),
}
# An injury together with nerve signs is an emergency too (004:111-112, 004:477 with 004:74, 004:110).
EMERGENCY_COMBINATIONS = (
    frozenset({"trauma", "leg_numbness_weakness"}),
    frozenset({"trauma", "arm_pain_numbness_weakness"}),
)


def red_flag_urgency(flags: Iterable[str]) -> str | None:
    """Return 'emergency', 'today' or None for a set of red-flag codes."""
    flags = set(flags)
    if not flags:
        return None
    if any(RED_FLAGS[flag].emergency for flag in flags if flag in RED_FLAGS) or any(combo <= flags for combo in EMERGENCY_COMBINATIONS):
        return "emergency"
    return "today"


def as_json(translate: Callable[[str], str] = N_) -> dict:
    """The code lists and red-flag wording, for clients that work offline, in the reader's words."""
    def words(codes: dict[str, str]) -> dict[str, str]:
        return {code: translate(label) for code, label in codes.items()}

    return {
        "regions": words(REGIONS), "side": words(SIDES), "character": words(CHARACTERS), "movement": words(MOVEMENTS),
        "onset": words(ONSETS), "treatments": words(TREATMENTS),
        "red_flags": {
            code: {"question": translate(flag.question), "source": claim_ids(flag.source), "emergency": flag.emergency}
            for code, flag in RED_FLAGS.items()
        },
        "red_flag_advice": words(RED_FLAG_ADVICE),
        "pain_words": [translate(pain_word(value)) for value in range(11)],
        "emergency_combinations": [sorted(combo) for combo in EMERGENCY_COMBINATIONS],
    }


def pain_word(pain: int | None) -> str:
    """Return the NRS anchor word for a 0-10 rating: none, mild, moderate, severe."""
    if pain is None:
        return ""
    if pain == 0:
        return N_("none")
    if pain <= 3:
        return N_("mild")
    if pain <= 6:
        return N_("moderate")
    return N_("severe")
