"""Which language a reader gets: their account's, else what their browser asks for, else English.

Adding a language is a catalogue under webapp/translations and an entry here, nothing else.
"""
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import g, has_app_context, has_request_context, request
from flask_babel import force_locale, get_locale, get_translations, gettext
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
    """A text in the reader's language: a catalogue's translation of one marked N_, or a Said (webapp.core.wording)
    said again; the text itself outside the app, or where the catalogue has none. Outside a request the
    language is English unless speaking() says another (a push to one athlete)."""
    if not text or not has_app_context():
        return text
    if current_language() == DEFAULT:
        return str(text)  # the templates are English, and a Said is its English sentence already
    say = getattr(text, "say", None)
    return say(gettext, format_day, _plural) if say is not None else gettext(str(text))


def _plural(singular: str, plural: str, n: int) -> str:
    # The catalogue's own lookup: Flask-Babel's ngettext would format with num=n, and our figures follow later.
    return get_translations().ngettext(singular, plural, n)


def reworded(words: Mapping[str, str]) -> Callable[[str], str]:
    """translate() for one template, first swapped for its reader's own (same figures: webapp.core.clinician_words)."""
    return lambda template: translate(words.get(template, template))


def translate_reworded(text: str, words: Mapping[str, str]) -> str:
    """translate(), said in a reader's own words: the text's templates, and those of the sentences in it, swapped first."""
    if not text or not has_app_context():
        return text
    say = getattr(text, "say", None)
    if say is None:
        return reworded(words)(str(text))

    def plural(singular: str, plural: str, n: int) -> str:
        singular, plural = words.get(singular, singular), words.get(plural, plural)
        if current_language() == DEFAULT:
            return singular if n == 1 else plural
        return _plural(singular, plural, n)

    return say(reworded(words), format_day, plural)


def _locale():
    return get_locale() if has_app_context() else DEFAULT


# The language a request is said in, once Flask-Babel has chosen it: every sentence of an answer asks,
# and Flask-Babel's lookup of its choice costs more than saying an English sentence. Forgotten as the
# request ends (forget_language); speaking() says a block in another.
_said_in: ContextVar[str | None] = ContextVar("said_in", default=None)


def current_language() -> str:
    """The language this request is said in (reader_language, chosen once per request by Flask-Babel)."""
    chosen = _said_in.get()
    if chosen is None:
        chosen = str(_locale())
        if has_request_context():
            _said_in.set(chosen)
    return chosen


def forget_language(_error: BaseException | None = None) -> None:
    """End of a request: the next one chooses its own."""
    _said_in.set(None)


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Say what the block says in this language (a push to one athlete), in a request or not."""
    code = known(language) or DEFAULT
    with force_locale(code):
        token = _said_in.set(code)
        try:
            yield
        finally:
            _said_in.reset(token)


def format_day(day: date) -> str:
    """A day in the middle of a sentence, in the reader's language: '20 Nov', '20 nov'."""
    return format_date(day, "d MMM", locale=_locale())


def format_full_day(day: date | datetime) -> str:
    """A calendar day with its year, in the reader's language: '15 Dec 2026', '15 dic 2026'."""
    return format_date(day, "d MMM y", locale=_locale())


def format_month(day: date) -> str:
    """A month's short name in the reader's language: 'Nov', 'nov'."""
    return format_date(day, "MMM", locale=_locale())


def format_number(value: float) -> str:
    """A figure in the reader's language: 2.5, 2,5."""
    return format_decimal(value, locale=_locale())
