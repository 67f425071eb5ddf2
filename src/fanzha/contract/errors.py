"""Rejected input lines: what was wrong, where, and the raw line kept for replay."""

from __future__ import annotations

import re
from typing import Any

import msgspec

_PATH = re.compile(r" - at `\$\.?([^`]*)`$")
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\[\]]*): (.*)$")


class Rejection(msgspec.Struct, frozen=True, kw_only=True):
    """A line that could not be accepted. Written to the dead-letter file as is."""

    file: str
    line: int
    field: str | None
    error: str
    raw: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: field '{self.field}': {self.error}"
        return f"{where}: {self.error}"


def describe_validation_error(err: Exception) -> tuple[str | None, str]:
    """Split a msgspec error into (field, message) so users see which field is wrong.

    msgspec says ``Expected `int`, got `float` - at `$.amount_fen```; errors
    raised by our own ``__post_init__`` checks say ``ts: …``.
    """
    text = str(err)
    match = _PATH.search(text)
    if match:
        message = text[: match.start()]
        if "matching regex" in message and "+[1-9]" in message:
            message = "not an E.164 phone number (expected like +8613800000000)"
        elif "with a timezone component" in message:
            message = "timestamp has no UTC offset (RFC 3339 needs one)"
        return match.group(1) or None, message
    if text.startswith("Object missing required field"):
        field = text.split("`")[1] if "`" in text else None
        return field, "required field is missing"
    prefixed = _FIELD_PREFIX.match(text)
    if prefixed:
        return prefixed.group(1), prefixed.group(2)
    return None, text


def raw_text(raw: bytes | str | Any) -> str:
    if isinstance(raw, bytes):
        return raw.decode("utf-8", errors="replace")
    return str(raw)
