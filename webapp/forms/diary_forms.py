"""The diary's forms: one per object, for the HTML pages and the JSON API alike."""
import uuid

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.core import codes
from webapp.core.checklist import ITEMS
from webapp.core.codes import EFFORTS
from webapp.core.wording import Said
from webapp.forms.base import AppForm
from webapp.forms.fields import CodeField, CodesField, MomentField, WholeNumberField, not_in_future
from webapp.infra.times import TRAINED_WHEN
from webapp.models import CHECKED_BY, NOTE_MAX, STATUSES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value):
    return value or None


class LocalTimeForm(AppForm):
    """A form with times. local_timezone: read times without an offset in this zone (the HTML
    form); None, as for the API, refuses them."""

    def __init__(self, *args, local_timezone: str | None = None, **kwargs):
        self.local_timezone = local_timezone
        super().__init__(*args, **kwargs)

    def process(self, *args, **kwargs):
        for field in self:
            if isinstance(field, MomentField):
                field.local_timezone = self.local_timezone
        super().process(*args, **kwargs)


class DiaryForm(LocalTimeForm):
    """A diary object's form.

    client_clock: the client sends client_updated_at (the API); pages let the
    server stamp it.
    """

    def __init__(self, *args, client_clock: bool = True, **kwargs):
        self.client_clock = client_clock
        super().__init__(*args, **kwargs)

    # Made when the page is drawn, so a double tap on Save stores one object.
    # The API takes the id from the URL and ignores this field.
    id = HiddenField(default=lambda: str(uuid.uuid4()))
    client_updated_at = MomentField(_l("Changed on the device at"), validators=[not_in_future])

    def validate_id(self, field):
        try:
            uuid.UUID(str(field.data))
        except ValueError:
            raise ValidationError(_l("Not an id.")) from None

    def validate_client_updated_at(self, field):
        if self.client_clock and field.data is None:
            raise ValidationError(_l("This field is required."))


class EpisodeForm(DiaryForm):
    # Pages only: a one-tap answer, turned into started_at in the athlete's time zone (the API sends started_at).
    trained_when = CodeField(_l("When did you train?"), codes=TRAINED_WHEN, validators=[Optional()])
    started_at = MomentField(
        _l("When was the training or incident?"),
        validators=[InputRequired(_l("Say when the training or incident was.")), not_in_future],
    )
    activity = StringField(
        _l("What were you doing?"),
        filters=[_strip],
        description=_l("For example: deadlifts, a 10 km run, football."),
        validators=[DataRequired(_l("Say what you were doing.")), Length(max=100)],
    )
    exercises = StringField(_l("Main exercises"), filters=[_strip, _blank_to_none], validators=[Optional(), Length(max=200)])
    rpe = WholeNumberField(
        _l("How hard was it? (1 easy to 10 maximal)"),
        validators=[Optional(), NumberRange(1, 10, _l("Rate effort from 1 to 10."))],
    )
    load_increase_percent = WholeNumberField(
        _l("Load or volume raised by (%)"),
        description=_l("Leave empty if you trained as usual."),
        validators=[Optional(), NumberRange(0, 1000, _l("Give a percentage from 0 to 1000."))],
    )
    new_exercise = BooleanField(_l("It was an exercise I had not done before"))
    onset = CodeField(_l("When did the pain start?"), codes=codes.ONSETS, validators=[InputRequired(_l("Say when the pain started."))])
    regions = CodesField(_l("Where does it hurt?"), codes=codes.REGIONS, validators=[DataRequired(_l("Choose at least one place."))])
    side = CodeField(_l("Which side?"), codes=codes.SIDES, validators=[Optional()])
    character = CodeField(_l("What does it feel like?"), codes=codes.CHARACTERS, validators=[Optional()])
    note = TextAreaField(_l("Note"), filters=[_blank_to_none], validators=[Optional(), Length(max=NOTE_MAX)])
    resolved_at = MomentField(_l("Pain gone since"), validators=[not_in_future])

    def validate_resolved_at(self, field):
        if field.data and self.started_at.data and field.data < self.started_at.data:
            raise ValidationError(_l("The pain cannot be gone before the episode started."))


class EntryForm(DiaryForm):
    episode_id = StringField(_l("Episode"), validators=[DataRequired(_l("Say which episode this entry belongs to."))])
    recorded_at = MomentField(_l("When"), validators=[InputRequired(_l("Say when you felt this.")), not_in_future])
    pain = WholeNumberField(
        _l("How much does it hurt now?"),
        validators=[InputRequired(_l("Choose a pain rating from 0 to 10.")), NumberRange(0, 10, _l("Pain is rated from 0 to 10."))],
    )
    regions = CodesField(_l("Where?"), codes=codes.REGIONS)
    side = CodeField(_l("Which side?"), codes=codes.SIDES, validators=[Optional()])
    character = CodeField(_l("What does it feel like?"), codes=codes.CHARACTERS, validators=[Optional()])
    movement = CodeField(_l("When you move"), codes=codes.MOVEMENTS, validators=[Optional()])
    red_flags = CodesField(_l("Any of these?"), codes=codes.RED_FLAGS)
    treatments = CodesField(_l("What did you do for it?"), codes=codes.TREATMENTS)
    swelling = BooleanField(_l("Swelling or bruising where it hurts"))
    walk_minutes = WholeNumberField(
        _l("Minutes walked"), validators=[Optional(), NumberRange(0, 600, _l("Give minutes from 0 to 600."))]
    )
    note = TextAreaField(
        _l("Note"), filters=[_blank_to_none], validators=[Optional(), Length(max=NOTE_MAX, message=Said("Keep the note to %(count)s characters or fewer.", count=NOTE_MAX))]
    )

    def validate_episode_id(self, field):
        try:
            uuid.UUID(str(field.data))
        except ValueError:
            raise ValidationError(_l("Not an episode id.")) from None


class EpisodeFilterForm(AppForm):
    """An optional ?episode_id= in a query string (empty means not given)."""

    episode_id = StringField(filters=[_blank_to_none], validators=[Optional()])

    def validate_episode_id(self, field):
        try:
            field.data = uuid.UUID(field.data)
        except ValueError:
            raise ValidationError(_l("Not an episode id.")) from None


class EntryQueryForm(EpisodeFilterForm):
    """Query parameters of GET and DELETE /entries."""

    since = MomentField()
    client_updated_at = MomentField(validators=[not_in_future])


class AlertQueryForm(EpisodeFilterForm):
    """Query parameters of GET /alerts."""

    status = CodeField(codes={status: status for status in STATUSES}, validators=[Optional()])


class AcknowledgeForm(AppForm):
    note = TextAreaField(
        _l("Note (optional)"),
        filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=1000, message=_l("Keep the note to 1000 characters or fewer."))],
    )


class ClinicianCheckForm(LocalTimeForm):
    """The athlete's record that a clinician checked them after a red flag."""

    checked_by = CodeField(_l("Who checked you"), validators=[InputRequired(_l("Say who checked you."))], codes=CHECKED_BY)
    clinician = StringField(
        _l("Clinic or name (optional)"), filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=100, message=_l("Keep this to 100 characters or fewer."))],
    )
    checked_at = MomentField(_l("When"), validators=[InputRequired(_l("Say when you were checked.")), not_in_future])
    note = TextAreaField(
        _l("What they said (optional)"), filters=[_strip, _blank_to_none],
        validators=[Optional(), Length(max=NOTE_MAX, message=Said("Keep the note to %(count)s characters or fewer.", count=NOTE_MAX))],
    )


class ChecklistQueryForm(AppForm):
    on = DateField(format="%Y-%m-%d", validators=[Optional()])


class TickForm(AppForm):
    """Tick or untick one checklist item; the day and key come from the URL."""

    day = DateField(format="%Y-%m-%d", validators=[InputRequired(_l("Give the day as YYYY-MM-DD."))])
    key = StringField(validators=[InputRequired(_l("Say which item."))])
    done = BooleanField(false_values=("false", "0", ""), validators=[InputRequired(_l("Say whether it is done: true or false."))])
    # How a ticked exercise went; both optional, so that a tick stays one tap.
    pain_during = WholeNumberField(_l("Pain during it (0-10)"), validators=[Optional(), NumberRange(0, 10, _l("Rate pain from 0 to 10."))])
    effort = CodeField(_l("How was it?"), codes=EFFORTS, validators=[Optional()])

    def validate_key(self, field):
        # A sourced item's key, or a prescribed item's (rx- and its plan item's id).
        if field.data in ITEMS:
            return
        prefix, _, item_id = str(field.data).partition("-")
        try:
            uuid.UUID(item_id)
        except ValueError:
            raise ValidationError(Said("Unknown item; use one of: %(keys)s, or a prescribed item's key (rx-<id>).", keys=", ".join(ITEMS))) from None
        if prefix != "rx":
            raise ValidationError(_l("Unknown item."))

    def feedback(self) -> dict:
        return {name: value for name, value in (("pain", self.pain_during.data), ("effort", self.effort.data)) if value is not None}
