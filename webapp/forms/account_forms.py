"""Account forms, used by the HTML pages and, fed JSON, by the API."""
from functools import lru_cache
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from webapp.forms.base import AppForm
from webapp.infra.languages import LANGUAGES
from webapp.infra.passwords import MAX_LENGTH, password_problems
from webapp.models import ROLES

ROLE_LABELS = {
    "athlete": _l("Athlete: I keep a pain diary"),
    "physio": _l("Physiotherapist: athletes invite me to review their diary"),
}


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def existing_password(label: str, missing: str) -> PasswordField:
    """A field for a password the account already has; capped so that nobody makes us hash megabytes."""
    return PasswordField(label, validators=[DataRequired(missing), Length(max=MAX_LENGTH)])


def check_new_password(password: str | None, email: str | None) -> None:
    """Raise the first problem the password policy finds with a new password."""
    problems = password_problems(password or "", email or "")
    if problems:
        raise ValidationError(problems[0])


def language_field() -> SelectField:
    """The account's language; empty follows the browser's."""
    return SelectField(
        _l("Language"), choices=[SelectChoice("", _l("As my browser asks"))] + [SelectChoice(*item) for item in LANGUAGES.items()],
        filters=[lambda value: value or None], validators=[Optional()],
    )


class RoleField(RadioField):
    def pre_validate(self, form):
        if self.data not in ROLES:
            raise ValidationError(_l("Choose athlete or physiotherapist."))


class RegistrationForm(AppForm):
    name = StringField(
        _l("Your name"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter your name.")), Length(max=100)],
    )
    email = EmailField(
        _l("Email"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254),
            Email(_l("Enter a valid email address, like name@example.org."), check_deliverability=False),
        ],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 8 characters; a passphrase of a few words works well."),
        validators=[DataRequired(_l("Choose a password."))],
    )
    role = RoleField(
        _l("I am"),
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validators=[InputRequired(_l("Choose athlete or physiotherapist."))],
    )
    timezone = HiddenField(_l("Time zone"), filters=[_strip], validators=[Optional()])
    language = language_field()

    def validate_password(self, field):
        check_new_password(field.data, self.email.data)

    def validate_timezone(self, field):
        if field.data not in _timezones():
            raise ValidationError(_l("Use an IANA time zone name, like Europe/Paris."))


class LoginForm(AppForm):
    email = EmailField(_l("Email"), filters=[_strip], validators=[DataRequired(_l("Enter your email address."))])
    password = existing_password(_l("Password"), _l("Enter your password."))


class ChangePasswordForm(AppForm):
    current_password = existing_password(_l("Current password"), _l("Enter your current password."))
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 8 characters. Changing it logs you out everywhere else."),
        validators=[DataRequired(_l("Choose a new password."))],
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = email

    def validate_new_password(self, field):
        check_new_password(field.data, self.account_email)


class PasswordConfirmationForm(AppForm):
    password = existing_password(_l("Your password"), _l("Enter your password to confirm."))


class DeleteAccountForm(PasswordConfirmationForm):
    confirm = BooleanField(
        _l("I understand that my account and everything in it are deleted for good"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
