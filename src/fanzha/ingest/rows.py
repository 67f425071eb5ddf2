"""From contract events to table rows (pure functions, no database)."""

from __future__ import annotations

from typing import Any

from fanzha.contract.kinds import (
    Account,
    App,
    Call,
    Event,
    GoldPurchase,
    Order,
    Parcel,
    Person,
    Report,
    Sms,
    Transfer,
    Web,
    Withdrawal,
)
from fanzha.contract.readers import Accepted


def person_key(event: Event) -> str | None:
    """The person, phone or account an event is about: what an analyst looks up by."""
    match event:
        case Transfer():
            return event.from_account
        case Withdrawal() | GoldPurchase():
            return event.account_id
        case Call():
            return event.callee
        case Sms():
            return event.receiver
        case App() | Web():
            return event.phone
        case Order():
            return event.requester
        case Parcel():
            return event.sender
        case Report():
            return event.person_id or event.phone
        case Person():
            return event.person_id
        case Account():
            return event.account_id
    return None


def event_row(accepted: Accepted) -> dict[str, Any]:
    event = accepted.event
    return {
        "source": event.source,
        "id": event.id,
        "kind": event.kind,
        "ts": event.ts,
        "person_key": person_key(event),
        "raw": accepted.raw.decode("utf-8"),
    }


def transfer_row(event: Transfer) -> dict[str, Any]:
    return {
        "source": event.source,
        "id": event.id,
        "ts": event.ts,
        "from_account": event.from_account,
        "to_account": event.to_account,
        "amount_fen": event.amount_fen,
        "channel": event.channel,
    }


def person_row(event: Person, extra_community: str | None) -> dict[str, Any]:
    return {
        "person_id": event.person_id,
        "district": event.district,
        "district_code": event.district_code,
        "address": event.address,
        "birth_year": event.birth_year,
        "name": event.name,
        "phones": ",".join(event.phones),
        "community": extra_community,
        "ts": event.ts,
    }


def account_row(event: Account) -> dict[str, Any]:
    return {
        "account_id": event.account_id,
        "bank": event.bank,
        "holder": event.holder,
        "address_on_file": event.address_on_file,
        "opened": event.opened,
        "ts": event.ts,
    }


def newest_by(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One row per key, the latest by ``ts``: a batch may carry several versions."""
    newest: dict[Any, dict[str, Any]] = {}
    for row in rows:
        seen = newest.get(row[key])
        if seen is None or row["ts"] >= seen["ts"]:
            newest[row[key]] = row
    return list(newest.values())
