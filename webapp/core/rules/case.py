"""What every rule check reads: one episode, its entries, the earlier episodes and the thresholds."""
from dataclasses import dataclass, field
from datetime import datetime

from webapp.core.rules.clock import pain_began_at
from webapp.core.rules.facts import EntryFacts, EpisodeFacts, PriorEpisode
from webapp.core.rules.thresholds import Thresholds


@dataclass(frozen=True)
class Case:
    episode: EpisodeFacts
    entries: tuple[EntryFacts, ...]
    prior: tuple[PriorEpisode, ...]
    thresholds: Thresholds
    # Asked for every entry by several rules, worked out once: each entry's hours since the training and
    # since the pain began (the training, unless the pain came days later: pain_began_at), in entry order.
    began_at: datetime = field(init=False, repr=False, compare=False)
    hours_at: tuple[float, ...] = field(init=False, repr=False, compare=False)
    pain_hours_at: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _hours_by_id: dict[str, float] = field(init=False, repr=False, compare=False)
    _pain_hours_by_id: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        began_at, started = pain_began_at(self.episode, self.entries), self.episode.started_at
        hours_at = tuple((e.recorded_at - started).total_seconds() / 3600 for e in self.entries)
        same_clock = began_at == started
        pain_hours_at = hours_at if same_clock else tuple((e.recorded_at - began_at).total_seconds() / 3600 for e in self.entries)
        hours_by_id = dict(zip((e.id for e in self.entries), hours_at, strict=True))
        pain_hours_by_id = hours_by_id if same_clock else dict(zip((e.id for e in self.entries), pain_hours_at, strict=True))
        for name, value in (("began_at", began_at), ("hours_at", hours_at), ("pain_hours_at", pain_hours_at),
                            ("_hours_by_id", hours_by_id), ("_pain_hours_by_id", pain_hours_by_id)):
            object.__setattr__(self, name, value)

    def hours(self, entry: EntryFacts) -> float:
        """Hours since the training."""
        hours = self._hours_by_id.get(entry.id)
        return hours if hours is not None else (entry.recorded_at - self.episode.started_at).total_seconds() / 3600

    def pain_hours(self, entry: EntryFacts) -> float:
        """Hours since the pain began (the training, unless the pain came days later)."""
        hours = self._pain_hours_by_id.get(entry.id)
        return hours if hours is not None else (entry.recorded_at - self.began_at).total_seconds() / 3600
