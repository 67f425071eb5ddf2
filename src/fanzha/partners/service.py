"""Partners at work, behind one facade for the routes: who, checks, reports, pushes.

Each job is its own small service — ``auth.PartnerAuth`` (keys, addresses,
rate limits, signatures, replays), ``checking`` (scope and decision of a
check), ``writer.LogWriter`` (the log rows written after the answer),
``reports.PartnerReports`` (clues, feedback, counts) and ``outbox.PushService``
(whom to tell, the webhook outbox) — over one ``repository.PartnersRepository``.
This class only wires them and keeps the names the routes call.

No HTTP here (the API translates), no SQL (``sql`` is the store), no detection
either: the caller hands in the risk context and feeds the checked event on to
detection and tasks (``events_sink``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from fanzha.clock import Clock
from fanzha.contract.kinds import Event
from fanzha.partners.auth import PartnerAuth
from fanzha.partners.checking import SCOPE_OF, CheckKind, check_event, check_pending_transfer
from fanzha.partners.checks import CheckResult
from fanzha.partners.context import RiskContext
from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.orders import Route
from fanzha.partners.outbox import RECENT_CONCERN, PushService
from fanzha.partners.registry import Partner, PartnerRegistry, PartnerType
from fanzha.partners.reports import PartnerReports
from fanzha.partners.repository import (
    OutboxStore,
    PartnerLogStore,
    PartnersRepository,
    PartnerStore,
)
from fanzha.partners.signing import ReplayGuard
from fanzha.partners.webhooks import Delivery, Sender
from fanzha.partners.writer import LogWriter


class PartnerService:
    def __init__(
        self,
        repository: PartnersRepository,
        clock: Clock,
        sender: Sender | None = None,
        webhooks: WebhookPolicy | None = None,
    ) -> None:
        self.repository = repository
        self.clock = clock
        self.writer = LogWriter(repository.log)
        self.pushes = PushService(
            repository.outbox,
            repository.log,
            repository.reference,
            lambda: self.auth.registry(),
            clock,
            sender,
            webhooks,
            flush=self.writer.flush,
        )
        self.auth = PartnerAuth(repository.partners, repository.nonces, clock, self._webhooks)
        self.reports = PartnerReports(repository.log, clock, flush=self.writer.flush)

    def _webhooks(self) -> WebhookPolicy:
        return self.pushes.webhooks

    # ---- the stores, as the routes and the demo read them -----------------------------

    @property
    def store(self) -> PartnerStore:
        return self.repository.partners

    @property
    def log(self) -> PartnerLogStore:
        return self.repository.log

    @property
    def outbox(self) -> OutboxStore:
        return self.repository.outbox

    @property
    def guard(self) -> ReplayGuard:
        return self.auth.guard

    @property
    def webhooks(self) -> WebhookPolicy:
        """Where webhooks may go; read at registration and at every delivery."""
        return self.pushes.webhooks

    @webhooks.setter
    def webhooks(self, policy: WebhookPolicy) -> None:
        self.pushes.webhooks = policy

    @property
    def sender(self) -> Sender:
        return self.pushes.sender

    @property
    def events_sink(self) -> Callable[[list[Any]], object] | None:
        """Where checked events go after the answer (store, detection, tasks): the API's."""
        return self.writer.events_sink

    @events_sink.setter
    def events_sink(self, sink: Callable[[list[Any]], object] | None) -> None:
        self.writer.events_sink = sink

    @property
    def ring_phones(self) -> set[str]:
        return self.reports.rings.phones

    @property
    def ring_addresses(self) -> set[str]:
        return self.reports.rings.addresses

    @property
    def ring_accounts(self) -> set[str]:
        """Accounts partners tied to a ring: a list detection and transfer checks read."""
        return self.reports.rings.accounts

    def unit(self) -> AbstractContextManager[object]:
        """One transaction for a flow's partner writes and its own (or the one it is in)."""
        return self.repository.unit()

    # ---- who -------------------------------------------------------------------------

    def registry(self) -> PartnerRegistry:
        return self.auth.registry()

    def reload(self) -> None:
        self.auth.reload()

    def add_partner(
        self,
        partner_id: str,
        name: str,
        type: PartnerType,
        source: str,
        webhook_url: str | None = None,
        ip_allowlist: list[str] | None = None,
        rate_limit_per_s: float = 200.0,
        require_signature: bool = False,
    ) -> tuple[Partner, str]:
        return self.auth.add_partner(
            partner_id,
            name,
            type,
            source,
            webhook_url,
            ip_allowlist,
            rate_limit_per_s,
            require_signature,
        )

    def rotate(self, partner_id: str) -> str:
        return self.auth.rotate(partner_id)

    def authenticate(
        self,
        key: str | None,
        address: str,
        headers: Mapping[str, str],
        body: bytes,
        must_sign: bool = False,
    ) -> Partner:
        return self.auth.authenticate(key, address, headers, body, must_sign)

    def phone_owner(self, phone: str) -> str | None:
        return self.repository.reference.phone_owner(phone)

    def observations(self, subject: str) -> list[dict[str, Any]]:
        """What sources that do not own a record said about it (kept, never applied)."""
        return self.repository.reference.observations_about(subject)

    # ---- checks, clues, feedback -------------------------------------------------------

    def check(
        self, partner: Partner, kind: CheckKind, event: Event, risk: RiskContext
    ) -> tuple[dict[str, Any], CheckResult]:
        """The decision, and the log row to write (``record_later``) once answered."""
        return check_event(partner, kind, event, risk)

    def check_transfer(
        self,
        partner: Partner,
        payer: str,
        payee: str,
        amount_fen: int,
        at: datetime,
        risk: RiskContext,
        reference: str = "",
    ) -> tuple[dict[str, Any], CheckResult]:
        return check_pending_transfer(partner, payer, payee, amount_fen, at, risk, reference)

    def record_later(self, row: dict[str, Any], accepted: Any) -> None:
        self.writer.record_later(row, accepted)

    def flush(self) -> None:
        self.writer.flush()

    def clue(self, partner: Partner, clue: dict[str, Any], person_id: str | None) -> str:
        return self.reports.clue(partner, clue, person_id)

    def feedback(self, partner: Partner, about: str, outcome: str, note: str) -> dict[str, Any]:
        return self.reports.feedback(partner, about, outcome, note)

    def summary(self, since: datetime) -> dict[str, dict[str, int]]:
        return self.reports.summary(since)

    # ---- pushing back --------------------------------------------------------------------

    def concerned(self, person_id: str) -> list[Partner]:
        return self.pushes.concerned(person_id)

    def measure_routes(
        self, person_id: str, applied_by: Iterable[str]
    ) -> tuple[list[Route], list[str]]:
        return self.pushes.measure_routes(person_id, applied_by)

    def push(self, partner: Partner, topic: str, payload: dict[str, Any]) -> Delivery:
        return self.pushes.push(partner, topic, payload)

    def push_warning(self, person_id: str, payload: dict[str, Any]) -> int:
        return self.pushes.push_warning(person_id, payload)

    def push_stop_payment(self, bank: str | None, payload: dict[str, Any]) -> int:
        return self.pushes.push_stop_payment(bank, payload)

    def deliver_due(self) -> list[Delivery]:
        return self.pushes.deliver_due()

    def pull(self, partner: Partner) -> list[Delivery]:
        return self.pushes.pull(partner)

    def acknowledge(self, partner: Partner, delivery_id: str) -> None:
        self.pushes.acknowledge(partner, delivery_id)


__all__ = ["RECENT_CONCERN", "SCOPE_OF", "CheckKind", "PartnerService"]
