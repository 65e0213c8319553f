"""Validation failures that name their fields, shared by pages and the API."""


class InvalidFields(Exception):
    """Some fields are invalid: {"field": ["message", ...]} (the API answers 422)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors
