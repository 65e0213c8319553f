"""Registration, log in, log out and the account page."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from webapp.auth import account, routes  # noqa: E402,F401  (routes attach themselves to bp)
