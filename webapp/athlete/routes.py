"""The athlete's home."""
from flask import render_template

from webapp.athlete import bp
from webapp.auth.access import role_required


@bp.route("/")
@role_required("athlete")
def home():
    return render_template("athlete/home.html")
