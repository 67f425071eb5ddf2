"""Cases over the store: trace them, request stop-payments, record banks' answers.

Plain functions behind one class, like the task service: the API calls these
and knows nothing of tracing, holds or the rules; these know nothing of HTTP.
Who may see or act is checked here (jurisdiction = the victim's district),
and every view and action is audited. Storage comes in as two interfaces
(``trace.repository``): the money it reads and the holds it keeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fanzha.clock import Clock
from fanzha.contract.kinds import Account, Person
from fanzha.security.auditlog import AuditLog
from fanzha.security.pseudonyms import pseudonym
from fanzha.security.roles import Principal, Role
from fanzha.trace import holds as rules
from fanzha.trace.cases import Case
from fanzha.trace.config import TraceConfig, default_trace_config
from fanzha.trace.engine import CaseTrace
from fanzha.trace.freeze import FreezeRequest
from fanzha.trace.graph import moment
from fanzha.trace.holds import Claim, Hold, HoldError
from fanzha.trace.ledger import CaseLedger, case_ledger
from fanzha.trace.repository import MONEY_KINDS, HoldConflict, HoldRepository, MoneyQueries
from fanzha.trace.tracer import Tracer

if TYPE_CHECKING:
    from sqlalchemy import Engine

READERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER, Role.AUDITOR)
ACTORS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)
STOPPABLE = ("freeze", "stop_query", "hold_amount")
"""Actions that send a stop-payment to the bank (a query alone to an institution does not)."""


class CaseForbidden(PermissionError):
    pass


class CaseNotFound(LookupError):
    pass


@dataclass
class CaseView:
    case: Case
    district: str | None
    trace: CaseTrace
    requests: list[FreezeRequest]
    holds: list[Hold]
    ledger: CaseLedger
    list_changed_at: datetime | None = None
    """When this case's freeze list last changed (first seen, or accounts/amounts moved)."""


class CaseService:
    def __init__(
        self,
        money: MoneyQueries,
        holds: HoldRepository,
        clock: Clock,
        audit: AuditLog,
        config: TraceConfig | None = None,
    ) -> None:
        self.money = money
        self.holds = holds
        self.clock = clock
        self.audit = audit
        self.config = config or default_trace_config()
        self._lock = threading.Lock()
        self._tracer: Tracer | None = None
        self._seen = -1
        self._newest = 0
        """Epoch seconds of the newest money event read."""
        self._lists: dict[str, tuple[list[tuple[str, int, str]], datetime]] = {}
        """Per case: the freeze list's signature and when it last changed."""

    @property
    def engine(self) -> Engine:
        """The SQL store under this service, for callers that still open their own
        stores on it (communities, campaigns, search); the typed services object
        of the server replaces this reach-through."""
        from fanzha.trace.sql import SqlMoneyQueries

        if not isinstance(self.money, SqlMoneyQueries):
            raise RuntimeError("this case service is not over the SQL store")
        return self.money.engine

    # ---- tracing over the store ------------------------------------------------------

    def tracer(self) -> Tracer:
        """The store's money graph, grown by the events added since it was read.

        New transfers and reports go onto the graph's tails and carry every
        open case's walk on (``Tracer.add``); the graph is read afresh only when
        an account or person record arrives (they can change who is a hub or an
        institution) or an event older than the newest one read (a late feed).
        """
        count = self.money.money_event_count()
        with self._lock:
            if self._tracer is None or not self._grew(self._tracer, count):
                self._tracer = Tracer.from_events(self.money.money_events(), self.config)
                self._newest = self._tracer.graph.latest()
            self._seen = count
            return self._tracer

    def _grew(self, tracer: Tracer, count: int) -> bool:
        """Add the events since the newest read; False when the graph must be read afresh."""
        builder = tracer.builder
        if count == self._seen:
            return True
        if builder is None:
            return False
        events = list(self.money.money_events_since(moment(self._newest)))
        if any(isinstance(e, Account | Person) and e.key not in builder.keys for e in events):
            return False
        tracer.add(events)
        if builder.events != count:
            return False  # some arrived older than the newest read: a late feed
        self._newest = max([self._newest, *(int(e.ts.timestamp()) for e in events)])
        return True

    def _district(self, person_id: str | None) -> str | None:
        return None if person_id is None else self.money.district_of(person_id)

    def district_of(self, person_id: str | None) -> str | None:
        """The victim's district: whose jurisdiction a case is."""
        return self._district(person_id)

    def _check(self, principal: Principal, district: str | None, roles: tuple[Role, ...]) -> None:
        """A role that may not do this gets 403 for any id; a case of another
        jurisdiction reads as missing (404), so ids elsewhere cannot be probed."""
        if principal.role not in roles:
            raise CaseForbidden(f"{principal.role} may not do this")
        if not principal.covers_district(district):
            raise CaseNotFound("no such case in your jurisdiction")

    # ---- reading ------------------------------------------------------------------------

    def list_cases(self, principal: Principal) -> list[dict[str, Any]]:
        if principal.role not in READERS:
            raise CaseForbidden(f"{principal.role} may not read cases")
        tracer = self.tracer()
        rows = []
        for case in tracer.cases():
            district = self._district(case.person_id)
            if not principal.covers_district(district):
                continue
            holds = self.holds.for_case(case.case_id)
            ledger = case_ledger(case.case_id, case.loss_fen, 0, holds)
            rows.append(
                {
                    "case_id": case.case_id,
                    "person_id": case.person_id,
                    "district": district,
                    "reported": moment(case.reported_ts),
                    "loss_fen": case.loss_fen,
                    "payments": len(case.seeds),
                    "holds": len(holds),
                    "stopped_fen": ledger.stopped_fen,
                    "frozen_fen": ledger.frozen_fen,
                    "returned_fen": ledger.returned_fen,
                }
            )
        self.audit.append(principal, "view", "cases", "*", self.clock.now())
        return sorted(rows, key=lambda r: r["reported"], reverse=True)

    def get_case(self, principal: Principal, case_id: str) -> CaseView:
        if principal.role not in READERS:
            raise CaseForbidden(f"{principal.role} may not read cases")
        tracer = self.tracer()
        case = next((c for c in tracer.cases() if c.case_id == case_id), None)
        if case is None:
            raise CaseNotFound(f"no case {case_id}")
        district = self._district(case.person_id)
        self._check(principal, district, READERS)
        with self._lock:  # opened once, then kept current by the walk as money arrives
            entry = tracer.open.get(case_id)
            if entry is None or entry.walk is None or entry.case.seeds != case.seeds:
                entry = tracer.open_case(case)
            traced, requests = entry.trace, entry.requests
        holds = self.holds.for_case(case_id)
        ledger = case_ledger(case_id, traced.stolen, traced.held, holds)
        now = self.clock.now()
        signature: list[tuple[str, int, str]] = [
            (r.account_id, r.amount_fen, str(r.action)) for r in requests
        ]
        with self._lock:
            known = self._lists.get(case_id)
            if known is None or known[0] != signature:
                known = (signature, now)
                self._lists[case_id] = known
        self.audit.append(principal, "view", "case", case_id, now)
        return CaseView(case, district, traced, requests, holds, ledger, known[1])

    def account_transfers(
        self, principal: Principal, case_id: str, account_id: str
    ) -> list[Mapping[str, Any]]:
        self.get_case(principal, case_id)  # the same jurisdiction check, audited
        return self.money.transfers_touching(account_id)

    def payments_of(
        self, person_id: str, since: datetime, limit: int = 50
    ) -> list[Mapping[str, Any]]:
        """Money out of the person's own accounts since ``since``, newest first: the
        transfers an officer at the door picks from to stop. The caller checks who may
        see the person (their task)."""
        accounts = self.money.accounts_of(person_id)
        if not accounts:
            return []
        return self.money.payments_from(accounts, since, limit)

    def transfers_of_cases(self, case_ids: list[str]) -> dict[str, str]:
        """Transfer id → the case (of those given) that claims it as the victim's payment."""
        if not case_ids:
            return {}
        tracer = self.tracer()
        wanted = set(case_ids)
        return {
            tracer.graph.transfer_id(seed): case.case_id
            for case in tracer.cases()
            if case.case_id in wanted
            for seed in case.seeds
        }

    def accounts_of(self, person_id: str) -> list[str]:
        return self.money.accounts_of(person_id)

    # ---- acting ------------------------------------------------------------------------

    def request_stops(
        self, principal: Principal, case_id: str, accounts: list[str] | None
    ) -> list[Hold]:
        """Stop-payment requests for the case's freeze list (or the accounts named)."""
        if principal.role not in ACTORS:
            raise CaseForbidden(f"{principal.role} may not do this")
        view = self.get_case(principal, case_id)
        self._check(principal, view.district, ACTORS)
        now = self.clock.now()
        chosen = [
            r
            for r in view.requests
            if r.action in STOPPABLE and (accounts is None or r.account_id in accounts)
        ]
        changed = []
        for request in chosen:
            hold = self.holds.for_account(request.account_id)
            claim = Claim(
                case_id=case_id, amount_fen=request.amount_fen, hop=request.hop, path=request.path
            )
            if hold is None:
                hold = self._new_hold(request, claim, principal, now)
                rules.request_stop(hold, principal.user_id, now)
                self.holds.add(hold)
            else:
                read = hold.version
                hold.claims = [c for c in hold.claims if c.case_id != case_id] + [claim]
                if hold.state in (rules.HoldState.REFUSED, rules.HoldState.EXPIRED):
                    rules.request_stop(hold, principal.user_id, now)
                self.holds.save(hold, read)
            changed.append(hold)
        self.audit.append(principal, "stop_request", "case", case_id, now)
        return changed

    def _new_hold(
        self, request: FreezeRequest, claim: Claim, principal: Principal, now: datetime
    ) -> Hold:
        tracer = self.tracer()
        arrival = None
        if request.path:
            position = tracer.graph.position(request.path[-1])
            if position is not None:
                arrival = moment(int(tracer.graph.ts[position]))
        return Hold(
            hold_id=f"hold-{pseudonym('hold', request.account_id)}",  # never the number
            account_id=request.account_id,
            bank=request.bank,
            holder_name=self.money.holder_name(request.account_id),
            transfer_ts=arrival,
            claims=[claim],
            requested_at=now,
            requested_by=principal.user_id,
        )

    def act(
        self,
        principal: Principal,
        hold_id: str,
        expected_version: int,
        action: Callable[[Hold, str, datetime], object],
        roles: tuple[Role, ...] = ACTORS,
    ) -> Hold:
        """Apply one rule (freeze, renew, release…) to a hold, compare-and-set."""
        if principal.role not in roles:
            raise CaseForbidden(f"{principal.role} may not do this")
        hold = self.holds.get(hold_id)
        districts = (
            {self._district(self._victim(c.case_id)) for c in hold.claims} if hold else set()
        )
        if hold is None or not any(principal.covers_district(d) for d in districts):
            raise CaseNotFound(f"no hold {hold_id} in your jurisdiction")
        if hold.version != expected_version:
            raise HoldConflict(hold_id, hold.version)
        now = self.clock.now()
        action(hold, principal.user_id, now)
        self.holds.save(hold, expected_version)
        self.audit.append(principal, "hold", "hold", hold_id, now)
        return hold

    def _victim(self, case_id: str) -> str | None:
        case = next((c for c in self.tracer().cases() if c.case_id == case_id), None)
        return case.person_id if case else None

    def stopped_since(self, principal: Principal, since: datetime) -> int:
        """Fen stopped by banks since ``since`` on cases the principal may see."""
        total = 0
        for hold in self.holds.all():
            stops = [
                ts for ts, _, what in hold.history if what.startswith("stopped") and ts >= since
            ]
            if not stops:
                continue
            districts = {self._district(self._victim(c.case_id)) for c in hold.claims}
            if any(principal.covers_district(d) for d in districts):
                total += hold.stopped_fen
        return total

    def sweep(self) -> list[str]:
        """Lapse stop-payments after 48 h and freezes after their term."""
        now = self.clock.now()
        lapsed = []
        for hold in self.holds.live():
            read = hold.version
            if rules.sweep(hold, now):
                self.holds.save(hold, read)
                lapsed.append(hold.hold_id)
        return lapsed


__all__ = [
    "MONEY_KINDS",
    "CaseForbidden",
    "CaseNotFound",
    "CaseService",
    "CaseView",
    "HoldConflict",
    "HoldError",
]
