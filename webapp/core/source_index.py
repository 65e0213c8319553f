"""What rests on each claim: the alert rules, checklist items, exercises and red-flag questions that cite it."""
from functools import cache

from webapp.core.checklist.exercises import EXERCISES
from webapp.core.checklist.items import ITEMS
from webapp.core.codes import RED_FLAGS, RULE_NAMES
from webapp.core.rules.table import RULES
from webapp.core.sources import CHOICES, claim_ids


def cited_refs() -> dict[str, tuple[str, ...]]:
    """Every line reference the product cites, by what cites it ("Alert: Pain getting worse")."""
    cited: dict[str, tuple[str, ...]] = {}
    for rule in RULES:
        cited[f"Alert: {RULE_NAMES.get(rule.code, rule.code)}"] = rule.source
    for item in ITEMS.values():
        cited[f"Checklist: {item.text}"] = item.source
    for exercise in EXERCISES.values():
        cited[f"Exercise: {exercise.name}"] = exercise.source
    for flag in RED_FLAGS.values():
        cited[f"Red-flag question: {flag.question}"] = flag.source
    for choice in CHOICES.values():
        cited[f"The team's choice: {choice.what}"] = choice.source
    return cited


# The team's choices an alert rule makes itself (the others are made by an item or a question, which name them).
RULE_CHOICES = {
    "red_flag": ("both_sides", "injury_with_nerve_signs", "cauda_equina", "weakness_getting_worse", "loss_of_consciousness"),
    "injury_pattern": ("pain_during_activity",),
}


@cache
def choice_users() -> dict[str, tuple[str, ...]]:
    """Each of the team's choices, with the alerts, checklist items and red-flag questions that rest on it."""
    users: dict[str, list[str]] = {}
    for rule, choices in RULE_CHOICES.items():
        for choice in choices:
            users.setdefault(choice, []).append(f"Alert: {RULE_NAMES[rule]}")
    for item in ITEMS.values():
        if item.choice:
            users.setdefault(item.choice, []).append(f"Checklist: {item.text}")
    for flag in RED_FLAGS.values():
        if flag.choice:
            users.setdefault(flag.choice, []).append(f"Red-flag question: {flag.question}")
    return {choice: tuple(whats) for choice, whats in users.items()}


@cache
def used_by() -> dict[str, tuple[str, ...]]:
    """Each claim id, with what rests on it."""
    index: dict[str, list[str]] = {}
    for what, refs in cited_refs().items():
        for claim in claim_ids(refs):
            index.setdefault(claim, []).append(what)
    return {claim: tuple(whats) for claim, whats in index.items()}
