"""Password hashing (argon2id) and the password policy."""
from functools import cache, lru_cache
from importlib.resources import files

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext

MIN_LENGTH = 8
# Long enough for passphrases; bounded so nobody can make us hash megabytes.
MAX_LENGTH = 128


@cache
def _hasher(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, profile))


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Return the refused common passwords, lower-cased."""
    text = files("webapp.infra.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problems(password: str, email: str = "") -> list[str]:
    """Return what is wrong with a new password, in words for the user; empty if fine."""
    if len(password) < MIN_LENGTH:
        return [gettext("Use at least %(count)s characters.", count=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [gettext("Use at most %(count)s characters.", count=MAX_LENGTH)]
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) == 1:
        return [gettext("This password is too common; choose one that is harder to guess.")]
    local_part = email.split("@", 1)[0].lower()
    if local_part and lowered.startswith(local_part) and len(local_part) >= 4:
        return [gettext("Do not build the password from your email address.")]
    return []


def hash_password(password: str, profile: str) -> str:
    """Return an argon2id hash of the password."""
    return _hasher(profile).hash(password)


def verify_password(password_hash: str, password: str, profile: str) -> bool:
    """Tell whether the password matches the stored hash."""
    try:
        return _hasher(profile).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, profile: str) -> bool:
    """Tell whether the hash was made with other parameters than the profile's."""
    return _hasher(profile).check_needs_rehash(password_hash)
