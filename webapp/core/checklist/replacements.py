"""Which sourced item a prescription takes the place of: the same kind of care, never a safety item.

A physiotherapist who prescribes "Walk 20 minutes twice a day" means it instead of the sourced
walk, not beside it: two walks on one day's plan read as two things to do. So a prescribed
item shown on a day stands in for the sourced items of its kind (SAME_KIND), which the day
keeps as replaced (with the prescribed items in their place) and shows again once the
prescription is off the plan: ended, removed, or held back by the rails, since what the
rails hold back is not done and the sourced plan must not be left short of it.
"""
from collections.abc import Sequence

from webapp.core.checklist.exercises import EXERCISES
from webapp.core.checklist.items import ChecklistItem, ItemWithReason
from webapp.core.wording import Said

# The sourced plan's walks are one kind of care, active rest (000:38), at the pace of their phase:
# a prescribed walk of either dose sets the day's walking, whichever of the two the phase has.
_WALKS = frozenset({"walk", "gentle_walk"})
# Each prescribable item (prescription.PRESCRIBABLE_ITEMS) and the sourced items it stands for. Cold has none: it is on the
# sourced plan only in the first 48 h, where it is one of the rails (003:10), so a prescribed cold adds to it.
SAME_KIND: dict[str, frozenset[str]] = {
    "walk": _WALKS, "gentle_walk": _WALKS, "heat": frozenset({"heat"}), "stretches": frozenset({"stretches"}),
    "mobility": frozenset({"mobility"}), "foam_roller": frozenset({"foam_roller"}), "core": frozenset({"core"}),
    "strengthen": frozenset({"strengthen"}), "massage": frozenset({"massage"}),
}
# A library exercise stands for the sourced item whose exercises are of its kind: a prescribed plank is the
# physiotherapist's choice of core work, and replaces the sourced "planks, bird-dogs, glute bridges".
BY_EXERCISE_KIND = {"stretch": "stretches", "mobility": "mobility", "release": "foam_roller", "core": "core"}
# Never replaced, whatever is prescribed: the red-flag advice, and the items that keep the rails in place
# (cold and no heat in the first 48 h, 003:10; the trigger and sharp pain, 003:10 and 004:33; heat after a check, 004:485).
PROTECTED = frozenset({"emergency_care", "contact_clinician", "stop_training", "book_visit", "avoid_trigger", "cold", "no_heat",
                       "no_sharp_training", "heat_after_check"})


def same_kind(activity: str) -> frozenset[str]:
    """The sourced items a prescription of this activity stands for (none: it adds to the plan)."""
    exercise = EXERCISES.get(activity)
    key = BY_EXERCISE_KIND.get(exercise.kind, activity) if exercise is not None else activity
    return SAME_KIND.get(key, frozenset()) - PROTECTED


def take_places(sourced: Sequence[ChecklistItem], shown: Sequence[tuple[str, ChecklistItem]],
                ) -> tuple[tuple[ChecklistItem, ...], tuple[ItemWithReason, ...]]:
    """The day's items with the prescribed ones shown (activity, item) in the place of the sourced items of their kind,
    and the sourced items so replaced, each with the prescribed items in its place.

    A prescribed item stands where the first sourced item it replaces stood; the others follow the sourced plan.
    """
    standing_in: dict[str, list[ChecklistItem]] = {}
    for activity, item in shown:
        for key in same_kind(activity):
            standing_in.setdefault(key, []).append(item)
    items: dict[str, ChecklistItem] = {}
    for item in sourced:
        for prescribed in standing_in.get(item.key, [item]):
            items.setdefault(prescribed.key, prescribed)
    for _, item in shown:
        items.setdefault(item.key, item)
    replaced = tuple(
        ItemWithReason(item, Said("Replaced by what your physiotherapist prescribed: %(names)s.",
                                  names=Said.joined([Said(each.text) for each in standing_in[item.key]])),
                       by=tuple(each.key for each in standing_in[item.key]))
        for item in sourced if item.key in standing_in
    )
    return tuple(items.values()), replaced
