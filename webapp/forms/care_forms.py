"""Forms of the care team, for the pages and the API alike."""
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.forms.base import AppForm
from webapp.forms.fields import CodeField


class InviteCodeForm(AppForm):
    code = StringField(
        "Invite code from your patient",
        description="Eight letters and digits, like ABCD-2345.",
        validators=[DataRequired("Enter the code your patient gave you."), Length(max=20)],
    )


class NoteForm(AppForm):
    text = TextAreaField("Clinical note", validators=[DataRequired("Write the note."), Length(max=2000, message="Keep the note to 2000 characters or fewer.")])


class ExportForm(AppForm):
    format = CodeField(codes={"csv": "CSV", "fhir": "FHIR R4 JSON", "json": "JSON", "pdf": "PDF report"}, validators=[Optional()])
