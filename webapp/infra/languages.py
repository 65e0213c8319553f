"""Which language a reader gets: their account's, else what their browser asks for, else English.

Adding a language is a catalogue under webapp/translations and an entry here, nothing else.
"""
from datetime import date

from babel.dates import format_date
from flask import g, has_request_context, request
from flask_babel import get_locale, gettext
from flask_login import current_user

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
# Set by the language switch on the pages anyone can see (log-in, landing); an account's own setting wins.
COOKIE = "language"


def known(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def reader_language() -> str:
    """The language of the current request's reader."""
    if not has_request_context():
        return DEFAULT
    user = g.get("api_user") or (current_user if current_user and current_user.is_authenticated else None)
    chosen = known(getattr(user, "language", None)) if user is not None else None
    return chosen or known(request.cookies.get(COOKIE)) or request.accept_languages.best_match(LANGUAGES) or DEFAULT


def reader_timezone() -> str | None:
    user = g.get("api_user") or (current_user if has_request_context() and current_user.is_authenticated else None)
    return getattr(user, "timezone", None) if user is not None else None


def translate(text: str) -> str:
    """A catalogue's translation of a text marked N_ (the text itself outside a request, or if none)."""
    return gettext(text) if text and has_request_context() else text


def format_day(day: date) -> str:
    """A day in the middle of a sentence, in the reader's language: '20 Nov', '20 nov'."""
    return format_date(day, "d MMM", locale=get_locale() if has_request_context() else DEFAULT)
