"""A small hand-written week of a city's money: a ring's cards among ordinary lives.

Residents earn wages and pay shops; a shop takes many customers' payments and
keeps them; a gold seller is paid by many buyers. Victims pay round sums to a
first-layer card nobody in the city holds, which passes each sum on within
minutes in pieces to two second-layer cards, which withdraw at ATMs elsewhere.
Two of the victims report (naming their transfers) hours later.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # 09:00 in the city
MULE = "6217000000990001"
LAYER2 = ("6228480000990002", "6222020000990003")
SHOP = "6222020000770001"
GOLD = "6222020000770002"
EMPLOYER = "6222020000770003"


def _at(hours: float) -> str:
    return (START + timedelta(hours=hours)).isoformat()


def _tx(n: int, src: str, dst: str, fen: int, hours: float, memo: str = "") -> dict[str, Any]:
    out = {"kind": "transfer", "id": f"tx-{n}", "source": "bank:icbc", "ts": _at(hours),
           "from_account": src, "to_account": dst, "amount_fen": fen,
           "channel": "mobile"}  # fmt: skip
    if memo:
        out["memo"] = memo
    return out


def week() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    n = 0
    residents = [f"62220200008{i:05d}" for i in range(60)]
    for i, account in enumerate(residents):
        events.append({"kind": "account", "id": f"acc-{i}", "source": "bank:icbc",
                       "ts": _at(-24), "account_id": account, "bank": "icbc",
                       "holder": f"P{i:05d}", "opened": "2012-05-01"})  # fmt: skip
    for account, holder in ((SHOP, "P90001"), (GOLD, "P90002"), (EMPLOYER, "P90003")):
        events.append({"kind": "account", "id": f"acc-{account}", "source": "bank:icbc",
                       "ts": _at(-24), "account_id": account, "bank": "icbc",
                       "holder": holder, "opened": "2010-01-01"})  # fmt: skip
    for i, account in enumerate(residents):
        n += 1
        events.append(_tx(n, EMPLOYER, account, 800_000 + 137 * i, 1 + i * 0.01, "工资"))
        for day in range(6):
            n += 1
            events.append(_tx(n, account, SHOP, 3_000 + 71 * i + 13 * day, 24 * day + 3 + i * 0.05))
        if i % 4 == 0:
            n += 1
            events.append(_tx(n, account, GOLD, 1_200_000 + 991 * i, 30 + i * 0.3, "黄金"))
    for v in range(8):
        victim = residents[v]
        hours = 10 + v * 9
        n += 1
        paid = n
        amount = (3 + v) * 100_000
        events.append(_tx(n, victim, MULE, amount, hours, "安全账户"))
        for k, card in enumerate(LAYER2):
            n += 1
            part = amount // 2 - 3_117 if k == 0 else amount - (amount // 2 - 3_117)
            events.append(_tx(n, MULE, card, part, hours + 0.05 + 0.03 * k))
            events.append({"kind": "withdrawal", "id": f"wd-{n}", "source": "bank:icbc",
                           "ts": _at(hours + 2 + k), "account_id": card,
                           "amount_fen": part, "channel": "atm",
                           "location": "外省某市ATM"})  # fmt: skip
        if v in (1, 4):
            events.append({"kind": "report", "id": f"rep-{v}", "source": "police:110",
                           "ts": _at(hours + 3), "loss_fen": amount,
                           "person_id": f"P{v:05d}", "transfers": [f"tx-{paid}"],
                           "text": "被冒充公检法诈骗"})  # fmt: skip
    return events
