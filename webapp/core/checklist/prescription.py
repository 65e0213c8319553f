"""A physiotherapist's changes to an episode's sourced plan, and the safety rails they cannot move.

Pure: fed the day's sourced plan (plan_for) and the plan's items as plain data.
Whoever edits, the rails stay: heat is never scheduled in the acute phase (003:10,
004:493-495), core strengthening waits for the acute phase to pass
(004:487), and the red-flag advice and protective items cannot be paused (003:14-15,
004:470-477). An edit that asks for one of these is refused (prescription_problems);
a plan that would show one on a given day holds the item back instead (prescribed_day).

Prescribed core work keeps the sourced core item's rail and its caution: it is shown only
once the pain has eased (schedule.EASED_PAIN_MAX, the threshold that puts the sourced core
item on the plan), held back with the reason while the latest pain logged is above it, and
when shown its why carries the library's caution (exercises.ONLY_ONCE_EASED). Back to
training, the pain is over.

Heat is read in every text a physiotherapist writes, not only in instructions: an
exercise's note, a pause's reason and what to avoid too, in the normal form and with
the negations of heat_text ("no heat", "sin calor" rule heat out; "no heat until
tomorrow" does not). Two clocks hold it back and the later one wins: the day number
(a text asking for heat starts on day 3 or later, else it is refused) and the pain's
own first 48 h (ChecklistDay.heat_waits, from the pain's onset: for a pain that began
days after training, from its first log). Until both have passed, an exercise that is
heat or whose note asks for it is held back with the reason, and an instruction, a
pause or an avoid text that asks for heat is not shown (the paused item stays on the
plan). An avoid text has no first day, and what to avoid is no place to ask for heat:
one that does is refused whatever the day. An instruction that may be heat without saying
so (heat_text.heat_doubted: "take a bath tonight") is the rail's doubt: while heat waits
it is shown as the physiotherapist's note (ChecklistDay.notes), not as the plan's
instruction, and the plan's cold and no-heat items stay.
"""
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from webapp.core.checklist.exercises import EXERCISES, ONLY_ONCE_EASED
from webapp.core.checklist.heat_text import heat_asked, heat_doubted
from webapp.core.checklist.items import ITEMS, ChecklistItem, ItemWithReason
from webapp.core.checklist.replacements import take_places
from webapp.core.checklist.schedule import EASED_PAIN_MAX, LOADING_ITEMS, ChecklistDay
from webapp.core.wording import N_, Said

KINDS = ("exercise", "pause", "instruction", "avoid")
# Day 1 is the day the episode began; the first 48 h of pain reach into day 3 at the earliest.
FIRST_DAY_AFTER_ACUTE = 3
# Self-care items a physiotherapist may prescribe with a dosage, besides the library's exercises.
PRESCRIBABLE_ITEMS = ("walk", "gentle_walk", "cold", "heat", "stretches", "mobility", "foam_roller", "core", "strengthen", "massage")
HEAT = frozenset({"heat"})
CORE = frozenset({"core", "strengthen"} | {slug for slug, exercise in EXERCISES.items() if exercise.kind == "core"})
# The red-flag advice and the items that keep the rails in place: never paused (003:14-15, 004:470-477, 003:10, 004:33).
UNPAUSABLE = frozenset({"emergency_care", "contact_clinician", "stop_training", "book_visit", "no_heat", "no_sharp_training"})
# What an exercise prescription may name, and what a pause may name, with the words people see.
PRESCRIBABLE = {**{slug: exercise.name for slug, exercise in EXERCISES.items()}, **{key: ITEMS[key].text for key in PRESCRIBABLE_ITEMS}}
PAUSABLE = {key: item.text for key, item in ITEMS.items() if key not in UNPAUSABLE}
TIMES_A_DAY = {1: N_("once a day"), 2: N_("twice a day"), 3: N_("three times a day")}
LIMITS = {"sets": (1, 10), "reps": (1, 100), "hold_seconds": (1, 300), "minutes": (1, 180), "times_a_day": (1, 6),
          "from_day": (1, 365), "until_day": (1, 365)}
TEXT_MAX = 500
AVOID_MAX_DAYS = 366


@dataclass(frozen=True)
class PlanItem:
    """One change a physiotherapist made to an episode's plan (only the fields of its kind are set)."""

    id: str
    kind: str
    activity: str | None = None  # exercise: a library slug or a PRESCRIBABLE_ITEMS key; pause: the item paused
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None
    times_a_day: int | None = None
    from_day: int | None = None
    until_day: int | None = None
    text: str | None = None  # exercise: a note; pause: the reason; instruction: itself; avoid: what
    until: date | None = None  # avoid: the last day

    def on_day(self, day: int) -> bool:
        return (self.from_day or 1) <= day <= (self.until_day or LIMITS["until_day"][1])


def prescription_problems(item: PlanItem, today: date | None = None) -> dict[str, list[str]]:
    """Return what is wrong with an edit, by field (empty when it may be stored)."""
    problems: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if item.kind not in KINDS:
        refuse("kind", Said("Choose one of: %(kinds)s.", kinds=", ".join(KINDS)))
        return problems
    for field, (low, high) in LIMITS.items():
        value = getattr(item, field)
        if value is not None and not low <= value <= high:
            refuse(field, Said("Give a whole number from %(low)s to %(high)s.", low=low, high=high))
    if item.from_day and item.until_day and item.until_day < item.from_day:
        refuse("until_day", Said("The last day is before the first."))
    if item.text is not None and len(item.text) > TEXT_MAX:
        refuse("text", Said("Keep it to %(count)s characters.", count=TEXT_MAX))
    starts_acute = (item.from_day or 1) < FIRST_DAY_AFTER_ACUTE
    if item.kind == "exercise":
        if item.activity not in PRESCRIBABLE:
            refuse("activity", Said("Choose an exercise or item from the library."))
        elif item.activity in HEAT and starts_acute:
            refuse("from_day", Said("Heat is never scheduled in the first 48 hours of the pain (it can increase swelling): "
                                    "start it on day %(day)s or later.", day=FIRST_DAY_AFTER_ACUTE))
        elif item.activity in CORE and starts_acute:
            refuse("from_day", Said("Core strengthening is not scheduled in the acute phase (the first 48 hours): "
                                    "start it on day %(day)s or later.", day=FIRST_DAY_AFTER_ACUTE))
        if item.reps is not None and item.hold_seconds is not None:
            refuse("reps", Said("Give repetitions or a hold time, not both."))
    elif item.kind == "pause":
        if item.activity in UNPAUSABLE:
            refuse("activity", Said("Red-flag advice and the items that keep the plan safe cannot be paused or removed."))
        elif item.activity not in ITEMS:
            refuse("activity", Said("Choose an item of the sourced plan."))
        if not item.text:
            refuse("text", Said("Give the reason: the athlete sees it."))
    elif item.kind == "instruction":
        if not item.text:
            refuse("text", Said("Write the instruction."))
    else:
        if not item.text:
            refuse("text", Said("Say which movement or activity to avoid."))
        if item.until is None:
            refuse("until", Said("Give the last day to avoid it."))
        elif today is not None and not today <= item.until <= date.fromordinal(today.toordinal() + AVOID_MAX_DAYS):
            refuse("until", Said("Give a day from today to a year ahead."))
    # A text already refused (too long to store) is not read for heat.
    words = heat_words(item) if "text" not in problems else None
    if words is not None and item.kind == "avoid":
        refuse("text", Said("“%(words)s” asks for heat: say here only what to avoid, and give advice on heat as an instruction "
                            "from day %(day)s or later.", words=words, day=FIRST_DAY_AFTER_ACUTE))
    # One reason to start later is enough: a heat exercise from day 1 has had its own.
    elif words is not None and starts_acute and "from_day" not in problems:
        refuse("from_day", Said("“%(words)s” reads as heat, and heat is never used in the first 48 hours of the pain: start this "
                                "on day %(day)s or later (the athlete sees it once those 48 hours are over).", words=words,
                                day=FIRST_DAY_AFTER_ACUTE))
    return problems


def heat_words(item: PlanItem) -> str | None:
    """The words of an item's text that ask for heat, as read (None: none do); what to avoid is a negation by itself."""
    return heat_asked(item.text, avoiding=item.kind == "avoid") if item.text else None


def dosage(item: PlanItem) -> Said:
    """The dosage in words: "3 x 10, twice a day, from day 3 to day 14" (empty when none is given)."""
    parts = []
    if item.sets and item.reps:
        parts.append(Said("%(sets)s x %(reps)s", sets=item.sets, reps=item.reps))
    elif item.reps:
        parts.append(Said("%(reps)s repetitions", reps=item.reps))
    if item.hold_seconds and item.sets:
        parts.append(Said("hold %(seconds)s s, %(sets)s times", seconds=item.hold_seconds, sets=item.sets))
    elif item.hold_seconds:
        parts.append(Said("hold %(seconds)s s", seconds=item.hold_seconds))
    elif item.sets and not item.reps:
        parts.append(Said("%(sets)s sets", sets=item.sets))
    if item.minutes:
        parts.append(Said("%(minutes)s minutes", minutes=item.minutes))
    if item.times_a_day:
        parts.append(Said(TIMES_A_DAY[item.times_a_day]) if item.times_a_day in TIMES_A_DAY
                     else Said("%(times)s times a day", times=item.times_a_day))
    if item.from_day and item.from_day > 1 and item.until_day:
        parts.append(Said("from day %(first)s to day %(last)s", first=item.from_day, last=item.until_day))
    elif item.from_day and item.from_day > 1:
        parts.append(Said("from day %(first)s", first=item.from_day))
    elif item.until_day:
        parts.append(Said("until day %(last)s", last=item.until_day))
    return Said.joined(parts)


def prescribed_item(item: PlanItem) -> ChecklistItem:
    """The checklist item a prescription shows as, keyed by its id."""
    assert item.activity is not None
    exercise = EXERCISES.get(item.activity)
    base = ITEMS.get(item.activity)
    note = Said(" Note from your physiotherapist: %(note)s", note=item.text) if item.text else Said("")
    when = _when(item.activity)
    if exercise is not None:
        lines = [Said(line) for line in (*((when,) if when else ()), *exercise.stop_if)]
        why = Said("Your physiotherapist prescribed this exercise. %(stop)s%(note)s", stop=Said.joined(lines, " "), note=note)
        return ChecklistItem(key=plan_key(item.id), text=exercise.name, why=why, source=exercise.source,
                             dose=dosage(item) or None, exercises=(exercise.slug,), origin="physio")
    assert base is not None
    base_why = Said.joined([Said(when), Said(base.why)], " ") if when else Said(base.why)
    return ChecklistItem(key=plan_key(item.id), text=base.text, why=Said("%(why)s%(note)s", why=base_why, note=note), source=base.source, dose=dosage(item) or None,
                         exercises=base.exercises, origin="physio")


def _when(activity: str) -> str | None:
    """When a prescribed item may be done, as the library words it: the caution of its sourced form stays with it."""
    exercise = EXERCISES.get(activity)
    if exercise is not None and exercise.when:
        return exercise.when
    # The sourced core item's own words open with the caution; strengthening is core work and takes it too.
    return ONLY_ONCE_EASED if activity in CORE and activity != "core" else None


def plan_key(item_id: str) -> str:
    return f"rx-{item_id}"


def _text_waits(item: PlanItem, plan: ChecklistDay) -> bool:
    return plan.heat_waits and heat_words(item) is not None


def _in_doubt(item: PlanItem, plan: ChecklistDay) -> bool:
    return plan.heat_waits and item.text is not None and heat_doubted(item.text) is not None


def _pain_not_eased(plan: ChecklistDay) -> bool:
    return plan.phase != "return_to_training" and (plan.pain is None or plan.pain > EASED_PAIN_MAX)


def _held_back(item: PlanItem, plan: ChecklistDay, warning: bool) -> str | None:
    if (plan.heat_waits and item.activity in HEAT) or _text_waits(item, plan):
        return Said("Heat waits until the first 48 hours of the pain are over.")
    if plan.phase == "acute" and item.activity in CORE:
        return Said("Core work waits until the first 48 hours of the pain are over.")
    if warning and (item.activity in CORE or item.activity in LOADING_ITEMS):
        return Said("Held back until you have been seen: an alert says this no longer looks like normal soreness.")
    if plan.loading_waits and (item.activity in CORE or item.activity in LOADING_ITEMS):
        return Said("After the clinician's check, loading waits until the pain you log has eased to %(eased)s/10 or less.",
                    eased=EASED_PAIN_MAX)
    if item.activity in CORE and _pain_not_eased(plan):
        return Said("Core work waits until the pain you log has eased to %(eased)s/10 or less.", eased=EASED_PAIN_MAX)
    return None


def prescribed_day(plan: ChecklistDay, items: Sequence[PlanItem], on: date, warning: bool = False) -> ChecklistDay:
    """Return the day's sourced plan with the physiotherapist's changes applied, within the rails.

    A prescribed item shown today takes the place of the sourced items of its kind (replacements);
    one the rails hold back takes no place.

    On a see-a-clinician day the sourced red-flag plan stands alone: self-care, prescribed
    or not, waits for the clinician (what to avoid still shows). Without items, the sourced
    plan is returned as it is. While the pain's first 48 h run, a change that is or asks
    for heat waits, and an instruction that may be heat is a note (the module's docstring).
    """
    avoid = tuple(i for i in items if i.kind == "avoid" and i.until is not None and i.until >= on and not _text_waits(i, plan))
    if plan.phase == "see_clinician":
        held = tuple(ItemWithReason(prescribed_item(i), Said("Waits until a clinician has checked the warning sign you reported."))
                     for i in items if i.kind == "exercise" and i.activity in PRESCRIBABLE and i.on_day(plan.day))
        return replace(plan, avoid=avoid, held_back=held)
    today = [i for i in items if i.on_day(plan.day)]
    pauses = {i.activity: i.text or "" for i in today if i.kind == "pause" and i.activity not in UNPAUSABLE and not _text_waits(i, plan)}
    kept = tuple(item for item in plan.items if item.key not in pauses)
    paused = tuple(ItemWithReason(item, pauses[item.key]) for item in plan.items if item.key in pauses)
    added: list[tuple[str, ChecklistItem]] = []
    held_back = []
    for item in today:
        # An item stored under a library entry since withdrawn is not shown rather than guessed at.
        if item.kind != "exercise" or item.activity not in PRESCRIBABLE:
            continue
        reason = _held_back(item, plan, warning)
        if reason is None:
            added.append((item.activity, prescribed_item(item)))
        else:
            held_back.append(ItemWithReason(prescribed_item(item), reason))
    shown, replaced = take_places(kept, added)
    written = [i for i in today if i.kind == "instruction" and i.text and not _text_waits(i, plan)]
    instructions = tuple(i.text for i in written if i.text and not _in_doubt(i, plan))
    notes = tuple(i.text for i in written if i.text and _in_doubt(i, plan))
    return replace(plan, items=shown, paused=paused, held_back=tuple(held_back), replaced=replaced, instructions=instructions,
                   notes=notes, avoid=avoid)
