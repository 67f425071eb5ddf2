"""Webhook delivery against a real HTTP receiver on loopback (allowed explicitly:
by default the policy refuses webhooks to this machine)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.signing import ReplayGuard
from fanzha.partners.webhooks import BACKOFF, DeliveryState, Outbox, Target, httpx_sender

T = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LOOPBACK = WebhookPolicy(allow_loopback=True)


def sender(timeout_s: float = 5.0) -> Any:
    return httpx_sender(timeout_s, policy=LOOPBACK)


def test_warning_is_pushed_signed(receiver: Any) -> None:
    outbox = Outbox()
    outbox.enqueue("huolala", "warning", {"warning_id": "W1", "level": "red"}, T)
    targets = {"huolala": Target(url=receiver.url, secret="s3cret")}
    outbox.run_due(targets, sender(), T)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    ReplayGuard().verify("s3cret", headers, body, T)
    assert json.loads(body)["payload"]["warning_id"] == "W1"
    assert outbox.pending_for("huolala") == []


def test_failed_delivery_is_retried_with_backoff_then_dead_lettered(receiver: Any) -> None:
    receiver.fail = True
    outbox = Outbox()
    delivery = outbox.enqueue("sf", "stop_payment", {"case_id": "C1"}, T)
    targets = {"sf": Target(url=receiver.url, secret="k")}
    now = T
    outbox.run_due(targets, sender(), now)
    assert delivery.attempts == 1 and delivery.next_try == T + BACKOFF[0]
    assert outbox.run_due(targets, sender(), T + BACKOFF[0] / 2) == []
    for wait in BACKOFF:
        now += wait
        outbox.run_due(targets, sender(), now)
    assert delivery.state is DeliveryState.DEAD
    assert delivery.attempts == len(BACKOFF) + 1
    assert len(receiver.received) == len(BACKOFF) + 1
    assert delivery.last_error == "HTTP 503"
    assert outbox.dead_letters() == [delivery]
    receiver.fail = False
    outbox.requeue(delivery.delivery_id, now)
    outbox.run_due(targets, sender(), now + timedelta(seconds=1))
    assert delivery.state is DeliveryState.DELIVERED


def test_unreachable_partner_counts_as_failure() -> None:
    outbox = Outbox()
    delivery = outbox.enqueue("x", "warning", {}, T)
    outbox.run_due({"x": Target(url="http://127.0.0.1:9/none", secret="k")}, sender(1), T)
    assert delivery.state is DeliveryState.PENDING
    assert delivery.last_error == "could not connect"  # no port, no address


def test_partner_pulls_only_its_own() -> None:
    outbox = Outbox()
    outbox.enqueue("a", "warning", {"n": 1}, T)
    outbox.enqueue("b", "warning", {"n": 2}, T)
    assert [d.payload for d in outbox.pending_for("a")] == [{"n": 1}]
    other = outbox.pending_for("b")[0]
    with pytest.raises(KeyError):
        outbox.acknowledge("a", other.delivery_id, T)
