"""Password hashing with Argon2id (the OWASP-recommended default), and the password policy.

The policy exists because an officer's account opens residents' records: an
attacker who guesses ``12345678`` for an admin, or ``woaini1314`` for an
officer, reads the city. It refuses what guessing tries first (short ones,
one character class, the shipped common-password list, the user's own name)
and says in Chinese and English what to change.
"""

from __future__ import annotations

import string
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_LENGTH = 12
DEMO_PASSWORD = "fanzha-demo"
"""The password ``fanzha demo`` prints for its users: public, so loopback only."""
_EDGES = string.digits + string.punctuation + " "


class WeakPassword(ValueError):
    """The password breaks the policy; the message says which rule, in Chinese and English."""


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise WeakPassword("密码至少需要8个字符 (a password needs at least 8 characters)")
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's defaults."""
    return _HASHER.check_needs_rehash(stored_hash)


@cache
def dummy_hash() -> str:
    """A hash of nothing anyone types, made with today's parameters.

    A login for an unknown user verifies against it, so the answer takes the
    same Argon2 work as for a known user and timing tells no user names.
    """
    return _HASHER.hash("fanzha: no such user")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = files("fanzha.security").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def _classes(password: str) -> int:
    kinds = (str.islower, str.isupper, str.isdigit)
    found = {n for c in password for n, test in enumerate(kinds) if test(c)}
    if any(not (c.islower() or c.isupper() or c.isdigit()) for c in password):
        found.add(3)
    return len(found)


def check_password_policy(password: str, user_id: str = "") -> None:
    """Raise ``WeakPassword`` when ``password`` is one guessing would find early.

    A common password with digits or symbols around it (``password!2024``,
    ``qwerty123456``) counts as common too: that is how people stretch them.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"密码至少需要{MIN_LENGTH}个字符 (a password needs at least {MIN_LENGTH} characters)"
        )
    if _classes(password) < 2:
        raise WeakPassword(
            "密码不能只由一类字符组成，请混用字母、数字或符号 "
            "(use at least two of: lower case, upper case, digits, symbols)"
        )
    lowered = password.lower()
    listed = common_passwords()
    stems = {lowered, lowered.strip(_EDGES), lowered.rstrip(_EDGES), lowered.lstrip(_EDGES)}
    if any(stem in listed for stem in stems if stem):
        raise WeakPassword("密码过于常见，容易被猜中 (this password is too common)")
    if len(user_id) >= 3 and user_id.lower() in lowered:
        raise WeakPassword("密码不能包含用户名 (a password must not contain the user name)")
