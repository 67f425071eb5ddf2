"""Cases (fraud reports) the ledger's takedowns close, stored as the intake stores them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from fanzha.contract.readers import Accepted, decode_event


def store_reports(server: Any, reports: dict[str, str], at: datetime) -> None:
    """One fraud report (a case) per ``case_id → person_id``, each naming its own payment.

    Each report names a transfer of its own, so two reports of one victim are two
    episodes (the tracer merges a second report that names no new payment)."""
    events = []
    paid = (at - timedelta(hours=1)).isoformat()
    for n, (case_id, person_id) in enumerate(reports.items()):
        transfer = {
            "kind": "transfer", "id": f"tr-{case_id}", "source": "bank:icbc", "ts": paid,
            "from_account": f"62170000000{n:05d}", "to_account": f"62258800000{n:05d}",
            "amount_fen": 5_000_000, "channel": "mobile",
        }  # fmt: skip
        line = {
            "kind": "report", "id": case_id, "source": "police:110", "ts": at.isoformat(),
            "person_id": person_id, "loss_fen": 5_000_000, "fraud_type": "impersonate_police",
            "transfers": [f"tr-{case_id}"],
        }  # fmt: skip
        for row in (transfer, line):
            decoded = decode_event(json.dumps(row).encode())
            assert isinstance(decoded, Accepted), decoded
            events.append(decoded)
    server.context.store_events(events)


def takedown(**changes: Any) -> dict[str, Any]:
    """A takedown as the form sends it: two suspects named of three, cash, gold, cards."""
    body: dict[str, Any] = {
        "taken_on": "2025-03-02",
        "unit": "硚口分局刑侦大队",
        "suspects_count": 3,
        "suspects": [
            {"name": "赵建国", "id_number": "420104198001011234"},
            {"name": "钱多多"},
        ],
        "cash_seized_fen": 12_345_678,
        "gold_grams": "1520.125",
        "accounts_frozen": ["6217000000000201", "6225880000000301"],
        "case_ids": ["rep-qk-1"],
        "note": "凌晨收网",
    }
    body.update(changes)
    return body
