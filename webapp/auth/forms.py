"""Account forms, used by the HTML pages and, fed JSON, by the API."""
from functools import lru_cache
from zoneinfo import available_timezones

from wtforms import EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from webapp.forms import AppForm
from webapp.models import ROLES
from webapp.passwords import MAX_LENGTH, password_problems

ROLE_LABELS = {
    "athlete": "Athlete: I keep a pain diary",
    "physio": "Physiotherapist: athletes invite me to review their diary",
}


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class RoleField(RadioField):
    def pre_validate(self, form):
        if self.data not in ROLES:
            raise ValidationError("Choose athlete or physiotherapist.")


class RegistrationForm(AppForm):
    name = StringField(
        "Your name",
        filters=[_strip],
        validators=[DataRequired("Enter your name."), Length(max=100)],
    )
    email = EmailField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254),
            Email("Enter a valid email address, like name@example.org.", check_deliverability=False),
        ],
    )
    password = PasswordField(
        "Password",
        description="At least 8 characters; a passphrase of a few words works well.",
        validators=[DataRequired("Choose a password.")],
    )
    role = RoleField(
        "I am",
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validators=[InputRequired("Choose athlete or physiotherapist.")],
    )
    timezone = HiddenField("Time zone", filters=[_strip], validators=[Optional()])

    def validate_password(self, field):
        problems = password_problems(field.data or "", self.email.data or "")
        if problems:
            raise ValidationError(problems[0])

    def validate_timezone(self, field):
        if field.data not in _timezones():
            raise ValidationError("Use an IANA time zone name, like Europe/Paris.")


class LoginForm(AppForm):
    email = EmailField("Email", filters=[_strip], validators=[DataRequired("Enter your email address.")])
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_LENGTH)],
    )
