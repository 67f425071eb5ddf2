"""Partners over real HTTP with a real webhook receiver: checks, pushes, retries, replays,
rate limits, and partners who cannot see each other's data."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest

from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.signing import ReplayGuard, sign_headers
from fanzha.partners.webhooks import BACKOFF


@pytest.fixture
def loopback_receiver(server: Any, receiver: Any) -> Any:
    """The test receiver listens on loopback, where webhooks go only when allowed:
    this server allows it explicitly (as ``FANZHA_WEBHOOK_ALLOW_LOOPBACK=true`` would)."""
    server.context.partners.webhooks = WebhookPolicy(allow_loopback=True)
    return receiver


def make_partner(
    server: Any, partner_id: str, kind: str, source: str, **extra: Any
) -> dict[str, Any]:
    admin = server.login("admin")
    answer = admin.post(
        "/v1/partners",
        json={
            "partner_id": partner_id,
            "name": partner_id,
            "type": kind,
            "source": source,
            **extra,
        },
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def as_partner(server: Any, partner: dict[str, Any]) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers={"X-Api-Key": partner["api_key"]}, timeout=10, trust_env=False
    )


def order(server: Any, event_id: str, phone: str, source: str = "platform:didi") -> dict[str, Any]:
    return {
        "kind": "order", "id": event_id, "ts": server.clock.now().isoformat(), "source": source,
        "platform": "didi", "order_id": event_id, "requester": phone,
        "pickup": {"district": "硚口区", "address": "硚口区中山大道工商银行门口"},
        "dropoff": {"district": "外地", "address": "孝感市某酒店"},
        "cross_city": True, "vehicle": "car", "passengers": 0, "item": "一个纸箱",
    }  # fmt: skip


def test_order_check_warns_pushes_the_warning_and_takes_feedback(
    server: Any, task_for: Any, loopback_receiver: Any
) -> None:
    receiver = loopback_receiver
    didi = make_partner(server, "didi", "ride_hailing", "platform:didi", webhook_url=receiver.url)
    assert "api_key" not in json.dumps(server.login("admin").get("/v1/partners").json())
    platform = as_partner(server, didi)
    task_id = task_for("P1")  # 王小明 is under a high warning
    answer = platform.post("/v1/checks/order", json=order(server, "o-1", "+8613812345678"))
    assert answer.status_code == 200, answer.text
    check = answer.json()
    assert check["decision"] in ("warn", "hold")
    assert "反诈" in check["display_text"]
    assert {"item_only", "cross_city"} <= {r["code"] for r in check["reasons"]}
    assert "person_id" not in check  # the platform learns the decision, not who it is

    # A new warning about the same person reaches the platform, signed.
    analyst = server.login("analyst")
    analyst.post("/v1/events", json=[_call(server, "c-2")]).raise_for_status()
    server.context.partners.deliver_due()
    pushed = [json.loads(body) for _, body in receiver.received]
    assert any(p["topic"] == "warning" and p["payload"]["person_id"] == "P1" for p in pushed)
    headers, body = receiver.received[-1]
    ReplayGuard().verify(didi["webhook_secret"], headers, body, server.clock.now())

    # The driver refused: the loop closes on the officer's task.
    feedback = platform.post(
        "/v1/feedback",
        json={"about": check["check_id"], "outcome": "order_refused", "note": "司机拒载"},
    )
    assert feedback.status_code == 200 and set(feedback.json()) == {"feedback_id"}
    task = analyst.get(f"/v1/tasks/{task_id}").json()
    assert any(
        "order_refused" in line["what"] and line["by"] == "partner:didi" for line in task["history"]
    )
    activity = analyst.get("/v1/partners/activity").json()
    assert activity["week"]["check_order"] == {check["decision"]: 1}
    assert activity["week"]["feedback"] == {"order_refused": 1}


def _call(server: Any, event_id: str) -> dict[str, Any]:
    return {
        "kind": "call", "id": event_id, "ts": server.clock.now().isoformat(),
        "source": "telecom:cmcc", "caller": "+85230001234", "callee": "+8613812345678",
        "duration_s": 2400, "caller_tags": ["spoofed_official", "overseas", "reported_fraud"],
    }  # fmt: skip


def test_failed_webhooks_are_retried_then_dead_lettered_and_can_be_resent(
    server: Any, loopback_receiver: Any
) -> None:
    receiver = loopback_receiver
    bank = make_partner(server, "icbc", "bank", "bank:icbc", webhook_url=receiver.url)
    receiver.fail = True
    partners = server.context.partners
    registry = partners.registry()
    partners.push(registry.get("icbc"), "stop_payment", {"hold_id": "h1"})
    partners.deliver_due()
    for wait in BACKOFF:
        server.clock.advance(wait)
        partners.deliver_due()
    assert len(receiver.received) == len(BACKOFF) + 1
    analyst = server.login("analyst")
    dead = analyst.get("/v1/partners/dead-letters").json()
    assert [(d["partner_id"], d["attempts"], d["state"]) for d in dead] == [
        ("icbc", len(BACKOFF) + 1, "dead")
    ]
    receiver.fail = False
    analyst.post(f"/v1/partners/deliveries/{dead[0]['delivery_id']}/requeue").raise_for_status()
    partners.deliver_due()
    assert analyst.get("/v1/partners/dead-letters").json() == []
    assert as_partner(server, bank).get("/v1/partner/notifications").json() == []


def test_signed_requests_verify_once_and_a_replay_is_refused(server: Any) -> None:
    didi = make_partner(server, "didi", "ride_hailing", "platform:didi")
    body = json.dumps(order(server, "o-7", "+8613900000002")).encode()
    headers = {
        "X-Api-Key": didi["api_key"],
        "Content-Type": "application/json",
        **sign_headers(didi["webhook_secret"], body, server.clock.now()),
    }
    first = httpx.post(f"{server.url}/v1/checks/order", content=body, headers=headers)
    again = httpx.post(f"{server.url}/v1/checks/order", content=body, headers=headers)
    assert first.status_code == 200
    assert again.status_code == 401 and "replay" in again.json()["detail"]
    tampered = {**headers, "X-Fanzha-Nonce": "another"}
    assert (
        httpx.post(f"{server.url}/v1/checks/order", content=body, headers=tampered).status_code
        == 401
    )


def test_partners_see_only_their_own_and_only_what_their_scopes_allow(server: Any) -> None:
    didi = as_partner(server, make_partner(server, "didi", "ride_hailing", "platform:didi"))
    sf = as_partner(server, make_partner(server, "sf", "express", "express:sf"))
    check = didi.post("/v1/checks/order", json=order(server, "o-9", "+8613900000002")).json()
    stolen = sf.post("/v1/feedback", json={"about": check["check_id"], "outcome": "parcel_held"})
    assert stolen.status_code == 404
    assert (
        sf.post("/v1/checks/order", json=order(server, "o-10", "+86139", "express:sf")).status_code
        == 403
    )
    wrong_source = didi.post(
        "/v1/checks/order", json=order(server, "o-11", "+8613900000002", "platform:x")
    )
    assert wrong_source.status_code == 422 and "source" in wrong_source.text
    server.context.partners.push(
        server.context.partners.registry().get("didi"), "warning", {"w": 1}
    )
    mine = didi.get("/v1/partner/notifications").json()
    assert len(mine) == 1 and sf.get("/v1/partner/notifications").json() == []
    assert sf.post(f"/v1/partner/notifications/{mine[0]['delivery_id']}/ack").status_code == 404
    assert didi.post(f"/v1/partner/notifications/{mine[0]['delivery_id']}/ack").status_code == 200
    assert httpx.post(f"{server.url}/v1/checks/order", json={}).status_code == 401
    assert server.login("qk").get("/v1/partners").status_code == 403


def test_a_ring_number_from_a_clue_holds_a_later_parcel_and_rates_are_limited(server: Any) -> None:
    sf = as_partner(server, make_partner(server, "sf", "express", "express:sf", rate_limit_per_s=3))
    clue = sf.post(
        "/v1/clues",
        json={"kind": "phone", "value": "+8617100000009", "ring": True, "note": "多次寄现金"},
    )
    assert clue.status_code == 200
    parcel = {
        "kind": "parcel", "id": "p-1", "ts": server.clock.now().isoformat(), "source": "express:sf",
        "carrier": "sf", "waybill": "SF1", "sender": "+8613812345678", "receiver": "+8617100000009",
        "receiver_address": "广州市白云区某仓库", "declared_contents": "现金",
        "declared_value_fen": 0,
    }  # fmt: skip
    checked = sf.post("/v1/checks/parcel", json=parcel).json()
    assert checked["decision"] == "hold"
    assert "ring_receiver" in {r["code"] for r in checked["reasons"]}
    # 3 requests a second (a burst of 3): the clue, p-1 and p-2 pass, p-3 must wait.
    assert sf.post("/v1/checks/parcel", json={**parcel, "id": "p-2"}).status_code == 200
    limited = sf.post("/v1/checks/parcel", json={**parcel, "id": "p-3"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    server.clock.advance(timedelta(seconds=2))
    assert sf.post("/v1/checks/parcel", json={**parcel, "id": "p-4"}).status_code == 200
