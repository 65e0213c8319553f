"""JSON parsing that treats absurd nesting as malformed input, not a crash; lazy translations said as text."""
from flask.json.provider import DefaultJSONProvider
from flask_babel import LazyString


class JSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc

    @staticmethod
    def default(o):
        # A form's label or message made with lazy_gettext: said in the request's language.
        if isinstance(o, LazyString):
            return str(o)
        return DefaultJSONProvider.default(o)
