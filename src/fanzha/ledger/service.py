"""Recording takedowns and gold notices: who may, what is checked, what is audited.

Plain functions behind one class, like the case service: the API turns HTTP
into these calls and back and masks what it shows; this module knows nothing of
HTTP. A check that fails names the field (``case_ids[1]: …``), so the officer
knows which box to fix. Every write commits with its audit entries (one unit of
work), every read is audited.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, datetime

from fanzha.clock import Clock
from fanzha.ledger.errors import LedgerConflict, LedgerForbidden, LedgerInvalid, LedgerNotFound
from fanzha.ledger.models import (
    CaseClosure,
    GoldNotice,
    NoticeDraft,
    Takedown,
    TakedownDraft,
)
from fanzha.ledger.sql import Duplicate, SqlLedgerStore, VersionConflict
from fanzha.security.auditlog import AuditLog
from fanzha.security.roles import CITY_WIDE_ROLES, Principal, Role
from fanzha.settings import center_zone
from fanzha.store.unit import unit_or_joined

RECORDERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER)
"""Who records a takedown: the center, or the district whose unit made the arrests."""
READERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER, Role.AUDITOR)
NOTICE_WRITERS = (Role.CENTER_ANALYST, Role.DISTRICT_OFFICER, Role.STATION_OFFICER)
"""Station officers serve most notices on the merchants of their beat."""
EARLIEST = date(2000, 1, 1)
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class LedgerService:
    def __init__(
        self,
        store: SqlLedgerStore,
        audit: AuditLog,
        clock: Clock,
        timezone: str | None = None,
        new_id: Callable[[str], str] | None = None,
    ) -> None:
        self.store = store
        self.audit = audit
        self.clock = clock
        self.zone = center_zone(timezone)  # default: the center's (FANZHA_TIMEZONE)
        self.new_id = new_id or (lambda prefix: f"{prefix}-{secrets.token_hex(6)}")

    # ---- checks ----------------------------------------------------------------------

    def _today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()

    def _day(self, field: str, value: date, not_before: date = EARLIEST) -> None:
        if value > self._today():
            raise LedgerInvalid(field, f"{value} is in the future")
        if value < not_before:
            raise LedgerInvalid(field, f"{value} is before {not_before}")

    @staticmethod
    def _allow(principal: Principal, roles: tuple[Role, ...]) -> None:
        if principal.role not in roles:
            raise LedgerForbidden(f"role {principal.role} may not do this")

    @staticmethod
    def _district(principal: Principal, asked: str | None) -> str:
        """City-wide roles name the district; officers record for their own only."""
        if principal.role in CITY_WIDE_ROLES:
            if not asked:
                raise LedgerInvalid("district", "required: which district's unit made it")
            return asked
        own = principal.district or ""
        if asked and asked != own:
            raise LedgerInvalid("district", f"you record for {own} only, not {asked}")
        return own

    def _visible(self, principal: Principal, district: str, what: str) -> None:
        """Another jurisdiction's record reads as missing, so ids cannot be probed."""
        if not principal.covers_district(district):
            raise LedgerNotFound(what)

    def _check_takedown(self, principal: Principal, draft: TakedownDraft) -> str:
        district = self._district(principal, draft.district)
        self._day("taken_on", draft.taken_on)
        named = len(draft.suspects or [])
        if draft.suspects_count < named:
            raise LedgerInvalid(
                "suspects_count", f"{draft.suspects_count} is fewer than the {named} suspects named"
            )
        for field, values in (
            ("case_ids", draft.case_ids),
            ("accounts_frozen", draft.accounts_frozen or []),
        ):
            seen: set[str] = set()
            for i, value in enumerate(values):
                if value in seen:
                    raise LedgerInvalid(f"{field}[{i}]", f"{value} is listed twice")
                seen.add(value)
        known = self.store.case_districts(draft.case_ids)
        for i, case_id in enumerate(draft.case_ids):
            if case_id not in known or not principal.covers_district(known[case_id]):
                raise LedgerInvalid(f"case_ids[{i}]", f"no case {case_id} in your jurisdiction")
        return district

    # ---- takedowns -------------------------------------------------------------------

    def record_takedown(self, principal: Principal, draft: TakedownDraft) -> Takedown:
        """The first version of a takedown; the cases it names are closed (破案)."""
        self._allow(principal, RECORDERS)
        district = self._check_takedown(principal, draft)
        now = self.clock.now()
        takedown = _takedown(draft, self.new_id("TD"), 1, district, principal.user_id, now, "")
        with unit_or_joined(self.store.engine):
            try:
                self.store.add_takedown(takedown, _closures(takedown))
            except Duplicate as dup:
                raise _conflict(dup) from None
            self.audit.append(
                principal,
                "create",
                "takedown",
                takedown.takedown_id,
                now,
                {"ring_id": takedown.ring_id, "cases": len(takedown.case_ids), "version": 1},
            )
            self._audit_cases(principal, takedown, set(), now)
        return takedown

    def correct_takedown(
        self,
        principal: Principal,
        takedown_id: str,
        expected_version: int,
        draft: TakedownDraft,
        reason: str,
    ) -> Takedown:
        """A new version replacing the current one; the old stays in the history."""
        self._allow(principal, RECORDERS)
        if not reason.strip():
            raise LedgerInvalid("reason", "a correction needs a reason")
        current = self.store.takedown(takedown_id)
        if current is None:
            raise LedgerNotFound(f"takedown {takedown_id}")
        self._visible(principal, current.district, f"takedown {takedown_id}")
        if current.version != expected_version:
            raise LedgerConflict(
                f"takedown {takedown_id} is at version {current.version}, not {expected_version}",
                current=current.version,
            )
        if draft.suspects is None:
            draft.suspects = list(current.suspects)
        if draft.accounts_frozen is None:
            draft.accounts_frozen = list(current.accounts_frozen)
        district = self._check_takedown(principal, draft)
        now = self.clock.now()
        version = current.version + 1
        takedown = _takedown(draft, takedown_id, version, district, principal.user_id, now, reason)
        with unit_or_joined(self.store.engine):
            try:
                self.store.replace_takedown(takedown, expected_version, _closures(takedown))
            except Duplicate as dup:
                raise _conflict(dup) from None
            except VersionConflict as late:
                raise LedgerConflict(
                    f"takedown {takedown_id} changed meanwhile", current=late.current
                ) from None
            self.audit.append(
                principal,
                "correct",
                "takedown",
                takedown_id,
                now,
                {"version": version, "reason": reason},
            )
            self._audit_cases(principal, takedown, set(current.case_ids), now)
        return takedown

    def _audit_cases(
        self, principal: Principal, takedown: Takedown, before: set[str], now: datetime
    ) -> None:
        after = set(takedown.case_ids)
        detail = {"takedown_id": takedown.takedown_id, "ring_id": takedown.ring_id}
        for case_id in sorted(after - before):
            self.audit.append(principal, "close", "case", case_id, now, detail)
        for case_id in sorted(before - after):
            self.audit.append(principal, "reopen", "case", case_id, now, detail)

    def takedown(self, principal: Principal, takedown_id: str) -> tuple[Takedown, list[Takedown]]:
        """The current version and every version (oldest first)."""
        self._allow(principal, READERS)
        found = self.store.takedown(takedown_id)
        if found is None:
            raise LedgerNotFound(f"takedown {takedown_id}")
        self._visible(principal, found.district, f"takedown {takedown_id}")
        self.audit.append(principal, "view", "takedown", takedown_id, self.clock.now())
        return found, self.store.versions(takedown_id)

    def takedowns(
        self,
        principal: Principal,
        ring_id: str | None = None,
        district: str | None = None,
        year: int | None = None,
    ) -> list[Takedown]:
        self._allow(principal, READERS)
        chosen = district if principal.role in CITY_WIDE_ROLES else principal.district
        start, end = (date(year, 1, 1), date(year + 1, 1, 1)) if year else (None, None)
        found = self.store.takedowns(chosen, ring_id, start, end)
        self.audit.append(
            principal, "view", "takedowns", ring_id or chosen or "*", self.clock.now()
        )
        return found

    def closures(self, case_ids: list[str] | None = None) -> dict[str, CaseClosure]:
        """Which of these cases a takedown closed (read by the case pages: no audit of
        its own, the case view is audited)."""
        return self.store.closures(case_ids)

    # ---- gold notices ----------------------------------------------------------------

    def issue_notice(self, principal: Principal, draft: NoticeDraft) -> GoldNotice:
        self._allow(principal, NOTICE_WRITERS)
        district = self._district(principal, draft.district)
        self._day("issued_on", draft.issued_on)
        for field in ("merchant_name", "shop_id", "delivered_by"):
            if not str(getattr(draft, field)).strip():
                raise LedgerInvalid(field, "required")
        now = self.clock.now()
        notice = GoldNotice(
            notice_id=self.new_id("GN"),
            merchant_name=draft.merchant_name.strip(),
            shop_id=draft.shop_id.strip(),
            account_id=draft.account_id or None,
            district=district,
            issued_on=draft.issued_on,
            delivered_by=draft.delivered_by.strip(),
            case_id=draft.case_id or None,
            ring_id=draft.ring_id or None,
            note=draft.note,
            recorded_by=principal.user_id,
            recorded_at=now,
        )
        with unit_or_joined(self.store.engine):
            try:
                self.store.add_notice(notice)
            except Duplicate as dup:
                raise LedgerConflict(
                    f"shop_id: a notice to {notice.shop_id} on {notice.issued_on} is already "
                    f"recorded ({dup.existing})",
                    existing=dup.existing,
                ) from None
            self.audit.append(
                principal,
                "create",
                "gold_notice",
                notice.notice_id,
                now,
                {"shop_id": notice.shop_id},
            )
        return notice

    def acknowledge_notice(
        self, principal: Principal, notice_id: str, acknowledged_on: date, signed_by: str
    ) -> GoldNotice:
        """The merchant signed for it. The same receipt again changes nothing; a
        different one is refused, so a signed receipt cannot be quietly rewritten."""
        self._allow(principal, NOTICE_WRITERS)
        if not signed_by.strip():
            raise LedgerInvalid("signed_by", "required: who signed for the merchant")
        with unit_or_joined(self.store.engine):
            notice = self.store.notice(notice_id, lock=True)
            if notice is None:
                raise LedgerNotFound(f"gold notice {notice_id}")
            self._visible(principal, notice.district, f"gold notice {notice_id}")
            self._day("acknowledged_on", acknowledged_on, not_before=notice.issued_on)
            if notice.acknowledged_on is not None:
                if (notice.acknowledged_on, notice.signed_by) == (
                    acknowledged_on,
                    signed_by.strip(),
                ):
                    return notice
                raise LedgerConflict(
                    f"gold notice {notice_id} was already acknowledged on {notice.acknowledged_on}"
                )
            notice.acknowledged_on = acknowledged_on
            notice.signed_by = signed_by.strip()
            notice.acknowledged_recorded_by = principal.user_id
            self.store.save_notice(notice)
            self.audit.append(
                principal,
                "acknowledge",
                "gold_notice",
                notice_id,
                self.clock.now(),
                {"acknowledged_on": acknowledged_on.isoformat()},
            )
        return notice

    def notices(
        self,
        principal: Principal,
        merchant: str | None = None,
        month: str | None = None,
        district: str | None = None,
    ) -> list[GoldNotice]:
        self._allow(principal, READERS)
        start = end = None
        if month:
            found = MONTH.match(month)
            if found is None:
                raise LedgerInvalid("month", f"{month!r} is not YYYY-MM")
            year, number = int(found[1]), int(found[2])
            start = date(year, number, 1)
            end = date(year + number // 12, number % 12 + 1, 1)
        chosen = district if principal.role in CITY_WIDE_ROLES else principal.district
        listed = self.store.notices(chosen, merchant, start, end)
        self.audit.append(
            principal, "view", "gold_notices", f"{merchant or '*'}:{month or '*'}", self.clock.now()
        )
        return listed


def _takedown(
    draft: TakedownDraft,
    takedown_id: str,
    version: int,
    district: str,
    who: str,
    now: datetime,
    reason: str,
) -> Takedown:
    return Takedown(
        takedown_id=takedown_id,
        version=version,
        ring_id=draft.ring_id,
        taken_on=draft.taken_on,
        district=district,
        unit=draft.unit.strip(),
        suspects_count=draft.suspects_count,
        suspects=list(draft.suspects or []),
        cash_seized_fen=draft.cash_seized_fen,
        gold_mg=draft.gold_mg,
        accounts_frozen=list(draft.accounts_frozen or []),
        case_ids=list(draft.case_ids),
        note=draft.note,
        recorded_by=who,
        recorded_at=now,
        reason=reason,
    )


def _closures(t: Takedown) -> list[CaseClosure]:
    return [
        CaseClosure(case_id=c, takedown_id=t.takedown_id, ring_id=t.ring_id, closed_on=t.taken_on)
        for c in t.case_ids
    ]


def _conflict(dup: Duplicate) -> LedgerConflict:
    if dup.what == "ring_id":
        return LedgerConflict(
            f"ring_id: this ring's takedown on that day is already recorded ({dup.existing}); "
            "correct it instead",
            existing=dup.existing,
        )
    return LedgerConflict(f"{dup.what} is already closed by takedown {dup.existing}", dup.existing)


__all__ = [
    "NOTICE_WRITERS",
    "READERS",
    "RECORDERS",
    "LedgerConflict",
    "LedgerForbidden",
    "LedgerInvalid",
    "LedgerNotFound",
    "LedgerService",
]
