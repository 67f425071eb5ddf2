"""Audit fields made to fit their columns, whatever a request carried.

An audit entry often names what the user asked for (a district filter, a
task id from the URL). PostgreSQL refuses a NUL in text and a value longer
than its column, and a refused audit entry would turn a harmless request
into a 500 — or, worse, let an odd value skip the audit. So values are
clipped to the column (marked with ``…``) and NULs shown as ``\\0``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from fanzha.security.roles import Principal

USER_ID_MAX = 64
OBJECT_ID_MAX = 160
DETAIL_TEXT_MAX = 2000


def clip(text: str, limit: int) -> str:
    """``text`` without NULs, at most ``limit`` characters (cut ones end in ``…``)."""
    text = text.replace("\x00", "\\0")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fit(value: Any) -> Any:
    if isinstance(value, str):
        return clip(value, DETAIL_TEXT_MAX)
    if isinstance(value, Mapping):
        return {clip(str(k), 200): _fit(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_fit(v) for v in value]
    return value


def fit_audit(
    principal: Principal, object_id: str, detail: Mapping[str, Any] | None
) -> tuple[Principal, str, Mapping[str, Any] | None]:
    """The principal, object id and detail of an entry, each fitting its column."""
    user_id = clip(principal.user_id, USER_ID_MAX)
    if user_id != principal.user_id:
        principal = msgspec.structs.replace(principal, user_id=user_id)
    return principal, clip(object_id, OBJECT_ID_MAX), None if detail is None else _fit(detail)
