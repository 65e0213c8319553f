"""What rests on each claim: the alert rules, checklist items, exercises and red-flag questions that cite it."""
from functools import cache

from webapp.core.checklist.exercises import EXERCISES
from webapp.core.checklist.items import ITEMS
from webapp.core.codes import RED_FLAGS
from webapp.core.rules.table import RULES
from webapp.core.sources import claim_ids


def cited_refs() -> dict[str, tuple[str, ...]]:
    """Every line reference the product cites, by what cites it ("Alert: worsening trend")."""
    cited: dict[str, tuple[str, ...]] = {}
    for rule in RULES:
        cited[f"Alert: {rule.code.replace('_', ' ')}"] = rule.source
    for item in ITEMS.values():
        cited[f"Checklist: {item.text}"] = item.source
    for exercise in EXERCISES.values():
        cited[f"Exercise: {exercise.name}"] = exercise.source
    for flag in RED_FLAGS.values():
        cited[f"Red-flag question: {flag.question}"] = flag.source
    return cited


@cache
def used_by() -> dict[str, tuple[str, ...]]:
    """Each claim id, with what rests on it."""
    index: dict[str, list[str]] = {}
    for what, refs in cited_refs().items():
        for claim in claim_ids(refs):
            index.setdefault(claim, []).append(what)
    return {claim: tuple(whats) for claim, whats in index.items()}
