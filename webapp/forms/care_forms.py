"""Forms of the care team, for the pages and the API alike."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.forms.base import AppForm
from webapp.forms.fields import CodeField


class InviteCodeForm(AppForm):
    code = StringField(
        _l("Invite code from your patient"),
        description=_l("Eight letters and digits, like ABCD-2345."),
        validators=[DataRequired(_l("Enter the code your patient gave you.")), Length(max=20)],
    )


class NoteForm(AppForm):
    text = TextAreaField(_l("Clinical note"), validators=[DataRequired(_l("Write the note.")), Length(max=2000, message=_l("Keep the note to 2000 characters or fewer."))])


class ReviewPeriodForm(AppForm):
    """The period a review page summarises (query string): whole days, the last 90 when not given."""

    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def validate_since(self, field):
        if field.data and not 1900 <= field.data.year <= 2199:
            raise ValidationError(_l("Give a date between the years 1900 and 2199."))

    def validate_until(self, field):
        self.validate_since(field)
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end is before the start."))
        if field.data and self.since.data and (field.data - self.since.data).days > 3 * 366:
            raise ValidationError(_l("Choose three years at most."))


class ExportForm(ReviewPeriodForm):
    """An export's format; the PDF report also takes a period (whole days; the whole diary when not given) and paper."""

    format = CodeField(codes={"csv": "CSV", "fhir": _l("FHIR R4 JSON"), "json": "JSON", "pdf": _l("PDF report")}, validators=[Optional()])
    paper = CodeField(codes={"a4": "A4", "letter": _l("US Letter")}, validators=[Optional()])
    # CSV only: the entries (default), or each checklist item due or done per day, with pain during exercises.
    table = CodeField(codes={"entries": _l("Pain entries"), "checklist": _l("Checklist and care plan, per item and day")}, validators=[Optional()])
