"""The OpenAPI description of the reminder endpoints (webapp.api.reminders), merged into the document."""
from typing import Any

from webapp.api.openapi_parts import ATHLETE_ONLY, BAD_INPUT, _body, _error, _json, _uuid_param

WALL_TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "20:00"}

SCHEMAS: dict[str, Any] = {
    "ReminderSettings": {
        "type": "object",
        "description": "Times are local wall times in the account's time zone. Turning reminders off removes every device.",
        "required": ["enabled", "daily_at"],
        "properties": {
            "enabled": {"type": "boolean"},
            "daily_at": {**WALL_TIME, "description": "The daily check-in, sent only on days with no entry yet while an episode is open"},
            "quiet_start": {**WALL_TIME, "nullable": True, "description": "Nothing but urgent warnings from here..."},
            "quiet_end": {**WALL_TIME, "nullable": True, "description": "...until here (give both or neither)"},
        },
    },
    "PushSubscriptionIn": {
        "type": "object",
        "description": "What the browser's PushSubscription.toJSON() gives. Registering the same endpoint again moves it to the current log-in.",
        "required": ["endpoint", "keys"],
        "properties": {
            "endpoint": {"type": "string", "format": "uri", "maxLength": 2048, "description": (
                "https on the default port, a DNS host name of one of the browsers' push services (the server's "
                "PUSH_ALLOWED_HOSTS), no user-info; an IP literal, a private name or another port is refused with 422")},
            "keys": {"type": "object", "required": ["p256dh", "auth"], "properties": {
                "p256dh": {"type": "string", "description": "P-256 public key, uncompressed, base64url"},
                "auth": {"type": "string", "description": "16-byte auth secret, base64url"},
            }},
        },
    },
    "PushDevice": {
        "type": "object",
        "required": ["id", "device", "push_service", "created_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "device": {"type": "string", "example": "Chrome on Android"},
            "push_service": {"type": "string", "description": "The push service's host; the endpoint itself is never shown back"},
            "created_at": {"type": "string", "format": "date-time"},
            "last_sent_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
}

PATHS: dict[str, Any] = {
    "/push/key": {
        "get": {
            "summary": "This server's VAPID public key, the applicationServerKey to subscribe with",
            "security": [],
            "responses": {"200": {"description": "The key", "content": {"application/json": {"schema": {
                "type": "object", "required": ["public_key"], "properties": {"public_key": {"type": "string"}}}}}}},
        }
    },
    "/push/subscriptions": {
        "get": {
            "summary": "The athlete's devices that get reminders",
            "responses": {"200": {"description": "Devices", "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/PushDevice"}}}}}, **ATHLETE_ONLY},
        },
        "post": {
            "summary": "Register this device's push subscription, tied to the current log-in (it ends with it)",
            "description": ("An athlete keeps at most PUSH_DEVICES_PER_ATHLETE devices (10 by default): a new one beyond "
                            "that replaces the one that has gone longest without a reminder."),
            "requestBody": _body("PushSubscriptionIn"),
            "responses": {"201": _json("PushDevice", "Registered"), "200": _json("PushDevice", "Already registered; now under this log-in"),
                          **ATHLETE_ONLY, **BAD_INPUT},
        },
    },
    "/push/subscriptions/{subscription_id}": {
        "delete": {
            "summary": "Stop reminders on one device",
            "parameters": [_uuid_param("subscription_id")],
            "responses": {"204": {"description": "Removed"}, "404": _error("Not one of your devices"), **ATHLETE_ONLY},
        }
    },
    "/me/reminders": {
        "get": {
            "summary": "The athlete's reminder settings",
            "responses": {"200": _json("ReminderSettings", "Settings"), **ATHLETE_ONLY},
        },
        "put": {
            "summary": "Change the reminder settings (off removes every device's subscription)",
            "requestBody": _body("ReminderSettings"),
            "responses": {"200": _json("ReminderSettings", "Stored"), **ATHLETE_ONLY, **BAD_INPUT},
        },
    },
}
