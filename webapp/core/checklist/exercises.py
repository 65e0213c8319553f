"""The exercise library: how to do each stretch and core exercise, how much, and when to stop."""
from dataclasses import dataclass

from webapp.core.wording import N_

STOP_ALWAYS = (
    N_("Sharp or stabbing pain: stop."),
    N_("Pain, tingling or numbness spreading into a leg: stop and contact a clinician."),
)
# A neck stretch can bring on nerve or blood-vessel symptoms in the arms or head (004:74, 004:110).
STOP_NECK = (
    *STOP_ALWAYS,
    N_("Pain, tingling, numbness or weakness spreading into an arm or hand: stop and contact a clinician."),
    N_("Dizziness, blurred vision or a headache coming on: stop, sit down and contact a clinician."),
)
# Core work belongs after the acute period (004:487), once pain eases (003:12).
ONLY_ONCE_EASED = N_("Only once the pain has eased (2/10 or less), never in the first days after the pain began.")


@dataclass(frozen=True)
class Exercise:
    slug: str
    name: str
    kind: str
    picture: str  # what the drawing shows, for people who cannot see it
    steps: tuple[str, ...]
    dose: str
    source: tuple[str, ...]
    stop_if: tuple[str, ...] = STOP_ALWAYS
    when: str | None = None


EXERCISES = {exercise.slug: exercise for exercise in (
    Exercise("knee-to-chest", N_("Knee to chest"), "stretch",
             N_("A person lying on their back, hugging one knee towards the chest, the other leg bent with the foot on the floor."),
             (N_("Lie on your back with both knees bent and feet flat."),
              N_("Take one knee in both hands and draw it gently towards your chest."),
              N_("Hold, breathing slowly; feel a gentle stretch in the lower back and buttock."),
              N_("Lower the leg and change sides.")),
             N_("Hold 20-30 seconds, 2-3 times each side, once or twice a day."), ("000:102", "003:10")),
    Exercise("cat-camel", N_("Cat-camel"), "stretch",
             N_("A person on hands and knees with the back rounded up like a cat."),
             (N_("Kneel on all fours, hands under shoulders, knees under hips."),
              N_("Slowly round your back up towards the ceiling, letting your head drop."),
              N_("Then slowly let your back sag a little and lift your head, only as far as is comfortable."),
              N_("Move smoothly between the two.")),
             N_("8-10 slow movements, once or twice a day."), ("000:102", "000:103")),
    Exercise("neck-side-stretch", N_("Neck side stretch"), "stretch",
             N_("A person sitting upright with the head tilted to one side, ear towards the shoulder."),
             (N_("Sit or stand tall with your shoulders relaxed."),
              N_("Tilt your head slowly to bring one ear towards the shoulder on that side."),
              N_("Hold, then come back to the middle and change sides.")),
             N_("Hold 20-30 seconds, 2-3 times each side."), ("000:102",), stop_if=STOP_NECK),
    Exercise("pelvic-tilt", N_("Pelvic tilt"), "mobility",
             N_("A person lying on their back with knees bent, flattening the lower back against the floor."),
             (N_("Lie on your back with knees bent and feet flat."),
              N_("Tighten your stomach muscles and press your lower back gently into the floor."),
              N_("Hold for a breath, then relax.")),
             N_("10 slow repetitions, 1-2 times a day."), ("000:103",)),
    Exercise("foam-roller", N_("Foam roller for the back muscles"), "release",
             N_("A person lying on their back on a foam roller placed under the upper back, knees bent, hips on the floor."),
             (N_("Sit on the floor with the roller behind you, then lie back so it is under your upper back."),
              N_("With knees bent and hands behind your head, roll slowly a few centimetres up and down."),
              N_("Keep it on the muscles: never roll directly on the lower spine.")),
             N_("1-2 minutes per area, once a day."), ("000:105",)),
    Exercise("plank", N_("Forearm plank"), "core",
             N_("A person supported on forearms and toes, body in a straight line from head to heels."),
             (N_("Lie face down, elbows under shoulders."),
              N_("Lift your body onto forearms and toes (or knees, to make it easier)."),
              N_("Keep a straight line from head to heels: do not let the hips sag."),
              N_("Breathe normally.")),
             N_("Hold 15-30 seconds, 3 times; add time slowly over the weeks."), ("003:12", "004:487"), when=ONLY_ONCE_EASED),
    Exercise("bird-dog", N_("Bird-dog"), "core",
             N_("A person on hands and knees, reaching one arm forward and the opposite leg back, level with the body."),
             (N_("Kneel on all fours with a flat back."),
              N_("Reach one arm forward and the opposite leg back until both are level with your body."),
              N_("Hold steady without twisting the hips, then return and change sides.")),
             N_("Hold 5 seconds, 8-10 times each side."), ("003:12", "004:487"), when=ONLY_ONCE_EASED),
    Exercise("glute-bridge", N_("Glute bridge"), "core",
             N_("A person lying on their back with knees bent, lifting the hips so thighs and body form a straight line."),
             (N_("Lie on your back, knees bent, feet flat and hip-width apart."),
              N_("Squeeze your buttocks and lift your hips until knees, hips and shoulders line up."),
              N_("Hold, then lower slowly.")),
             N_("Hold 5 seconds, 10 times, 2-3 sets."), ("003:12", "004:487"), when=ONLY_ONCE_EASED),
)}
