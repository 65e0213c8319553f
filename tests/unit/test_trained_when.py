"""The one-tap "when did you train?" answers, read in the athlete's time zone (issue 12, item 10)."""
from datetime import UTC, datetime

import pytest

from webapp.infra.times import TRAINED_WHEN, trained_at

NOW = datetime(2026, 11, 23, 9, 30, 45, tzinfo=UTC)  # 10:30 in Madrid


@pytest.mark.parametrize("choice, zone, expected", [
    ("just_now", "Europe/Madrid", datetime(2026, 11, 23, 9, 30, tzinfo=UTC)),
    ("this_morning", "Europe/Madrid", datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
    ("yesterday_evening", "Europe/Madrid", datetime(2026, 11, 22, 18, 0, tzinfo=UTC)),
    ("yesterday_daytime", "America/New_York", datetime(2026, 11, 22, 17, 0, tzinfo=UTC)),
    ("two_days_ago", "UTC", datetime(2026, 11, 21, 18, 0, tzinfo=UTC)),
    # 06:00 in Tokyo is 21:00 UTC the day before: "this morning" at 08:00 there has not come yet, so it is now.
    ("this_morning", "Asia/Tokyo", datetime(2026, 11, 22, 21, 0, tzinfo=UTC)),
])
def test_each_answer_is_a_moment_in_the_athletes_zone(choice, zone, expected):
    now = NOW if zone != "Asia/Tokyo" else datetime(2026, 11, 22, 21, 0, 10, tzinfo=UTC)
    assert trained_at(choice, now, zone) == expected


def test_yesterday_evening_across_a_change_of_clocks():
    """Madrid leaves summer time on 25 Oct 2026: 19:00 on the 25th is 18:00 UTC, on the 24th 17:00 UTC."""
    assert trained_at("yesterday_evening", datetime(2026, 10, 26, 9, 0, tzinfo=UTC), "Europe/Madrid") == datetime(
        2026, 10, 25, 18, 0, tzinfo=UTC)
    assert trained_at("yesterday_evening", datetime(2026, 10, 25, 9, 0, tzinfo=UTC), "Europe/Madrid") == datetime(
        2026, 10, 24, 17, 0, tzinfo=UTC)


def test_no_answer_is_in_the_future():
    for choice in TRAINED_WHEN:
        assert trained_at(choice, NOW, "Pacific/Kiritimati") <= NOW
