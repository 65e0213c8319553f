"""The API's code lists (described in /api/v1/openapi.json) with the words people see.

One source for the forms, the pages, the API's validation and, later, the
offline app: add a code here and everywhere follows. What each red flag means
clinically is in its source lines, and the rules that read them in webapp/core/rules/table.py.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from webapp.core.sources import claim_ids

REGIONS = {
    "neck": "Neck",
    "upper_back": "Upper back",
    "mid_back": "Mid back",
    "lower_back": "Lower back",
    "tailbone": "Tailbone",
    "hip_buttock": "Hip or buttock",
    "leg": "Leg",
}

SIDES = {"left": "Left", "right": "Right", "both": "Both sides", "center": "Middle"}

CHARACTERS = {
    "dull_ache": "Dull ache",
    "tightness": "Tight, stiff",
    "sharp": "Sharp",
    "stabbing": "Stabbing",
    "burning": "Burning",
    "throbbing": "Throbbing",
    "shooting": "Shooting",
}

# How a prescribed exercise felt, reported with its tick.
EFFORTS = {"too_hard": "Too hard", "fine": "Fine", "too_easy": "Too easy"}

MOVEMENTS = {"eases": "Moving eases it", "no_change": "No change", "worsens": "Moving makes it worse"}

ONSETS = {
    "during": "During training",
    "right_after": "Right after",
    "next_day": "The next day",
    "later": "Later than that",
}

TREATMENTS = {
    "ice": "Ice or cold",
    "heat": "Heat",
    "walk": "Walk",
    "stretches": "Stretches",
    "foam_roller": "Foam roller",
    "core": "Core exercises",
    "massage": "Massage",
    "bed_rest": "Bed rest",
    "medication": "Pain medication",
    "rest_from_training": "Rest from training",
}


@dataclass(frozen=True)
class RedFlag:
    question: str
    source: tuple[str, ...]
    emergency: bool = False


# Asked in plain words, one tap each; urgent at once, also offline.
RED_FLAGS = {
    "leg_pain_below_knee": RedFlag("Pain spreading down a leg, below the knee or into the foot", ("003:14", "004:470")),
    "leg_numbness_weakness": RedFlag("Numbness, tingling or weakness in a leg or foot", ("003:14", "004:110")),
    # Weakness in both legs, or weakness that keeps growing, is a spreading nerve problem, not a local one.
    "leg_weakness_both_or_worse": RedFlag(
        "Weakness in both legs, or weakness that is getting worse", ("003:14-15", "004:110"), emergency=True,
    ),
    # A neck or upper-back problem shows its nerve signs in the arms, as a lower-back one does in the legs.
    "arm_pain_numbness_weakness": RedFlag(
        "Pain, numbness, tingling or weakness spreading into an arm or hand", ("004:74", "004:110"),
    ),
    "saddle_numbness": RedFlag("Numbness around the groin, buttocks or inner thighs", ("004:473",), emergency=True),
    "bladder_bowel_change": RedFlag("New trouble controlling your bladder or bowels", ("003:15", "004:472"), emergency=True),
    # Not being able to pass urine is the same loss of bladder control (cauda equina), as urgent.
    "unable_to_urinate": RedFlag("You cannot pass urine", ("003:15", "004:472"), emergency=True),
    "fever_chills": RedFlag("Fever or chills", ("003:15", "004:364")),
    "unexplained_weight_loss": RedFlag("Losing weight without trying", ("003:15", "004:476")),
    "cancer_history": RedFlag("You have had cancer", ("004:475",)),
    "night_or_rest_pain": RedFlag("Pain that does not ease lying down, or wakes you at night", ("004:363", "004:69", "004:109")),
    "trauma": RedFlag("The pain started with a fall, a bad landing or a blow", ("004:111-112", "004:477")),
    "loss_of_consciousness": RedFlag(
        "You passed out or lost consciousness (for example in a fall or landing)", ("004:112",), emergency=True,
    ),
    "unable_self_care": RedFlag("You can no longer look after yourself", ("004:471",)),
}


# What a red flag tells the athlete to do: the server's alerts, the plan and the offline app say the same words.
RED_FLAG_ADVICE = {
    "emergency": (
        "Seek emergency care now (call your local emergency number or go to an emergency department): "
        "these symptoms can mean pressure on the nerves of the spine or a serious injury, which needs treatment within hours."
    ),
    "today": "Contact a doctor or physiotherapist today, whatever day of the episode it is. Do not wait to see if it passes.",
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


def as_json() -> dict:
    """The code lists and red-flag wording, for clients that work offline."""
    return {
        "regions": REGIONS, "side": SIDES, "character": CHARACTERS, "movement": MOVEMENTS, "onset": ONSETS,
        "treatments": TREATMENTS,
        "red_flags": {
            code: {"question": flag.question, "source": claim_ids(flag.source), "emergency": flag.emergency}
            for code, flag in RED_FLAGS.items()
        },
        "red_flag_advice": RED_FLAG_ADVICE,
        "pain_words": [pain_word(value) for value in range(11)],
        "emergency_combinations": [sorted(combo) for combo in EMERGENCY_COMBINATIONS],
    }


def pain_word(pain: int | None) -> str:
    """Return the NRS anchor word for a 0-10 rating: none, mild, moderate, severe."""
    if pain is None:
        return ""
    if pain == 0:
        return "none"
    if pain <= 3:
        return "mild"
    if pain <= 6:
        return "moderate"
    return "severe"
