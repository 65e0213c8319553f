"""Properties of the rules engine that must hold for any diary, not just the table's."""
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.test_rules import START, episode
from webapp.core.codes import CHARACTERS, MOVEMENTS, RED_FLAGS, TREATMENTS
from webapp.core.rules import EntryFacts, PainCourse, PriorEpisode, evaluate_episode
from webapp.core.rules.clock import reading_order


@st.composite
def any_entries(draw):
    count = draw(st.integers(0, 12))
    return [
        EntryFacts(
            id=f"e{i}",
            recorded_at=START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 14))),
            pain=draw(st.integers(0, 10)),
            character=draw(st.sampled_from([None, *CHARACTERS])),
            movement=draw(st.sampled_from([None, *MOVEMENTS])),
            red_flags=tuple(draw(st.lists(st.sampled_from(list(RED_FLAGS)), max_size=2, unique=True))),
            treatments=tuple(draw(st.lists(st.sampled_from(list(TREATMENTS)), max_size=3, unique=True))),
        )
        for i in range(count)
    ]


@settings(max_examples=200)
@given(entries=any_entries(), onset=st.sampled_from(["during", "right_after", "next_day", "later"]), seed=st.randoms())
def test_shuffling_or_replaying_entries_never_changes_the_findings(entries, onset, seed):
    ep = episode(onset=onset, character="sharp")
    expected = evaluate_episode(ep, entries)
    shuffled = list(entries)
    seed.shuffle(shuffled)
    replayed = shuffled + [seed.choice(entries) for _ in range(3)] if entries else shuffled
    deduplicated = list({e.id: e for e in replayed}.values())
    assert evaluate_episode(ep, shuffled) == expected
    assert evaluate_episode(ep, deduplicated) == expected


SORENESS_TREATMENTS = ["ice", "walk", "stretches", "foam_roller", "massage", "medication"]


@st.composite
def soreness_readings(draw, max_tail=3):
    """(hours, pain) of next-day soreness: rises to a mild-to-moderate peak at 24-48 h, fades, a tail of at most 3/10 on day 4.

    Soreness is mild to moderate (001:14): the peak is 2-6. After it the pain fades, with a wobble of one point
    at most; by day 4 (72-96 h) what is left is a mild tail.
    """
    peak = draw(st.integers(2, 6))
    peak_at = draw(st.integers(24, 48))
    start_at = draw(st.integers(12, 24))
    readings = [(start_at, draw(st.integers(1, peak)))]
    for _ in range(draw(st.integers(0, 2)) if start_at < peak_at else 0):
        readings.append((draw(st.integers(start_at, peak_at - 1)), draw(st.integers(1, peak))))
    readings.append((peak_at, peak))
    pain = peak
    hours = sorted(draw(st.lists(st.integers(peak_at + 1, 71), max_size=4)))
    for at in hours:
        pain = max(0, min(peak, pain - draw(st.integers(-1, 2))))
        readings.append((at, pain))
    tail = min(pain + 1, draw(st.integers(0, max_tail)))
    readings.append((draw(st.integers(73, 96)), tail))
    return readings


def soreness_entries(draw, readings, start=START, prefix="e"):
    return [
        EntryFacts(
            id=f"{prefix}{i}",
            recorded_at=start + timedelta(hours=hours, minutes=draw(st.integers(0, 59)) if hours < 96 else 0),
            pain=pain,
            side="both",
            character=draw(st.sampled_from(["dull_ache", "tightness"])),
            movement=draw(st.sampled_from(["eases", "no_change"])),
            treatments=tuple(draw(st.lists(st.sampled_from(SORENESS_TREATMENTS), max_size=2, unique=True)))
            + (("heat",) if hours > 48 and draw(st.booleans()) else ()),
        )
        for i, (hours, pain) in enumerate(readings)
    ]


@st.composite
def normal_soreness(draw, max_tail=2):
    return soreness_entries(draw, draw(soreness_readings(max_tail=max_tail)))


@settings(max_examples=300)
@given(entries=normal_soreness())
def test_normal_soreness_never_alerts(entries):
    assert evaluate_episode(episode(onset="next_day", character="dull_ache", side="both"), entries) == ()


def warnings_of(findings) -> set[str]:
    return {f.rule for f in findings if f.severity != "advice"}


@settings(max_examples=300)
@given(entries=normal_soreness(max_tail=3))
def test_normal_soreness_with_a_tail_of_3_on_day_4_never_warns(entries):
    """Issue 12: a 3/10 tail on day 4 may earn the 72 h advice, never a warning."""
    findings = evaluate_episode(episode(onset="next_day", character="dull_ache", side="both"), entries)
    assert warnings_of(findings) == set()
    assert {f.rule for f in findings} <= {"doms_window_exceeded"}


@st.composite
def ordinary_episodes_close_together(draw):
    """Two to four soreness episodes a few days apart, each ended by a 0 or closed by the athlete, or not."""
    count = draw(st.integers(1, 3))
    prior, start = [], START
    for index in range(count):
        start = start - timedelta(days=draw(st.integers(2, 10)))
        readings = draw(soreness_readings())
        if draw(st.booleans()):
            readings.append((readings[-1][0] + draw(st.integers(1, 48)), 0))
        resolved = start + timedelta(hours=max(h for h, _ in readings) + 1) if draw(st.booleans()) else None
        prior.append(PriorEpisode(
            f"p{index}", start, "Deadlifts", ("lower_back",),
            tuple((start + timedelta(hours=h), p) for h, p in readings), resolved,
        ))
    return soreness_entries(draw, draw(soreness_readings())), prior


@settings(max_examples=300)
@given(case=ordinary_episodes_close_together())
def test_several_ordinary_soreness_episodes_close_together_never_warn(case):
    entries, prior = case
    findings = evaluate_episode(episode(onset="next_day", character="dull_ache", side="both"), entries, prior)
    assert warnings_of(findings) == set()


@settings(max_examples=400)
@given(entries=any_entries(), onset=st.sampled_from(["during", "right_after", "next_day", "later"]))
def test_every_message_is_true_of_the_data_it_cites(entries, onset):
    """No 'not improved' on a clear improvement, no baseline equal to the latest, no figure the entry does not hold."""
    by_id = {e.id: e for e in entries}
    latest = max(entries, key=reading_order) if entries else None  # of one minute's readings, the worse one
    for finding in evaluate_episode(episode(onset=onset, character="dull_ache", side="both"), entries):
        for item in finding.evidence:
            if item.entry_id is not None:
                cited = by_id[item.entry_id]
                if item.text.startswith("pain "):
                    assert item.text.startswith(f"pain {cited.pain} at ")
        if finding.rule in ("no_improvement_7_10_days", "worsening_trend"):
            baseline = by_id[finding.evidence[0].entry_id]
            assert baseline.id != latest.id and baseline.recorded_at < latest.recorded_at
            assert f"{latest.pain}/10" in finding.message
        if finding.rule == "no_improvement_7_10_days":
            drop = baseline.pain - latest.pain
            assert drop < 2 and not (baseline.pain and 100 * drop / baseline.pain >= 30)
        if finding.rule == "worsening_trend":
            assert latest.pain >= baseline.pain + 2


# What the recurrence rule asked of an earlier episode's readings before they were summarised (PainCourse):
# the summary must answer exactly the same, for any readings and any moment.
def _ended_before_by_readings(readings, moment):
    if any(at > moment and pain > 0 for at, pain in readings):
        return False
    before = sorted((at, pain) for at, pain in readings if at <= moment)
    return bool(before) and before[-1][1] == 0


def _lasted_beyond_by_readings(started_at, readings, days, pain_min):
    return any(at - started_at > timedelta(days=days) and pain >= pain_min for at, pain in readings)


readings_lists = st.lists(
    st.tuples(st.integers(0, 4 * 10).map(lambda q: START + timedelta(hours=6 * q)), st.integers(0, 10)), max_size=14,
)


@settings(max_examples=500)
@given(readings=readings_lists, moment_hours=st.integers(-6, 24 * 11), days=st.integers(1, 14), pain_min=st.integers(0, 11))
def test_a_pain_course_answers_what_the_readings_would(readings, moment_hours, days, pain_min):
    course = PainCourse.of(readings)
    moment = START + timedelta(hours=moment_hours)  # often the very minute of a reading
    assert (not course.hurt_after(moment) and course.calm_by(moment)) == _ended_before_by_readings(readings, moment)
    assert course.lasted_beyond(START, days, pain_min) == _lasted_beyond_by_readings(START, readings, days, pain_min)
    # Grouped as a database would give them (latest time per pain value), the levels come out the same.
    latest_per_pain = {}
    for at, pain in readings:
        latest_per_pain[pain] = max(at, latest_per_pain.get(pain, at))
    assert PainCourse.latest_by_level((at, pain) for pain, at in latest_per_pain.items()) == course.latest_at_least
