"""From contract events to table rows (pure functions, no database)."""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import urlsplit

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


class LookupKeys(NamedTuple):
    person_id: str | None
    phone: str | None
    account: str | None


def lookup_keys(event: Event) -> LookupKeys:
    """Who an event is about, as an analyst looks it up: person, phone, account.

    "About" means the possible victim's side (the callee, not the caller; the
    account money leaves), because look-ups start from a person at risk.
    """
    match event:
        case Transfer():
            return LookupKeys(None, None, event.from_account)
        case Withdrawal() | GoldPurchase():
            return LookupKeys(None, None, event.account_id)
        case Call():
            return LookupKeys(None, event.callee, None)
        case Sms():
            return LookupKeys(None, event.receiver, None)
        case App() | Web():
            return LookupKeys(None, event.phone, None)
        case Order():
            return LookupKeys(None, event.requester, None)
        case Parcel():
            return LookupKeys(None, event.sender, None)
        case Report():
            return LookupKeys(event.person_id, event.phone, None)
        case Person():
            return LookupKeys(event.person_id, event.phones[0] if event.phones else None, None)
        case Account():
            return LookupKeys(event.holder, None, event.account_id)
    return LookupKeys(None, None, None)


COUNTERPART_WIDTH = 255


def counterpart(event: Event) -> str | None:
    """Who or what the possible victim dealt with: the caller, the SMS sender, the
    payee, the site's host, the app; what a list entry added later is searched by
    (反查: who did this number call, who paid this account, in the last 30 days)."""
    match event:
        case Call():
            found = event.caller
        case Sms():
            found = event.sender
        case Transfer():
            found = event.to_account
        case App():
            found = event.app
        case Web():
            try:
                found = (urlsplit(event.url if "//" in event.url else f"//{event.url}").hostname
                         or "")  # fmt: skip
            except ValueError:
                return None
        case Parcel():
            found = event.receiver
        case _:
            return None
    return found[:COUNTERPART_WIDTH] or None


def event_row(accepted: Accepted) -> dict[str, Any]:
    event = accepted.event
    keys = lookup_keys(event)
    return {
        "source": event.source,
        "id": event.id,
        "kind": event.kind,
        "ts": event.ts,
        "person_id": keys.person_id,
        "phone": keys.phone,
        "account": keys.account,
        "counterpart": counterpart(event),
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
