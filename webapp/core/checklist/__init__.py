"""Recovery checklists: the right thing to do today, tied to the episode's clock."""
from webapp.core.checklist.items import ITEMS, ChecklistItem
from webapp.core.checklist.schedule import ChecklistDay, OpenAlerts, phase_at, plan_for

__all__ = ["ITEMS", "ChecklistDay", "ChecklistItem", "OpenAlerts", "phase_at", "plan_for"]
