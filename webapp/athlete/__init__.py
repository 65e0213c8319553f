"""The athlete's pages: home, diary, checklist."""
from flask import Blueprint

bp = Blueprint("athlete", __name__, url_prefix="/athlete")

from webapp.athlete import alerts, care, checklists, entries, episodes, routes  # noqa: E402,F401
