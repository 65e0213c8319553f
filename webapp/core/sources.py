"""The documents the rules and the checklist rest on, and the claims used from each: readable sources.

The code keeps its line references ("003:10": document 003, line 10) for maintainers;
what a reader is shown (pages, API, exports) are claim ids that resolve here and at
GET /api/v1/sources, each with its document (title, publisher, date as the document
gives them) and the words quoted from it.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from webapp.core.wording import N_

NOT_STATED = "not stated in the document"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    publisher: str
    date: str
    language: str


@dataclass(frozen=True)
class Claim:
    id: str
    document: Document
    line: int
    quote: str
    # Where the line is not the article's own text (the readers' comments below it), said beside the quote.
    note: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "document": self.document.id, "line": self.line, "quote": self.quote,
                **({"note": self.note} if self.note else {})}


DOCUMENTS = {d.id: d for d in (
    # The clinic names itself under the article (000:108) and above its comments (000:231).
    Document("000", "Why does back pain appear after training?", "Institute of Advanced Spine Surgery (ICAC), Madrid", NOT_STATED,
             "Spanish (read here in English translation)"),
    Document("001", "Back Pain After Training: Why Does It Happen?", NOT_STATED, "last update 30 October 2020", "English"),
    Document("002", "Back pain after exercising", "iLive", "last reviewed 23 April 2024", "English"),
    Document("003", "Distinguishing normal soreness from injury (article on back pain following a workout; no title given)",
             NOT_STATED, NOT_STATED, "English"),
    Document("004", "After sporting events back hurts - what causes this condition and how does it manifest itself",
             NOT_STATED, NOT_STATED, "Russian (read here in English translation)"),
)}

# Each line the code cites, quoted (long paragraphs are cut at about 300 characters).
QUOTES: dict[str, str] = {
    '000:38': 'On the other hand, active rest, such as walking or gentle exercise, helps the area recover quickly and is one of the most effective activities for recovering from muscle soreness.',
    '000:64': 'Warming up and stretching the muscles before exercise is essential to avoid soreness or possible injuries. When starting the activity, it is advisable to use the technique correctly and increase the effort progressively, that is, gradually increasing the weight and/or intensity to prepare the …',
    '000:68': 'Another important tip is carry out sports training planning. It is essential to know what exercises to do, how much weight to lift and what number of repetitions. It is also important to consider rest times so that the muscles can regenerate.',
    '000:80': 'The pain caused by DOMS usually lasts between 3 and 7 days; if it worsens or persists for more days, it is likely a back injury.',
    '000:94': 'On the other hand, it is key to be progressive in terms of weights and loads, gradually generating strength in repetitions.',
    '000:102': 'Gentle stretches in the cervical, dorsal and lumbar areas',
    '000:103': 'Joint mobility exercises to reduce stiffness',
    '000:105': 'Using foam rollers for myofascial release',
    '000:173': 'The pain you describe could be the result of muscle overuse, a stretch, or even a minor strain. The first thing I would recommend is to rest and avoid activities that involve sudden movements or excessive exertion for a few days. Apply ice to the affected area several times a day to reduce …',
    '000:191': 'In some cases, pain may improve with relative rest, local application of cold for the first few hours, and then gentle heat if stiffness persists. However, if the pain is severe, does not improve in a few days, or radiates to the legs, it is best to consult a specialist for a proper evaluation and …',
    '000:218': 'deadlift and gluten kicks I think I did bad posture 2 weeks ago I felt the pain for 3 days and it was fine I did the same exercise again lifting less weight I got a very strong pain again what can I do.',
    '001:14': 'The first thing is to identify if this “pain” corresponds to a lifetime of stiffness. In this case, the discomfort will appear the next day, and it’ll be mild-moderate intensity. Also, you’ll only notice it when trying to work those muscles. They’ll appear after making an effort that your body …',
    '001:24': 'Even if we train frequently, we have to increase the intensity gradually. In this category, we can include not following training-rest cycles. If the muscles are worn down due to a previous workout and you put them under similar stress again, you can cause breaks, tears, sprains, and more.',
    '001:30': 'A correct warm-up is important to avoid back pain after training. Just as it bothers you to turn a light on in a room to wake up, your muscles also prefer to wake up gradually. Ensuring blood flow while training is essential to not suffer from back pain later.',
    '001:52': 'Finally, keep in mind that something as simple as walking for 30-40 minutes a day can help prevent numerous pathologies, in addition to improving your overall well-being.',
    '002:58': 'Back pain after yoga in the first days of exercise is most often a syndrome of delayed muscle pain. If the symptoms continue for a week or more, you need to see the doctor, as this may indicate an injury.',
    '003:3': 'The sensation of normal muscle fatigue after exercise is known as Delayed Onset Muscle Soreness (DOMS). This discomfort is characterized by a dull, generalized ache or tightness that starts about 12 to 24 hours after a workout, peaking between 24 and 48 hours. DOMS usually affects the muscle groups …',
    '003:4': 'Pain signaling an injury presents with different characteristics. Injury pain is often felt immediately during or right after the exercise, rather than developing the next day. This pain is typically described as sharp, stabbing, or highly localized to a specific point, and it may be accompanied by …',
    '003:10': 'For mild to moderate muscular back soreness, immediate care involves a combination of rest and gentle activity. While complete inactivity is not recommended, avoiding the specific movement that caused the pain is important. Gentle movement, such as light walking or specific stretching, can help …',
    '003:11': 'Preventing the recurrence of back pain centers on addressing the mechanical causes. A proper warm-up before exercise, consisting of light aerobic activity and dynamic stretches, prepares the muscles for the work ahead by increasing blood flow. Similarly, a cool-down with static stretching helps the …',
    '003:12': 'Consistent incorporation of core stability exercises is a powerful preventive strategy. Exercises like planks, bird-dogs, and glute bridges build the deep strength needed to stabilize the lumbar spine during heavy lifting. By focusing on a slow, controlled progression of weight and volume, you …',
    '003:14': 'While most post-workout back pain resolves on its own, certain symptoms indicate a serious underlying issue that requires immediate consultation with a healthcare professional. A significant red flag is pain that radiates down the leg, particularly below the knee, often accompanied by numbness, …',
    '003:15': 'Other warning signs include any new loss of bowel or bladder control, which can indicate Cauda Equina Syndrome, an urgent condition. Experiencing back pain alongside a fever, chills, or unexplained weight loss could signal an infection or other systemic disease. Pain that is severe, unrelenting, …',
    '004:33': 'If you experience a sharp back pain, you must stop exercising and consult a doctor. It is dangerous to self-medicate, since some ailment in the back can be cured with warming ointments and compresses, and for another type of back injury these measures will be extremely dangerous.',
    '004:65': 'Compression of nerve structures leads to acute and sharp pain. The condition may threaten with paralysis of that part of the body that is located below the fracture area.',
    '004:67': 'What are the symptoms to determine that a person’s condition requires emergency medical care?',
    '004:69': 'Pain syndrome does not subside even at rest, but continues to grow.',
    '004:70': 'Painful sensations are burning, pulsating, sharp.',
    '004:72': 'Observed swelling at the site of injury.',
    '004:73': 'Observed violations flexion-extensor reflexes in the joints of the limbs.',
    '004:74': 'Soft tissues of the arms and legs can lose sensitivity, there are "goosebumps".',
    '004:76': 'Strangely enough, pain has one significant plus: even if it is small, but the day does not disappear, then another and already a week, while gradually increasing, the body thus “informs” about the developing pathology, and the person exhausted by painful sensations turns to doctors.',
    '004:109': 'regular pain that increases after exercise or at night,',
    '004:110': 'numbness of the limbs',
    '004:111': 'the occurrence of pain after a failed landing on your back or stomach,',
    '004:112': 'loss of consciousness during exercise on the trampoline.',
    '004:114': 'All this is a warning signal of injury, a possible sign of a spinal compression fracture.',
    '004:342': 'Often at the beginning of active sports activities for beginners can hurt your back. The appearance of the sensations of a pathological nature is quite a serious signal, with the manifestation of which it is worth stopping the exercises and consult a doctor.',
    '004:346': 'Manifest at the moment of activity or immediately after.',
    '004:347': 'Wear a sharp character.',
    '004:350': 'They tend to increase with time.',
    '004:352': 'If after physical exercise you have found similar manifestations in yourself, this means that you should visit a doctor.',
    '004:360': 'Below are the features of back pain that can be associated with severe pathology. If you have any of these symptoms, you should immediately consult a doctor and in no case do not self-medicate.',
    '004:363': 'Back pain does not decrease when lying down or occurs at night.',
    '004:364': 'Back pain is accompanied by fever.',
    '004:448': 'Bed rest may contribute to the transition of acute back pain to chronic. Given this, with moderate pains, there is no need for bed rest, and for intense pains, its duration should be limited to the maximum (1-3 days).',
    '004:468': 'As soon as possible it is necessary to consult a doctor in the following cases:',
    '004:470': 'The pain gives to the leg or foot.',
    '004:471': 'You have lost the opportunity to self-care.',
    '004:472': 'Unpleasant sensations are accompanied by incontinence.',
    '004:473': 'Pain combined with numbness of the buttocks, groin or thighs.',
    '004:474': 'If the pains are periodic and last more than 3 days.',
    '004:475': 'Earlier it was established that the development of cancer.',
    '004:476': 'With a sharp weight loss for an unknown reason.',
    '004:477': 'In case of back injury during squats or any other activity.',
    '004:485': 'To reduce the severity of pain, you can apply dry heat (but not deep warming) and other physiotherapeutic procedures, but only after consulting a doctor.',
    '004:487': 'After the end of the acute period, exercises in special complexes (strengthening the muscles of the back, abdominals) and massage are useful.',
    '004:491': 'If pain arises precisely at the moment of physical activity, then you should immediately call an ambulance. To minimize negative consequences, it is necessary to immediately stop training and take the most comfortable position. It is necessary to lie until the intensity of sensations decreases.',
    '004:493': 'If possible, a cold compress can be applied to the lower back.',
    '004:495': 'It is worth noting that heat exposure in such a situation is strictly prohibited, as it only aggravates the situation.',
    '004:497': 'Back pain after exercise can occur for various reasons. If the painful sensations are correct, they will pass in a few days without the use of medical measures. However, if the sensations are harsh and cause serious discomfort, you should immediately stop exercising and consult a doctor.',
}

# Document 000's cited lines that are not the article: the comments below it (from 000:110, "18 thoughts on ...").
NOTES = {
    "000:173": N_("From the comments below the article: the clinic's reply to a reader."),
    "000:191": N_("From the comments below the article: the clinic's reply to a reader."),
    "000:218": N_("From the comments below the article: a reader's own account, not the clinic's advice."),
}


def _claim_id(line_ref: str) -> str:
    return "s" + line_ref.replace(":", "-")


CLAIMS = {
    _claim_id(ref): Claim(_claim_id(ref), DOCUMENTS[ref.split(":")[0]], int(ref.split(":")[1]), quote, NOTES.get(ref))
    for ref, quote in QUOTES.items()
}


@dataclass(frozen=True)
class Choice:
    """A product decision the sources do not make: what the team chose, and why, with the lines it starts from."""

    id: str
    what: str
    reason: str
    source: tuple[str, ...] = ()


# The team's choices, listed on the Sources page: numbers and tiers no line gives, said as the team's.
CHOICES = {choice.id: choice for choice in (
    Choice("cold_dose", N_("Cold for 15-20 minutes at a time, wrapped in a cloth"),
           N_("The sources say cold in the first 48 hours, several times a day, but not for how long. 15-20 minutes, "
              "never straight on the skin, is the usual short application that cools the area without hurting the skin."),
           ("003:10", "000:173")),
    Choice("heat_dose", N_("Heat for 15-20 minutes"),
           N_("The sources allow gentle, dry heat after the first 48 hours, without a duration: the team chose the same "
              "short time as for cold."),
           ("003:10", "004:485")),
    Choice("gentle_walk_dose", N_("A gentle walk of 10-15 minutes in the first 48 hours"),
           N_("The sources advise light walking and active rest but give no time for the first days; the one number they "
              "give, 30-40 minutes a day, is for health in general. The team starts short and lets the pain decide."),
           ("003:10", "000:38", "001:52")),
    Choice("exercise_doses", N_("The doses of the stretches, mobility, foam roller, core work, warm-up and cool-down"),
           N_("The sources name these exercises but not how long or how many: the team chose short, gentle doses, "
              "each with the instruction to stop before it hurts."),
           ("000:102", "000:103", "000:105", "003:11", "003:12")),
    Choice("cauda_equina", N_("Numbness around the groin and not being able to pass urine are emergencies"),
           N_("The sources name loss of bladder or bowel control, which can mean pressure on the nerves at the base of the "
              "spine (cauda equina), an urgent condition, and list numbness of the buttocks and groin for a doctor as soon "
              "as possible. Not being able to pass urine is a loss of bladder control too; the team asks about it and "
              "treats these signs together, as an emergency."),
           ("003:15", "004:472", "004:473")),
    Choice("loss_of_consciousness", N_("Passing out is an emergency"),
           N_("The source lists passing out for a doctor and calls it a possible sign of a spinal fracture, which can "
              "threaten paralysis. The team treats it as an emergency."),
           ("004:112", "004:114", "004:65")),
    Choice("weakness_getting_worse", N_("Weakness that is getting worse is an emergency, like weakness in both legs"),
           N_("Limbs losing sensitivity and reflexes are on the source's list of signs that need emergency medical care. It "
              "does not speak of weakness that grows: the team treats a nerve sign that spreads as one on both sides."),
           ("004:67", "004:73", "004:74")),
    Choice("both_sides", N_("Numbness, tingling or weakness in a leg or an arm, reported on both sides, is an emergency"),
           N_("In one limb the sources ask for a doctor at once; the arms and legs losing sensitivity are on the list of "
              "signs that need emergency medical care. The team reads the side 'both' as both limbs."),
           ("003:14", "004:110", "004:67", "004:74")),
    Choice("injury_with_nerve_signs", N_("A fall, bad landing or blow followed by numbness or weakness is an emergency"),
           N_("An injury and numbness of the limbs are each signs for a doctor; together they can mean a spinal fracture "
              "pressing on the nerves, which can threaten paralysis. The team treats them together as an emergency."),
           ("004:111", "004:477", "004:110", "004:114", "004:65")),
    Choice("arm_signs", N_("Nerve signs in an arm are asked about as those in a leg"),
           N_("The sources speak of the legs for lower-back pain; two lines name the arms too. A neck or upper-back "
              "problem shows its nerve signs in the arms, so the team asks about them with the same urgency."),
           ("003:14", "004:74", "004:110")),
    Choice("pain_during_activity", N_("Pain that starts during training is a warning, not a call for an ambulance"),
           N_("One line says to call an ambulance when pain arises at the moment of activity, then to lie down until it "
              "eases. The same document, and another source, treat pain during or right after exercise as a sign of "
              "injury: stop, and see a doctor. Most such pain is a strain. The app warns (stop training the movement, "
              "see a physiotherapist or doctor) and calls it an emergency only with a warning sign, such as pain that "
              "keeps growing even at rest."),
           ("004:491", "004:346", "004:352", "003:4", "004:69")),
)}


# "(003:4, 004:346)" in a rule's or threshold's reasoning: for maintainers, shown to readers as source links instead.
_REFS_IN_TEXT = re.compile(r"\s*\((?:\d{3}:\d+(?:-\d+)?(?:,\s*)?)+\)")


@lru_cache(maxsize=1024)
def without_refs(text: str | None) -> str:
    """The text without its parenthesised line references (readers get the claims as links)."""
    # Cached: every answer with alerts shows their reasons, and the rules have a few dozen.
    return _REFS_IN_TEXT.sub("", text or "")


def refs_in(text: str | None) -> list[str]:
    """The line references a text cites in parentheses, in order."""
    return re.findall(r"\d{3}:\d+(?:-\d+)?", " ".join(_REFS_IN_TEXT.findall(text or "")))


def _lines(ref: str) -> list[str]:
    document, _, lines = ref.partition(":")
    first, _, last = lines.partition("-")
    return [f"{document}:{n}" for n in range(int(first), int(last or first) + 1)]


def claim_ids(refs: Iterable[str]) -> list[str]:
    """The claim ids for line references ("003:3-4" is two claims); a claim id given is kept as it is."""
    return list(_claim_ids(tuple(refs)))


@lru_cache(maxsize=1024)
def _claim_ids(refs: tuple[str, ...]) -> tuple[str, ...]:
    ids: list[str] = []
    for ref in refs:
        candidates = [ref] if ref in CLAIMS else [_claim_id(line) for line in _lines(ref)] if ":" in ref else []
        # A line with no claim (a blank line inside a cited range) gives none.
        ids += [claim for claim in candidates if claim in CLAIMS and claim not in ids]
    return tuple(ids)


def claims_of(document: Document) -> list[Claim]:
    """The claims used from a document, in the order they appear in it."""
    return sorted((c for c in CLAIMS.values() if c.document is document), key=lambda c: c.line)
