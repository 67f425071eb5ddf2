"""The money world's answer key: cases, mule kinds, exits, ring membership.

Written beside the old keys (never renaming one): per episode the money each
mule still held when the victim reported, so a freeze list can be judged on
"money still held by mules in reported cases"; per mule its kind, ring and
first cash-out; every exit and its kind; which ring each account, phone,
address and case belongs to.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fanzha.sim.money_refs import company_code
from fanzha.sim.reports import file_report
from fanzha.sim.sink import CST

if TYPE_CHECKING:
    from fanzha.sim.fraud import Case, Fraud
    from fanzha.sim.institutions import Payments
    from fanzha.sim.laundering import Launderer
    from fanzha.sim.rings import Ring


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(int(ts), CST).isoformat()


def record_episodes(fraud: Fraud, case: Case, record: dict[str, Any]) -> None:
    """Report each episode of the victim's story and write its case record."""
    episodes = case.episodes or [case]
    reports = []
    for number, episode in enumerate(episodes, start=1):
        filed = file_report(fraud, episode)
        again = (
            file_report(fraud, episode, after=filed.ts, always=True)
            if filed is not None and fraud.rng.random() < fraud.params.money.report_repeat_share
            else None
        )
        money = episode.money
        case_id = f"CASE-{len(fraud.truth.cases) + 1:05d}"
        held_report = money.held_at(filed.ts) if money is not None and filed else {}
        entry: dict[str, Any] = {
            "case_id": case_id,
            "person_id": episode.victim.person_id,
            "episode": number,
            "ring_id": episode.ring.ring_id,
            "typology": episode.typology,
            "victim_transfers": list(episode.transfers),
            "first_loss_ts": _iso(episode.first_loss) if episode.first_loss < math.inf else None,
            "last_loss_ts": _iso(episode.last_loss) if episode.last_loss > -math.inf else None,
            "loss_fen": episode.loss,
            "stolen_fen": money.stolen if money else 0,
            "report_id": filed.report_id if filed else None,
            "repeat_report_ids": [again.report_id] if again else [],
            "reported_ts": _iso(filed.ts) if filed else None,
            "identified_by": filed.identified_by if filed else None,
            "named_transfers": filed.named_transfers if filed else [],
            "reported_typology": filed.reported_typology if filed else None,
            "stated_loss_fen": filed.stated_loss_fen if filed else None,
            "held_at_report": held_report,
            "held_at_report_fen": sum(held_report.values()),
            "held_at_end": money.held_at(math.inf) if money else {},
            "cashed_out": dict(sorted(money.cashed.items())) if money else {},
            "fees_fen": money.fees if money else 0,
            "moves": money.entries if money else [],
        }
        entry["held_at_end_fen"] = sum(entry["held_at_end"].values())
        entry["cashed_out_fen"] = sum(entry["cashed_out"].values())
        fraud.truth.cases.append(entry)
        reports.append({"case_id": case_id, "report_id": entry["report_id"],
                        "reported_ts": entry["reported_ts"], "episode": number})  # fmt: skip
    first = next((r for r in reports if r["report_id"]), None)
    record["report_id"] = first["report_id"] if first else None
    record["reported_ts"] = first["reported_ts"] if first else None
    record["cases"] = reports


def add_money_truth(
    path: Path,
    launderer: Launderer,
    payments: Payments,
    rings: list[Ring],
    shells: dict[str, str],
    cases: list[dict[str, Any]],
) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    ring_of: dict[str, str] = {}
    for ring in rings:
        for mule in ring.mules():
            ring_of[mule.account_id] = ring.ring_id
            info = data["mules"][mule.account_id]
            first = launderer.first_cash_out.get(mule.account_id)
            info.update(
                kind=mule.kind,
                origin=mule.origin,
                ring=ring.ring_id,
                first_cash_out_ts=_iso(first) if first is not None else None,
                company=shells.get(mule.account_id),
                company_code=company_code(shells[mule.account_id])
                if mule.account_id in shells
                else None,
                settlement_card=mule.settlement.account_id if mule.settlement else None,
            )
    exits = dict(payments.exit_accounts)
    exits.update(launderer.exits_used)
    data["exits"] = dict(sorted(exits.items()))
    for entry in cases:  # the live ledger of the episode's money, complete only now
        entry["moves"] = [[int(t), account, int(fen)] for t, account, fen in entry["moves"]]
    data["cases"] = cases
    data["ring_membership"] = {
        "accounts": dict(sorted(ring_of.items())),
        "phones": {p: r.ring_id for r in rings for p in [*r.phones, *r.sms_senders]},
        "addresses": {a: r.ring_id for r in rings for a in r.addresses},
        "cases": {c["case_id"]: c["ring_id"] for c in cases},
    }
    summary = launderer.summary()
    by_exit: dict[str, int] = {}
    for case in launderer.cases:
        for kind, fen in case.cashed.items():
            by_exit[kind] = by_exit.get(kind, 0) + fen
    data["money"] = {
        "stolen_fen": sum(c.stolen for c in launderer.cases),
        "held_fen": sum(summary["held"].values()),
        "cashed_out_fen": summary["cashed_out"],
        "fees_fen": summary["fees"],
        "cashed_out_by_exit": dict(sorted(by_exit.items())),
    }
    data["institutions"] = {
        "wallets": {"alipay": "支付宝-like wallet", "tenpay": "财付通-like wallet"},
        "aggregator": "lakala",
        "sub_merchants": [s for s, _ in payments.aggregator.subs],
        "otc_traders": [card for card, _ in payments.otc],
        "resident_wallets": len(payments.wallets),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
