"""The physiotherapist's pages: patients and their history."""
from flask import Blueprint

bp = Blueprint("physio", __name__, url_prefix="/physio")

from webapp.physio import care_plans, review, routes  # noqa: E402,F401
