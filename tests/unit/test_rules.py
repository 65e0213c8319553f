"""The alert rules, by day-by-day pain trajectories.

Each row: a trajectory (hours after training, pain, extras), the rules it must
raise (and no others), and the source line of the window it tests
(shared/clinical-windows.md).
"""
import ast
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from webapp.core.rules import RULES, EntryFacts, EpisodeFacts, PriorEpisode, Thresholds, evaluate_episode, needs_checkin
from webapp.core.rules.thresholds import LIMITS

START = datetime(2026, 10, 5, 18, 0, tzinfo=UTC)


def entry(hours, pain, **extra) -> EntryFacts:
    return EntryFacts(id=f"e{hours:g}-{pain}", recorded_at=START + timedelta(hours=hours), pain=pain, **extra)


def episode(onset="next_day", character="dull_ache", side="both", regions=("lower_back",), **extra) -> EpisodeFacts:
    return EpisodeFacts(id="ep", started_at=START, onset=onset, activity="Deadlifts", regions=regions, side=side, character=character, **extra)


def prior(days_before: float, readings_hours_pain, regions=("lower_back",), name="p", resolved_hours=None) -> PriorEpisode:
    started = START - timedelta(days=days_before)
    resolved = started + timedelta(hours=resolved_hours) if resolved_hours is not None else None
    return PriorEpisode(
        name, started, "Deadlifts", regions, tuple((started + timedelta(hours=h), p) for h, p in readings_hours_pain), resolved,
    )


DOMS = dict(character="dull_ache", side="both", movement="eases")
STRAIN = dict(character="sharp", side="right", movement="worsens")

TRAJECTORIES = [
    # name, source, episode kwargs, entries, prior episodes, expected rules
    ("classic soreness: peak at 36 h, gone by 72 h", "003:3", {},
     [entry(18, 3, **DOMS), entry(36, 5, **DOMS), entry(60, 2, **DOMS), entry(74, 0)], [], set()),
    ("soreness with a mild tail to 90 h", "003:3", {},
     [entry(20, 4, **DOMS), entry(44, 6, **DOMS), entry(70, 3, **DOMS), entry(80, 2, **DOMS), entry(94, 1)], [], set()),
    ("one log only, the next morning", "003:3", {}, [entry(14, 3, **DOMS)], [], set()),
    ("soreness treated by the book: ice, then heat and walking", "003:10", {},
     [entry(20, 4, treatments=("ice",), **DOMS), entry(50, 3, treatments=("heat", "walk"), **DOMS), entry(72, 1)], [], set()),
    ("tightness on both sides, several logs a day", "003:3-4", {"character": "tightness"},
     [entry(h, p, character="tightness", side="both") for h, p in [(12, 2), (16, 3), (26, 4), (30, 5), (40, 4), (52, 2), (66, 1), (80, 0)]], [], set()),
    ("still sore at 80 h", "003:3", {},
     [entry(20, 4, **DOMS), entry(44, 5, **DOMS), entry(80, 4, **DOMS)], [], {"doms_window_exceeded"}),
    ("still 3/10 on day 5, easing", "003:3", {},
     [entry(24, 5, **DOMS), entry(48, 5, **DOMS), entry(100, 3, **DOMS)], [], {"doms_window_exceeded"}),
    ("persisting past a week", "000:80", {},
     [entry(24, 5, **DOMS), entry(72, 4, **DOMS), entry(120, 3, **DOMS), entry(176, 3, **DOMS)], [],
     {"doms_window_exceeded", "persisting_beyond_week"}),
    ("yoga-style soreness for a week or more", "002:58", {"character": "tightness"},
     [entry(30, 3, character="tightness"), entry(100, 2), entry(170, 2)], [], {"persisting_beyond_week"}),
    # 7/10 is severe, a warning in itself since issue 12 (001:14, 004:497).
    ("slow but improving: 7 -> 4 by day 8 is not 'no improvement'", "003:15", {},
     [entry(24, 7, **DOMS), entry(96, 6, **DOMS), entry(150, 5, **DOMS), entry(200, 4, **DOMS)], [],
     {"doms_window_exceeded", "persisting_beyond_week", "severe_pain"}),
    ("severe and flat for 8 days", "003:15", {},
     [entry(24, 6), entry(72, 6), entry(120, 6), entry(196, 6)], [],
     {"doms_window_exceeded", "persisting_beyond_week", "no_improvement_7_10_days"}),
    ("improved by 30% but not 2 points counts as improving", "003:15", {},
     [entry(30, 3), entry(180, 2)], [], {"persisting_beyond_week"}),
    ("strain: sharp during the lift, worse on movement", "003:4", {"onset": "during", "character": "sharp", "side": "right"},
     [entry(1, 6, **STRAIN), entry(20, 6, **STRAIN), entry(44, 5, **STRAIN)], [], {"injury_pattern"}),
    ("strain lasting into day 4", "004:346-347", {"onset": "right_after", "character": "stabbing", "side": "left"},
     [entry(2, 7, character="stabbing", side="left", movement="worsens"), entry(50, 6), entry(90, 5)], [],
     {"injury_pattern", "doms_window_exceeded", "severe_pain"}),
    ("immediate onset but a dull ache that eases on movement is not an injury pattern", "003:3-4",
     {"onset": "right_after", "character": "dull_ache"},
     [entry(2, 3, **DOMS), entry(30, 4, **DOMS), entry(60, 1, **DOMS)], [], set()),
    # This row used to expect nothing ("not the injury onset pattern"): that locked in a missed warning.
    # 004:33 says sharp pain means stop and consult, whenever it began (issue 12, item 9).
    ("sharp pain that came the next day is a stop signal too", "004:33", {"onset": "next_day", "character": "sharp"},
     [entry(20, 4, character="sharp"), entry(44, 3), entry(70, 1)], [], {"injury_pattern"}),
    ("worsening after the peak", "004:350", {},
     [entry(20, 3, **DOMS), entry(40, 4, **DOMS), entry(64, 5), entry(90, 6)], [], {"worsening_trend", "doms_window_exceeded"}),
    ("growing day after day", "004:76", {"onset": "later"},
     [entry(30, 2), entry(54, 3), entry(78, 4), entry(102, 5), entry(126, 6)], [], {"worsening_trend", "doms_window_exceeded"}),
    ("a one-point wobble after the peak is not worsening", "004:350", {},
     [entry(30, 4, **DOMS), entry(50, 5, **DOMS), entry(70, 2)], [], set()),
    ("heat on day one", "003:10", {},
     [entry(20, 4, treatments=("heat",), **DOMS), entry(40, 3, **DOMS), entry(70, 1)], [], {"heat_in_first_48h"}),
    ("heat right after an acute injury", "004:493-495", {"onset": "during", "character": "sharp"},
     [entry(1, 7, treatments=("heat",), **STRAIN)], [], {"heat_in_first_48h", "injury_pattern", "severe_pain"}),
    ("bed rest on four days", "004:448", {},
     [entry(h, 5, treatments=("bed_rest",)) for h in (10, 34, 58, 70)] + [entry(82, 2, treatments=("bed_rest",))], [],
     {"prolonged_bed_rest"}),
    ("bed rest for two days with intense pain is within 1-3 days", "004:448", {},
     [entry(10, 8, treatments=("bed_rest",)), entry(34, 7, treatments=("bed_rest",)), entry(60, 2, treatments=("walk",))], [],
     {"severe_pain"}),
    ("bed rest with moderate pain: no need for bed rest, said from the first day", "004:448", {},
     [entry(10, 5, treatments=("bed_rest",)), entry(34, 4, treatments=("bed_rest",)), entry(60, 2, treatments=("walk",))], [],
     {"prolonged_bed_rest"}),
    ("recurrent: came back and lasted more than 3 days, like last month", "004:474", {},
     [entry(20, 4), entry(50, 5), entry(90, 4)],
     [prior(30, [(20, 5), (60, 4), (100, 3), (130, 0)])], {"recurrent_pain", "doms_window_exceeded"}),
    ("recurrent on repeating the exercise two weeks later", "000:218", {},
     [entry(10, 6), entry(80, 5), entry(100, 4)],
     [prior(14, [(10, 5), (40, 5), (80, 3), (96, 0)])], {"recurrent_pain", "doms_window_exceeded"}),
    ("a short earlier bout does not make a recurrence", "004:474", {},
     [entry(20, 4), entry(50, 5), entry(90, 4)],
     [prior(30, [(20, 5), (50, 2), (70, 0)])], {"doms_window_exceeded"}),
    ("an earlier episode elsewhere in the body is another problem", "004:474", {},
     [entry(20, 4), entry(50, 5), entry(90, 4)],
     [prior(30, [(20, 5), (90, 4)], regions=("neck",))], {"doms_window_exceeded"}),
    ("an episode half a year ago is outside the look-back", "004:474", {},
     [entry(20, 4), entry(50, 5), entry(90, 4)],
     [prior(200, [(20, 5), (90, 4)])], {"doms_window_exceeded"}),
    # Issue 12, item 4: recurrence means an earlier episode that ended, then pain again.
    ("item 4: two ordinary soreness episodes two days apart (2/10 tails at 78 h) are no recurrence", "004:474", {},
     [entry(20, 4, **DOMS), entry(44, 5, **DOMS), entry(78, 2, **DOMS)],
     [prior(2, [(20, 4), (44, 5), (78, 2)])], set()),
    ("item 4: an earlier episode still logged when this one began (overlapping bouts) is no recurrence", "004:474", {},
     [entry(20, 4), entry(50, 5), entry(90, 5)],
     [prior(20, [(20, 5), (100, 4), (130, 3), (20 * 24 + 30, 3)])], {"doms_window_exceeded"}),
    ("item 4: a soreness tail of 3/10 on day 4 after a closed episode is no recurrence", "004:474", {},
     [entry(20, 4, **DOMS), entry(44, 5, **DOMS), entry(80, 3, **DOMS)],
     [prior(10, [(20, 5), (80, 3), (100, 2)], resolved_hours=120)], {"doms_window_exceeded"}),
    ("item 4: an earlier episode closed by the athlete, then pain lasting again", "004:474", {},
     [entry(20, 5), entry(50, 5), entry(90, 5)],
     [prior(20, [(20, 5), (80, 4), (100, 2)], resolved_hours=110)], {"recurrent_pain", "doms_window_exceeded"}),
    # Item 5: alerts about the present are judged on the latest readings.
    ("item 5: still sore at 80 h, then 0: nothing about the present stands", "003:3", {},
     [entry(20, 4, **DOMS), entry(44, 5, **DOMS), entry(80, 4, **DOMS), entry(100, 0)], [], set()),
    ("item 5: past a week, then gone", "000:80", {},
     [entry(24, 5), entry(120, 4), entry(176, 3), entry(200, 0)], [], set()),
    # Item 6: "has not improved" needs a baseline days earlier, and no improvement on the way.
    ("item 6: a single log on day 8 is no baseline for 'not improved'", "003:15", {},
     [entry(190, 6)], [], {"doms_window_exceeded", "persisting_beyond_week"}),
    ("item 6: a relapse after reaching 0 is worsening, not 'has not improved'", "003:15", {},
     [entry(24, 6), entry(96, 0), entry(190, 6)], [], {"worsening_trend", "doms_window_exceeded", "persisting_beyond_week"}),
    # Item 7: worsening after the peak window, from the lowest reading since.
    ("item 7: first log at 60 h, then rising", "004:350", {},
     [entry(60, 4), entry(90, 6)], [], {"worsening_trend", "doms_window_exceeded"}),
    ("item 7: a rebound after easing (6, 3, then 6)", "004:76", {},
     [entry(30, 6), entry(80, 3), entry(110, 6)], [], {"worsening_trend", "doms_window_exceeded"}),
    ("item 7: a 1/10 before soreness set in is no baseline", "003:3", {},
     [entry(10, 1, **DOMS), entry(58, 3, **DOMS), entry(70, 2, **DOMS), entry(80, 1)], [], set()),
    ("item 7: worse, then easing again: the present no longer shows it", "004:350", {},
     [entry(30, 4), entry(60, 3), entry(80, 6), entry(100, 3), entry(110, 2)], [], set()),
    # Item 8: severe pain is a warning in itself.
    ("item 8: 9/10 for days", "001:14", {},
     [entry(20, 9), entry(44, 9), entry(80, 9)], [], {"severe_pain", "doms_window_exceeded"}),
    ("item 8: 10/10 at 20 h", "004:497", {}, [entry(20, 10)], [], {"severe_pain"}),
    # Item 9: injury signs whatever the onset.
    ("item 9: sharp, one-sided, worse on movement, 7/10 from the next day", "004:33", {"onset": "next_day", "character": "sharp", "side": "right"},
     [entry(20, 7, **STRAIN), entry(40, 6, **STRAIN)], [], {"injury_pattern", "severe_pain"}),
    ("item 9: one side only and swollen, the next day", "004:72", {"onset": "next_day", "side": "left"},
     [entry(20, 4, character="dull_ache", side="left", swelling=True), entry(40, 3), entry(70, 1)], [], {"injury_pattern"}),
    # Item 10: the 48 h of cold run from a late pain's onset.
    ("item 10: pain that began on day 3 with heat on its first day", "003:10", {"onset": "later"},
     [entry(60, 5, treatments=("heat",)), entry(100, 2)], [], {"heat_in_first_48h"}),
    ("item 10: heat 2 days after a late pain began is fine", "003:10", {"onset": "later"},
     [entry(60, 5), entry(110, 2, treatments=("heat",))], [], set()),
    # Item 12: consecutive logs of bed rest count the days between them.
    ("item 12: five days in bed, logged twice", "004:448", {},
     [entry(10, 6, treatments=("bed_rest",)), entry(106, 2, treatments=("bed_rest",))], [], {"prolonged_bed_rest"}),
]

RED_FLAG_ROWS = [
    ("leg_pain_below_knee", "003:14", False),
    ("leg_numbness_weakness", "003:14", False),
    ("saddle_numbness", "004:473", True),
    ("bladder_bowel_change", "003:15", True),
    ("fever_chills", "003:15", False),
    ("unexplained_weight_loss", "004:476", False),
    ("cancer_history", "004:475", False),
    ("night_or_rest_pain", "004:363", False),
    ("trauma", "004:477", False),
    ("unable_self_care", "004:471", False),
    # Issue 12, item 11.
    ("loss_of_consciousness", "004:112", True),
    ("arm_pain_numbness_weakness", "004:74", False),
    ("unable_to_urinate", "003:15", True),
    ("leg_weakness_both_or_worse", "004:110", True),
    # Issue 28, point 14: pain at rest that keeps growing is on 004:67's emergency list.
    ("rest_pain_growing", "004:69", True),
]


def rules_raised(*args, **kwargs) -> set[str]:
    return {f.rule for f in evaluate_episode(*args, **kwargs)}


@pytest.mark.parametrize(
    "name, source, episode_kwargs, entries, prior_episodes, expected",
    TRAJECTORIES,
    ids=[f"{row[1]} {row[0]}" for row in TRAJECTORIES],
)
def test_trajectories(name, source, episode_kwargs, entries, prior_episodes, expected):
    assert rules_raised(episode(**episode_kwargs), entries, prior_episodes) == expected


@pytest.mark.parametrize("flag, source, emergency", RED_FLAG_ROWS, ids=[f"{r[1]} {r[0]}" for r in RED_FLAG_ROWS])
def test_each_red_flag_is_urgent_at_once(flag, source, emergency):
    # Reported in the middle of the back: on both sides, nerve signs are an emergency too (issue 28, point 10).
    findings = evaluate_episode(episode(side="center"), [entry(3, 2, red_flags=(flag,), **{**DOMS, "side": "center"})])
    [finding] = [f for f in findings if f.rule == "red_flag"]
    assert finding.severity == "urgent"
    assert ("emergency" in finding.message.lower()) is emergency
    # Issue 28, point 14: no red flag waits for later in the day: a doctor now, or emergency care.
    assert "today" not in finding.message and finding.message.startswith("See a doctor now") is not emergency
    assert finding.evidence[0].entry_id == "e3-2"


@pytest.mark.parametrize("nerve_sign", ["leg_numbness_weakness", "arm_pain_numbness_weakness"])
def test_trauma_with_nerve_signs_is_an_emergency(nerve_sign):
    """004:111-112, 004:477 with 004:110 (legs) and 004:74 (arms)."""
    entries = [entry(1, 6, red_flags=("trauma",)), entry(5, 6, red_flags=(nerve_sign,))]
    [finding] = [f for f in evaluate_episode(episode(), entries) if f.rule == "red_flag"]
    assert "emergency" in finding.message.lower()
    assert {e.key for e in finding.evidence} == {"trauma", nerve_sign}


def test_a_closed_episode_keeps_its_events_and_drops_its_present_state():
    """Item 5: red flags, severe pain and the like stand after the close; 'still there' does not."""
    closed = episode(resolved_at=START + timedelta(days=10))
    entries = [entry(20, 8), entry(100, 6), entry(200, 6, red_flags=("fever_chills",))]
    assert rules_raised(closed, entries) == {"red_flag", "severe_pain"}
    assert all(f.kind == "event" for f in evaluate_episode(closed, entries))


def test_pain_logged_after_the_close_is_evaluated():
    """Item 1: 8/10 logged after the athlete closed the episode is not ignored."""
    closed = episode(resolved_at=START + timedelta(hours=48))
    assert rules_raised(closed, [entry(20, 4), entry(30, 5), entry(100, 8)]) == {"severe_pain", "doms_window_exceeded", "worsening_trend"}
    assert rules_raised(closed, [entry(20, 4), entry(100, 0)]) == set()


def test_a_flag_reported_again_after_a_clearance_is_new_evidence():
    """Item 3: the physiotherapist's clearance covers the flags reported up to it, not later ones."""
    entries = [entry(10, 5, red_flags=("leg_pain_below_knee",)), entry(80, 4, red_flags=("leg_pain_below_knee",))]
    before = evaluate_episode(episode(), entries)
    after = evaluate_episode(episode(cleared_at=START + timedelta(hours=40)), entries)
    [flag_before] = [f for f in before if f.rule == "red_flag"]
    [flag_after] = [f for f in after if f.rule == "red_flag"]
    assert {e.key for e in flag_before.evidence} == {"leg_pain_below_knee"}
    assert {e.key for e in flag_after.evidence} - {e.key for e in flag_before.evidence}


def test_messages_quote_the_data():
    """Item 6: the baseline and the latest reading are named, and they differ."""
    [finding] = [f for f in evaluate_episode(episode(), [entry(24, 6), entry(72, 6), entry(196, 6)]) if f.rule == "no_improvement_7_10_days"]
    assert "6/10 on day 9" in finding.message and "6/10 on day 2" in finding.message
    assert finding.evidence[0].entry_id != finding.evidence[1].entry_id


def test_evidence_names_entries_and_figures():
    [finding] = [f for f in evaluate_episode(episode(), [entry(20, 4), entry(96, 6)]) if f.rule == "doms_window_exceeded"]
    assert finding.evidence[0].text == "pain 6 at 96 h after the training"
    assert finding.evidence[0].entry_id == "e96-6"
    assert finding.source == ("003:3",)
    assert finding.thresholds == {"doms_window_hours": 72, "doms_pain_min": 3} and finding.overridden == ()


def test_overrides_change_the_window_and_are_named():
    entries = [entry(20, 4), entry(60, 4)]
    assert "doms_window_exceeded" not in rules_raised(episode(), entries)
    thresholds = Thresholds.with_overrides({"doms_window_hours": 48})
    [finding] = [f for f in evaluate_episode(episode(), entries, thresholds=thresholds) if f.rule == "doms_window_exceeded"]
    assert finding.thresholds["doms_window_hours"] == 48 and finding.overridden == ("doms_window_hours",)


@pytest.mark.parametrize("overrides", [{"doms_window_hours": None}, {"doms_window_hours": "48"}, {"nonsense": 3}, {"doms_pain_min": True}])
def test_invalid_overrides_are_ignored(overrides):
    assert Thresholds.with_overrides(overrides) == Thresholds()


def test_every_threshold_has_a_reason_and_a_default_in_range():
    fields = set(Thresholds.__dataclass_fields__) - {"overridden"}
    assert fields == set(LIMITS)
    for limit in LIMITS.values():
        assert limit.low <= limit.default <= limit.high and limit.reason


def test_the_table_covers_every_contract_code_with_a_source():
    contract = {"red_flag", "injury_pattern", "doms_window_exceeded", "persisting_beyond_week", "no_improvement_7_10_days",
                "worsening_trend", "recurrent_pain", "prolonged_bed_rest", "heat_in_first_48h"}
    assert contract <= {rule.code for rule in RULES} == contract | {"severe_pain"}
    for rule in RULES:
        assert rule.source and all(":" in s for s in rule.source) and rule.severity in ("urgent", "warning", "advice")
        assert set(rule.thresholds) <= set(LIMITS) and rule.kind in ("state", "event")
        assert all(source.split(":")[0] in rule.why for source in rule.source), rule.code


def test_the_rules_are_pure_python():
    """No Flask, no database: the rules import only the standard library and each other (and the code lists)."""
    allowed = {"collections.abc", "dataclasses", "datetime", "math", "operator", "typing", "zoneinfo", "webapp.core.codes", "webapp.core.rules", "webapp.core.rules.facts", "webapp.core.rules.table",
               "webapp.core.rules.thresholds", "webapp.core.rules.engine", "webapp.core.rules.checks", "webapp.core.rules.clock",
               "webapp.core.rules.baselines", "webapp.core.rules.case", "webapp.core.wording"}
    for path in Path("webapp/core/rules").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module in allowed, (path, node.module)
            elif isinstance(node, ast.Import):
                assert all(alias.name in allowed for alias in node.names), path
    assert "flask" not in Path("webapp/core/codes.py").read_text()


def test_order_of_arrival_and_replays_do_not_matter():
    entries = [entry(h, p) for h, p in [(2, 6), (20, 7), (50, 6), (80, 6), (120, 6), (200, 6)]]
    expected = evaluate_episode(episode(onset="during", character="sharp"), entries)
    shuffled = random.Random(7).sample(entries, len(entries))
    assert evaluate_episode(episode(onset="during", character="sharp"), shuffled) == expected


def test_check_in_prompt_after_days_without_a_log():
    now = START + timedelta(days=6)
    assert needs_checkin(episode(), START + timedelta(days=2), now)
    assert not needs_checkin(episode(), START + timedelta(days=4), now)
    assert not needs_checkin(episode(resolved_at=START), None, now)


def test_worsening_cites_the_baseline_the_latest_reading_is_compared_with():
    """Found by the message property: a 0 and a 5 logged the same minute just after the peak window, then a 4.

    The 5 is worse than the peak (3); the 4 is worse than the 0 since. The message and its evidence cite the
    latest reading's own baseline (0), not the first one of the run (3): "4/10 now, from 3/10" would be untrue.
    """
    after_window = timedelta(hours=54, minutes=1)
    entries = [
        EntryFacts("peak", START, 3), EntryFacts("a", START, 0),
        # Same minute: the 0 sorts first, so the run of worse readings is the 5 and the 4.
        EntryFacts("e0-zero", START + after_window, 0), EntryFacts("e1-five", START + after_window, 5),
        EntryFacts("e2-four", START + after_window + timedelta(minutes=1), 4),
    ]
    [finding] = [f for f in evaluate_episode(episode(onset="during"), entries) if f.rule == "worsening_trend"]
    assert "4/10 now, from 0/10" in finding.message
    assert [item.entry_id for item in finding.evidence] == ["e0-zero", "e1-five"]
