"""Evaluate an episode: the same facts give the same findings, whatever order they arrived in."""
from datetime import datetime, timedelta
from operator import attrgetter

from webapp.core.rules.case import Case
from webapp.core.rules.clock import closed_at, reading_order
from webapp.core.rules.facts import EntryFacts, EpisodeFacts, Finding, PriorEpisode
from webapp.core.rules.table import EVENT, RULES
from webapp.core.rules.thresholds import Thresholds

_BY_START = attrgetter("started_at", "id")


def evaluate_episode(
    episode: EpisodeFacts,
    entries: list[EntryFacts] | tuple[EntryFacts, ...],
    prior: list[PriorEpisode] | tuple[PriorEpisode, ...] = (),
    thresholds: Thresholds | None = None,
) -> tuple[Finding, ...]:
    """Return the findings for an episode, in rule-table order."""
    thresholds = thresholds or Thresholds()
    case = Case(
        episode=episode,
        entries=tuple(sorted(entries, key=reading_order)),
        prior=tuple(sorted(prior, key=_BY_START)),
        thresholds=thresholds,
    )
    # A closed episode has no present state to describe; what happened in it still stands.
    # Pain logged after the close reopens it, here as in the diary service.
    closed = closed_at(episode, case.entries) is not None
    findings = []
    for rule in RULES:
        if closed and rule.kind != EVENT:
            continue
        result = rule.check(case)
        if result is None:
            continue
        message, evidence = result
        findings.append(
            Finding(
                rule=rule.code,
                severity=rule.severity,
                kind=rule.kind,
                message=message,
                why=rule.why,
                evidence=evidence,
                source=rule.source,
                thresholds=thresholds.pick(*rule.thresholds),
                overridden=tuple(name for name in rule.thresholds if name in thresholds.overridden),
            )
        )
    return tuple(findings)


def needs_checkin(episode: EpisodeFacts, last_entry_at: datetime | None, now: datetime, thresholds: Thresholds | None = None) -> bool:
    """Tell whether an open episode has gone unlogged long enough to ask the athlete how it is."""
    thresholds = thresholds or Thresholds()
    if episode.resolved_at is not None:
        return False
    last = last_entry_at or episode.started_at
    return now - last > timedelta(days=thresholds.checkin_after_days)


def quiet_since(episode: EpisodeFacts, last_entry_at: datetime | None, now: datetime, thresholds: Thresholds | None = None) -> datetime | None:
    """When an open episode was last logged, if it has been quiet since for the quiet_after_days: "no news since".

    Its alerts about the present (pain still there, getting worse) say what the last log showed, not what is
    true now; the recurrence rule counts it as over (checks._ended_before).
    """
    thresholds = thresholds or Thresholds()
    if episode.resolved_at is not None:
        return None
    last = last_entry_at or episode.started_at
    return last if now - last >= timedelta(days=thresholds.quiet_after_days) else None
