"""Reminder settings and a device's push subscription, for the account page and the API alike."""
import base64

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from webapp.forms.base import AppForm

# base64url without padding, as PushSubscription.toJSON() gives the keys.
BASE64URL = r"^[A-Za-z0-9_-]+={0,2}$"


class ReminderSettingsForm(AppForm):
    enabled = BooleanField(_l("Remind me to log my pain"))
    daily_at = TimeField(
        _l("Daily reminder at"), format="%H:%M", default=None,
        description=_l("In your time zone. Only sent on days you have not logged yet, while an episode is open."),
        validators=[InputRequired(_l("Give a time like 20:00."))],
    )
    quiet_start = TimeField(_l("Quiet hours from"), format="%H:%M", validators=[Optional()])
    quiet_end = TimeField(_l("Quiet hours until"), format="%H:%M", validators=[Optional()],
                          description=_l("Nothing is sent in quiet hours, except an urgent warning."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Here, not in a field's validator: Optional() stops the empty end's own validators.
        if valid and (self.quiet_start.data is None) != (self.quiet_end.data is None):
            empty = self.quiet_end if self.quiet_end.data is None else self.quiet_start
            empty.errors = [_l("Give both ends of the quiet hours, or neither.")]
            return False
        return valid


class PushSubscriptionForm(AppForm):
    """What the browser's PushSubscription holds: the push service's URL and the keys to encrypt for it."""

    endpoint = StringField(_l("Push service URL"), validators=[DataRequired(_l("Send the subscription's endpoint.")), Length(max=2048)])
    # A P-256 public key, uncompressed: 65 bytes, 87 characters of base64url.
    p256dh = StringField(_l("Public key"), validators=[
        DataRequired(_l("Send keys.p256dh.")), Length(min=80, max=100, message=_l("Not a P-256 public key.")), Regexp(BASE64URL, message=_l("Not base64url.")),
    ])
    # 16 random bytes: 22 characters.
    auth = StringField(_l("Auth secret"), validators=[
        DataRequired(_l("Send keys.auth.")), Length(min=16, max=32, message=_l("Not an auth secret.")), Regexp(BASE64URL, message=_l("Not base64url.")),
    ])

    def validate_p256dh(self, field):
        # Checked here, not when a reminder is encrypted for it hours later.
        if field.errors:
            return
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), base64.urlsafe_b64decode(field.data + "=" * (-len(field.data) % 4)))
        except ValueError:
            raise ValidationError(_l("Not a P-256 public key.")) from None
