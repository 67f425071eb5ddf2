"""Pushing back to partners: whom a warning concerns, the outbox, webhook rounds, pulls.

One job: decide who is told (partners that checked or reported on the person
lately, the banks holding the person's accounts, the institutions a measure
names) and hand it to the outbox, whose deliveries are retried by
``webhooks.Outbox``'s rules and pulled by partners whose webhook is down.
Where a webhook may go is the current ``WebhookPolicy``, read at every round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from fanzha.clock import Clock
from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.orders import Route, institution, routes
from fanzha.partners.registry import Partner, PartnerRegistry, PartnerType, Scope
from fanzha.partners.repository import OutboxStore, PartnerLogStore, ReferenceData
from fanzha.partners.webhooks import Delivery, Sender, Target, httpx_sender

RECENT_CONCERN = timedelta(days=30)


class PushService:
    def __init__(
        self,
        store: OutboxStore,
        log: PartnerLogStore,
        reference: ReferenceData,
        registry: Callable[[], PartnerRegistry],
        clock: Clock,
        sender: Sender | None = None,
        webhooks: WebhookPolicy | None = None,
        flush: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.log = log
        self.reference = reference
        self.registry = registry
        self.clock = clock
        self.flush = flush
        """Waits for checks answered but not yet written: they make a partner concerned."""
        self.webhooks = webhooks or WebhookPolicy.from_settings()
        """Where webhooks may go; read at registration and at every delivery."""
        self.sender = sender or httpx_sender(policy=lambda: self.webhooks)

    def concerned(self, person_id: str) -> list[Partner]:
        """Partners a warning about this person concerns: those who checked or reported
        on the person lately, and the banks that hold the person's accounts."""
        self.flush()
        since = self.clock.now() - RECENT_CONCERN
        ids = {
            r["partner_id"]
            for r in self.log.recent(person_id=person_id, limit=100)
            if r["ts"] >= since
        }
        banks = self.reference.banks_of(person_id)
        return [
            p
            for p in self.registry()
            if Scope.WARNINGS_READ in p.scopes
            and (p.partner_id in ids or (p.type == PartnerType.BANK and institution(p) in banks))
        ]

    def measure_routes(
        self, person_id: str, applied_by: Iterable[str]
    ) -> tuple[list[Route], list[str]]:
        """Who must apply a measure on this person, each told only its own cards."""
        phones, accounts = self.reference.person_cards(person_id)
        return routes(self.registry(), applied_by, phones, accounts, self.reference.carrier_seen)

    def push(self, partner: Partner, topic: str, payload: dict[str, Any]) -> Delivery:
        return self.store.enqueue(partner.partner_id, topic, payload, self.clock.now())

    def push_warning(self, person_id: str, payload: dict[str, Any]) -> int:
        partners = self.concerned(person_id)
        for partner in partners:
            self.push(partner, "warning", payload)
        return len(partners)

    def push_stop_payment(self, bank: str | None, payload: dict[str, Any]) -> int:
        banks = [
            p for p in self.registry() if p.type == PartnerType.BANK and institution(p) == bank
        ]
        for partner in banks:
            self.push(partner, "stop_payment", payload)
        return len(banks)

    def deliver_due(self) -> list[Delivery]:
        targets = {
            p.partner_id: Target(p.webhook_url, p.webhook_secret or "")
            for p in self.registry()
            if p.webhook_url
        }
        return self.store.run_due(targets, self.sender, self.clock.now())

    def pull(self, partner: Partner) -> list[Delivery]:
        PartnerRegistry.require(partner, Scope.WARNINGS_READ)
        return self.store.pending_for(partner.partner_id)

    def acknowledge(self, partner: Partner, delivery_id: str) -> None:
        """``KeyError`` when the delivery is not this partner's."""
        self.store.acknowledge(partner.partner_id, delivery_id, self.clock.now())
