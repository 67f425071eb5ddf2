"""Durations as people write them in config files: ``30s``, ``5m``, ``4h``, ``2d``."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

_DURATION = re.compile(r"^(\d+)([smhd])$")
_UNITS: Final = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str | int) -> timedelta:
    """``5m`` → 5 minutes. Plain integers are minutes."""
    if isinstance(text, int):
        return timedelta(minutes=text)
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 5m, 4h, 2d)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
