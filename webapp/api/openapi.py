"""The OpenAPI 3 description of /api/v1, kept in step with the routes by a test."""
from typing import Any

from webapp.api import bp, openapi_care_plans, openapi_clinician_checks, openapi_reminders
from webapp.api.openapi_parts import ATHLETE_ONLY, BAD_INPUT, CONFLICT, MOMENT, PHYSIO_ONLY, UNAUTHENTICATED, _body, _code, _codes, _error, _json, _uuid_param
from webapp.core import codes
from webapp.core.checklist import ITEMS
from webapp.core.codes import EFFORTS
from webapp.core.rules import RULES
from webapp.infra.languages import LANGUAGES, translate
from webapp.models import NOTE_MAX, ROLES, SEVERITIES, STATUSES

# The PDF report's period (whole days in the patient's time zone; the whole diary when not given) and paper size.
PDF_OPTIONS = [
    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "PDF only: first day of the period"},
    {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "PDF only: last day of the period"},
    {"name": "paper", "in": "query", "schema": {"type": "string", "enum": ["a4", "letter"]}, "description": "PDF only: A4 (default) or US Letter"},
]

LANGUAGE = {"type": "string", "enum": list(LANGUAGES), "nullable": True,
            "description": "The language the account reads pages, alerts, reminders and reports in; null: the browser's (Accept-Language)"}
# A sourced item's key, or a prescribed one's: rx- and the plan item's id.
CHECKLIST_KEY = {"anyOf": [{"type": "string", "enum": list(ITEMS)},
                           {"type": "string", "pattern": "^rx-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}]}
CSV_TABLE = {"name": "table", "in": "query", "schema": {"type": "string", "enum": ["entries", "checklist"]},
             "description": "CSV only: pain entries (the default), or each checklist item due or done on every day of each "
                            "episode's plan, sourced or prescribed, with pain during prescribed exercises and how hard they were. "
                            "Readable columns first: local times in the patient's zone with the offset, each code's words in a "
                            "*_name(s) column beside the code's; the codes, the UTC ISO times and the ids stay as they were"}
_PLAN_EXTRA = {"type": "array", "items": {"type": "object"}}

SCHEMAS: dict[str, Any] = {
    "SourceDocument": {
        "type": "object", "required": ["id", "title", "publisher", "date", "language"],
        "properties": {name: {"type": "string"} for name in ("id", "title", "publisher", "date", "language")},
        "description": "Title, publisher and date as the document gives them ('not stated in the document' where it does not)",
    },
    "SourceClaim": {
        "type": "object", "required": ["id", "document", "line", "quote", "used_by"],
        "properties": {
            "id": {"type": "string", "example": "s003-3"},
            "document": {"description": "The document's id (its object in full at /sources/{claim_id})"},
            "line": {"type": "integer"}, "quote": {"type": "string", "description": "The words used, quoted from the document"},
            "used_by": {"type": "array", "items": {"type": "string"}, "description": "The alert rules, checklist items, exercises and questions that cite it"},
            "note": {"type": "string", "description": "Where the line is not the document's own text (a reader's comment below it); absent otherwise"},
        },
    },
    "TeamChoice": {
        "type": "object", "required": ["id", "what", "reason", "source", "used_by"],
        "description": "A product decision the sources do not make (a number or a tier no line gives), with its reason",
        "properties": {
            "id": {"type": "string"}, "what": {"type": "string"}, "reason": {"type": "string"},
            "source": {"type": "array", "items": {"type": "string"}, "description": "Ids of the claims it starts from"},
            "used_by": {"type": "array", "items": {"type": "string"}},
        },
    },
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
            "language": LANGUAGE,
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
            "language": LANGUAGE,
        },
    },
    "BrowserSession": {
        "type": "object",
        "description": "A browser logged in to the account (API tokens are not sessions). Ending it logs that browser out, even where its cookie was copied.",
        "required": ["id", "device", "created_at", "last_seen_at", "current"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "device": {"type": "string", "description": "Browser and system, as read from its User-Agent"},
            "created_at": {"type": "string", "format": "date-time"},
            "last_seen_at": {"type": "string", "format": "date-time", "description": "Updated at most every twentieth of the idle limit"},
            "current": {"type": "boolean", "description": "The session of this very request (cookie calls only)"},
        },
    },
    "Credentials": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {"email": {"type": "string"}, "password": {"type": "string", "maxLength": 128}},
    },
    "PasswordConfirmation": {
        "type": "object",
        "required": ["password"],
        "properties": {"password": {"type": "string", "maxLength": 128}},
    },
    "PasswordChange": {
        "type": "object",
        "required": ["current_password", "new_password"],
        "properties": {
            "current_password": {"type": "string", "maxLength": 128},
            "new_password": {"type": "string", "minLength": 8, "maxLength": 128},
        },
    },
    "Conflict": {
        "type": "object",
        "required": ["error", "current"],
        "properties": {"error": {"$ref": "#/components/schemas/Error/properties/error"}, "current": {"type": "object"}},
    },
    "EpisodeInput": {
        "type": "object",
        "required": ["started_at", "activity", "onset", "regions", "client_updated_at"],
        "properties": {
            "started_at": MOMENT,
            "activity": {"type": "string", "minLength": 1, "maxLength": 100},
            "exercises": {"type": "string", "maxLength": 200, "nullable": True},
            "rpe": {"type": "integer", "minimum": 1, "maximum": 10, "nullable": True},
            "load_increase_percent": {"type": "integer", "minimum": 0, "maximum": 1000, "nullable": True},
            "new_exercise": {"type": "boolean", "nullable": True},
            "onset": _code(codes.ONSETS),
            "regions": {**_codes(codes.REGIONS), "minItems": 1},
            "side": _code(codes.SIDES),
            "character": _code(codes.CHARACTERS),
            "note": {"type": "string", "maxLength": NOTE_MAX, "nullable": True},
            "resolved_at": {**MOMENT, "nullable": True},
            "client_updated_at": MOMENT,
        },
    },
    "Episode": {
        "allOf": [
            {"$ref": "#/components/schemas/EpisodeInput"},
            {"type": "object", "properties": {
                "id": {"type": "string", "format": "uuid"},
                "updated_at": MOMENT,
                "reopened_at": {**MOMENT, "nullable": True,
                                "description": "pain was logged within 7 days after the episode was closed, which opened it again"},
                "cleared_at": {**MOMENT, "nullable": True,
                               "description": "a linked physiotherapist reviewed the red flags reported up to then and cleared "
                                              "graded recovery; a red flag logged later brings the see_clinician plan back"},
                "cleared_by": {"type": "object", "nullable": True, "properties": {
                    "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}},
                "clinician_checked_at": {**MOMENT, "nullable": True,
                                         "description": "the athlete last recorded that a clinician checked them "
                                                        "(/episodes/{episode_id}/clinician-checks): like a clearance, it "
                                                        "covers the red flags the server had by then"},
            }},
        ]
    },
    "EntryInput": {
        "type": "object",
        "required": ["episode_id", "recorded_at", "pain", "client_updated_at"],
        "properties": {
            "episode_id": {"type": "string", "format": "uuid"},
            "recorded_at": MOMENT,
            "pain": {"type": "integer", "minimum": 0, "maximum": 10, "description": "0-10 numeric rating scale"},
            "regions": _codes(codes.REGIONS),
            "side": _code(codes.SIDES),
            "character": _code(codes.CHARACTERS),
            "movement": _code(codes.MOVEMENTS),
            "red_flags": _codes(codes.RED_FLAGS),
            "treatments": _codes(codes.TREATMENTS),
            "swelling": {"type": "boolean", "nullable": True, "description": "swelling or bruising where it hurts (an injury sign)"},
            "walk_minutes": {"type": "integer", "minimum": 0, "maximum": 600, "nullable": True},
            "note": {"type": "string", "maxLength": NOTE_MAX, "nullable": True},
            "client_updated_at": MOMENT,
        },
    },
    "Entry": {
        "allOf": [
            {"$ref": "#/components/schemas/EntryInput"},
            {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "deleted": {"type": "boolean", "description": "a tombstone: the entry was deleted"},
                    "updated_at": MOMENT,
                },
            },
        ]
    },
    "Alert": {
        "type": "object",
        "required": ["id", "rule", "severity", "status", "episode_id", "raised_at", "message", "evidence", "source"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "rule": {"type": "string", "enum": [rule.code for rule in RULES], "description": "; ".join(
                f"{rule.code}: {rule.severity}, {'resolves when the latest readings no longer show it' if rule.kind == 'state' else 'stays until acknowledged'}"
                for rule in RULES)},
            "severity": {"type": "string", "enum": list(SEVERITIES)},
            "status": {"type": "string", "enum": list(STATUSES)},
            "episode_id": {"type": "string", "format": "uuid"},
            "raised_at": MOMENT,
            "message": {"type": "string", "description": "what it means and what to do"},
            "why": {"type": "string"},
            "evidence": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "example": "pain 6 at 96 h after the training"},
                        "entry_id": {"type": "string", "format": "uuid"},
                        "episode_id": {"type": "string", "format": "uuid"},
                        "withdrawn": {"type": "boolean", "description": "red_flag only: the athlete has since deleted the "
                                      "entry or taken the flag out of it; the flag stays in the history and the alert open"},
                    },
                },
            },
            "source": {"type": "array", "items": {"type": "string", "example": "s003-3"},
                       "description": "Ids of the claims it rests on; each resolves at /sources/{claim_id}"},
            "thresholds": {"type": "object", "additionalProperties": {"type": "integer"}},
            "overridden": {"type": "array", "items": {"type": "string"}},
            "acknowledged_at": {**MOMENT, "nullable": True},
            "acknowledged_by": {"type": "object", "nullable": True},
            "acknowledge_note": {"type": "string", "nullable": True},
            "resolved_at": {**MOMENT, "nullable": True},
            "resolution": {"type": "string", "nullable": True},
        },
    },
    "PatientAlert": {
        "allOf": [
            {"$ref": "#/components/schemas/Alert"},
            {"type": "object", "required": ["clinical_message"], "properties": {
                "clinical_message": {"type": "string", "description": "the same alert as its physiotherapist reads it: what "
                                     "was found and what the patient was told, in clinical words about the patient "
                                     "(message stays the athlete's own advice)"},
            }},
        ]
    },
    "Acknowledgement": {
        "type": "object",
        "properties": {"note": {"type": "string", "maxLength": 1000, "nullable": True}},
    },
    "Checklist": {
        "description": (
            "The day's plan: the sourced items, with any a linked physiotherapist prescribed (origin physio), less the "
            "items they paused (paused, with the reason) and the sourced items a prescribed item of the same kind "
            "replaces (replaced), the prescribed items the safety rails hold back today (held_back), their instructions, "
            "and what to avoid until when."
        ),
        "type": "object",
        "required": ["phase", "day", "items"],
        "properties": {
            "phase": {"type": "string", "enum": ["acute", "subacute", "recovering", "return_to_training", "see_clinician"]},
            "day": {"type": "integer", "minimum": 1, "description": "day 1 is the day of the training"},
            "date": {"type": "string", "format": "date"},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "text", "why", "source", "done"],
                    "properties": {
                        "key": CHECKLIST_KEY,
                        "text": {"type": "string"},
                        "origin": {"type": "string", "enum": ["sources", "physio"],
                                   "description": "physio: prescribed by the athlete's physiotherapist (see /episodes/{episode_id}/plan)"},
                        "feedback": {"type": "object", "nullable": True, "description": "How a ticked exercise went: pain (0-10), effort"},
                        "why": {"type": "string"},
                        "source": {"type": "array", "items": {"type": "string", "example": "s003-10"},
                                   "description": "Ids of the claims it rests on; each resolves at /sources/{claim_id}"},
                        "dose": {"type": "string", "nullable": True},
                        "done": {"type": "boolean"},
                        "exercises": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
            "adherence": {"type": "object", "properties": {"done": {"type": "integer"}, "due": {"type": "integer"}}},
            "paused": _PLAN_EXTRA,
            "held_back": _PLAN_EXTRA,
            "replaced": {
                "type": "array",
                "items": {"type": "object", "required": ["key", "text", "reason", "replaced_by"],
                          "properties": {"key": CHECKLIST_KEY, "text": {"type": "string"}, "reason": {"type": "string"},
                                         "replaced_by": {"type": "array", "items": CHECKLIST_KEY}}},
                "description": "Sourced items off today's plan because a prescribed item of the same kind stands in their place "
                               "(a prescribed walk for the sourced walk): replaced_by gives the keys of those items in items. "
                               "Safety items are never replaced, a prescription the rails hold back replaces nothing, and the "
                               "sourced item is back once the prescription ends or is removed.",
            },
            "instructions": {"type": "array", "items": {"type": "string"}},
            "notes": {
                "type": "array", "items": {"type": "string"},
                "description": "In the pain's first 48 hours, instructions that may mean heat without saying so (a bath, a shower): "
                               "the physiotherapist's words, shown as their note and not as part of the plan, whose cold and no-heat "
                               "items stay.",
            },
            "current_episode_id": {
                "type": "string", "format": "uuid", "nullable": True,
                "description": "Set when this episode is over (closed) and the athlete is in a later one on that day: the plan "
                               "given is that episode's, whose id this is. Null otherwise.",
            },
            "avoid": _PLAN_EXTRA,
        },
    },
    "CareLink": {
        "type": "object",
        "required": ["id", "patient"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "patient": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}},
            "physio": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}},
            "created_at": MOMENT,
            "ended_at": {**MOMENT, "nullable": True},
        },
    },
    "PatientSummary": {
        "type": "object",
        "required": ["id", "name", "open_alerts", "last_entry_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string"},
            "open_alerts": {"type": "object", "properties": {s: {"type": "integer"} for s in SEVERITIES}},
            "last_entry_at": {**MOMENT, "nullable": True},
            "days_since_last_log": {"type": "integer", "nullable": True},
            "trend": {"type": "array", "items": {"type": "integer", "nullable": True},
                      "description": "daily highest pain, last 15 days (calendar days in the athlete's time zone, today last)"},
            "worst_alert": {
                "type": "object", "nullable": True, "required": ["rule", "name", "severity", "raised_at"],
                "properties": {"rule": {"type": "string"}, "name": {"type": "string", "description": "the rule's name, in the reader's language"},
                               "severity": {"type": "string", "enum": list(SEVERITIES)}, "raised_at": MOMENT},
                "description": "the most severe open alert; of one severity, the rule first in the rules table, then the oldest",
            },
            "other_open_alerts": {"type": "integer", "description": "open alerts besides worst_alert"},
            "pain": {"type": "integer", "nullable": True, "description": "the latest logged day's highest pain in trend's days"},
            "pain_trend": {
                "type": "string", "enum": ["rising", "falling", "steady"], "nullable": True,
                "description": "the latest logged day of the last 7 against the mean of up to 3 logged days before it: a change of 2 "
                               "points or more rises or falls; null with fewer than two logged days",
            },
            "episode_day": {"type": "integer", "nullable": True,
                            "description": "the open episode's day (day 1: the training's calendar day in the athlete's zone); null when none is open"},
            "episode_activity": {"type": "string", "nullable": True},
            "calendar_days_since_last_log": {"type": "integer", "nullable": True, "description": "calendar days in the caller's time zone: 0 today"},
            "checklist_last_7_days": {
                "type": "object", "nullable": True,
                "properties": {n: {"type": "integer"} for n in ("items_done", "items_due", "days_ticked", "days_with_plan")},
                "description": "items done / due on the days the athlete ticked of the last 7 (today included), and on how many of the "
                               "days with a plan (every day of an episode) they ticked; null when no episode gave a plan",
            },
        },
    },
    "EpisodeSaved": {
        "type": "object",
        "required": ["episode", "alerts"],
        "properties": {"episode": {"$ref": "#/components/schemas/Episode"}, "alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}}},
    },
    "EntrySaved": {
        "type": "object",
        "required": ["entry", "alerts"],
        "properties": {
            "entry": {"$ref": "#/components/schemas/Entry"},
            "alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}},
            "episode_change": {
                "type": "object",
                "description": "Present when the entry logged pain after its episode was closed: within 7 days of the close the "
                               "episode is reopened; later, the entry is filed in a new episode (entry.episode_id names it).",
                "required": ["change", "message", "episode"],
                "properties": {
                    "change": {"type": "string", "enum": ["reopened", "started"]},
                    "message": {"type": "string"},
                    "episode": {"$ref": "#/components/schemas/Episode"},
                },
            },
        },
    },
    "Token": {
        "type": "object",
        "required": ["token", "expires_at"],
        "properties": {"token": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"}},
    },
}

PATHS: dict[str, Any] = {
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
        },
        "delete": {
            "summary": "Delete the caller's account and all its data (the password confirms)",
            "requestBody": _body("PasswordConfirmation"),
            "responses": {"204": {"description": "The account and its data are gone"}, **UNAUTHENTICATED, **BAD_INPUT},
        },
    },
    "/me/password": {
        "post": {
            "summary": "Change the password; every session and token, the caller's included, ends (a cookie caller gets a new session)",
            "requestBody": _body("PasswordChange"),
            "responses": {"204": {"description": "Changed"}, **UNAUTHENTICATED, **BAD_INPUT},
        }
    },
    "/me/sessions": {
        "get": {
            "summary": "The account's active browser sessions, most recently used first",
            "responses": {
                "200": {"description": "Sessions", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/BrowserSession"}}}}},
                **UNAUTHENTICATED,
            },
        },
        "delete": {
            "summary": "Log out everywhere: end every session and revoke every token, the caller's included",
            "responses": {"204": {"description": "Every session and token ended"}, **UNAUTHENTICATED, "403": _error("Cookie call without same-origin proof or CSRF token")},
        }
    },
    "/me/sessions/{session_id}": {
        "delete": {
            "summary": "End one browser session (the caller's own is a log-out)",
            "parameters": [_uuid_param("session_id")],
            "responses": {"204": {"description": "The session has ended"}, "404": _error("No such session of this account"),
                          **UNAUTHENTICATED, "403": _error("Cookie call without same-origin proof or CSRF token")},
        }
    },
    "/episodes": {
        "get": {
            "summary": "The caller's episodes, newest first",
            "responses": {
                "200": {"description": "Episodes", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Episode"}}}}},
                **ATHLETE_ONLY,
            },
        }
    },
    "/episodes/{episode_id}": {
        "put": {
            "summary": "Create or update an episode (idempotent)",
            "parameters": [_uuid_param("episode_id")],
            "requestBody": _body("EpisodeInput"),
            "responses": {
                "200": _json("EpisodeSaved", "Updated or unchanged"),
                "201": _json("EpisodeSaved", "Created"),
                "404": _error("Not yours"),
                **CONFLICT,
                **ATHLETE_ONLY,
                **BAD_INPUT,
            },
        }
    },
    "/entries": {
        "get": {
            "summary": "The caller's entries in time order; with since, all changes after it, tombstones included",
            "parameters": [
                {"name": "episode_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
                {"name": "since", "in": "query", "schema": MOMENT},
            ],
            "responses": {
                "200": {"description": "Entries", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}}}},
                "422": _json("ValidationErrors", "Invalid query"),
                **ATHLETE_ONLY,
            },
        }
    },
    "/entries/{entry_id}": {
        "put": {
            "summary": "Create or update an entry (idempotent); answers the episode's open alerts",
            "parameters": [_uuid_param("entry_id")],
            "requestBody": _body("EntryInput"),
            "responses": {
                "200": _json("EntrySaved", "Updated or unchanged"),
                "201": _json("EntrySaved", "Created"),
                "404": _error("No such episode, or not yours"),
                **CONFLICT,
                **ATHLETE_ONLY,
                **BAD_INPUT,
            },
        },
        "delete": {
            "summary": "Delete an entry (kept as a tombstone)",
            "parameters": [_uuid_param("entry_id"), {"name": "client_updated_at", "in": "query", "schema": MOMENT}],
            "responses": {
                "204": {"description": "Deleted"},
                "404": _error("Not yours"),
                "422": _json("ValidationErrors", "Invalid query"),
                **CONFLICT,
                **ATHLETE_ONLY,
            },
        },
    },
    "/episodes/{episode_id}/checklist": {
        "get": {
            "summary": "The recovery plan for a day of the episode (default: today in the athlete's time zone)",
            "parameters": [_uuid_param("episode_id"), {"name": "on", "in": "query", "schema": {"type": "string", "format": "date"}}],
            "responses": {
                "200": _json("Checklist", "The day's plan"),
                "404": _error("Not yours"),
                "422": _json("ValidationErrors", "A day before the episode or after tomorrow"),
                **ATHLETE_ONLY,
            },
        }
    },
    "/episodes/{episode_id}/checklist/{day}/{key}": {
        "put": {
            "summary": "Tick or untick an item of a day's plan",
            "parameters": [
                _uuid_param("episode_id"),
                {"name": "day", "in": "path", "required": True, "schema": {"type": "string", "format": "date"}},
                {"name": "key", "in": "path", "required": True, "schema": CHECKLIST_KEY},
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["done"], "properties": {
                    "done": {"type": "boolean"},
                    "pain_during": {"type": "integer", "minimum": 0, "maximum": 10, "nullable": True,
                                    "description": "Pain during the exercise, 0-10"},
                    "effort": {"type": "string", "enum": list(EFFORTS), "nullable": True},
                }}}}},
            "responses": {
                "200": _json("Checklist", "The day's plan with the tick stored"),
                "404": _error("Not yours"),
                **ATHLETE_ONLY,
                **BAD_INPUT,
            },
        }
    },
    "/alerts": {
        "get": {
            "summary": "The caller's alerts, newest first",
            "parameters": [
                {"name": "status", "in": "query", "schema": {"type": "string", "enum": list(STATUSES)}},
                {"name": "episode_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
            ],
            "responses": {
                "200": {"description": "Alerts", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}}}}},
                "422": _json("ValidationErrors", "Invalid query"),
                **ATHLETE_ONLY,
            },
        }
    },
    "/alerts/{alert_id}/acknowledge": {
        "post": {
            "summary": "Acknowledge an alert (the athlete or their linked physiotherapist), with an optional note",
            "parameters": [_uuid_param("alert_id")],
            "requestBody": {"required": False, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Acknowledgement"}}}},
            "responses": {
                "200": _json("Alert", "Acknowledged (again: unchanged)"),
                "404": _error("Not yours"),
                **CONFLICT,
                **ATHLETE_ONLY,
                **BAD_INPUT,
            },
        }
    },
    "/codes": {
        "get": {
            "summary": "The code lists with their labels, and the red-flag questions and advice (cached by the offline app)",
            "security": [],
            "responses": {"200": {"description": "Codes", "content": {"application/json": {"schema": {"type": "object"}}}}},
        }
    },
    "/invites": {
        "post": {
            "summary": "Make a single-use invite code for a physiotherapist (valid 7 days)",
            "responses": {
                "201": {"description": "The code, shown once", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["code", "expires_at"],
                    "properties": {"code": {"type": "string", "example": "ABCD-2345"}, "expires_at": MOMENT}}}}},
                **ATHLETE_ONLY,
            },
        }
    },
    "/care-links": {
        "get": {
            "summary": "The caller's active care links",
            "responses": {"200": {"description": "Links", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/CareLink"}}}}}, **UNAUTHENTICATED},
        },
        "post": {
            "summary": "A physiotherapist redeems an athlete's invite code",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["code"], "properties": {"code": {"type": "string", "maxLength": 20}}}}}},
            "responses": {"201": _json("CareLink", "Linked"), **PHYSIO_ONLY, **BAD_INPUT},
        },
    },
    "/care-links/{link_id}": {
        "delete": {
            "summary": "End a care link (either side); access stops at once",
            "parameters": [_uuid_param("link_id")],
            "responses": {"204": {"description": "Ended"}, "404": _error("Not yours"), **UNAUTHENTICATED},
        }
    },
    "/patients": {
        "get": {
            "summary": "Linked patients, most urgent first",
            "responses": {"200": {"description": "Patients", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/PatientSummary"}}}}},
                          **PHYSIO_ONLY},
        }
    },
    **{
        f"/patients/{{patient_id}}/{what}": {
            "get": {
                "summary": f"A linked patient's {what}",
                "parameters": [_uuid_param("patient_id")] + extra,
                "responses": {"200": {"description": what.capitalize(), "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}}}},
                              "404": _error("Not a linked patient"), "422": _json("ValidationErrors", "Invalid query"),
                              **PHYSIO_ONLY},
            }
        }
        for what, schema, extra in (
            ("episodes", "Episode", []),
            ("entries", "Entry", [{"name": "episode_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
                                  {"name": "since", "in": "query", "schema": MOMENT}]),
            ("alerts", "PatientAlert", [{"name": "status", "in": "query", "schema": {"type": "string", "enum": list(STATUSES)}},
                                 {"name": "episode_id", "in": "query", "schema": {"type": "string", "format": "uuid"}}]),
        )
    },
    "/patients/{patient_id}/episodes/{episode_id}/clearance": {
        "post": {
            "summary": "Clear a linked patient's episode for graded recovery after reviewing its red flags",
            "description": "Records who cleared and when, and resolves the red-flag alert. The episode's plan leaves "
                           "see_clinician; a red flag logged after the clearance brings it back.",
            "parameters": [_uuid_param("patient_id"), _uuid_param("episode_id")],
            "requestBody": {**_body("Acknowledgement"), "required": False},
            "responses": {"200": {"description": "The cleared episode", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"episode": {"$ref": "#/components/schemas/Episode"}}}}}},
                          "404": _error("Not a linked patient, or not their episode"), **UNAUTHENTICATED,
                          "403": _error("Not a physiotherapist"), **BAD_INPUT},
        }
    },
    "/patients/{patient_id}/alert-settings": {
        "put": {
            "summary": "Override alert thresholds for one patient (null resets one); open episodes are re-evaluated",
            "description": (
                "Each threshold has bounds. Where a source sets a safety limit, the bounds let a physiotherapist tighten it, "
                "never loosen it past the source: a value out of bounds is a 422 that names it, with the reason, and stores "
                "nothing of the request."
            ),
            "parameters": [_uuid_param("patient_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["thresholds"],
                "properties": {"thresholds": {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}}}}}}},
            "responses": {"200": {"description": "The patient's overrides", "content": {"application/json": {}}},
                          "404": _error("Not a linked patient"), **PHYSIO_ONLY, **BAD_INPUT},
        }
    },
    "/patients/{patient_id}/notes": {
        "get": {
            "summary": "Clinical notes about a linked patient",
            "parameters": [_uuid_param("patient_id")],
            "responses": {"200": {"description": "Notes", "content": {"application/json": {}}}, "404": _error("Not a linked patient"),
                          **PHYSIO_ONLY},
        },
        "post": {
            "summary": "Add a clinical note",
            "parameters": [_uuid_param("patient_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 2000}}}}}},
            "responses": {"201": {"description": "Added", "content": {"application/json": {}}}, "404": _error("Not a linked patient"),
                          **PHYSIO_ONLY, **BAD_INPUT},
        },
    },
    "/patients/{patient_id}/export": {
        "get": {
            "summary": "A linked patient's diary: CSV of entries, FHIR R4 Bundle (LOINC 72514-3; per episode a Condition and the "
                       "CarePlan addressing it), or a PDF report",
            "parameters": [_uuid_param("patient_id"), {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "fhir", "pdf"]}},
                           CSV_TABLE, *PDF_OPTIONS],
            "responses": {"200": {"description": "The export", "content": {"text/csv": {}, "application/fhir+json": {}, "application/pdf": {}}},
                          "404": _error("Not a linked patient"), "422": _json("ValidationErrors", "Unknown format"),
                          **PHYSIO_ONLY},
        }
    },
    "/me/export": {
        "get": {
            "summary": "All of the caller's data",
            "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv", "fhir", "pdf"]}}, CSV_TABLE,
                           *PDF_OPTIONS],
            "responses": {"200": {"description": "The export", "content": {"application/json": {}, "text/csv": {}, "application/fhir+json": {}, "application/pdf": {}}},
                          "422": _json("ValidationErrors", "Unknown format"), **UNAUTHENTICATED},
        }
    },
    "/sources": {
        "get": {
            "summary": "The documents the rules, checklist and exercises rest on, and each claim used from them, with what uses it",
            "security": [],
            "responses": {"200": {"description": "Documents and claims", "content": {"application/json": {"schema": {
                "type": "object", "required": ["documents", "claims"],
                "properties": {"documents": {"type": "array", "items": {"$ref": "#/components/schemas/SourceDocument"}},
                               "claims": {"type": "array", "items": {"$ref": "#/components/schemas/SourceClaim"}},
                               "choices": {"type": "array", "items": {"$ref": "#/components/schemas/TeamChoice"}}}}}}}},
        }
    },
    "/sources/{claim_id}": {
        "get": {
            "summary": "One claim, as an alert's or checklist item's source names it, with its document",
            "security": [],
            "parameters": [{"name": "claim_id", "in": "path", "required": True, "schema": {"type": "string", "example": "s003-3"}}],
            "responses": {"200": _json("SourceClaim", "The claim, its document in full"), "404": _error("No such claim")},
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
        "description": (
            "Pain diary for people who train. General information, not a diagnosis. Texts a person reads (messages, "
            "alerts and their evidence, checklist items, error messages, code labels in /codes, exports) come in the "
            "account's language, else the request's Accept-Language, else English (en, es); codes and ids never change."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {**PATHS, **openapi_reminders.PATHS, **openapi_care_plans.PATHS, **openapi_clinician_checks.PATHS},
    "components": {
        "schemas": {**SCHEMAS, **openapi_reminders.SCHEMAS, **openapi_care_plans.SCHEMAS, **openapi_clinician_checks.SCHEMAS},
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


@bp.get("/codes")
def code_lists():
    # In the reader's words: the offline app shows these labels and the red-flag advice as they come.
    return codes.as_json(translate)
