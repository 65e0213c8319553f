"""Template filters and globals: times in the user's zone, pain words, the code lists."""
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask_login import current_user

from webapp.core import codes
from webapp.core.charts import sparkline
from webapp.core.checklist.exercises import EXERCISES
from webapp.core.checklist.items import ITEMS
from webapp.core.checklist.schedule import PHASE_NAMES
from webapp.core.rules.thresholds import NAMES as THRESHOLD_NAMES
from webapp.core.sources import CLAIMS, claim_ids, refs_in, without_refs
from webapp.infra.languages import LANGUAGES, reader_language, translate
from webapp.infra.times import TRAINED_WHEN, TRAINED_WHEN_WALL
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
    return format_datetime(local, "EEE d MMM, HH:mm", tzinfo=local.tzinfo, locale=reader_language())


def local_date(moment: datetime | None) -> str:
    """Format a day in the current user's zone and language: '21 Nov 2026'."""
    return format_date(moment.astimezone(_zone()), "d MMM y", locale=reader_language()) if moment else ""


def month_name(day) -> str:
    """A month's short name in the reader's language: 'Nov', 'nov'."""
    return format_date(day, "MMM", locale=reader_language()) if day else ""


def day_name(day) -> str:
    """A calendar day in the reader's language: '15 Dec 2026', '15 dic 2026'."""
    return format_date(day, "d MMM y", locale=reader_language()) if day else ""


def local_iso(moment: datetime | None) -> str:
    """Return the machine-readable local time for a <time datetime> attribute."""
    return moment.astimezone(_zone()).isoformat(timespec="minutes") if moment else ""


def labels(values, mapping: dict) -> str:
    """Join the labels of a list of codes: ['ice', 'walk'] -> 'Ice or cold, Walk'."""
    return ", ".join(translate(mapping.get(value, value)) for value in values or [])


def register_template_helpers(app) -> None:
    app.jinja_env.filters["labels"] = labels
    app.jinja_env.filters["sparkline"] = sparkline
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_iso"] = local_iso
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["month_name"] = month_name
    app.jinja_env.filters["day_name"] = day_name
    app.jinja_env.filters["plan_summary"] = lambda change: translate(care_plans.change_summary(change))
    app.jinja_env.globals["exercise_names"] = {slug: exercise.name for slug, exercise in EXERCISES.items()}
    app.jinja_env.filters["claims"] = lambda refs: [CLAIMS[claim] for claim in claim_ids(refs or ())]
    app.jinja_env.filters["without_refs"] = without_refs
    app.jinja_env.filters["refs_in"] = refs_in
    app.jinja_env.filters["pain_word"] = codes.pain_word
    app.jinja_env.globals["codes"] = codes
    app.jinja_env.globals["languages"] = LANGUAGES
    app.jinja_env.globals["rule_names"] = codes.RULE_NAMES
    app.jinja_env.globals["phase_names"] = PHASE_NAMES
    app.jinja_env.globals["threshold_names"] = THRESHOLD_NAMES
    app.jinja_env.filters["item_name"] = lambda key: translate(ITEMS[key].text) if key in ITEMS else key
    app.jinja_env.globals["current_language"] = reader_language
    # Words of the clinical core (marked N_ there), translated where they are shown.
    app.jinja_env.filters["t"] = translate
    app.jinja_env.globals["trained_when_choices"] = TRAINED_WHEN
    # The same answers for the offline form: days back and local time, as the server reads them.
    app.jinja_env.globals["trained_when_wall"] = {
        choice: [days, wall.strftime("%H:%M")] for choice, (days, wall) in TRAINED_WHEN_WALL.items()
    }
