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

    def as_dict(self) -> dict:
        return {"id": self.id, "document": self.document.id, "line": self.line, "quote": self.quote}


DOCUMENTS = {d.id: d for d in (
    Document("000", "Why does back pain appear after training?", NOT_STATED, NOT_STATED,
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
    '004:69': 'Pain syndrome does not subside even at rest, but continues to grow.',
    '004:70': 'Painful sensations are burning, pulsating, sharp.',
    '004:72': 'Observed swelling at the site of injury.',
    '004:74': 'Soft tissues of the arms and legs can lose sensitivity, there are "goosebumps".',
    '004:76': 'Strangely enough, pain has one significant plus: even if it is small, but the day does not disappear, then another and already a week, while gradually increasing, the body thus “informs” about the developing pathology, and the person exhausted by painful sensations turns to doctors.',
    '004:109': 'regular pain that increases after exercise or at night,',
    '004:110': 'numbness of the limbs',
    '004:111': 'the occurrence of pain after a failed landing on your back or stomach,',
    '004:112': 'loss of consciousness during exercise on the trampoline.',
    '004:346': 'Manifest at the moment of activity or immediately after.',
    '004:347': 'Wear a sharp character.',
    '004:350': 'They tend to increase with time.',
    '004:363': 'Back pain does not decrease when lying down or occurs at night.',
    '004:364': 'Back pain is accompanied by fever.',
    '004:448': 'Bed rest may contribute to the transition of acute back pain to chronic. Given this, with moderate pains, there is no need for bed rest, and for intense pains, its duration should be limited to the maximum (1-3 days).',
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
    '004:493': 'If possible, a cold compress can be applied to the lower back.',
    '004:495': 'It is worth noting that heat exposure in such a situation is strictly prohibited, as it only aggravates the situation.',
    '004:497': 'Back pain after exercise can occur for various reasons. If the painful sensations are correct, they will pass in a few days without the use of medical measures. However, if the sensations are harsh and cause serious discomfort, you should immediately stop exercising and consult a doctor.',
}

def _claim_id(line_ref: str) -> str:
    return "s" + line_ref.replace(":", "-")


CLAIMS = {
    _claim_id(ref): Claim(_claim_id(ref), DOCUMENTS[ref.split(":")[0]], int(ref.split(":")[1]), quote) for ref, quote in QUOTES.items()
}


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
