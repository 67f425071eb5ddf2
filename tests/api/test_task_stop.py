"""紧急止付 from the task: the officer picks the victim's transfer (or types it), a case and
its holds are made, the bank receives the stop-payment at its webhook, and the task and
the case name each other. Real HTTP, a real webhook receiver, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from fanzha.partners.destinations import WebhookPolicy

from .conftest import Server
from .test_partners import make_partner

VICTIM_ACCOUNT = "6222020000000101"  # icbc
PAYEE = "6217000000000201"  # ccb


def victim_paid(server: Server, fen: int = 75_000_000) -> None:
    at = server.clock.now()
    events = [
        {"kind": "account", "id": "acc-1", "ts": (at - timedelta(days=30)).isoformat(),
         "source": "bank:icbc", "account_id": VICTIM_ACCOUNT, "bank": "icbc", "holder": "P1"},
        {"kind": "transfer", "id": "tx-1", "ts": (at + timedelta(minutes=3)).isoformat(),
         "source": "bank:icbc", "from_account": VICTIM_ACCOUNT, "to_account": PAYEE,
         "amount_fen": fen, "channel": "mobile"},
    ]  # fmt: skip
    server.login("analyst").post("/v1/events", json=events).raise_for_status()


@pytest.fixture
def bank_hook(server: Server, receiver: Any) -> Any:
    server.context.partners.webhooks = WebhookPolicy(allow_loopback=True)
    make_partner(server, "ccb", "bank", "bank:ccb", webhook_url=receiver.url)
    return receiver


def test_officer_stops_the_transfer_from_the_task(
    server: Server, task_for: Any, bank_hook: Any
) -> None:
    task_id = task_for("P1")
    victim_paid(server)
    officer = server.login("qk")
    officer.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    [payment] = officer.get(f"/v1/tasks/{task_id}/payments").json()
    assert payment["transfer_id"] == "tx-1" and payment["amount_fen"] == 75_000_000
    assert payment["to_account"] == "************0201"  # officers never see account numbers
    task = officer.get(f"/v1/tasks/{task_id}").json()
    answer = officer.post(
        f"/v1/tasks/{task_id}/stop-payment",
        json={"transfer_id": "tx-1", "expected_version": task["version"]},
        headers={"Idempotency-Key": "stop-1"},
    )
    assert answer.status_code == 200, answer.text
    stopped = answer.json()
    case_id = stopped["case_id"]
    assert stopped["task"]["state"] == "stop_payment"
    assert stopped["banks_notified"] == 1
    [hold] = stopped["holds"]
    assert hold["state"] == "requested" and hold["requested_fen"] == 75_000_000
    assert hold["account_id"] == "************0201"
    # A retry with the same key is the same answer, not a second case.
    again = officer.post(
        f"/v1/tasks/{task_id}/stop-payment",
        json={"transfer_id": "tx-1", "expected_version": task["version"]},
        headers={"Idempotency-Key": "stop-1"},
    )
    assert again.json()["case_id"] == case_id
    # Without the key it is a second request for a transfer stopped already: refused.
    twice = officer.post(f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-1"})
    assert twice.status_code == 409 and case_id in twice.text
    assert officer.get(f"/v1/tasks/{task_id}/payments").json()[0]["case_id"] == case_id
    # The task and the case name each other.
    view = officer.get(f"/v1/tasks/{task_id}").json()
    assert view["cases"] == [case_id]
    assert view["history"][-1]["what_zh"] == f"立案 {case_id}，1 个账户已发银行止付"
    case = officer.get(f"/v1/cases/{case_id}").json()
    assert case["task_id"] == task_id and case["loss_fen"] == 75_000_000
    assert any(c["case_id"] == case_id for c in server.login("analyst").get("/v1/cases").json())
    # The bank's webhook receives the stop-payment: the account in clear, the amount, the time.
    server.context.partners.deliver_due()
    pushed = [json.loads(body) for _, body in bank_hook.received]
    stops = [p for p in pushed if p.get("topic") == "stop_payment"] or pushed
    bodies = [p.get("payload", p) for p in stops]
    assert any(b["account_id"] == PAYEE and b["amount_fen"] == 75_000_000 for b in bodies), pushed
    audit = [(e.user_id, e.action) for e in server.context.audit.entries()]
    assert ("qk", "stop_request") in audit and ("qk", "stop_payment") in audit


def test_officer_types_the_transfer_the_victim_describes(
    server: Server, task_for: Any, bank_hook: Any
) -> None:
    task_id = task_for("P1")
    victim_paid(server, fen=1)  # the victim's account is known; this payment is not it
    officer = server.login("qk")
    officer.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    typed = {"to_account": "6217000000009999", "amount_fen": 2_000_000,
             "at": (server.clock.now() - timedelta(minutes=20)).isoformat()}  # fmt: skip
    answer = officer.post(f"/v1/tasks/{task_id}/stop-payment", json=typed)
    assert answer.status_code == 200, answer.text
    [hold] = answer.json()["holds"]
    assert hold["requested_fen"] == 2_000_000 and hold["bank"] == "ccb"
    server.context.partners.deliver_due()
    assert any(b"6217000000009999" in body for _, body in bank_hook.received)


def test_stop_refused_before_anything_is_sent(
    server: Server, task_for: Any, bank_hook: Any
) -> None:
    task_id = task_for("P1")
    victim_paid(server)
    officer = server.login("qk")
    # Unsigned: 409, and no case, no hold, no push.
    refused = officer.post(f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-1"})
    assert refused.status_code == 409
    officer.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    # Not one of the person's payments: 404. Half a typed transfer: 422 naming the fields.
    assert (
        officer.post(f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-x"})
    ).status_code == 404
    half = officer.post(f"/v1/tasks/{task_id}/stop-payment", json={"to_account": PAYEE})
    assert half.status_code == 422 and "amount_fen" in half.text
    # Another district's officer, a station officer and the auditor cannot.
    assert (
        server.login("ja").post(f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-1"})
    ).status_code == 404
    for role in ("hzj", "auditor"):
        answer = server.login(role).post(
            f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-1"}
        )
        assert answer.status_code == 403, role
    assert server.context.task_cases.cases_of(task_id) == []
    assert server.context.cases.holds.all() == []
    server.context.partners.deliver_due()
    assert bank_hook.received == []
