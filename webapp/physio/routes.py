"""The physiotherapist's home."""
from flask import render_template

from webapp.auth.access import role_required
from webapp.physio import bp


@bp.route("/")
@role_required("physio")
def home():
    return render_template("physio/home.html")
