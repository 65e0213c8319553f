"""The checklist's items, in the project's own words, each with its source."""
from dataclasses import dataclass

from webapp.core.codes import RED_FLAG_ADVICE
from webapp.core.wording import N_


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    why: str
    source: tuple[str, ...]
    dose: str | None = None
    exercises: tuple[str, ...] = ()
    origin: str = "sources"  # or "physio": prescribed by the athlete's physiotherapist
    # The team's choice (webapp.core.sources.CHOICES) where the item says more than its lines, a dose above all.
    choice: str | None = None


@dataclass(frozen=True)
class ItemWithReason:
    """An item off this day's plan, and why: paused by the physiotherapist, held back by the safety rails, or replaced
    by a prescribed item of its kind."""

    item: ChecklistItem
    reason: str
    by: tuple[str, ...] = ()  # replaced: the keys of the prescribed items in its place


ITEMS = {item.key: item for item in (
    ChecklistItem("emergency_care", N_("Call your local emergency number now, or go to an emergency department"),
                  RED_FLAG_ADVICE["emergency"], ("004:67", "004:69", "004:74", "003:15")),
    # "immediately consult a doctor and in no case do not self-medicate" (004:360); "as soon as possible" (004:468).
    ChecklistItem("contact_clinician", N_("See a doctor now, without waiting"),
                  N_("You reported a warning sign that needs a doctor at once. Self-care waits until a clinician has "
                  "checked you."),
                  ("003:14", "004:360", "004:468")),
    ChecklistItem("stop_training", N_("No training until you have been checked"),
                  N_("The sources say to stop exercising and see a doctor when back pain looks like more than soreness."),
                  ("004:342", "004:497")),
    ChecklistItem("book_visit", N_("Book a visit with a physiotherapist or doctor"),
                  N_("An alert says this no longer looks like normal soreness. Until you have been seen, the plan keeps "
                  "to gentle movement and holds back core work and training loads."),
                  ("000:80", "003:15", "004:474", "004:497")),
    # "Several times a day" is 000:173's; the 15-20 minutes and the cloth are the team's (CHOICES "cold_dose").
    ChecklistItem("cold", N_("Cold on the sore area"), N_("Cold in the first 48 h eases inflammation and pain."),
                  ("003:10", "000:173"), dose=N_("several times a day, 15-20 minutes each, wrapped in a cloth"),
                  choice="cold_dose"),
    # 004:495: heat right after an acute injury "only aggravates the situation".
    ChecklistItem("no_heat", N_("No heat yet"), N_("Heat is for after the first 48 h: right after an injury it makes it worse."),
                  ("003:10", "004:493-495")),
    ChecklistItem("avoid_trigger", N_("Avoid the movement that caused the pain"),
                  N_("Repeating the movement that hurt keeps the injury irritated."), ("003:10",)),
    ChecklistItem("relative_rest", N_("Rest from training, but stay on your feet"),
                  N_("Complete inactivity slows recovery; bed rest longer than 1-3 days can make pain last."),
                  ("003:10", "004:448"),
                  dose=N_("no bed rest for moderate pain; if the pain is intense, 1-3 days in bed at the most")),
    ChecklistItem("gentle_walk", N_("A short, gentle walk"), N_("Light movement brings blood flow and eases stiffness."),
                  ("003:10", "000:38"), dose=N_("10-15 minutes at an easy pace, stop if it gets sharper"),
                  choice="gentle_walk_dose"),
    ChecklistItem("no_sharp_training", N_("Do not train through sharp pain"),
                  N_("Sharp pain is a stop signal: training through it risks turning a strain into an injury."), ("004:33",)),
    ChecklistItem("heat", N_("Gentle heat for stiffness"), N_("After 48 h, warmth relaxes muscle spasm and stiffness."),
                  ("003:10", "004:485"),
                  dose=N_("warm bath, heat pack or dry heat, 15-20 minutes; gentle warmth, not deep warming"),
                  choice="heat_dose"),
    ChecklistItem("heat_after_check", N_("Heat only once a clinician has checked the back"),
                  N_("This pain has signs of an injury. Warming helps some back problems and makes others worse, so heat "
                  "waits until a doctor or physiotherapist has checked it; cold is still fine."), ("004:33", "004:485")),
    # 000:38: active rest "helps the area recover quickly"; 001:52's 30-40 minutes a day is for health in general.
    ChecklistItem("walk", N_("Walk"), N_("Active rest, such as walking, helps the back recover quickly."),
                  ("000:38", "001:52"), dose=N_("30-40 minutes in the day")),
    ChecklistItem("stretches", N_("Gentle stretches for the neck, upper and lower back"),
                  N_("Gentle stretching eases stiffness after the first two days."), ("000:102",),
                  dose=N_("each stretch 20-30 seconds, 2-3 times, never into sharp pain"),
                  exercises=("knee-to-chest", "cat-camel", "neck-side-stretch"), choice="exercise_doses"),
    ChecklistItem("mobility", N_("Joint mobility"), N_("Moving the spine through a comfortable range reduces stiffness."),
                  ("000:103",), dose=N_("10 slow repetitions"), exercises=("pelvic-tilt",), choice="exercise_doses"),
    ChecklistItem("foam_roller", N_("Foam roller"), N_("Rolling the surrounding muscles helps release tension."),
                  ("000:105",), dose=N_("1-2 minutes per area; not directly on the spine"), exercises=("foam-roller",),
                  choice="exercise_doses"),
    ChecklistItem("core", N_("Core stability: planks, bird-dogs, glute bridges"),
                  N_("Only once the pain has eased (2/10 or less): a strong core stabilises the lower back and prevents "
                  "the pain coming back."), ("003:12", "004:487"),
                  dose=N_("2-3 sets each, stop well before it hurts"), exercises=("plank", "bird-dog", "glute-bridge"),
                  choice="exercise_doses"),
    ChecklistItem("strengthen", N_("Strengthen the back and abdominal muscles"),
                  N_("Once the acute period is over, strengthening protects the back."), ("004:487",)),
    ChecklistItem("massage", N_("Massage (optional)"), N_("Massage can ease remaining muscle tension once pain has eased."),
                  ("004:487",)),
    ChecklistItem("warm_up", N_("Warm up before training"), N_("Light aerobic work and dynamic stretches prepare the muscles."),
                  ("003:11", "001:30"), dose=N_("5-10 minutes of light cardio, then dynamic stretches"), choice="exercise_doses"),
    ChecklistItem("cool_down", N_("Cool down with static stretches"), N_("A cool-down helps muscles return to rest."),
                  ("003:11",), dose=N_("5-10 minutes"), choice="exercise_doses"),
    ChecklistItem("technique", N_("Technique before load"), N_("Good form keeps the strain on the big muscles, not the spine."),
                  ("003:11", "000:64")),
    ChecklistItem("gradual_load", N_("Build back up gradually"), N_("Sudden jumps in weight or volume overload tissues."),
                  ("000:94", "001:24", "003:12"), dose=N_("start lighter than before the pain; add weight or volume a little each week")),
    ChecklistItem("rest_days", N_("Plan rest days"), N_("Muscles need rest between hard sessions to adapt."),
                  ("000:68", "001:24")),
)}
