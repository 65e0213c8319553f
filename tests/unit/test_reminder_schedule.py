"""Who is due which reminder when: time zones, DST change days, quiet hours, resolved episodes, already logged or reminded."""
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from webapp.core.codes import RED_FLAGS
from webapp.core.reminder_schedule import (
    ALERT,
    CHECKIN_DUE,
    DAILY_CHECKIN,
    AlertToNotify,
    AthleteFacts,
    EpisodeToRemind,
    ReminderPreferences,
    checkin_banner,
    due_reminders,
    local_moment,
)
from webapp.core.rules import EpisodeFacts

ON = ReminderPreferences(enabled=True, daily_at=time(20, 0), quiet_start=time(22, 0), quiet_end=time(7, 0))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if "+" not in text else datetime.fromisoformat(text).astimezone(UTC)


def episode(started: str, last: str | None, resolved: str | None = None, activity: str = "Deadlifts", episode_id: str = "e1") -> EpisodeToRemind:
    facts = EpisodeFacts(id=episode_id, started_at=utc(started), onset="next_day", activity=activity,
                         resolved_at=utc(resolved) if resolved else None)
    return EpisodeToRemind(facts, utc(last) if last else None)


def athlete(zone="Europe/Madrid", prefs=ON, episodes=(), alerts=()) -> AthleteFacts:
    return AthleteFacts("u1", zone, prefs, tuple(episodes), tuple(alerts))


def alert(severity="warning", raised="2026-11-20T18:00:00", by_athlete=False) -> AlertToNotify:
    return AlertToNotify("a1", "e1", "Deadlifts", severity, utc(raised), raised_by_athlete=by_athlete)


CHECKINS = [
    # name, now (UTC), zone, prefs, episodes, expected kind (None: nothing due)
    ("20:05 in Madrid, last log yesterday: daily check-in", "2026-11-20T19:05:00", "Europe/Madrid", ON,
     [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")], DAILY_CHECKIN),
    ("19:55 in Madrid: not yet", "2026-11-20T18:55:00", "Europe/Madrid", ON,
     [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")], None),
    ("already logged this local day", "2026-11-20T19:05:00", "Europe/Madrid", ON,
     [episode("2026-11-19T08:00:00", "2026-11-20T08:00:00")], None),
    ("logged at 00:30 Madrid time, still 23:30 UTC the day before: that is today there", "2026-11-20T19:05:00", "Europe/Madrid", ON,
     [episode("2026-11-18T08:00:00", "2026-11-19T23:30:00")], None),
    ("logged at 21:00 New York time yesterday, 02:00 UTC today: not today there", "2026-11-21T01:05:00", "America/New_York", ON,
     [episode("2026-11-19T12:00:00", "2026-11-20T02:00:00")], DAILY_CHECKIN),
    ("resolved episode: nothing", "2026-11-20T19:05:00", "Europe/Madrid", ON,
     [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00", resolved="2026-11-20T09:00:00")], None),
    ("episode started after today's reminder time: nothing yet", "2026-11-20T20:30:00", "Europe/Madrid", ON,
     [episode("2026-11-20T19:15:00", None)], None),
    ("no open episode: nothing", "2026-11-20T19:05:00", "Europe/Madrid", ON, [], None),
    ("reminders off: nothing", "2026-11-20T19:05:00", "Europe/Madrid", ReminderPreferences(enabled=False),
     [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")], None),
    ("in quiet hours (23:10): nothing, even if the time passed", "2026-11-20T22:10:00", "Europe/Madrid", ON,
     [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")], None),
    ("quiet hours off: 23:10 still sends", "2026-11-20T22:10:00", "Europe/Madrid", ReminderPreferences(True, time(20), None, None),
     [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")], DAILY_CHECKIN),
    ("quiet hours within the day (13:00-21:00) hold the 20:00 reminder", "2026-11-20T19:05:00", "Europe/Madrid",
     ReminderPreferences(True, time(20), time(13), time(21)), [episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")], None),
    ("no log for 4 days (check-in window 3 days): the stronger check-in", "2026-11-20T19:05:00", "Europe/Madrid", ON,
     [episode("2026-11-14T08:00:00", "2026-11-16T18:00:00")], CHECKIN_DUE),
    ("no log at all since a start 4 days ago: check-in due", "2026-11-20T19:05:00", "Europe/Madrid", ON,
     [episode("2026-11-16T18:00:00", None)], CHECKIN_DUE),
    # Spring forward in Madrid on 2026-03-29: 20:00 is 18:00 UTC that evening, not 19:00.
    ("DST starts: 20:00 CEST is 18:00 UTC, due at 18:05", "2026-03-29T18:05:00", "Europe/Madrid", ON,
     [episode("2026-03-27T08:00:00", "2026-03-28T18:00:00")], DAILY_CHECKIN),
    ("DST starts: 17:55 UTC is 19:55 CEST, not yet", "2026-03-29T17:55:00", "Europe/Madrid", ON,
     [episode("2026-03-27T08:00:00", "2026-03-28T18:00:00")], None),
    ("DST starts: a 02:30 reminder (a time that does not exist) goes once the clocks pass it", "2026-03-29T01:31:00", "Europe/Madrid",
     ReminderPreferences(True, time(2, 30), None, None), [episode("2026-03-27T08:00:00", "2026-03-28T18:00:00")], DAILY_CHECKIN),
    ("DST starts: before the gap, 00:59 UTC (01:59 CET), not yet", "2026-03-29T00:59:00", "Europe/Madrid",
     ReminderPreferences(True, time(2, 30), None, None), [episode("2026-03-27T08:00:00", "2026-03-28T18:00:00")], None),
    # Fall back in New York on 2026-11-01: 20:00 EST is 01:00 UTC on 2 November, not 00:00.
    ("DST ends: 00:30 UTC is 19:30 EST, not yet", "2026-11-02T00:30:00", "America/New_York", ON,
     [episode("2026-10-30T12:00:00", "2026-10-31T22:00:00")], None),
    ("DST ends: 01:05 UTC is 20:05 EST, due", "2026-11-02T01:05:00", "America/New_York", ON,
     [episode("2026-10-30T12:00:00", "2026-10-31T22:00:00")], DAILY_CHECKIN),
    ("half-hour zone: 20:05 in Kolkata is 14:35 UTC", "2026-11-20T14:35:00", "Asia/Kolkata", ON,
     [episode("2026-11-18T08:00:00", "2026-11-19T10:00:00")], DAILY_CHECKIN),
]


@pytest.mark.parametrize("name, now, zone, prefs, episodes, kind", CHECKINS, ids=[row[0] for row in CHECKINS])
def test_checkin_reminders(name, now, zone, prefs, episodes, kind):
    due = due_reminders(athlete(zone, prefs, episodes), utc(now))
    assert [reminder.kind for reminder in due] == ([kind] if kind else []), name


def test_one_checkin_a_local_day_whatever_the_runs():
    facts = athlete(episodes=[episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")])
    first = due_reminders(facts, utc("2026-11-20T19:05:00"))
    later = due_reminders(facts, utc("2026-11-20T20:40:00"))
    assert [r.key for r in first] == [r.key for r in later] == ["checkin:u1:2026-11-20"]
    assert due_reminders(facts, utc("2026-11-20T20:40:00"), already_sent=frozenset({"checkin:u1:2026-11-20"})) == ()
    # The next local day is a new key.
    assert [r.key for r in due_reminders(facts, utc("2026-11-21T19:05:00"))] == ["checkin:u1:2026-11-21"]


def test_one_reminder_names_the_overdue_episode_among_several():
    facts = athlete(episodes=[
        episode("2026-11-19T08:00:00", "2026-11-19T18:00:00", activity="Squats", episode_id="recent"),
        episode("2026-11-12T08:00:00", "2026-11-14T18:00:00", activity="Running", episode_id="overdue"),
    ])
    [reminder] = due_reminders(facts, utc("2026-11-20T19:05:00"))
    assert reminder.kind == CHECKIN_DUE and reminder.episode_id == "overdue" and "Running" in reminder.body


def test_a_checkin_expires_when_quiet_hours_begin_or_the_day_ends():
    [reminder] = due_reminders(athlete(episodes=[episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")]), utc("2026-11-20T19:05:00"))
    assert reminder.expires_at == utc("2026-11-20T21:00:00")  # 22:00 in Madrid
    no_quiet = athlete(prefs=ReminderPreferences(True, time(20), None, None), episodes=[episode("2026-11-19T08:00:00", None)])
    [reminder] = due_reminders(no_quiet, utc("2026-11-20T19:05:00"))
    assert reminder.expires_at == utc("2026-11-20T23:00:00")  # midnight in Madrid


ALERTS = [
    # name, now, alert, sent?, urgency
    ("a warning the sweep raised an hour ago: sent", "2026-11-20T19:00:00", alert("warning"), True, "normal"),
    ("a warning in quiet hours waits", "2026-11-20T23:30:00", alert("warning", raised="2026-11-20T23:00:00"), False, None),
    ("the same warning once quiet hours end", "2026-11-21T06:05:00", alert("warning", raised="2026-11-20T23:00:00"), True, "normal"),
    ("an urgent alert in quiet hours: sent at once", "2026-11-20T23:30:00", alert("urgent", raised="2026-11-20T23:00:00"), True, "high"),
    ("advice is never pushed", "2026-11-20T19:00:00", alert("advice"), False, None),
    ("raised by the athlete's own request: they saw it", "2026-11-20T19:00:00", alert("urgent", by_athlete=True), False, None),
    ("more than a day old: left to the app", "2026-11-21T19:00:00", alert("warning", raised="2026-11-20T18:00:00"), False, None),
]


@pytest.mark.parametrize("name, now, notice, sent, urgency", ALERTS, ids=[row[0] for row in ALERTS])
def test_alert_notices(name, now, notice, sent, urgency):
    due = [r for r in due_reminders(athlete(alerts=[notice]), utc(now)) if r.kind == ALERT]
    assert bool(due) == sent, name
    if sent:
        assert due[0].urgency == urgency and due[0].episode_id == "e1" and due[0].alert_id == "a1"


def test_an_alert_raised_again_is_a_new_notice():
    first = due_reminders(athlete(alerts=[alert(raised="2026-11-20T18:00:00")]), utc("2026-11-20T19:00:00"))
    again = due_reminders(athlete(alerts=[alert(raised="2026-11-22T18:00:00")]), utc("2026-11-22T19:00:00"))
    assert first[0].key != again[0].key


def test_what_is_pushed_names_no_pain_score_or_symptom():
    facts = athlete(
        episodes=[episode("2026-11-12T08:00:00", "2026-11-14T18:00:00", activity="Rowing")],
        alerts=[alert("urgent", raised="2026-11-20T18:30:00")],
    )
    for reminder in due_reminders(facts, utc("2026-11-20T19:05:00")):
        text = f"{reminder.title} {reminder.body}".lower()
        assert not any(ch.isdigit() for ch in text), text
        assert not any(flag.replace("_", " ") in text or question.question.lower() in text for flag, question in RED_FLAGS.items())
        assert "rowing" in text or "deadlifts" in text


def test_the_home_banner_ignores_quiet_hours_and_the_push_setting():
    facts = athlete(prefs=ReminderPreferences(enabled=False), episodes=[episode("2026-11-19T08:00:00", "2026-11-19T18:00:00")])
    assert due_reminders(facts, utc("2026-11-20T22:30:00")) == ()
    banner = checkin_banner(facts, utc("2026-11-20T22:30:00"))
    assert banner is not None and banner.episode_id == "e1"
    assert checkin_banner(facts, utc("2026-11-20T18:30:00")) is None


def test_local_moment_in_a_dst_gap_is_the_moment_the_clocks_skip_it():
    moment = local_moment(date(2026, 3, 29), time(2, 30), ZoneInfo("Europe/Madrid"))
    assert moment.astimezone(UTC) == utc("2026-03-29T01:30:00")
    # A repeated hour on the fall-back day is its first occurrence (still summer time).
    repeated = local_moment(date(2026, 10, 25), time(2, 30), ZoneInfo("Europe/Madrid"))
    assert repeated.astimezone(UTC) == utc("2026-10-25T00:30:00")
