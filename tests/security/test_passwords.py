import pytest

from fanzha.security.passwords import hash_password, verify_password


def test_hash_verifies_only_the_right_password() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong horse")
    assert not verify_password("not-a-hash", "correct horse")


def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="8 characters"):
        hash_password("short")
