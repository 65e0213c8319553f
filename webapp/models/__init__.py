"""Database models, one module per concern."""
from webapp.models.accounts import ROLES, ApiToken, User

__all__ = ["ROLES", "ApiToken", "User"]
