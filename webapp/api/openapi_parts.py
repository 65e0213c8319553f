"""Building blocks of the OpenAPI document, shared by its modules."""
from typing import Any

# Status code -> response object.
Responses = dict[str, dict[str, Any]]


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def _body(schema_name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


BAD_INPUT: Responses = {
    "400": _error("Malformed JSON or wrong content type"),
    "422": _json("ValidationErrors", "Invalid fields"),
    "429": _error("Too many requests"),
}
UNAUTHENTICATED: Responses = {"401": _error("No or bad credentials")}
ATHLETE_ONLY: Responses = {**UNAUTHENTICATED, "403": _error("Not an athlete account")}
PHYSIO_ONLY: Responses = {**UNAUTHENTICATED, "403": _error("Not a physiotherapist account")}
CONFLICT: Responses = {"409": _json("Conflict", "The stored copy is newer; nothing changed")}


def _code(values) -> dict:
    return {"type": "string", "enum": list(values), "nullable": True}


def _codes(values) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": list(values)}, "uniqueItems": True}


MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601 with a UTC offset, between the years 1900 and 2199"}


def _uuid_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
