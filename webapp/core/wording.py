"""Sentences as what they say: an English template and its figures, said in the reader's language when shown.

A Said is the English sentence itself (a str, so the rules and their tests read it as
before) that also keeps its template (the gettext msgid), a plural template where the
words depend on a number (n), and its figures, so that it is stored as what it is and
said again in any language. N_ marks a template for the catalogue where it is written;
it is translated where it is shown.
"""
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

Param = Any  # int, str, a date, or a Said (a code's words, a question)
Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


def N_(template: str) -> str:  # noqa: N802 (gettext's name for "mark, do not translate here")
    return template


def _english_day(day: date) -> str:
    # As the pages say a day in English (Babel's "d MMM"): "1 Nov", not "01 Nov".
    return f"{day.day} {day:%b}"


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


class Said(str):
    template: str
    plural: str | None
    params: dict[str, Param]

    def __new__(cls, template: str, plural: str | None = None, **params: Param) -> "Said":
        text = render(template, params, lambda text: text, _english_day, plural, _english_plural)
        self = super().__new__(cls, text)
        self.template, self.plural, self.params = template, plural, params
        return self

    def say(self, translate: Translate, format_day: Callable[[date], str], translate_plural: TranslatePlural = _english_plural) -> str:
        """This sentence in another language (translate: the catalogue's lookup of a template)."""
        return render(self.template, self.params, translate, format_day, self.plural, translate_plural)

    @classmethod
    def counted(cls, singular: str, plural: str, **params: Param) -> "Said":
        """A sentence whose words depend on the figure n ("1 episode", "3 episodes"), in each language's plural forms."""
        return cls(singular, plural, **params)

    @classmethod
    def joined(cls, parts: "list[Said]", separator: str = ", ") -> "Said":
        """Parts said one after the other (each translated on its own)."""
        template = separator.join(f"%(p{index})s" for index in range(len(parts)))
        return cls(template, **{f"p{index}": part for index, part in enumerate(parts)})

    def as_json(self) -> dict:
        return {"template": self.template, **({"plural": self.plural} if self.plural else {}),
                "params": {name: _param_json(value) for name, value in self.params.items()}}


def _param_json(value: Param) -> Any:
    if isinstance(value, Said):
        return value.as_json()
    if isinstance(value, date):
        return {"day": value.isoformat()}
    return value


def render(template: str, params: Mapping[str, Any], translate: Translate, format_day: Callable[[date], str],
           plural: str | None = None, translate_plural: TranslatePlural = _english_plural) -> str:
    """Say a template with its figures: translated, nested sentences and days in the same language.

    params as a Said holds them, or as stored (as_json): {"template", "params"} and {"day"}.
    A plural template goes with the figure n.
    """
    chosen = translate_plural(template, plural, int(params["n"])) if plural else translate(template)
    if not params:
        return chosen
    values = {}
    for name, value in params.items():
        if isinstance(value, Said):
            value = value.say(translate, format_day, translate_plural)
        elif isinstance(value, date):
            value = format_day(value)
        elif isinstance(value, dict) and "template" in value:
            value = render(value["template"], value.get("params") or {}, translate, format_day, value.get("plural"), translate_plural)
        elif isinstance(value, dict) and "day" in value:
            value = format_day(date.fromisoformat(value["day"]))
        values[name] = value
    try:
        return chosen % values
    except (KeyError, ValueError, TypeError):
        # A translation that lost or broke a placeholder must never hide the message: say it in English.
        return (template if not plural or int(params["n"]) == 1 else plural) % values
