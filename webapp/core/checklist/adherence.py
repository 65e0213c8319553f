"""Adherence to a plan, per item and per day, from the days the athlete ticked: pure."""
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TickedDay:
    """One stored day of an episode's checklist: what was due, what was done, how the exercises went."""

    day: date
    due: tuple[str, ...]
    done: tuple[str, ...]
    feedback: Mapping[str, Mapping[str, object]]


@dataclass(frozen=True)
class ItemAdherence:
    key: str
    days_due: int
    days_done: int
    pains: tuple[tuple[date, int], ...]  # pain during the exercise, by day
    efforts: Mapping[str, int]  # too_hard / fine / too_easy: how many days each

    @property
    def share(self) -> float:
        return self.days_done / self.days_due if self.days_due else 0.0

    @property
    def worst_pain(self) -> int | None:
        return max((pain for _, pain in self.pains), default=None)


def adherence_by_item(days: Sequence[TickedDay]) -> list[ItemAdherence]:
    """Each item that was due on a stored day, in the order first due: how often it was done, and how it went.

    Only days the item was due count, as for a day's adherence; an item ticked while
    no longer due (a phone offline on an older plan) is done but not counted.
    """
    order: dict[str, None] = {}
    due: Counter[str] = Counter()
    done: Counter[str] = Counter()
    pains: dict[str, list[tuple[date, int]]] = {}
    efforts: dict[str, Counter[str]] = {}
    for day in sorted(days, key=lambda d: d.day):
        for key in day.due:
            order.setdefault(key)
            due[key] += 1
            if key in day.done:
                done[key] += 1
        for key, note in day.feedback.items():
            if key not in day.done:
                continue
            pain = note.get("pain")
            if isinstance(pain, int):
                pains.setdefault(key, []).append((day.day, pain))
            effort = note.get("effort")
            if isinstance(effort, str):
                efforts.setdefault(key, Counter())[effort] += 1
    return [
        ItemAdherence(key, due[key], done[key], tuple(pains.get(key, ())), dict(efforts.get(key, Counter())))
        for key in order
    ]
