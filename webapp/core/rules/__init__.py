"""The alert rules: pure Python, fed plain data, no Flask, no database."""
from webapp.core.rules.clock import closed_at, pain_began_at
from webapp.core.rules.engine import evaluate_episode, needs_checkin, quiet_since
from webapp.core.rules.facts import EntryFacts, EpisodeFacts, Evidence, Finding, PainCourse, PriorEpisode
from webapp.core.rules.table import EVENT, RULES, RULES_BY_CODE, STATE
from webapp.core.rules.thresholds import LIMITS, Thresholds, threshold_problems

__all__ = [
    "EVENT", "LIMITS", "RULES", "RULES_BY_CODE", "STATE", "EntryFacts", "EpisodeFacts", "Evidence", "Finding", "PainCourse",
    "PriorEpisode", "Thresholds", "closed_at", "evaluate_episode", "pain_began_at", "needs_checkin", "quiet_since", "threshold_problems",
]
