"""Opaque ids derived from personal values, so that ids never carry the data itself.

A hold is one per account and its id must be the same in every server process
(two officers requesting a stop at once collide on it), so it cannot be random;
a plain hash of a card number is no better than the number (the space of card
numbers is small enough to try). The id is an HMAC under the audit key, which
every process writing one database already shares and no database reader has.
"""

from __future__ import annotations

import hashlib
import hmac

from fanzha.security.anchor import load_key
from fanzha.settings import get_settings

_DOMAIN = b"fanzha-pseudonym\x00"


def pseudonym(purpose: str, value: str, length: int = 20) -> str:
    """A stable, opaque token for ``value`` in ``purpose`` (hex, ``length`` characters)."""
    key = load_key(get_settings(), create=True)
    assert key is not None
    message = _DOMAIN + purpose.encode() + b"\x00" + value.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:length]
