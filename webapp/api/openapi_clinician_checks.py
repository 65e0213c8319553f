"""The OpenAPI description of the athlete's clinician checks (webapp.api.clinician_checks)."""
from webapp.api.openapi_parts import ATHLETE_ONLY, BAD_INPUT, MOMENT, PHYSIO_ONLY, _body, _error, _uuid_param
from webapp.models import CHECKED_BY, NOTE_MAX

_CHECK_FIELDS = {
    "checked_by": {"type": "string", "enum": list(CHECKED_BY),
                   "description": "emergency: an emergency department; doctor: a GP, urgent care or other doctor; "
                                  "physio: a physiotherapist; other: another clinician"},
    "clinician": {"type": "string", "maxLength": 100, "nullable": True, "description": "the clinic, service or person"},
    "checked_at": {**MOMENT, "description": "when the athlete was checked: not in the future, and not before the "
                                            "episode's latest red flag (deleted entries included)"},
    "note": {"type": "string", "maxLength": NOTE_MAX, "nullable": True, "description": "what the clinician said"},
}

SCHEMAS = {
    "ClinicianCheckInput": {"type": "object", "required": ["checked_by", "checked_at"], "properties": _CHECK_FIELDS},
    "ClinicianCheck": {"type": "object", "properties": {
        "id": {"type": "string", "format": "uuid"}, "episode_id": {"type": "string", "format": "uuid"}, **_CHECK_FIELDS,
        "created_at": {**MOMENT, "description": "when the server stored it: it covers the red flags the server had by then"},
    }},
}

_LIST = {"200": {"description": "The episode's checks, oldest first", "content": {"application/json": {"schema": {
    "type": "array", "items": {"$ref": "#/components/schemas/ClinicianCheck"}}}}}}

PATHS = {
    "/episodes/{episode_id}/clinician-checks": {
        "post": {
            "summary": "Record that a clinician checked the athlete after a red flag",
            "description": "The way out of the see_clinician plan for an athlete seen elsewhere (A&E, a GP). The red-flag "
                           "alert is acknowledged and stays in the history; the plan resumes at the phase the pain allows, "
                           "with loading (core, strengthening, return to training) held back until pain logged after the "
                           "check has eased to 2/10 or less. A red flag logged after the check is new. 422 when the episode "
                           "has no red flag or the check comes before its latest one.",
            "parameters": [_uuid_param("episode_id")],
            "requestBody": _body("ClinicianCheckInput"),
            "responses": {"201": {"description": "The check, the episode and its open alerts", "content": {"application/json": {"schema": {
                "type": "object", "properties": {
                    "clinician_check": {"$ref": "#/components/schemas/ClinicianCheck"},
                    "episode": {"$ref": "#/components/schemas/Episode"},
                    "alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}}}}}}},
                          "404": _error("Not your episode"), **ATHLETE_ONLY, **BAD_INPUT},
        },
        "get": {
            "summary": "The athlete's clinician checks for an episode",
            "parameters": [_uuid_param("episode_id")],
            "responses": {**_LIST, "404": _error("Not your episode"), **ATHLETE_ONLY},
        },
    },
    "/patients/{patient_id}/episodes/{episode_id}/clinician-checks": {
        "get": {
            "summary": "A linked patient's clinician checks for an episode",
            "parameters": [_uuid_param("patient_id"), _uuid_param("episode_id")],
            "responses": {**_LIST, "404": _error("Not a linked patient, or not their episode"), **PHYSIO_ONLY},
        },
    },
}
