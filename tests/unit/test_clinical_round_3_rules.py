"""Clinical round 3 (issue 28): the diaries real athletes keep, day by day, with the source line of each window."""
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.test_rules import DOMS, START, entry, episode, prior, rules_raised
from webapp.core.checklist import OpenAlerts, plan_for
from webapp.core.checklist.prescription import PlanItem, prescribed_day
from webapp.core.reminder_schedule import AthleteFacts, EpisodeToRemind, ReminderPreferences, checkin_banner
from webapp.core.rules import EntryFacts, Thresholds, evaluate_episode, quiet_since
from webapp.core.rules.clock import episode_day

WARNINGS = {"worsening_trend", "persisting_beyond_week", "no_improvement_7_10_days", "recurrent_pain", "injury_pattern",
            "severe_pain", "red_flag"}


def bout(days_before: float, last_pain: int = 3) -> object:
    """A five-day lower-back bout, never closed and never logged 0: the athlete stopped logging as it faded."""
    return prior(days_before, [(20, 5), (44, 5), (70, 4), (96, 4), (110, last_pain)])


RECURRENCE = [
    # name, source, this episode's entries, earlier episodes, expected rules
    ("three five-day bouts weeks apart, never closed, last log 3/10: recurrence", "004:474",
     [entry(20, 5), entry(44, 5), entry(70, 4), entry(110, 3)], [bout(21), bout(42)], {"recurrent_pain", "doms_window_exceeded"}),
    ("two weeks apart is enough: the earlier bout was quiet for 7 days", "004:474",
     [entry(20, 5), entry(44, 5), entry(80, 4)], [bout(14)], {"recurrent_pain", "doms_window_exceeded"}),
    ("an earlier bout still logged when this one began overlaps it: no recurrence", "004:474",
     [entry(20, 5), entry(44, 5), entry(80, 4)],
     [prior(10, [(20, 5), (100, 4), (200, 3), (240, 3)])], {"doms_window_exceeded"}),
    ("an earlier bout logged up to 3 days before this one: not quiet long enough", "004:474",
     [entry(20, 5), entry(44, 5), entry(80, 4)], [prior(8, [(20, 5), (80, 4), (120, 3)])], {"doms_window_exceeded"}),
    ("a short earlier bout, quiet since, does not make a recurrence", "004:474",
     [entry(20, 5), entry(44, 5), entry(80, 4)], [prior(30, [(20, 5), (44, 3)])], {"doms_window_exceeded"}),
    ("ordinary soreness now, after a quiet earlier bout, is no recurrence", "003:3",
     [entry(20, 4, **DOMS), entry(40, 5, **DOMS), entry(66, 2, **DOMS), entry(80, 0)], [bout(21)], set()),
]


@pytest.mark.parametrize("name, source, entries, earlier, expected", RECURRENCE, ids=[f"{r[1]} {r[0]}" for r in RECURRENCE])
def test_recurrence_counts_an_episode_gone_quiet_as_over(name, source, entries, earlier, expected):
    assert rules_raised(episode(), entries, earlier) == expected


def test_a_physiotherapist_may_ask_for_a_shorter_quiet():
    t = Thresholds.with_overrides({"quiet_after_days": 3})
    entries = [entry(20, 5), entry(44, 5), entry(80, 4)]
    earlier = [prior(8, [(20, 5), (80, 4), (120, 3)])]
    assert "recurrent_pain" in {f.rule for f in evaluate_episode(episode(), entries, earlier, t)}


RISING_SLOPE = [
    # name, source, onset, entries, expected
    ("2/10 at 16 h on the rising slope, then 4/10 at 56 h: soreness, not worsening", "003:3", "next_day",
     [entry(16, 2), entry(56, 4)], set()),
    ("1/10 at 25 h before a 48 h peak nobody logged, 5/10 at 60 h: soreness fading", "003:3", "next_day",
     [entry(25, 1), entry(60, 5), entry(70, 3)], set()),
    ("after 48 h soreness only fades: 3/10 at 50 h, then 5/10 at 64 h is worsening", "004:350", "next_day",
     [entry(30, 5), entry(50, 3), entry(64, 5)], {"worsening_trend"}),
    ("past the 72 h window an early reading counts again: 3/10 at 30 h, 6/10 at 90 h", "004:350", "next_day",
     [entry(30, 3), entry(90, 6)], {"worsening_trend", "doms_window_exceeded"}),
    ("pain that began during training is there from the start: 2/10 at 2 h, 5/10 at 60 h", "004:346", "during",
     [entry(2, 2), entry(60, 5)], {"worsening_trend"}),
]


@pytest.mark.parametrize("name, source, onset, entries, expected", RISING_SLOPE, ids=[f"{r[1]} {r[0]}" for r in RISING_SLOPE])
def test_a_reading_on_the_rising_slope_is_no_peak(name, source, onset, entries, expected):
    assert rules_raised(episode(onset=onset), entries) == expected


def same_minute(hours: float, *pains: int, **extra) -> list[EntryFacts]:
    return [EntryFacts(id=id_, recorded_at=START + timedelta(hours=hours), pain=pain, **extra)
            for id_, pain in zip(("z", "a"), pains, strict=False)]


@pytest.mark.parametrize("ids", [("a", "z"), ("z", "a")])
def test_a_same_minute_tie_is_decided_by_the_worse_reading_never_by_the_id(ids):
    """6/10 and 0/10 logged in the same minute on day 5: whichever id is larger, the plan follows the 6."""
    high, low = ids
    entries = [entry(30, 5), EntryFacts(high, START + timedelta(hours=100), 6), EntryFacts(low, START + timedelta(hours=100), 0)]
    plan = plan_for(episode(), entries, START + timedelta(hours=101), day=5)
    assert plan.phase == "subacute"
    assert "doms_window_exceeded" in rules_raised(episode(), entries)


def test_a_same_minute_tie_with_a_red_flag_counts_the_flag_last():
    entries = [entry(30, 5), EntryFacts("b", START + timedelta(hours=40), 2, red_flags=("fever_chills",)),
               EntryFacts("a", START + timedelta(hours=40), 2)]
    assert plan_for(episode(), entries, START + timedelta(hours=41), day=2).phase == "see_clinician"


BED_REST = [
    ("moderate pain, one day in bed: advice on day 1", "004:448", [entry(10, 5, treatments=("bed_rest",))], {"prolonged_bed_rest"}),
    ("mild pain, one day in bed: advice on day 1", "004:448", [entry(10, 2, treatments=("bed_rest",))], {"prolonged_bed_rest"}),
    ("intense pain, two days in bed: within 1-3 days", "004:448",
     [entry(10, 8, treatments=("bed_rest",)), entry(34, 7, treatments=("bed_rest",))], {"severe_pain"}),
    ("intense pain, five days in bed: more than 1-3 days", "004:448",
     [entry(h, 7, treatments=("bed_rest",)) for h in (10, 34, 58, 82, 106)], {"severe_pain", "prolonged_bed_rest", "doms_window_exceeded"}),
]


@pytest.mark.parametrize("name, source, entries, expected", BED_REST, ids=[f"{r[1]} {r[0]}" for r in BED_REST])
def test_bed_rest_with_moderate_pain_is_advised_against_from_the_first_day(name, source, entries, expected):
    assert rules_raised(episode(), entries) == expected


def test_day_n_is_the_calendar_day_in_the_athletes_zone_for_alerts_and_checklist_alike():
    """Training on Monday at 22:00 in Madrid; a reading 78 h later is on Friday, day 5 there (24 h blocks said day 4)."""
    madrid = replace(episode(zone="Europe/Madrid"), started_at=datetime(2026, 10, 5, 20, 0, tzinfo=UTC))
    at = madrid.started_at + timedelta(hours=78)
    assert episode_day(madrid, at) == 5  # Mon 22:00 -> Fri 04:00 local: day 5
    findings = evaluate_episode(madrid, [EntryFacts("e", at, 5)])
    [doms] = [f for f in findings if f.rule == "doms_window_exceeded"]
    assert "day 5" in str(doms.message)


def test_evidence_says_the_minutes_past_the_hour():
    findings = evaluate_episode(episode(), [entry(30, 5), entry(72.5, 4)])
    [doms] = [f for f in findings if f.rule == "doms_window_exceeded"]
    assert str(doms.evidence[0].text) == "pain 4 at 72 h 30 min after the training"


def test_an_open_episode_with_no_log_for_a_week_has_no_news_since_its_last_log():
    last = START + timedelta(hours=100)
    assert quiet_since(episode(), last, last + timedelta(days=7)) == last
    assert quiet_since(episode(), last, last + timedelta(days=6, hours=23)) is None
    assert quiet_since(episode(resolved_at=last), last, last + timedelta(days=30)) is None


@st.composite
def soreness_logged_any_way(draw):
    """Next-day soreness (003:3): onset 12-24 h, a mild-to-moderate peak (001:14) anywhere in 24-48 h, gone by 72 h
    or a mild tail into day 4; logged at any moments, the peak and the onset logged or not, in any number."""
    onset = draw(st.floats(12, 24))
    peak_at = draw(st.floats(max(24.0, onset + 1), 48))
    peak = draw(st.integers(2, 6))
    gone_at = draw(st.floats(max(60.0, peak_at + 12), 72))
    tail = draw(st.integers(0, 2))

    def pain(hours: float) -> int:
        if hours < onset:
            return 0
        if hours <= peak_at:
            return round(peak * (hours - onset) / (peak_at - onset))
        if hours <= gone_at:
            return max(tail if hours > 60 else 0, round(peak * (gone_at - hours) / (gone_at - peak_at)))
        return tail if hours <= 96 else 0

    moments = sorted(draw(st.lists(st.floats(0, 120), min_size=1, max_size=10)))
    return [EntryFacts(f"e{i}", START + timedelta(hours=h), pain(h), side="both", character="dull_ache", movement="eases")
            for i, h in enumerate(moments)]


@settings(max_examples=500)
@given(entries=soreness_logged_any_way())
def test_ordinary_soreness_logged_any_way_never_warns(entries):
    """Any onset 12-24 h, any peak 24-48 h, any logging pattern, readings on the rising slope included."""
    findings = evaluate_episode(episode(onset="next_day", character="dull_ache", side="both"), entries)
    assert {f.rule for f in findings} & WARNINGS == set()


def test_the_check_in_for_a_quiet_episode_asks_whether_the_pain_has_gone():
    last = START + timedelta(hours=100)
    evening = datetime(2026, 10, 20, 21, 0, tzinfo=UTC)
    facts = AthleteFacts("a", "UTC", ReminderPreferences(True), (EpisodeToRemind(episode(), last),), (), Thresholds())
    banner = checkin_banner(facts, evening)
    assert banner is not None and "Is it gone?" in str(banner.body)
    logged = AthleteFacts("a", "UTC", ReminderPreferences(True), (EpisodeToRemind(episode(), evening - timedelta(days=4)),), (),
                          Thresholds())
    assert "Is it gone?" not in str(checkin_banner(logged, evening).body)


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


LOADING = {"core", "strengthen", "warm_up", "technique", "gradual_load", "cool_down", "rest_days"}
FLAG = dict(red_flags=("saddle_numbness",))
CLINICIAN_CHECK = [
    # name, source, episode changes, entries, moment (h), alerts, expected phase, loading allowed
    ("no review: a red flag keeps the emergency plan, whatever the pain after it", "004:67",
     {}, [entry(50, 5, **FLAG), entry(70, 0)], 80, OpenAlerts(urgent=True, urgency="emergency"), "see_clinician", False),
    ("the entry was deleted: the open alert's tier still holds", "004:67",
     {}, [entry(70, 0)], 80, OpenAlerts(urgent=True, urgency="emergency"), "see_clinician", False),
    ("checked at 60 h, pain 0 before the check: recovering, loading waits", "004:67, 003:12",
     {"clinician_checked_at": at(60)}, [entry(50, 5, **FLAG), entry(58, 0)], 80, OpenAlerts(), "recovering", False),
    ("checked, then 6/10 logged: the phase the pain allows", "003:10",
     {"clinician_checked_at": at(60)}, [entry(50, 5, **FLAG), entry(70, 6)], 80, OpenAlerts(), "subacute", False),
    ("checked, then 2/10 logged: core work once the pain has eased", "003:12, 004:487",
     {"clinician_checked_at": at(60)}, [entry(50, 5, **FLAG), entry(70, 2)], 80, OpenAlerts(), "recovering", True),
    ("checked, then 0/10 logged: back to training, gradually", "004:487",
     {"clinician_checked_at": at(60)}, [entry(50, 5, **FLAG), entry(70, 0)], 80, OpenAlerts(), "return_to_training", True),
    ("checked, then the flag again: new, the emergency plan is back", "004:67",
     {"clinician_checked_at": at(60)}, [entry(50, 5, **FLAG), entry(70, 2, **FLAG)], 80, OpenAlerts(), "see_clinician", False),
    ("closed before the check, nothing logged since: not straight to loading", "004:487",
     {"clinician_checked_at": at(60), "resolved_at": at(59)}, [entry(50, 5, **FLAG), entry(58, 0)], 80, OpenAlerts(),
     "recovering", False),
    ("a physiotherapist's clearance plans the recovery itself: loading by pain", "004:487",
     {"cleared_at": at(60)}, [entry(50, 5, **FLAG), entry(58, 0)], 80, OpenAlerts(), "return_to_training", True),
]


@pytest.mark.parametrize("name, source, changes, entries, hours, alerts, phase, loading", CLINICIAN_CHECK,
                         ids=[f"{r[1]} {r[0]}" for r in CLINICIAN_CHECK])
def test_the_emergency_plan_is_left_only_by_a_clinicians_review_and_never_straight_to_loading(
    name, source, changes, entries, hours, alerts, phase, loading,
):
    facts = episode(**changes)
    known = [e._replace(logged_at=e.recorded_at) for e in entries]
    day = plan_for(facts, known, at(hours), day=4, alerts=alerts)
    assert day.phase == phase, name
    assert bool({item.key for item in day.items} & LOADING) == loading, (name, [item.key for item in day.items])
    if phase == "see_clinician":
        assert "emergency_care" in {item.key for item in day.items}, name


def test_a_red_flag_after_the_athletes_check_is_new_evidence():
    first = evaluate_episode(episode(), [entry(50, 5, **FLAG)])
    again = evaluate_episode(episode(clinician_checked_at=at(60)), [entry(50, 5, **FLAG), entry(70, 4, **FLAG)._replace(logged_at=at(70))])
    keys = {item.key for finding in again if finding.rule == "red_flag" for item in finding.evidence}
    assert {item.key for finding in first for item in finding.evidence} < keys


def test_after_the_athletes_check_a_prescribed_plank_waits_like_the_sourced_core_work():
    """The check is no clearance for load: a plank prescribed from day 3 waits for pain logged after it to ease."""
    plank = PlanItem("plank", "exercise", "plank", hold_seconds=20, from_day=3)
    checked = episode(clinician_checked_at=at(60))
    flagged = [entry(20, 5, **FLAG)._replace(logged_at=at(20)), entry(58, 2)._replace(logged_at=at(58))]
    before = prescribed_day(plan_for(checked, flagged, at(70), day=4), [plank], at(70).date())
    assert before.loading_waits and [held.item.key for held in before.held_back] == ["rx-plank"]
    eased = flagged + [entry(66, 2)._replace(logged_at=at(66))]
    after = prescribed_day(plan_for(checked, eased, at(70), day=4), [plank], at(70).date())
    assert not after.loading_waits and "rx-plank" in {item.key for item in after.items}


@pytest.mark.parametrize("heat_avoid_hours, hours, heat_waits", [
    (48, 47.9, True), (48, 48.1, False), (72, 60, True), (72, 71.9, True), (72, 72.1, False),
])
def test_the_plan_holds_heat_back_as_long_as_the_patients_heat_alert_does(heat_avoid_hours, hours, heat_waits):
    """003:10, 004:493-495: 48 h at least; a physiotherapist may lengthen it, and the plan follows the alert."""
    day = plan_for(episode(onset="during"), [entry(1, 5)], at(hours), day=3, thresholds=Thresholds(heat_avoid_hours=heat_avoid_hours))
    assert day.heat_waits == heat_waits
    assert ("heat" in {item.key for item in day.items}) == (not heat_waits and day.phase == "subacute")
