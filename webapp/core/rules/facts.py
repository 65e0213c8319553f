"""What the rules engine is fed and what it gives back: plain, frozen data."""
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class EntryFacts:
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


@dataclass(frozen=True)
class PriorEpisode:
    """An earlier episode of the same athlete, with its (time, pain) readings."""

    id: str
    started_at: datetime
    activity: str
    regions: tuple[str, ...]
    readings: tuple[tuple[datetime, int], ...]
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class Evidence:
    """A fact behind a finding. Its key says what it is, so that "new evidence" can be told from old."""

    text: str
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
    message: str
    why: str
    evidence: tuple[Evidence, ...]
    source: tuple[str, ...]
    # The thresholds this rule used, and which of them a physiotherapist changed.
    thresholds: dict = field(default_factory=dict)
    overridden: tuple[str, ...] = ()
