"""Demo diary data: a few weeks of realistic episodes for the demo athlete."""
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from webapp.models import User
from webapp.services import diary

EPISODE_DEFAULTS = {
    "exercises": None, "rpe": None, "load_increase_percent": None, "new_exercise": False,
    "side": None, "character": None, "note": None, "resolved_at": None,
}
ENTRY_DEFAULTS: dict[str, object] = {
    "regions": [], "side": None, "character": None, "movement": None,
    "red_flags": [], "treatments": [], "swelling": False, "walk_minutes": None, "note": None,
}


@dataclass(frozen=True)
class DemoEpisode:
    days_ago: float
    episode: dict
    # (hours after the start, pain, other entry fields)
    entries: list[tuple[float, int, dict]] = field(default_factory=list)
    resolved_after_hours: float | None = None


DEMO_EPISODES = [
    DemoEpisode(
        24,
        {"activity": "Heavy deadlifts", "exercises": "deadlift 5x3, barbell rows", "rpe": 9, "onset": "next_day",
         "regions": ["lower_back"], "side": "both", "character": "dull_ache"},
        [
            (20, 3, {"movement": "eases", "treatments": ["ice"]}),
            (30, 5, {"movement": "eases", "treatments": ["ice", "walk"], "walk_minutes": 20, "note": "Stiff getting out of bed."}),
            (44, 4, {"movement": "eases", "treatments": ["walk", "stretches"], "walk_minutes": 30}),
            (56, 2, {"movement": "eases", "treatments": ["heat", "walk"], "walk_minutes": 35}),
            (80, 0, {}),
        ],
        resolved_after_hours=80,
    ),
    DemoEpisode(
        17,
        {"activity": "Sprint intervals and core circuit", "rpe": 7, "onset": "next_day",
         "regions": ["mid_back", "lower_back"], "side": "both", "character": "tightness"},
        [
            (22, 2, {"movement": "eases", "treatments": ["walk"], "walk_minutes": 30}),
            (40, 3, {"movement": "eases", "treatments": ["foam_roller", "stretches"]}),
            (64, 1, {"movement": "eases", "treatments": ["heat"]}),
            (88, 0, {}),
        ],
        resolved_after_hours=88,
    ),
    DemoEpisode(
        9,
        {"activity": "Clean and jerk, new max attempt", "exercises": "clean and jerk singles", "rpe": 10,
         "load_increase_percent": 15, "onset": "during", "regions": ["lower_back"], "side": "right", "character": "sharp",
         "note": "Felt a twinge on the third single."},
        [
            (1, 6, {"character": "sharp", "movement": "worsens", "treatments": ["ice", "rest_from_training"]}),
            (20, 7, {"character": "sharp", "movement": "worsens", "treatments": ["ice", "medication"]}),
            (44, 6, {"character": "sharp", "movement": "worsens", "treatments": ["ice", "walk"], "walk_minutes": 10}),
            (70, 6, {"character": "stabbing", "movement": "worsens", "treatments": ["heat", "walk"], "walk_minutes": 15}),
            (96, 5, {"character": "sharp", "movement": "worsens", "treatments": ["heat", "walk"], "walk_minutes": 20}),
            (120, 5, {"character": "sharp", "movement": "no_change", "treatments": ["walk", "stretches"], "walk_minutes": 25}),
            (150, 5, {"character": "sharp", "movement": "no_change", "treatments": ["walk"], "walk_minutes": 30}),
            (172, 5, {"character": "sharp", "movement": "worsens", "treatments": ["walk"], "walk_minutes": 30,
                      "note": "Still catches when I bend to tie my shoes."}),
            (198, 4, {"character": "sharp", "movement": "no_change", "treatments": ["walk", "stretches"], "walk_minutes": 30}),
        ],
    ),
    DemoEpisode(
        1.2,
        {"activity": "Back squats 5x5", "exercises": "back squat, lunges", "rpe": 8, "load_increase_percent": 5,
         "onset": "next_day", "regions": ["lower_back", "hip_buttock"], "side": "both", "character": "dull_ache"},
        [
            (18, 3, {"movement": "eases", "treatments": ["ice"]}),
            (26, 4, {"movement": "eases", "treatments": ["ice", "walk"], "walk_minutes": 30}),
        ],
    ),
]


def _stable_id(user: User, *parts: object) -> uuid.UUID:
    return uuid.uuid5(user.id, "/".join(str(part) for part in parts))


def seed_diary(user: User, now: datetime) -> int:
    """Write the demo episodes, dated back from now, unless the user has a diary; return the entries written."""
    if diary.episodes_of(user):
        return 0
    written = 0
    for index, demo in enumerate(DEMO_EPISODES):
        started_at = (now - timedelta(days=demo.days_ago)).replace(second=0, microsecond=0)
        resolved_at = started_at + timedelta(hours=demo.resolved_after_hours) if demo.resolved_after_hours else None
        stamp = started_at
        episode_id = _stable_id(user, "episode", index)
        values = {**EPISODE_DEFAULTS, **demo.episode, "started_at": started_at, "resolved_at": None}
        diary.save_episode(user, episode_id, values, stamp)
        for number, (hours, pain, extra) in enumerate(demo.entries):
            recorded_at = started_at + timedelta(hours=hours)
            entry = {**ENTRY_DEFAULTS, "regions": demo.episode["regions"], "side": demo.episode.get("side"),
                     "character": demo.episode.get("character"), **extra,
                     "episode_id": episode_id, "recorded_at": recorded_at, "pain": pain}
            created = diary.save_entry(user, _stable_id(user, "entry", index, number), entry, recorded_at).created
            written += created
        if resolved_at:
            diary.save_episode(user, episode_id, {**values, "resolved_at": resolved_at}, resolved_at)
    return written
