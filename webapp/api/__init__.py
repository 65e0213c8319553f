"""The JSON API, /api/v1, described by its own OpenAPI document at /api/v1/openapi.json."""
from flask import Blueprint

from webapp.api.authentication import authenticate_request
from webapp.api.requests import invalid_fields_response
from webapp.infra.extensions import csrf
from webapp.services.invalid_input import InvalidFields

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer-token calls need no CSRF token; cookie calls are checked in authenticate_request.
csrf.exempt(bp)
bp.before_request(authenticate_request)
bp.register_error_handler(InvalidFields, invalid_fields_response)

from webapp.api import (  # noqa: E402,F401
    accounts,
    alerts,
    care,
    care_plans,
    checklists,
    clinician_checks,
    diary,
    openapi,
    reminders,
    sources,
)
