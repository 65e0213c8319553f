"""The password policy and hashing."""
import pytest

from webapp.infra.passwords import common_passwords, hash_password, needs_rehash, password_problems, verify_password


@pytest.mark.parametrize(
    "password, email, problem",
    [
        ("correct horse battery", "", None),
        ("Tr4ining-Day", "", None),
        ("seven77", "", "at least 8"),
        ("", "", "at least 8"),
        ("x" * 129, "", "at most 128"),
        ("x" * 128, "", "too common"),
        ("PASSWORD1", "", "too common"),
        ("qwertyuiop", "", "too common"),
        ("12345678", "", "too common"),
        ("deadlift", "", "too common"),
        ("zzzzzzzzzz", "", "too common"),
        ("maria.lopez2026", "maria.lopez@example.org", "email"),
        ("a-better-phrase", "abe@example.org", None),
    ],
)
def test_password_policy(password, email, problem):
    problems = password_problems(password, email)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_common_list_is_loaded_and_lower_cased():
    words = common_passwords()
    assert len(words) > 100
    assert all(word == word.lower() and not word.startswith("#") for word in words)


def test_hashes_are_salted_argon2id_and_verify():
    first, second = hash_password("correct horse", "CHEAPEST"), hash_password("correct horse", "CHEAPEST")
    assert first != second and first.startswith("$argon2id$")
    assert verify_password(first, "correct horse", "CHEAPEST")
    assert not verify_password(first, "correct horsE", "CHEAPEST")
    assert not verify_password("not a hash", "correct horse", "CHEAPEST")


def test_weaker_hashes_are_flagged_for_rehash():
    weak = hash_password("correct horse", "CHEAPEST")
    assert needs_rehash(weak, "RFC_9106_LOW_MEMORY")
    assert not needs_rehash(weak, "CHEAPEST")
