"""The form of one change to an episode's plan, for the physiotherapist's page and the API alike."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, TextAreaField
from wtforms.validators import InputRequired, Optional

from webapp.core.checklist.prescription import KINDS, PAUSABLE, PRESCRIBABLE, TEXT_MAX
from webapp.forms.diary_forms import DiaryForm
from webapp.forms.fields import CodeField, WholeNumberField


def _strip_to_none(value):
    return (value.strip() or None) if isinstance(value, str) else value


class PlanItemForm(DiaryForm):
    """The rails themselves are the clinical core's (prescription_problems), checked by the service."""

    kind = CodeField(_l("What to change"), codes={kind: kind for kind in KINDS}, validators=[InputRequired(_l("Say what to change."))])
    activity = CodeField(_l("Exercise or item"), codes={**PRESCRIBABLE, **PAUSABLE}, validators=[Optional()])
    sets = WholeNumberField(_l("Sets"), validators=[Optional()])
    reps = WholeNumberField(_l("Repetitions"), validators=[Optional()])
    hold_seconds = WholeNumberField(_l("Hold (seconds)"), validators=[Optional()])
    minutes = WholeNumberField(_l("Minutes"), validators=[Optional()])
    times_a_day = WholeNumberField(_l("Times a day"), validators=[Optional()])
    from_day = WholeNumberField(_l("From day"), validators=[Optional()])
    until_day = WholeNumberField(_l("Until day"), validators=[Optional()])
    text = TextAreaField(_l("Reason, instruction or what to avoid"), filters=[_strip_to_none], render_kw={"maxlength": TEXT_MAX})
    until = DateField(_l("Avoid until"), format="%Y-%m-%d", validators=[Optional()])
