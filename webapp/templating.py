"""Template filters and globals: times in the user's zone, pain words, the code lists, the emergency number."""
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import get_translations, gettext
from flask_login import current_user

from webapp.core import codes
from webapp.core.charts import sparkline
from webapp.core.checklist.exercises import EXERCISES
from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.schedule import PHASE_NAMES
from webapp.core.clinician_words import CLINICIAN_WORDS
from webapp.core.emergency_numbers import emergency_number, numbers_by_zone
from webapp.core.rules.table import RULES, STATE
from webapp.core.rules.thresholds import NAMES as THRESHOLD_NAMES
from webapp.core.sources import CLAIMS, claim_ids, refs_in, without_refs
from webapp.core.wording import N_, Said
from webapp.infra.languages import LANGUAGES, current_language, format_day, format_full_day, format_month, format_number, translate, translate_reworded
from webapp.infra.page_access import home_endpoint
from webapp.infra.times import TRAINED_WHEN, TRAINED_WHEN_WALL
from webapp.models import CHECKED_BY
from webapp.models.alert_records import alert_evidence_said, alert_said
from webapp.services import care_plans


def _zone() -> ZoneInfo:
    name = getattr(current_user, "timezone", None) or "UTC"
    return ZoneInfo(name)


def local_time(moment: datetime | None, style: str = "full") -> str:
    """Format a time in the current user's zone and language: 'Sat 21 Nov, 08:05' ('sáb 21 nov, 08:05') or '08:05'."""
    if moment is None:
        return ""
    local = moment.astimezone(_zone())
    if style == "time":
        return local.strftime("%H:%M")
    return format_datetime(local, "EEE d MMM, HH:mm", tzinfo=local.tzinfo, locale=current_language())


def local_date(moment: datetime | None) -> str:
    """Format a day in the current user's zone and language: '21 Nov 2026'."""
    return format_full_day(moment.astimezone(_zone())) if moment else ""


def local_iso(moment: datetime | None) -> str:
    """Return the machine-readable local time for a <time datetime> attribute."""
    return moment.astimezone(_zone()).isoformat(timespec="minutes") if moment else ""


def labels(values, mapping: dict) -> str:
    """Join the labels of a list of codes: ['ice', 'walk'] -> 'Ice or cold, Walk'."""
    return ", ".join(translate(mapping.get(value, value)) for value in values or [])


def for_clinician() -> bool:
    """The reader is a physiotherapist: the patient's sentences are said about the patient (webapp.core.clinician_words)."""
    return getattr(current_user, "role", None) == "physio"


def said_to_reader(text: str) -> str:
    """A text of the core in the reader's language, and in a clinician's words for a physiotherapist."""
    return translate_reworded(text, CLINICIAN_WORDS) if for_clinician() else translate(text)


def device_words(label: str) -> str:
    """A stored device label ("Chrome on Android", webapp.services.sessions) in the reader's language."""
    browser, on, system = (label or "").partition(" on ")
    return translate(Said("%(browser)s on %(system)s", browser=browser, system=system)) if on else translate(label)


# The emergency advice naming the number, said in place of the words "your local emergency number" where the page
# knows the reader's country; no catalogue holds a number, as the language does not tell the country.
EMERGENCY_CALLS = {
    "heading": N_("Seek emergency care now (call %(number)s) for:"),  # codes.TIER_HEADINGS["emergency"]
    "item": N_("Call %(number)s now, or go to an emergency department"),  # the checklist item "emergency_care"
    "call": N_("Call %(number)s now."),  # after the advice itself, codes.RED_FLAG_ADVICE["emergency"]
}


def emergency_call(kind: str, about: uuid.UUID | None = None) -> str | None:
    """EMERGENCY_CALLS[kind] with the number of the signed-in account's country, from its time zone.

    None for a visitor, a zone with no known number, or advice about another account (a physiotherapist reading a
    patient's alert: their own number could be the wrong one): the page then keeps "your local emergency number".
    """
    if not current_user.is_authenticated or about not in (None, current_user.id):
        return None
    found = emergency_number(current_user.timezone)
    return gettext(EMERGENCY_CALLS[kind], number=found.number) if found else None


def device_emergency_numbers() -> dict:
    """For a page served to anyone (the offline page): the numbers by time zone, for its script to read the phone's."""
    return {"by_zone": numbers_by_zone(), "heading": gettext(EMERGENCY_CALLS["heading"])}


def client_words() -> dict:
    """What the page's scripts say (sync status, the outbox's messages), in the reader's language.

    A word that depends on a number comes as its "one" and "other" forms; the script picks one with Intl.PluralRules.
    """
    def plural_forms(singular: str, plural: str) -> dict:
        # The catalogue's own forms, unformatted: the script puts the count in (Flask-Babel's ngettext would put 1 and 2).
        translations = get_translations()
        return {"one": translations.ngettext(singular, plural, 1), "other": translations.ngettext(singular, plural, 2)}

    return {
        "language": current_language(),
        "all_saved": gettext("All saved"),
        "failed": plural_forms("%(num)d change could not be saved: see below.", "%(num)d changes could not be saved: see below."),
        "waiting": plural_forms("%(num)d change waiting to sync", "%(num)d changes waiting to sync"),
        "logout_pending": plural_forms("%(num)d change not synced yet will stay on this phone. Log out anyway?",
                                "%(num)d changes not synced yet will stay on this phone. Log out anyway?"),
        "notes": {"network": gettext("offline"), "server": gettext("server busy, retrying"), "login": gettext("log in again to sync")},
        "kinds": {"entry": gettext("Pain entry"), "episode": gettext("Episode"), "tick": gettext("Checklist tick")},
        "refused": gettext("refused (%(status)s)"),
        "discard": gettext("Discard it"),
        "not_saved": gettext("Not saved. %(reasons)s"),
        "not_found": gettext("Not saved: this could not be found any more."),
        "fill_in": gettext("Please fill in: %(fields)s."),
        "saved_on_phone": gettext("Saved on this phone: %(what)s. It will sync when you are back online."),
        "saved": gettext("Saved: %(what)s."),
        "what_pain": gettext("pain %(pain)s (%(word)s)"),
        "what_episode": gettext("the episode"),
        "done": gettext("Done"),
        "mark_done": gettext("Mark done"),
    }


def register_template_helpers(app) -> None:
    app.jinja_env.filters["labels"] = labels
    app.jinja_env.filters["sparkline"] = sparkline
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_iso"] = local_iso
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["month_name"] = lambda day: format_month(day) if day else ""
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["device_words"] = device_words
    app.jinja_env.filters["day_name"] = lambda day: format_full_day(day) if day else ""
    app.jinja_env.filters["short_day"] = lambda day: format_day(day) if day else ""
    app.jinja_env.filters["plan_summary"] = lambda change: translate(care_plans.change_summary(change))
    app.jinja_env.filters["plan_replaces"] = lambda record: translate(said) if (said := care_plans.in_place_of(record)) else ""
    app.jinja_env.globals["exercise_names"] = {slug: exercise.name for slug, exercise in EXERCISES.items()}
    app.jinja_env.filters["claims"] = lambda refs: [CLAIMS[claim] for claim in claim_ids(refs or ())]
    app.jinja_env.filters["without_refs"] = without_refs
    app.jinja_env.filters["refs_in"] = refs_in
    app.jinja_env.filters["pain_word"] = codes.pain_word
    app.jinja_env.globals["codes"] = codes
    app.jinja_env.globals["checked_by"] = CHECKED_BY
    app.jinja_env.globals["languages"] = LANGUAGES
    app.jinja_env.globals["client_words"] = client_words
    app.jinja_env.globals["emergency_call"] = emergency_call
    app.jinja_env.globals["device_emergency_numbers"] = device_emergency_numbers
    app.jinja_env.globals["home_endpoint"] = home_endpoint
    app.jinja_env.globals["rule_names"] = codes.RULE_NAMES
    app.jinja_env.globals["phase_names"] = PHASE_NAMES
    # The alerts about the present: on an episode with no news for long, they say what the last log showed.
    app.jinja_env.globals["state_rules"] = frozenset(rule.code for rule in RULES if rule.kind == STATE)
    app.jinja_env.globals["threshold_names"] = THRESHOLD_NAMES
    app.jinja_env.filters["item_name"] = lambda key: translate(ITEMS[key].text) if key in ITEMS else key
    app.jinja_env.globals["current_language"] = current_language
    # Words of the clinical core (marked N_ there), translated where they are shown.
    app.jinja_env.filters["t"] = said_to_reader
    app.jinja_env.globals["for_clinician"] = for_clinician
    app.jinja_env.filters["alert_said"] = lambda alert: alert_said(alert, for_clinician())
    app.jinja_env.filters["alert_evidence"] = lambda alert: alert_evidence_said(alert, for_clinician())
    app.jinja_env.globals["trained_when_choices"] = TRAINED_WHEN
    # The same answers for the offline form: days back and local time, as the server reads them.
    app.jinja_env.globals["trained_when_wall"] = {
        choice: [days, wall.strftime("%H:%M")] for choice, (days, wall) in TRAINED_WHEN_WALL.items()
    }
