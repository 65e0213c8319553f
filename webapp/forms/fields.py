"""Form fields for the diary: moments in time and contract codes."""
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import Field, IntegerField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import DateTimeLocalInput

from webapp.core.wording import Said
from webapp.infra.times import to_millisecond, utcnow

# Phones' clocks drift; a time a little ahead of ours is not "in the future".
CLOCK_SKEW = timedelta(minutes=5)
OFFSET_REQUIRED = _l("Include a UTC offset, like 2026-11-20T18:30:00+01:00.")
# Every time the app stores or compares lies well inside these; outside them, time-zone
# arithmetic overflows Python's datetime (year 1 at +14:00 is before year 1 in UTC).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
OUT_OF_RANGE = _l("Give a time between the years 1900 and 2199.")
# Far beyond any count or score the diary takes, and small enough to compare as a float.
LARGEST_WHOLE_NUMBER = 10**9


class WholeNumberField(IntegerField):
    """An integer, refused at parse time when it is too large for any field here to mean anything.

    WTForms' NumberRange compares through float(), which overflows on a huge integer.
    """

    data: int | None

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > LARGEST_WHOLE_NUMBER:
            self.data = None
            raise ValueError(_l("That number is far too large."))


class MomentField(Field):
    """An ISO 8601 time. Naive times are read in the form's local time zone if it
    has one (the HTML form); otherwise (the API) they are refused."""

    widget = DateTimeLocalInput()
    local_timezone: str | None = None

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        # An unencoded "+" in a query string arrives as a space: "...T18:30:00 01:00".
        text = re.sub(r"(T[\d:.]+) (\d\d:?\d\d)$", r"\1+\2", text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.data = None
            raise ValueError(_l("Use an ISO 8601 time, like 2026-11-20T18:30:00+01:00.")) from None
        if moment.tzinfo is None:
            if self.local_timezone is None:
                self.data = None
                raise ValueError(OFFSET_REQUIRED)
            moment = moment.replace(tzinfo=ZoneInfo(self.local_timezone))
        try:
            in_range = EARLIEST <= moment.astimezone(UTC) < LATEST
        except OverflowError:
            in_range = False
        if not in_range:
            self.data = None
            raise ValueError(OUT_OF_RANGE)
        self.data = to_millisecond(moment)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        zone = ZoneInfo(self.local_timezone) if self.local_timezone else None
        return self.data.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def not_in_future(form, field):
    """Refuse a time later than now (allowing for clock skew)."""
    if field.data is not None and field.data > utcnow() + CLOCK_SKEW:
        raise ValidationError(_l("This time is in the future."))


# The contract's code lists never change, and their labels translate when shown: a form made on every
# request (the API's too) need not build each list of choices again.
_CHOICES: dict[int, tuple[dict, list[SelectChoice]]] = {}


def _choices(codes: dict) -> list[SelectChoice]:
    known = _CHOICES.get(id(codes))
    if known is None or known[0] is not codes:
        known = _CHOICES[id(codes)] = (codes, [SelectChoice(code, label) for code, label in codes.items()])
    return known[1]


def _unknown(values, known) -> ValidationError:
    return ValidationError(Said("Unknown code: %(codes)s. Use one of: %(known)s.", codes=", ".join(values), known=", ".join(known)))


class CodeField(SelectField):
    """One code from a contract list; empty means not given."""

    def __init__(self, label=None, validators=None, codes=None, **kwargs):
        super().__init__(label, validators, choices=_choices(codes), validate_choice=False, **kwargs)
        self.known = list(codes)

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist and valuelist[0] != "" else None

    def pre_validate(self, form):
        if self.data is not None and self.data not in self.known:
            raise _unknown([self.data], self.known)


class CodesField(SelectMultipleField):
    """A list of codes from a contract list, each at most once, in the list's order."""

    def __init__(self, label=None, validators=None, codes=None, **kwargs):
        super().__init__(label, validators, choices=_choices(codes), validate_choice=False, **kwargs)
        self.known = list(codes)

    def process_formdata(self, valuelist):
        self.data = [value for value in valuelist if value != ""]

    def pre_validate(self, form):
        unknown = [value for value in self.data or [] if value not in self.known]
        if unknown:
            raise _unknown(unknown, self.known)
        self.data = [code for code in self.known if code in (self.data or [])]
