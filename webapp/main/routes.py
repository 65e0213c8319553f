"""The front page and the health check."""
from flask import abort, current_app, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp.core.checklist.exercises import EXERCISES
from webapp.core.source_index import choice_users, used_by
from webapp.core.sources import CHOICES, DOCUMENTS, claims_of
from webapp.infra.extensions import db, limiter
from webapp.infra.languages import COOKIE, known
from webapp.infra.page_access import home_endpoint
from webapp.infra.redirects import safe_next
from webapp.main import bp
from webapp.services import accounts


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    return render_template("main/index.html")


@bp.route("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.route("/sources")
def sources():
    return render_template("main/sources.html", documents=DOCUMENTS.values(), claims_of=claims_of, used_by=used_by(),
                           choices=CHOICES.values(), choice_users=choice_users())


@bp.route("/exercises/")
def exercises():
    return render_template("exercises/index.html", exercises=EXERCISES.values())


@bp.route("/exercises/<slug>")
def exercise(slug: str):
    exercise = EXERCISES.get(slug)
    if exercise is None:
        abort(404)
    return render_template("exercises/exercise.html", exercise=exercise)


@bp.route("/sw.js")
def service_worker():
    # Served from the root so that its scope is the whole site; never cached, so updates are seen.
    response = send_from_directory(current_app.static_folder or "static", "sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
def offline():
    return render_template("main/offline.html")


@bp.post("/language")
def choose_language():
    """The language switch: remembered in a cookie, and as the account's setting when logged in."""
    code = known(request.form.get("language"))
    if code is None:
        abort(400)
    if current_user.is_authenticated:
        accounts.set_language(current_user, code)
    response = redirect(safe_next(request.form.get("next")) or url_for("main.index"))
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure, httponly=True)
    return response
