"""Sentences as what they say: an English template and its figures, said in the reader's language when shown.

A Said is the English sentence itself (a str, so the rules and their tests read it as
before) that also keeps its template (the gettext msgid) and its figures, so that it
is stored as what it is and said again in any language. N_ marks a template for the
catalogue where it is written; it is translated where it is shown.
"""
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

Param = Any  # int, str, a date, or a Said (a code's words, a question)


def N_(template: str) -> str:  # noqa: N802 (gettext's name for "mark, do not translate here")
    return template


def _english_day(day: date) -> str:
    return day.strftime("%d %b")


class Said(str):
    template: str
    params: dict[str, Param]

    def __new__(cls, template: str, **params: Param) -> "Said":
        self = super().__new__(cls, render(template, params, lambda text: text, _english_day))
        self.template, self.params = template, params
        return self

    def __reduce__(self) -> tuple:  # to pickle (the sweep's processes): rebuilt from what it is
        return (_said, (self.template, self.params))

    def as_json(self) -> dict:
        return {"template": self.template, "params": {name: _param_json(value) for name, value in self.params.items()}}


def _said(template: str, params: dict) -> Said:
    return Said(template, **params)


def _param_json(value: Param) -> Any:
    if isinstance(value, Said):
        return value.as_json()
    if isinstance(value, date):
        return {"day": value.isoformat()}
    return value


def render(template: str, params: Mapping[str, Any], translate: Callable[[str], str], format_day: Callable[[date], str]) -> str:
    """Say a template with its figures: translated, nested sentences and days in the same language.

    params as a Said holds them, or as stored (as_json): {"template", "params"} and {"day"}.
    """
    if not params:
        return translate(template)
    values = {}
    for name, value in params.items():
        if isinstance(value, Said):
            value = render(value.template, value.params, translate, format_day)
        elif isinstance(value, date):
            value = format_day(value)
        elif isinstance(value, dict) and "template" in value:
            value = render(value["template"], value.get("params") or {}, translate, format_day)
        elif isinstance(value, dict) and "day" in value:
            value = format_day(date.fromisoformat(value["day"]))
        values[name] = value
    try:
        return translate(template) % values
    except (KeyError, ValueError, TypeError):
        # A translation that lost or broke a placeholder must never hide the message: say it in English.
        return template % values
