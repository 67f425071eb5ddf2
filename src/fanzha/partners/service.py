"""Partners at work: authenticate, check, take clues and feedback, push warnings back.

No HTTP here (the API translates); no detection either — the caller hands in
the risk context and feeds the checked event on to detection and tasks.
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

import msgspec
import structlog
from sqlalchemy import Engine, select

from fanzha.clock import Clock
from fanzha.contract.kinds import Event, GoldPurchase, Order, Parcel
from fanzha.partners.checks import (
    CheckResult,
    check_gold,
    check_order,
    check_parcel,
    check_transfer,
)
from fanzha.partners.context import RiskContext
from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.kinds import PartnerKinds, partner_kinds
from fanzha.partners.orders import Route, routes
from fanzha.partners.ratelimit import TokenBucket
from fanzha.partners.registry import (
    DEFAULT_SCOPES,
    AuthError,
    Partner,
    PartnerRegistry,
    PartnerType,
    Scope,
    issue_key,
    rotate_key,
)
from fanzha.partners.signing import ReplayGuard, SignatureError, is_signed
from fanzha.partners.sql import (
    PartnerLog,
    SqlNonces,
    SqlOutbox,
    SqlPartnerStore,
    carrier_seen,
    person_cards,
)
from fanzha.partners.webhooks import Delivery, Sender, Target, httpx_sender
from fanzha.store.models import AccountRow, PhoneRow

CheckKind = Literal["order", "gold", "parcel"]
SCOPE_OF: dict[CheckKind, Scope] = {
    "order": Scope.CHECK_ORDER,
    "gold": Scope.CHECK_GOLD,
    "parcel": Scope.CHECK_PARCEL,
}
RECENT_CONCERN = timedelta(days=30)
log = structlog.get_logger(__name__)


class PartnerService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        sender: Sender | None = None,
        webhooks: WebhookPolicy | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.store = SqlPartnerStore(engine)
        self.outbox = SqlOutbox(engine)
        self.log = PartnerLog(engine)
        self.webhooks = webhooks or WebhookPolicy.from_settings()
        """Where webhooks may go; read at registration and at every delivery."""
        self.sender = sender or httpx_sender(policy=lambda: self.webhooks)
        self.guard = ReplayGuard(nonces=SqlNonces(engine))
        self.kinds: PartnerKinds = partner_kinds()
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()
        self._registry = self.store.registry()
        self._pending: queue.Queue[tuple[dict[str, Any], Any]] = queue.Queue()
        self._writer: threading.Thread | None = None
        self.events_sink: Callable[[list[Any]], object] | None = None
        """Where checked events go after the answer (store, detection, tasks): the API's."""
        self.ring_phones: set[str] = set()
        self.ring_addresses: set[str] = set()
        self.ring_accounts: set[str] = set()
        """Accounts partners tied to a ring: a list detection and transfer checks read."""
        for clue in self.log.recent(kind="clue", limit=100_000):
            self._remember(clue)

    def _remember(self, clue: Mapping[str, Any]) -> None:
        """Numbers and addresses partners tied to a ring count in later checks."""
        value = str(clue.get("value") or "")
        if clue.get("ring") and value:
            if clue.get("kind") == "phone":
                self.ring_phones.add(value)
            elif clue.get("kind") == "address":
                self.ring_addresses.add(value)
            elif clue.get("kind") == "account":
                self.ring_accounts.add(value)

    # ---- who ---------------------------------------------------------------------------

    def registry(self) -> PartnerRegistry:
        return self._registry

    def reload(self) -> None:
        """Pick up partners added or rotated by another process (or the CLI)."""
        with self._lock:
            self._registry = self.store.registry()

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
        """A new partner and its first API key (shown once; only its hash is kept).

        ``ValueError`` when its source does not fit its type or its webhook URL
        is not allowed (``destinations.DestinationRefused``)."""
        refused = self.kinds.source_refusal(type, source)
        if refused is not None:
            raise ValueError(f"source: {refused}")
        if webhook_url is not None:
            self.webhooks.check(webhook_url)
        partner = Partner(
            partner_id=partner_id,
            name=name,
            type=type,
            source=source,
            scopes=DEFAULT_SCOPES[type],
            ip_allowlist=ip_allowlist or [],
            rate_limit_per_s=rate_limit_per_s,
            webhook_url=webhook_url,
            webhook_secret=secrets.token_urlsafe(32),
            require_signature=require_signature,
        )
        key = issue_key(partner, self.clock.now())
        self.store.save(partner)
        self.reload()
        return partner, key

    def rotate(self, partner_id: str) -> str:
        partner = self.store.registry().get(partner_id)
        key = rotate_key(partner, self.clock.now())
        self.store.save(partner)
        self.reload()
        return key

    def authenticate(
        self,
        key: str | None,
        address: str,
        headers: Mapping[str, str],
        body: bytes,
        must_sign: bool = False,
    ) -> Partner:
        """The partner behind a request: key, address, rate, and the signature — which
        a partner registered with ``require_signature`` must send (every partner, where
        ``must_sign``: an answer to a measure order), and which is checked whenever any
        of its headers is sent."""
        if not key:
            raise AuthError("send the partner API key in X-Api-Key")
        now = self.clock.now()
        try:
            partner = self._registry.authenticate(key, address, now)
        except AuthError:
            self.reload()  # a key issued by another process since we loaded
            partner = self._registry.authenticate(key, address, now)
        with self._lock:
            bucket = self._buckets.get(partner.partner_id)
            if bucket is None:
                bucket = TokenBucket(partner.rate_limit_per_s, self.clock)
                self._buckets[partner.partner_id] = bucket
            if not bucket.take():
                error = AuthError(f"rate limit of {partner.rate_limit_per_s:g}/s", status=429)
                error.retry_after_s = bucket.retry_after_s()  # type: ignore[attr-defined]
                raise error
        signed = is_signed(dict(headers))
        if (partner.require_signature or must_sign) and not signed:
            raise AuthError(
                f"partner {partner.partner_id} must sign its requests "
                "(X-Fanzha-Timestamp, X-Fanzha-Nonce, X-Fanzha-Signature)"
            )
        if signed:
            try:
                self.guard.verify(
                    partner.webhook_secret or "", dict(headers), body, now, partner.partner_id
                )
            except SignatureError as err:
                raise AuthError(f"bad signature: {err}") from err
        return partner

    def phone_owner(self, phone: str) -> str | None:
        with self.engine.connect() as conn:
            owner: str | None = conn.execute(
                select(PhoneRow.person_id).where(PhoneRow.phone == phone)
            ).scalar()
            return owner

    # ---- checks, clues, feedback ---------------------------------------------------------

    def check(
        self, partner: Partner, kind: CheckKind, event: Event, risk: RiskContext
    ) -> tuple[dict[str, Any], CheckResult]:
        """The decision, and the log row to write (``record_later``) once answered."""
        PartnerRegistry.require(partner, SCOPE_OF[kind])
        if kind == "order" and isinstance(event, Order):
            result = check_order(event, risk)
        elif kind == "gold" and isinstance(event, GoldPurchase):
            result = check_gold(event, risk)
        elif kind == "parcel" and isinstance(event, Parcel):
            result = check_parcel(event, risk)
        else:
            raise ValueError(f"a {kind} check needs a {kind} event, not {event.kind}")
        doc = {
            "event_id": event.id,
            "score": result.score,
            "reasons": [msgspec.to_builtins(r) for r in result.reasons],
            "display_text": result.display_text,
        }
        row = self.log.row(
            partner.partner_id, f"check_{kind}", event.ts, result.person_id, result.decision, doc
        )
        return row, result

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
        """A bank's question before a transfer executes, and the log row to write.

        No event is made: the transfer has not happened; if it goes ahead, the
        bank's transfer event reaches detection as any other."""
        PartnerRegistry.require(partner, Scope.CHECK_TRANSFER)
        result = check_transfer(payer, payee, amount_fen, at, risk)
        doc = {
            "event_id": reference,
            "amount_fen": amount_fen,
            "score": result.score,
            "reasons": [msgspec.to_builtins(r) for r in result.reasons],
            "display_text": result.display_text,
        }
        row = self.log.row(
            partner.partner_id, "check_transfer", at, result.person_id, result.decision, doc
        )
        return row, result

    def record_later(self, row: dict[str, Any], accepted: Any) -> None:
        """Write the check and pass its event on *after* answering.

        The driver's popup must not wait for the store: the answer goes out at
        once and one writer thread stores checks and events in batches (no
        lock contention between request threads). ``flush`` waits for it.
        """
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_loop, name="partner-check-writer", daemon=True
                )
                self._writer.start()
        self._pending.put((row, accepted))

    def flush(self) -> None:
        """Wait until every answered check is written (not from the writer itself)."""
        if self._writer is not None and threading.current_thread() is not self._writer:
            self._pending.join()

    def _write_loop(self) -> None:
        while True:
            batch = [self._pending.get()]
            while len(batch) < 500:
                try:
                    batch.append(self._pending.get_nowait())
                except queue.Empty:
                    break
            try:
                self.log.add_many([row for row, _ in batch])
                events = [accepted for _, accepted in batch if accepted is not None]
                if events and self.events_sink is not None:
                    self.events_sink(events)
            except Exception:  # keep writing the next checks; this batch is in the log
                log.exception("writing partner checks failed", checks=len(batch))
            finally:
                for _ in batch:
                    self._pending.task_done()

    def clue(self, partner: Partner, clue: dict[str, Any], person_id: str | None) -> str:
        PartnerRegistry.require(partner, Scope.CLUES_WRITE)
        self._remember(clue)
        return self.log.add(
            partner.partner_id, "clue", self.clock.now(), person_id, clue.get("kind"), clue
        )

    def feedback(self, partner: Partner, about: str, outcome: str, note: str) -> dict[str, Any]:
        """What happened after a check (driver refused, parcel held, sale stopped)."""
        PartnerRegistry.require(partner, Scope.FEEDBACK_WRITE)
        self.flush()
        check = self.log.get(about)
        if check is None or check["partner_id"] != partner.partner_id:
            raise KeyError(about)  # another partner's records do not exist for this one
        doc = {"about": about, "note": note, "check_kind": check["kind"]}
        record = self.log.add(
            partner.partner_id, "feedback", self.clock.now(), check["person_id"], outcome, doc
        )
        return {"record_id": record, "person_id": check["person_id"]}

    # ---- pushing back ----------------------------------------------------------------------

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
        with self.engine.connect() as conn:
            banks = set(
                conn.execute(
                    select(AccountRow.bank).where(AccountRow.holder == person_id)
                ).scalars()
            )
        return [
            p
            for p in self._registry
            if Scope.WARNINGS_READ in p.scopes
            and (p.partner_id in ids or (p.type == PartnerType.BANK and _bank(p) in banks))
        ]

    def measure_routes(
        self, person_id: str, applied_by: Iterable[str]
    ) -> tuple[list[Route], list[str]]:
        """Who must apply a measure on this person, each told only its own cards."""
        phones, accounts = person_cards(self.engine, person_id)
        return routes(
            self._registry, applied_by, phones, accounts, lambda p: carrier_seen(self.engine, p)
        )

    def push(self, partner: Partner, topic: str, payload: dict[str, Any]) -> Delivery:
        return self.outbox.enqueue(partner.partner_id, topic, payload, self.clock.now())

    def push_warning(self, person_id: str, payload: dict[str, Any]) -> int:
        partners = self.concerned(person_id)
        for partner in partners:
            self.push(partner, "warning", payload)
        return len(partners)

    def push_stop_payment(self, bank: str | None, payload: dict[str, Any]) -> int:
        banks = [p for p in self._registry if p.type == PartnerType.BANK and _bank(p) == bank]
        for partner in banks:
            self.push(partner, "stop_payment", payload)
        return len(banks)

    def deliver_due(self) -> list[Delivery]:
        targets = {
            p.partner_id: Target(p.webhook_url, p.webhook_secret or "")
            for p in self._registry
            if p.webhook_url
        }
        return self.outbox.run_due(targets, self.sender, self.clock.now())

    def pull(self, partner: Partner) -> list[Delivery]:
        PartnerRegistry.require(partner, Scope.WARNINGS_READ)
        return self.outbox.pending_for(partner.partner_id)

    def acknowledge(self, partner: Partner, delivery_id: str) -> None:
        self.outbox.acknowledge(partner.partner_id, delivery_id, self.clock.now())

    def summary(self, since: datetime) -> dict[str, Any]:
        """Checks by kind and decision, clues and feedback by outcome: for the page."""
        self.flush()
        counts: dict[str, dict[str, int]] = {}
        for r in self.log.recent(limit=100_000):
            if r["ts"] >= since:
                bucket = counts.setdefault(r["kind"], {})
                bucket[r["outcome"] or "-"] = bucket.get(r["outcome"] or "-", 0) + 1
        return counts


def _bank(partner: Partner) -> str:
    """A bank partner's bank, from its contract source (``bank:icbc`` → ``icbc``)."""
    return partner.source.split(":")[-1]
