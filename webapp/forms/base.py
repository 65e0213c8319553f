"""The base of every form, for pages and API alike."""
import re
from functools import lru_cache

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.i18n import get_translations

from webapp.infra.languages import current_language

# NUL cannot be stored in PostgreSQL text, other C0 controls are never typed on
# purpose, and a lone surrogate (legal in JSON's \u escapes) cannot be encoded as UTF-8.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
CONTROL_CHARACTERS_MESSAGE = _l("Remove the invisible or invalid characters from this field.")


def _has_control_characters(value) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(item, str) and CONTROL_CHARACTERS.search(item) for item in values)


@lru_cache(maxsize=8)
def _builtin_messages(language: str):
    # WTForms' own messages ("Not a valid integer value."), read once per language and process:
    # Flask-WTF would read the catalogue file again on every request.
    return get_translations([language])


class AppForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _builtin_messages(current_language())

        def wrap_formdata(self, form, formdata):
            # Pages read form posts only; JSON bodies go through the API's validated_form,
            # which always passes its own formdata.
            if not hasattr(formdata, "getlist") and has_request_context() and request.is_json:
                return None
            return super().wrap_formdata(form, formdata)

    def validate(self, extra_validators=None):
        """Refuse control characters before any validator sees (or queries with) the data."""
        tainted = [field for field in self if _has_control_characters(field.data)]
        if tainted:
            for field in tainted:
                field.errors = [CONTROL_CHARACTERS_MESSAGE]
            return False
        return super().validate(extra_validators)
