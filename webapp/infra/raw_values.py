"""Column values as the database driver gives them, turned into plain Python cheaply.

The write path reads every live entry of the episode it judges. SQLAlchemy's
per-value processing (a UUID object, a regular-expression date parse, a JSON
decode per list) cost several times the engine's own work per entry. These
functions take the driver's raw value instead: on SQLite, text; on PostgreSQL,
UUIDs and decoded JSON from psycopg, or text where a statement casts to it.
"""
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


def uuid_text(raw: str | uuid.UUID) -> str:
    """The canonical text of a UUID (as str(uuid.UUID) gives it)."""
    if isinstance(raw, uuid.UUID):
        return str(raw)
    if len(raw) == 32:  # SQLite keeps UUIDs as 32 hex digits
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    if len(raw) == 36:  # PostgreSQL's uuid::text: already the canonical form
        return raw.lower()
    return str(uuid.UUID(raw))


def uuid_of(raw: str | uuid.UUID) -> uuid.UUID:
    """A UUID column's raw value as a UUID (SQLite gives text)."""
    return raw if isinstance(raw, uuid.UUID) else _parsed_uuid(raw)


@lru_cache(maxsize=16384)
def _parsed_uuid(text: str) -> uuid.UUID:
    # An athlete's writes read the same few dozen episode ids again and again.
    return uuid.UUID(text)


def by_raw_id(values: Mapping[uuid.UUID, T]) -> dict[Any, T]:
    """The same mapping, also keyed as the driver gives a UUID column raw (SQLite: 32 hex digits)."""
    return {key: value for uuid_key, value in values.items() for key in (uuid_key, uuid_key.hex)}


def utc(raw: str | datetime) -> datetime:
    """An aware UTC datetime; SQLite keeps them as naive UTC text."""
    if isinstance(raw, str):
        # Parsed with its offset, which costs a fraction of replace(tzinfo=...) afterwards.
        return datetime.fromisoformat(raw + "+00:00")
    return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)


def day_of(raw: str | date) -> date:
    """A calendar day; SQLite keeps it as ISO text."""
    return date.fromisoformat(raw) if isinstance(raw, str) else raw


@lru_cache(maxsize=4096)
def _decoded(text: str) -> tuple[str, ...]:
    # Diaries repeat the same few lists ('["lower_back"]', '[]'): each is decoded once.
    return tuple(json.loads(text) or ())


def string_tuple(raw: str | list | None) -> tuple[str, ...]:
    """A JSON list of strings as a tuple; SQLite keeps it as JSON text."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        return _decoded(raw)
    return tuple(raw)
