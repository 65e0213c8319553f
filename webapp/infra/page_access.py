"""Who may see which page."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(role: str):
    """Let only logged-in accounts of this role through; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role != role:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def home_endpoint(user) -> str:
    """Return the endpoint of a user's home page."""
    return "physio.home" if user.is_physio else "athlete.home"
