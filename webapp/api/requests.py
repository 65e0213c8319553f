"""Reading API requests: the JSON body, validated by the same WTForms forms as the pages."""
from flask import abort, request
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DecimalField, FloatField, IntegerField, SelectMultipleField

from webapp.core.wording import N_
from webapp.infra.languages import translate
from webapp.services.invalid_input import InvalidFields


def invalid_fields_response(exc: InvalidFields):
    """422, each message in the reader's language (Accept-Language, or the account's)."""
    return {"errors": {field: [translate(message) for message in messages] for field, messages in exc.errors.items()}}, 422


def conflict_response(exc):
    """The answer to a stale write (a services Conflict): nothing changed, and the stored copy."""
    body = {"error": {"status": 409, "message": "The stored copy is newer; nothing was changed."}, "current": exc.current}
    return body, 409


def json_object() -> dict:
    """Return the request's JSON object, or answer 400."""
    if not request.is_json:
        abort(400, N_("Send a JSON body with Content-Type: application/json."))
    data = request.get_json(silent=True)
    if data is None:
        abort(400, N_("The body is not valid JSON."))
    if not isinstance(data, dict):
        abort(400, N_("The body must be a JSON object."))
    return data


def _json_type_error(kind: type, value) -> str | None:
    if issubclass(kind, BooleanField):
        return None if isinstance(value, bool) else N_("Must be true or false.")
    if issubclass(kind, (IntegerField, DecimalField, FloatField)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else N_("Must be a number.")
    if issubclass(kind, SelectMultipleField):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else N_("Must be a list of strings.")
    return None if isinstance(value, str) else N_("Must be a string.")


def _as_formdata(kind: type, value) -> list[str]:
    if issubclass(kind, BooleanField):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return value
    return [str(value)]


_FIELD_KINDS: dict[type, tuple[tuple[str, type], ...]] = {}


def _field_kinds(form_class, form_kwargs: dict) -> tuple[tuple[str, type], ...]:
    """Each field's name and class; a form's fields do not change, so they are read off a form once."""
    kinds = _FIELD_KINDS.get(form_class)
    if kinds is None:
        probe = form_class(formdata=None, meta={"csrf": False}, **form_kwargs)
        kinds = _FIELD_KINDS[form_class] = tuple((field.name, type(field)) for field in probe)
    return kinds


def validated_form(form_class, data: dict, **form_kwargs):
    """Validate a JSON object with a form; return the form or raise InvalidFields.

    Only the form's own fields are read (the allow-list); null means absent.
    """
    type_errors: dict[str, list[str]] = {}
    formdata: MultiDict[str, str] = MultiDict()
    for name, kind in _field_kinds(form_class, form_kwargs):
        value = data.get(name)
        if value is None:
            continue
        problem = _json_type_error(kind, value)
        if problem:
            type_errors[name] = [problem]
        else:
            formdata.setlist(name, _as_formdata(kind, value))
    form = form_class(formdata=formdata, meta={"csrf": False}, **form_kwargs)
    if not form.validate() or type_errors:
        raise InvalidFields({**form.errors, **type_errors})
    return form
