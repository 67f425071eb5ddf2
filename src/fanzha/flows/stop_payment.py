"""Stop-payment (止付): case → holds → banks, from the case page or from a task.

From a case, the case's freeze list becomes one hold per account and each is
pushed to its bank through the partners' outbox. From a task (紧急止付: the
officer at the door, the money just left), the same doors as everywhere else, in
the order a desk officer would use them:
the payment (when the officer typed it: the victim's word, not yet in a bank
feed) and a ``report`` naming it go in as events through intake, so the case is
an ordinary case (traced, listed, exported); the case's freeze list is sent to
the banks as stop-payments through the partners' outbox, exactly as the case
page's 申请止付 does; then the task records the case and moves to stop-payment.
The task and the case are linked both ways.

Everything that can refuse is checked before anything is written: who may,
which task, its version and state, the transfer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fanzha.contract.errors import Rejection
from fanzha.contract.readers import Accepted, decode_event
from fanzha.dissuade.models import Task
from fanzha.dissuade.service import NotFound
from fanzha.dissuade.workflow import TransitionError
from fanzha.flows.intake import accept_events
from fanzha.security.masking import mask_value
from fanzha.security.roles import Principal
from fanzha.services import Services
from fanzha.trace.holds import Hold
from fanzha.trace.service import ACTORS, CaseForbidden

SOURCE = "police:dissuade"
"""Events an officer records from a task (the victim's word at the door)."""
LOOKBACK = timedelta(days=3)
"""How far before the warning the person's payments are offered for stopping."""


class StopRefused(ValueError):
    """The transfer as given cannot be stopped (HTTP 422, naming the field)."""


@dataclass(frozen=True)
class StopRequest:
    """Either a transfer already known (``transfer_id``, from the task's list), or the one
    the victim describes: the payee account, the amount, when (and from which account)."""

    expected_version: int | None = None
    transfer_id: str | None = None
    to_account: str | None = None
    amount_fen: int | None = None
    at: datetime | None = None
    from_account: str | None = None


@dataclass(frozen=True)
class Payment:
    """A payment of the person, as the officer may pick it (accounts masked per role)."""

    transfer_id: str
    ts: datetime
    from_account: str
    to_account: str
    amount_fen: int
    channel: str
    case_id: str | None = None
    """The case already opened from this task for this transfer (stopped before)."""


@dataclass(frozen=True)
class Stopped:
    """What a stop from the task did: the task moved, its case, the holds, banks told."""

    task: Task
    case_id: str
    holds: list[Hold]
    banks_notified: int
    """Bank partners the stop-payments were pushed to (0: none is connected; the
    holds are still requested and listed on the case page)."""


def request_stops(
    services: Services, principal: Principal, case_id: str, accounts: list[str] | None
) -> tuple[list[Hold], int]:
    """One hold per account of the case's freeze list (or the ones named), each pushed to
    its bank through the outbox; returns the holds and how many banks were told."""
    holds = services.cases.request_stops(principal, case_id, accounts)
    notified = 0
    for hold in holds:  # the bank is asked through its own channel too
        notified += services.partners.push_stop_payment(hold.bank, for_bank(hold))
    return holds, notified


def for_bank(hold: Hold) -> dict[str, Any]:
    """The stop-payment request as the bank matches it: account, name, amount, time."""
    return {
        "hold_id": hold.hold_id,
        "account_id": hold.account_id,
        "holder_name": hold.holder_name,
        "amount_fen": hold.requested_fen,
        "transfer_ts": hold.transfer_ts.isoformat() if hold.transfer_ts else None,
        "version": hold.version,
    }


def payments(services: Services, principal: Principal, task_id: str) -> list[Payment]:
    """The person's payments since shortly before the warning (the task checks who sees)."""
    return _payments(services, principal, services.tasks.get(principal, task_id))


def _payments(services: Services, principal: Principal, task: Task) -> list[Payment]:
    rows = services.cases.payments_of(task.person_id, task.created - LOOKBACK)
    stopped = services.cases.transfers_of_cases(services.task_cases.cases_of(task.task_id))
    return [
        Payment(
            transfer_id=r["id"],
            ts=r["ts"],
            from_account=mask_value(principal, "account", r["from_account"]),
            to_account=mask_value(principal, "account", r["to_account"]),
            amount_fen=r["amount_fen"],
            channel=r["channel"],
            case_id=stopped.get(r["id"]),
        )
        for r in rows
    ]


def stop_transfer(
    services: Services, principal: Principal, task_id: str, body: StopRequest
) -> Stopped:
    """Open the case, request the stops, push them to the banks, record it on the task."""
    if principal.role not in ACTORS:  # before anything is written
        raise CaseForbidden(f"{principal.role} may not request stop-payments")
    task = services.tasks.check_can_stop(principal, task_id, body.expected_version)
    now = services.clock.now()
    links = services.task_cases
    number = len(links.cases_of(task.task_id)) + 1
    tag = hashlib.sha256(task.task_id.encode()).hexdigest()[:12]  # short; never personal
    events: list[dict[str, Any]] = []
    if body.transfer_id is not None:
        known = {p.transfer_id: p for p in _payments(services, principal, task)}
        if body.transfer_id not in known:
            raise NotFound(f"transfer {body.transfer_id} is not a payment of this person")
        picked = known[body.transfer_id]
        if picked.case_id is not None:  # a second case would count the money twice
            raise TransitionError(
                f"transfer {picked.transfer_id} is stopped already ({picked.case_id})"
            )
        transfer_id, amount = picked.transfer_id, picked.amount_fen
    else:
        payer = body.from_account or next(iter(services.cases.accounts_of(task.person_id)), None)
        if payer is None:
            raise StopRefused("from_account: the person has no known account; type it")
        transfer_id, amount = f"stop-{tag}-{number}", int(body.amount_fen or 0)
        events.append(
            {"kind": "transfer", "id": transfer_id, "ts": body.at.isoformat() if body.at else "",
             "source": SOURCE, "from_account": payer, "to_account": body.to_account,
             "amount_fen": amount, "channel": "mobile",
             "memo": "民警现场登记（当事人陈述）"}
        )  # fmt: skip
    case_id = f"rep-{tag}-{number}"
    events.append(
        {"kind": "report", "id": case_id, "ts": now.isoformat(), "source": SOURCE,
         "person_id": task.person_id, "loss_fen": amount, "fraud_type": _fraud_type(task.typology),
         "transfers": [transfer_id], "text": f"任务 {task.task_id} 现场紧急止付"}
    )  # fmt: skip
    accepted = [decode_event(json.dumps(e, ensure_ascii=False).encode(), SOURCE) for e in events]
    bad = [a for a in accepted if isinstance(a, Rejection)]
    if bad:
        raise StopRefused("; ".join(f"{r.field or 'transfer'}: {r.error}" for r in bad))
    good = [a for a in accepted if isinstance(a, Accepted)]
    accept_events(services, good)
    links.link(task.task_id, case_id, now)
    holds, notified = request_stops(services, principal, case_id, None)
    changed = services.tasks.act(
        principal, task_id, "stop_payment", None, case_id=case_id, accounts=len(holds)
    )
    return Stopped(task=changed, case_id=case_id, holds=holds, banks_notified=notified)


def _fraud_type(typology: str) -> str | None:
    from fanzha.contract.kinds import TYPOLOGIES

    return typology if typology in TYPOLOGIES else None
