"""One place that turns every error into an HTML page or a JSON body."""
from flask import current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.core.wording import N_, Said
from webapp.errors import bp
from webapp.infra.extensions import db
from webapp.infra.languages import translate

FRIENDLY = {
    400: N_("The request could not be understood."),
    401: N_("Please log in."),
    403: N_("You do not have access to this page."),
    404: N_("There is nothing here."),
    405: N_("This address does not accept that kind of request."),
    413: N_("What you sent is too large."),
    429: N_("Too many requests of this kind. Wait a little and try again."),
    500: N_("Something went wrong on our side. Your saved data is safe; please try again."),
}


def wants_json_response() -> bool:
    """Tell whether the client should get JSON rather than an HTML page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, message: str, headers=None):
    """Render an error for this request as JSON or as an HTML page, in the reader's language."""
    message = translate(message)
    if wants_json_response():
        body = {"error": {"status": status, "message": message}}
        return body, status, headers or {}
    return render_template("errors/error.html", status=status, message=message), status, headers or {}


def _passed_on_headers(exc: HTTPException) -> dict:
    # Keep Allow (405), Retry-After (429), WWW-Authenticate (401); drop the body's type.
    return {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}


@bp.app_errorhandler(CSRFError)
def csrf_error(exc):
    return error_response(400, N_("This form has expired or was not sent from this site. Go back, reload and try again."))


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    status = exc.code or 500
    if status >= 500:
        return internal_error(exc)
    generic = exc.description == type(exc).description
    message = FRIENDLY.get(status, exc.name) if generic or not exc.description else exc.description
    if status == 429:
        # Flask-Limiter's description is only the limit ("10 per 1 minute").
        message = Said("%(friendly)s (Limit: %(limit)s.)", friendly=Said(FRIENDLY[429]), limit=exc.description)
    return error_response(status, message, _passed_on_headers(exc))


@bp.app_errorhandler(InternalServerError)
def internal_error(exc):
    # The failed request may have left a transaction half done; never let it leak into the next.
    db.session.rollback()
    current_app.logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=getattr(exc, "original_exception", None) or exc)
    return error_response(500, FRIENDLY[500])
