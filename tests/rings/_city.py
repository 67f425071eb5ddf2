"""A small hand-made city for ring tests: two rings, their victims, and the hubs between them.

Each builder returns contract events as dicts; ``events(...)`` decodes them.
The rings are built so that only the evidence under test can join them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted, decode_event

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class City:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.n = 0

    def _id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n:05d}"

    def add(self, kind: str, minutes: float, source: str, **fields: Any) -> str:
        event_id = self._id(kind[:2])
        when = (T0 + timedelta(minutes=minutes)).isoformat()
        self.rows.append({"kind": kind, "id": event_id, "ts": when, "source": source, **fields})
        return event_id

    def person(self, person_id: str, phone: str, district: str = "硚口区") -> None:
        self.rows.append(
            {
                "kind": "person", "id": f"per-{person_id}", "ts": "2025-03-02T00:00:00+00:00",
                "source": "police:hukou", "person_id": person_id, "phones": [phone],
                "district": district, "address": f"{district}某路{len(self.rows)}号",
            }
        )  # fmt: skip

    def account(self, account_id: str, holder: str | None, opened: str = "2019-01-01") -> None:
        self.rows.append(
            {
                "kind": "account", "id": f"acc-{account_id}", "ts": "2025-03-02T00:00:00+00:00",
                "source": "bank:icbc", "account_id": account_id, "bank": "icbc",
                "holder": holder, "opened": opened,
            }
        )  # fmt: skip

    def transfer(self, src: str, dst: str, fen: int, minutes: float) -> str:
        return self.add(
            "transfer", minutes, "bank:icbc",
            from_account=src, to_account=dst, amount_fen=fen, channel="mobile",
        )  # fmt: skip

    def report(self, person_id: str, loss: int, minutes: float, transfers: list[str]) -> str:
        return self.add(
            "report", minutes, "police:110",
            person_id=person_id, loss_fen=loss, transfers=transfers,
        )  # fmt: skip

    def courier(self, phone: str, address: str, minutes: float) -> str:
        place = {"district": "硚口区", "address": "武汉市硚口区汉正街1号"}
        return self.add(
            "order", minutes, "platform:didi", platform="didi", order_id=self._id("OD"),
            requester=phone, pickup=place, dropoff={"district": "外地", "address": address},
            cross_city=True, vehicle="courier", passengers=0, item="纸箱一个",
        )  # fmt: skip

    def parcel(self, phone: str, address: str, minutes: float) -> str:
        return self.add(
            "parcel", minutes, "express:sf", carrier="sf", waybill=self._id("SF"),
            sender=phone, receiver="+8613000000000", receiver_address=address,
            declared_contents="日用品", declared_value_fen=1000,
        )  # fmt: skip

    def call(self, caller: str, callee: str, minutes: float, seconds: int) -> str:
        return self.add(
            "call", minutes, "telecom:cmcc", caller=caller, callee=callee, duration_s=seconds,
        )  # fmt: skip

    def events(self) -> list[Event]:
        decoded = [decode_event(json.dumps(row, ensure_ascii=False).encode()) for row in self.rows]
        bad = [d for d in decoded if not isinstance(d, Accepted)]
        assert not bad, bad
        return [d.event for d in decoded if isinstance(d, Accepted)]


def mule(ring: int, n: int) -> str:
    return f"62170000{ring:02d}{n:06d}"


def victim_account(n: int) -> str:
    return f"62220200{n:08d}"


def ring_with_victims(
    city: City, ring: int, victims: list[int], start: float, spacing: float = 300
) -> list[str]:
    """A ring of two layers; each victim pays their own first-layer card, which forwards
    to a second-layer card of their own, so victims' money never meets inside the ring.
    Returns the report ids."""
    reports = []
    for i, v in enumerate(victims):
        person, phone, account = f"P{v}", f"+86139{v:08d}", victim_account(v)
        city.person(person, phone)
        city.account(account, person)
        first, second = mule(ring, 2 * i), mule(ring, 2 * i + 1)
        at = start + spacing * i
        paid = city.transfer(account, first, 2_000_000, at)
        city.transfer(first, second, 1_990_000, at + 5)
        city.add("withdrawal", at + 30, "bank:icbc", account_id=second, amount_fen=1_990_000,
                 channel="atm")  # fmt: skip
        reports.append(city.report(person, 2_000_000, at + 90, [paid]))
    return reports
