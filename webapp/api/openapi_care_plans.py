"""The OpenAPI description of the care-plan endpoints (webapp.api.care_plans), merged into the document."""
from typing import Any

from webapp.api.openapi_parts import ATHLETE_ONLY, BAD_INPUT, CONFLICT, MOMENT, PHYSIO_ONLY, _body, _code, _error, _json, _uuid_param
from webapp.core.checklist.prescription import FIRST_DAY_AFTER_ACUTE, KINDS, LIMITS, PAUSABLE, PRESCRIBABLE, TEXT_MAX
from webapp.core.codes import EFFORTS

WHOLE = {name: {"type": "integer", "minimum": low, "maximum": high, "nullable": True} for name, (low, high) in LIMITS.items()}

SCHEMAS: dict[str, Any] = {
    "PlanItemIn": {
        "type": "object",
        "description": (
            "One change to an episode's sourced plan. exercise: activity is a library exercise or a self-care item, with a "
            "dosage (sets, reps or hold_seconds, minutes, times_a_day) from_day / until_day (day 1 is the day the episode "
            "began). pause: activity is a sourced item, text the reason the athlete sees. instruction: text. avoid: text "
            "(a movement or activity) until a date. Safety rails refuse, with 422, whoever edits: heat or core "
            f"strengthening before day {FIRST_DAY_AFTER_ACUTE} (the acute phase), a note, reason or instruction that asks for heat "
            "before then (read past invisible and look-alike characters; \"no heat\" rules heat out), an avoid text that asks for "
            "heat, and pausing red-flag advice or the items that keep the plan safe. What asks for heat from then on still waits "
            "for the pain's own first 48 h (held_back, or not shown)."
        ),
        "required": ["kind", "client_updated_at"],
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS)},
            "activity": _code({**PRESCRIBABLE, **PAUSABLE}),
            **WHOLE,
            "text": {"type": "string", "maxLength": TEXT_MAX, "nullable": True},
            "until": {"type": "string", "format": "date", "nullable": True},
            "client_updated_at": MOMENT,
        },
    },
    "PlanItem": {
        "type": "object",
        "required": ["id", "episode_id", "kind", "client_updated_at", "updated_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "episode_id": {"type": "string", "format": "uuid"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "activity": {"type": "string", "nullable": True},
            **WHOLE,
            "text": {"type": "string", "nullable": True},
            "until": {"type": "string", "format": "date", "nullable": True},
            "client_updated_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "updated_by": {"type": "string", "nullable": True},
            "removed_at": {"type": "string", "format": "date-time", "nullable": True},
            "summary": {"type": "string"},
        },
    },
    "PlanChange": {
        "type": "object",
        "required": ["item_id", "at", "action", "summary"],
        "properties": {
            "item_id": {"type": "string", "format": "uuid"},
            "at": {"type": "string", "format": "date-time"},
            "by": {"type": "string", "nullable": True},
            "action": {"type": "string", "enum": ["added", "changed", "removed", "restored"]},
            "summary": {"type": "string"},
            "before": {"type": "object", "nullable": True},
            "after": {"type": "object", "nullable": True},
        },
    },
    "CarePlan": {
        "type": "object",
        "description": "The plan's changes, their history (newest first), and adherence per day and per item from the stored days.",
        "required": ["episode_id", "items", "history", "adherence"],
        "properties": {
            "episode_id": {"type": "string", "format": "uuid"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/PlanItem"}},
            "history": {"type": "array", "items": {"$ref": "#/components/schemas/PlanChange"}},
            "unseen_change": {"allOf": [{"$ref": "#/components/schemas/PlanChange"}], "nullable": True,
                              "description": "The latest change, until the athlete's page has told them of it"},
            "adherence": {"type": "object", "properties": {
                "by_day": {"type": "array", "items": {"type": "object"}},
                "by_item": {"type": "array", "items": {"type": "object", "properties": {
                    "key": {"type": "string"}, "text": {"type": "string"}, "origin": {"type": "string", "enum": ["sources", "physio"]},
                    "days_due": {"type": "integer"}, "days_done": {"type": "integer"},
                    "efforts": {"type": "object", "description": f"Days each of {', '.join(EFFORTS)} was reported"},
                    "pain_during": {"type": "array", "items": {"type": "object"}},
                }}},
            }},
        },
    },
}

_PATIENT_EPISODE = [_uuid_param("patient_id"), _uuid_param("episode_id")]
PATHS: dict[str, Any] = {
    "/episodes/{episode_id}/plan": {
        "get": {
            "summary": "The athlete's own care plan for an episode",
            "parameters": [_uuid_param("episode_id")],
            "responses": {"200": _json("CarePlan", "The plan"), "404": _error("Not yours"), **ATHLETE_ONLY},
        }
    },
    "/patients/{patient_id}/episodes/{episode_id}/plan": {
        "get": {
            "summary": "A linked patient's care plan for an episode (the read is logged for the athlete)",
            "parameters": _PATIENT_EPISODE,
            "responses": {"200": _json("CarePlan", "The plan"), "404": _error("Not a linked patient's episode"), **PHYSIO_ONLY},
        }
    },
    "/patients/{patient_id}/episodes/{episode_id}/plan/items/{item_id}": {
        "put": {
            "summary": "Create or change one item of a linked patient's plan (the client makes the id)",
            "parameters": [*_PATIENT_EPISODE, _uuid_param("item_id")],
            "requestBody": _body("PlanItemIn"),
            "responses": {
                "201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "item": {"$ref": "#/components/schemas/PlanItem"}, "plan": {"$ref": "#/components/schemas/CarePlan"}}}}}},
                "200": {"description": "Changed (or the same again)", "content": {"application/json": {"schema": {"type": "object"}}}},
                "404": _error("Not a linked patient's episode"), **CONFLICT, **PHYSIO_ONLY, **BAD_INPUT,
            },
        },
        "delete": {
            "summary": "Remove one item; the sourced plan takes its place again (kept as a tombstone)",
            "parameters": [*_PATIENT_EPISODE, _uuid_param("item_id"),
                           {"name": "client_updated_at", "in": "query", "required": False, "schema": MOMENT}],
            "responses": {"204": {"description": "Removed"}, "404": _error("No such item in a linked patient's plan"),
                          **CONFLICT, **PHYSIO_ONLY, **BAD_INPUT},
        },
    },
}
