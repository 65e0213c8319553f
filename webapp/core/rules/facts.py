"""What the rules engine is fed and what it gives back: plain, frozen data."""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from webapp.core.wording import Said


class EntryFacts(NamedTuple):
    """One diary entry as the rules read it.

    A named tuple, not a frozen dataclass like the other facts: as immutable, and four
    times cheaper to make, which counts when the nightly sweep makes 300,000 of them.
    """

    id: str
    recorded_at: datetime
    pain: int
    regions: tuple[str, ...] = ()
    side: str | None = None
    character: str | None = None
    movement: str | None = None
    red_flags: tuple[str, ...] = ()
    treatments: tuple[str, ...] = ()
    swelling: bool = False
    # When the server got this version of the entry: a clearance covers only what was there to review.
    logged_at: datetime | None = None

    @property
    def seen_at(self) -> datetime:
        return self.logged_at or self.recorded_at


@dataclass(frozen=True)
class EpisodeFacts:
    id: str
    started_at: datetime
    onset: str
    activity: str = ""
    regions: tuple[str, ...] = ()
    side: str | None = None
    character: str | None = None
    resolved_at: datetime | None = None
    # When a linked physiotherapist cleared the athlete after reviewing the red flags reported so far.
    cleared_at: datetime | None = None
    # When the athlete last recorded that a clinician (A&E, a GP...) checked them: like a clearance, for the flags.
    clinician_checked_at: datetime | None = None
    # The athlete's time zone (IANA name): day 1 of an episode is the calendar day of the training there,
    # for the alerts as for the checklist (episode_day).
    zone: str = "UTC"

    @property
    def flags_reviewed_at(self) -> datetime | None:
        return flags_reviewed_at(self.cleared_at, self.clinician_checked_at)


def flags_reviewed_at(cleared_at: datetime | None, clinician_checked_at: datetime | None) -> datetime | None:
    """The latest moment a clinician reviewed the red flags the server had: a clearance or a recorded check."""
    return max((moment for moment in (cleared_at, clinician_checked_at) if moment is not None), default=None)


PAIN_LEVELS = range(11)


@dataclass(frozen=True)
class PainCourse:
    """What the recurrence rule reads of an earlier episode's (time, pain) readings.

    Three moments say all it asks: whether the pain was over by a given moment, and
    whether pain of some level lasted past some day. A database can work them out
    with a grouped query, so a write does not read every earlier entry.
    """

    # The latest reading with any pain, and the first reading of 0 strictly after it (or the first
    # reading of all, if none hurt): from then on, the pain was over.
    last_pain_at: datetime | None
    calm_from: datetime | None
    # Index p: the latest reading with pain p or more.
    latest_at_least: tuple[datetime | None, ...]

    @classmethod
    def of(cls, readings: Iterable[tuple[datetime, int]]) -> "PainCourse":
        readings = list(readings)
        # The latest reading of each pain value first: every diary write works this out for its episode.
        latest_by_pain: dict[int, datetime] = {}
        for at, pain in readings:
            known = latest_by_pain.get(pain)
            if known is None or at > known:
                latest_by_pain[pain] = at
        last_pain_at = max((at for pain, at in latest_by_pain.items() if pain > 0), default=None)
        calm = [at for at, pain in readings if pain <= 0 and (last_pain_at is None or at > last_pain_at)]
        return cls(last_pain_at, min(calm, default=None), cls.latest_by_level((at, pain) for pain, at in latest_by_pain.items()))

    @staticmethod
    def latest_by_level(readings: Iterable[tuple[datetime, int]]) -> tuple[datetime | None, ...]:
        """From (time, pain) pairs, or (latest time, pain) per pain value: the latest time at each level or above."""
        latest: list[datetime | None] = [None] * len(PAIN_LEVELS)
        for at, pain in readings:
            for level in range(min(max(pain, 0), PAIN_LEVELS[-1]) + 1):
                current = latest[level]
                if current is None or at > current:
                    latest[level] = at
        return tuple(latest)

    def hurt_after(self, moment: datetime) -> bool:
        return self.last_pain_at is not None and self.last_pain_at > moment

    def calm_by(self, moment: datetime) -> bool:
        """Whether the last reading at or before the moment was 0 (and none hurt after it)."""
        return not self.hurt_after(moment) and self.calm_from is not None and self.calm_from <= moment

    def lasted_beyond(self, started_at: datetime, days: int, pain_min: int) -> bool:
        """Whether pain of pain_min or more was logged more than `days` days after started_at."""
        if pain_min > PAIN_LEVELS[-1]:
            return False
        latest = self.latest_at_least[max(pain_min, 0)]
        return latest is not None and latest - started_at > timedelta(days=days)


@dataclass(frozen=True)
class PriorEpisode:
    """An earlier episode of the same athlete, with its (time, pain) readings or their PainCourse."""

    id: str
    started_at: datetime
    activity: str
    regions: tuple[str, ...]
    readings: tuple[tuple[datetime, int], ...] = ()
    resolved_at: datetime | None = None
    # Given instead of readings by a caller that summarised them where they are stored.
    summary: PainCourse | None = None

    def __post_init__(self) -> None:
        if self.summary is None:
            object.__setattr__(self, "summary", PainCourse.of(self.readings))

    @property
    def course(self) -> PainCourse:
        assert self.summary is not None
        return self.summary


@dataclass(frozen=True)
class Evidence:
    """A fact behind a finding. Its key says what it is, so that "new evidence" can be told from old."""

    text: Said  # what it says, kept as template and figures for the reader's language
    entry_id: str | None = None
    episode_id: str | None = None
    ref: str | None = None

    @property
    def key(self) -> str:
        return self.ref or self.entry_id or self.episode_id or self.text


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    kind: str
    message: Said
    why: str
    evidence: tuple[Evidence, ...]
    source: tuple[str, ...]
    # The thresholds this rule used, and which of them a physiotherapist changed.
    thresholds: dict = field(default_factory=dict)
    overridden: tuple[str, ...] = ()
