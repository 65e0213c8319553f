"""The alert rules: pure Python, fed plain data, no Flask, no database."""
from webapp.rules.engine import evaluate_episode, needs_checkin
from webapp.rules.facts import EntryFacts, EpisodeFacts, Evidence, Finding, PriorEpisode
from webapp.rules.table import RULES
from webapp.rules.thresholds import LIMITS, Thresholds, threshold_problems

__all__ = [
    "LIMITS", "RULES", "EntryFacts", "EpisodeFacts", "Evidence", "Finding", "PriorEpisode",
    "Thresholds", "evaluate_episode", "needs_checkin", "threshold_problems",
]
