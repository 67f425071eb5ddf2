"""反查 on the store: who a newly listed number, account, site or app was in touch with.

Bounded twice: by time (the window, 30 days by default, on the indexed
``(counterpart, ts)``) and by count (``limit`` contacts an entry), so adding a
number that called half the city cannot stall the request that added it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Connection, Engine, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fanzha.detect.lists import ListHit, phone_variants
from fanzha.store.models import AccountRow, EventRow, ListRescanRow, PhoneRow

_KINDS = {
    "phone": ("call", "sms"),
    "account": ("transfer",),
    "app": ("app",),
    "domain": ("web",),
    "url": ("web",),
    "ip": ("web",),
    "ipport": ("web",),
}


@dataclass(frozen=True)
class Contact:
    """One stored event in which a resident dealt with the listed counterpart."""

    person_id: str
    event_id: str
    kind: str
    ts: datetime


def _where(hit: ListHit) -> ColumnElement[bool]:
    value = hit.value
    if hit.kind == "phone":
        return EventRow.counterpart.in_(phone_variants(value))
    if hit.kind == "domain":  # the domain and every name under it
        return or_(EventRow.counterpart == value, EventRow.counterpart.like(f"%.{value}"))
    if hit.kind == "url":
        return EventRow.counterpart == value.split("/", 1)[0]
    if hit.kind == "ipport":
        return EventRow.counterpart == value.rsplit(":", 1)[0].strip("[]")
    return EventRow.counterpart == value


def contacts_of(
    engine: Engine,
    hit: ListHit,
    since: datetime,
    limit: int,
    same_url: Callable[[str], bool] | None = None,
) -> list[Contact]:
    """Residents in touch with the entry since ``since``, earliest contact each.

    ``same_url`` tells, for a URL entry, whether a visit's URL is that one (the
    store matches the host; the path is compared here).
    """
    if "\x00" in hit.value:  # the contract keeps NUL out of every event: nothing matches
        return []
    kinds = _KINDS.get(hit.kind)
    if kinds is None or ("/" in hit.value and hit.kind == "ip"):  # a range: no host equals it
        return []
    columns = (EventRow.id, EventRow.kind, EventRow.ts, EventRow.phone, EventRow.account)
    query = (
        select(*columns, EventRow.raw)
        .where(_where(hit), EventRow.kind.in_(kinds), EventRow.ts >= since)
        .order_by(EventRow.ts)
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        owner = _map(conn, PhoneRow.phone, PhoneRow.person_id, {r.phone for r in rows})
        holder = _map(conn, AccountRow.account_id, AccountRow.holder, {r.account for r in rows})
    found: dict[str, Contact] = {}
    for r in rows:
        if hit.kind == "url" and same_url is not None and not same_url(_url_of(r.raw)):
            continue
        person = owner.get(r.phone) if r.phone else holder.get(r.account)
        if person and person not in found:
            found[person] = Contact(person, r.id, r.kind, r.ts)
    return list(found.values())


def _map(conn: Connection, key: Any, value: Any, wanted: set[str | None]) -> dict[str, str]:
    keys = [k for k in wanted if k]
    if not keys:
        return {}
    return {k: v for k, v in conn.execute(select(key, value).where(key.in_(keys))) if v}


def _url_of(raw: str) -> str:
    import json

    try:
        return str(json.loads(raw).get("url") or "")
    except ValueError:
        return ""


def already_warned(engine: Engine, hit: ListHit, persons: list[str]) -> set[str]:
    """Of these persons, those the 反查 of this entry warned before."""
    if not persons:
        return set()
    with engine.connect() as conn:
        return set(
            conn.execute(
                select(ListRescanRow.person_id).where(
                    ListRescanRow.kind == hit.kind,
                    ListRescanRow.value == hit.value[:255],
                    ListRescanRow.person_id.in_(persons),
                )
            ).scalars()
        )


def mark_warned(
    engine: Engine, hit: ListHit, person_id: str, warning_id: str, at: datetime
) -> bool:
    """Remember the warning; False when another request recorded it first."""
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    row = {"kind": hit.kind, "value": hit.value[:255], "person_id": person_id,
           "warning_id": warning_id, "warned_at": at}  # fmt: skip
    with engine.begin() as conn:
        done = conn.execute(insert(ListRescanRow).values(**row).on_conflict_do_nothing())
        return bool(done.rowcount)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return ""


__all__ = ["Contact", "already_warned", "contacts_of", "host_of", "mark_warned"]
