"""The OpenAPI 3 description of /api/v1, kept in step with the routes by a test."""
from webapp.api import bp
from webapp.models import ROLES


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def _body(schema_name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


BAD_INPUT = {
    "400": _error("Malformed JSON or wrong content type"),
    "422": _json("ValidationErrors", "Invalid fields"),
    "429": _error("Too many requests"),
}
UNAUTHENTICATED = {"401": _error("No or bad credentials")}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
            }
        },
    },
    "ValidationErrors": {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
        },
    },
    "NewAccount": {
        "type": "object",
        "required": ["email", "password", "role", "name"],
        "properties": {
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "password": {"type": "string", "minLength": 8, "maxLength": 128},
            "role": {"type": "string", "enum": list(ROLES)},
            "name": {"type": "string", "minLength": 1, "maxLength": 100},
            "timezone": {"type": "string", "description": "IANA time zone name", "example": "Europe/Paris"},
        },
    },
    "Account": {
        "type": "object",
        "required": ["id", "email", "role", "name"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "email": {"type": "string"},
            "role": {"type": "string", "enum": list(ROLES)},
            "name": {"type": "string"},
            "timezone": {"type": "string"},
        },
    },
    "Credentials": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {"email": {"type": "string"}, "password": {"type": "string", "maxLength": 128}},
    },
    "Token": {
        "type": "object",
        "required": ["token", "expires_at"],
        "properties": {"token": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"}},
    },
}

PATHS = {
    "/accounts": {
        "post": {
            "summary": "Create an account",
            "security": [],
            "requestBody": _body("NewAccount"),
            "responses": {
                "201": _json("Account", "Created"),
                "409": _error("The email is taken"),
                **BAD_INPUT,
            },
        }
    },
    "/tokens": {
        "post": {
            "summary": "Exchange email and password for a bearer token",
            "security": [],
            "requestBody": _body("Credentials"),
            "responses": {"201": _json("Token", "Created"), **UNAUTHENTICATED, **BAD_INPUT},
        }
    },
    "/me": {
        "get": {
            "summary": "The caller's account",
            "responses": {"200": _json("Account", "The account"), **UNAUTHENTICATED},
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This description",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {}}}},
        }
    },
}

SPEC = {
    "openapi": "3.0.3",
    "info": {
        "title": "BackOnTrack API",
        "version": "1",
        "description": "Pain diary for people who train. General information, not a diagnosis.",
    },
    "servers": [{"url": "/api/v1"}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "session": {"type": "apiKey", "in": "cookie", "name": "session"},
        },
    },
    "security": [{"bearer": []}, {"session": []}],
}


@bp.get("/openapi.json")
def openapi_document():
    return SPEC
