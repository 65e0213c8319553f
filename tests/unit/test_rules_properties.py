"""Properties of the rules engine that must hold for any diary, not just the table's."""
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.test_rules import START, episode
from webapp.codes import CHARACTERS, MOVEMENTS, RED_FLAGS, TREATMENTS
from webapp.rules import EntryFacts, evaluate_episode


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


@st.composite
def normal_soreness(draw):
    """Next-day, dull, both-sides soreness: rises to a peak at 24-48 h, fades, gone (or a trace) by 72-96 h."""
    peak = draw(st.integers(2, 7))
    peak_at = draw(st.integers(24, 48))
    start_at = draw(st.integers(12, 24))
    readings = [(start_at, draw(st.integers(1, peak)))]
    readings.append((peak_at, peak))
    fading_at = draw(st.integers(peak_at + 1, 71))
    readings.append((fading_at, draw(st.integers(0, peak))))
    tail_at = draw(st.integers(73, 96))
    readings.append((tail_at, draw(st.integers(0, 2))))
    # A few more logs inside the window, never above the peak, never heat early, never bed rest.
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(start_at, 71))
        readings.append((at, draw(st.integers(0, peak))))
    treatments = st.lists(st.sampled_from(["ice", "walk", "stretches", "foam_roller", "massage", "medication"]), max_size=2, unique=True)
    return [
        EntryFacts(
            id=f"e{i}",
            recorded_at=START + timedelta(hours=hours, minutes=draw(st.integers(0, 59))) if hours < 96 else START + timedelta(hours=hours),
            pain=pain,
            side="both",
            character=draw(st.sampled_from(["dull_ache", "tightness"])),
            movement=draw(st.sampled_from(["eases", "no_change"])),
            treatments=tuple(draw(treatments)) + (("heat",) if hours > 48 and draw(st.booleans()) else ()),
        )
        for i, (hours, pain) in enumerate(readings)
    ]


@settings(max_examples=300)
@given(entries=normal_soreness())
def test_normal_soreness_never_alerts(entries):
    assert evaluate_episode(episode(onset="next_day", character="dull_ache", side="both"), entries) == ()
