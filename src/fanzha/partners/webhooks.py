"""Pushing warnings and stop-payment requests to partners: signed, retried, dead-lettered.

An ``Outbox`` holds deliveries; ``run_due`` sends those whose time has come.
A failure (network error or non-2xx) schedules the next try after a growing
backoff; after the last try the delivery goes to the dead-letter list, where an
operator can see it and re-queue it. Partners can also pull what concerns them
(``pending_for``), so nothing depends on their webhook being up. Where a
webhook may go at all is ``destinations.WebhookPolicy``'s to say.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import httpx
import msgspec

from fanzha.partners.destinations import DestinationRefused, WebhookPolicy
from fanzha.partners.signing import sign_headers

BACKOFF: Final[tuple[timedelta, ...]] = (
    timedelta(seconds=10),
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
)
"""Waits between tries; one try more than there are waits."""


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class Delivery(msgspec.Struct, kw_only=True):
    delivery_id: str
    partner_id: str
    topic: str
    """``warning``, ``stop_payment``, ``feedback_request``…"""
    payload: dict[str, Any]
    created: datetime
    next_try: datetime
    attempts: int = 0
    state: DeliveryState = DeliveryState.PENDING
    last_error: str | None = None
    delivered_at: datetime | None = None


class Target(msgspec.Struct, frozen=True):
    url: str
    secret: str


Sender = Callable[[Target, bytes, dict[str, str]], int]
"""Sends a body with headers, returns the HTTP status (raises on network failure)."""


def httpx_sender(
    timeout_s: float = 5.0, policy: WebhookPolicy | Callable[[], WebhookPolicy] | None = None
) -> Sender:
    """POSTs to the address the policy allowed, right after resolving the name.

    The request goes to that address (the ``Host`` header and TLS name stay the
    partner's), so the name cannot point elsewhere between check and send;
    redirects are not followed: a 3xx is a failed try like any other. ``policy``
    may be a callable, read at each send (the service's current policy).
    """
    chosen = policy or WebhookPolicy.from_settings()
    client = httpx.Client(timeout=timeout_s, trust_env=False, follow_redirects=False)

    def send(target: Target, body: bytes, headers: dict[str, str]) -> int:
        rules = chosen() if callable(chosen) else chosen
        url, address = rules.resolve(target.url)
        pinned = url.copy_with(host=address)
        host = url.netloc.decode("ascii")
        answer = client.post(
            pinned,
            content=body,
            headers={**headers, "Host": host},
            extensions={"sni_hostname": url.host} if url.scheme == "https" else {},
        )
        return int(answer.status_code)

    return send


def failure(error: Exception) -> str:
    """What a dead letter says about a failed try: the kind of failure only, nothing
    about ports or addresses (an operator must not learn the center's network from it)."""
    if isinstance(error, DestinationRefused):
        return "refused: the webhook URL is not allowed by the webhook policy"
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    return "could not connect"


class Outbox:
    def __init__(self, backoff: tuple[timedelta, ...] = BACKOFF) -> None:
        self.backoff = backoff
        self.deliveries: dict[str, Delivery] = {}

    def enqueue(
        self, partner_id: str, topic: str, payload: dict[str, Any], now: datetime
    ) -> Delivery:
        delivery = Delivery(
            delivery_id=secrets.token_hex(8),
            partner_id=partner_id,
            topic=topic,
            payload=payload,
            created=now,
            next_try=now,
        )
        self.deliveries[delivery.delivery_id] = delivery
        return delivery

    def run_due(self, targets: dict[str, Target], send: Sender, now: datetime) -> list[Delivery]:
        """Try every pending delivery whose time has come; returns those tried."""
        tried = []
        for delivery in self.deliveries.values():
            if delivery.state is DeliveryState.PENDING and delivery.next_try <= now:
                target = targets.get(delivery.partner_id)
                if target is not None:
                    self._try(delivery, target, send, now)
                    tried.append(delivery)
        return tried

    def _try(self, delivery: Delivery, target: Target, send: Sender, now: datetime) -> None:
        body = msgspec.json.encode(
            {
                "delivery_id": delivery.delivery_id,
                "topic": delivery.topic,
                "payload": delivery.payload,
            }
        )
        headers = {"Content-Type": "application/json", **sign_headers(target.secret, body, now)}
        delivery.attempts += 1
        try:
            status = send(target, body, headers)
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except (httpx.HTTPError, OSError, DestinationRefused) as err:
            error = failure(err)
        if error is None:
            delivery.state = DeliveryState.DELIVERED
            delivery.delivered_at = now
            delivery.last_error = None
            return
        delivery.last_error = error
        if delivery.attempts > len(self.backoff):
            delivery.state = DeliveryState.DEAD
        else:
            delivery.next_try = now + self.backoff[delivery.attempts - 1]

    def dead_letters(self) -> list[Delivery]:
        return [d for d in self.deliveries.values() if d.state is DeliveryState.DEAD]

    def get(self, delivery_id: str) -> Delivery | None:
        return self.deliveries.get(delivery_id)

    def requeue(self, delivery_id: str, now: datetime) -> None:
        """An operator sends a dead delivery again (its count starts afresh)."""
        delivery = self.deliveries[delivery_id]
        delivery.state = DeliveryState.PENDING
        delivery.attempts = 0
        delivery.next_try = now

    def pending_for(self, partner_id: str) -> list[Delivery]:
        """What a partner may pull: its own undelivered items only."""
        return [
            d
            for d in self.deliveries.values()
            if d.partner_id == partner_id and d.state is not DeliveryState.DELIVERED
        ]

    def acknowledge(self, partner_id: str, delivery_id: str, now: datetime) -> None:
        delivery = self.deliveries.get(delivery_id)
        if delivery is None or delivery.partner_id != partner_id:
            raise KeyError(delivery_id)
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
