"""The ledger's tables: every query of the package lives here.

A takedown is kept whole (its current version in ``takedowns``, every version in
``takedown_versions``); the typed columns beside the document are what lists
filter on and what the year report adds up. Writes go through the store's unit
of work (``store.unit``), so a request with an Idempotency-Key commits the
takedown, the cases it closes, its audit entry and the remembered answer together.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from fanzha.ledger.models import CaseClosure, GoldNotice, Takedown
from fanzha.store.models import (
    CaseClosureRow,
    EventRow,
    GoldNoticeRow,
    PersonRow,
    TakedownRow,
    TakedownVersionRow,
)
from fanzha.store.unit import begin, connect

_TAKEDOWN = msgspec.json.Decoder(Takedown)
_NOTICE = msgspec.json.Decoder(GoldNotice)
_encode = msgspec.json.encode


class Duplicate(Exception):
    """A unique key of the ledger is taken: same ring and day, same shop and day, or a
    case already closed. ``existing`` names the record that holds it."""

    def __init__(self, what: str, existing: str) -> None:
        super().__init__(what)
        self.what = what
        self.existing = existing


class VersionConflict(Exception):
    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.current = current


class SqlLedgerStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ---- takedowns -------------------------------------------------------------------

    def add_takedown(self, takedown: Takedown, closures: list[CaseClosure]) -> None:
        """Insert the first version and close its cases, or nothing (``Duplicate``)."""
        try:
            with begin(self.engine) as conn:
                conn.execute(insert(TakedownRow).values(**_columns(takedown)))
                conn.execute(insert(TakedownVersionRow).values(**_version(takedown)))
                if closures:
                    conn.execute(insert(CaseClosureRow), [_closure(c) for c in closures])
        except IntegrityError:
            raise self._why(takedown, closures) from None

    def replace_takedown(
        self, takedown: Takedown, expected_version: int, closures: list[CaseClosure]
    ) -> None:
        """Write a new version if the stored one is ``expected_version``; its cases are
        closed anew (a case the correction drops is open again)."""
        try:
            with begin(self.engine) as conn:
                changed = conn.execute(
                    update(TakedownRow)
                    .where(
                        TakedownRow.takedown_id == takedown.takedown_id,
                        TakedownRow.version == expected_version,
                    )
                    .values(**_columns(takedown))
                ).rowcount
                if changed != 1:
                    current = conn.execute(
                        select(TakedownRow.version).where(
                            TakedownRow.takedown_id == takedown.takedown_id
                        )
                    ).scalar()
                    raise VersionConflict(int(current or 0))
                conn.execute(insert(TakedownVersionRow).values(**_version(takedown)))
                conn.execute(
                    delete(CaseClosureRow).where(CaseClosureRow.takedown_id == takedown.takedown_id)
                )
                if closures:
                    conn.execute(insert(CaseClosureRow), [_closure(c) for c in closures])
        except IntegrityError:
            raise self._why(takedown, closures) from None

    def _why(self, takedown: Takedown, closures: list[CaseClosure]) -> Duplicate:
        with connect(self.engine) as conn:
            same_day = conn.execute(
                select(TakedownRow.takedown_id).where(
                    TakedownRow.ring_id == takedown.ring_id,
                    TakedownRow.taken_on == takedown.taken_on,
                    TakedownRow.takedown_id != takedown.takedown_id,
                )
            ).scalar()
            if same_day is not None:
                return Duplicate("ring_id", same_day)
            for closure in closures:
                holder = conn.execute(
                    select(CaseClosureRow.takedown_id).where(
                        CaseClosureRow.case_id == closure.case_id,
                        CaseClosureRow.takedown_id != takedown.takedown_id,
                    )
                ).scalar()
                if holder is not None:
                    return Duplicate(f"case_ids: {closure.case_id}", holder)
        return Duplicate("takedown_id", takedown.takedown_id)

    def takedown(self, takedown_id: str) -> Takedown | None:
        with connect(self.engine) as conn:
            doc = conn.execute(
                select(TakedownRow.doc).where(TakedownRow.takedown_id == takedown_id)
            ).scalar()
        return None if doc is None else _TAKEDOWN.decode(doc)

    def versions(self, takedown_id: str) -> list[Takedown]:
        with connect(self.engine) as conn:
            docs = conn.execute(
                select(TakedownVersionRow.doc)
                .where(TakedownVersionRow.takedown_id == takedown_id)
                .order_by(TakedownVersionRow.version)
            ).scalars()
            return [_TAKEDOWN.decode(d) for d in docs]

    def takedowns(
        self,
        district: str | None = None,
        ring_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[Takedown]:
        """Current versions, newest raid first; ``end`` is exclusive."""
        query = select(TakedownRow.doc).order_by(
            TakedownRow.taken_on.desc(), TakedownRow.takedown_id
        )
        if district is not None:
            query = query.where(TakedownRow.district == district)
        if ring_id is not None:
            query = query.where(TakedownRow.ring_id == ring_id)
        if start is not None:
            query = query.where(TakedownRow.taken_on >= start)
        if end is not None:
            query = query.where(TakedownRow.taken_on < end)
        with connect(self.engine) as conn:
            return [_TAKEDOWN.decode(d) for d in conn.execute(query).scalars()]

    def closures(self, case_ids: Iterable[str] | None = None) -> dict[str, CaseClosure]:
        """Closed cases (of ``case_ids``, or all) by case id."""
        query = select(CaseClosureRow)
        if case_ids is not None:
            query = query.where(CaseClosureRow.case_id.in_(list(case_ids)))
        with connect(self.engine) as conn:
            return {
                r.case_id: CaseClosure(
                    case_id=r.case_id,
                    takedown_id=r.takedown_id,
                    ring_id=r.ring_id,
                    closed_on=r.closed_on,
                )
                for r in conn.execute(query)
            }

    def case_districts(self, case_ids: Iterable[str]) -> dict[str, str | None]:
        """The cases (fraud reports) among ``case_ids`` that exist, with the victim's district."""
        query = (
            select(EventRow.id, PersonRow.district)
            .outerjoin(PersonRow, PersonRow.person_id == EventRow.person_id)
            .where(EventRow.kind == "report", EventRow.id.in_(list(case_ids)))
        )
        with connect(self.engine) as conn:
            return {str(case_id): district for case_id, district in conn.execute(query)}

    # ---- gold notices ----------------------------------------------------------------

    def add_notice(self, notice: GoldNotice) -> None:
        try:
            with begin(self.engine) as conn:
                conn.execute(insert(GoldNoticeRow).values(**_notice(notice)))
        except IntegrityError:
            with connect(self.engine) as conn:
                existing = conn.execute(
                    select(GoldNoticeRow.notice_id).where(
                        GoldNoticeRow.shop_id == notice.shop_id,
                        GoldNoticeRow.issued_on == notice.issued_on,
                    )
                ).scalar()
            raise Duplicate("shop_id", existing or notice.notice_id) from None

    def save_notice(self, notice: GoldNotice) -> None:
        with begin(self.engine) as conn:
            conn.execute(
                update(GoldNoticeRow)
                .where(GoldNoticeRow.notice_id == notice.notice_id)
                .values(**_notice(notice))
            )

    def notice(self, notice_id: str, lock: bool = False) -> GoldNotice | None:
        query = select(GoldNoticeRow.doc).where(GoldNoticeRow.notice_id == notice_id)
        with connect(self.engine) as conn:
            doc = conn.execute(query.with_for_update() if lock else query).scalar()
        return None if doc is None else _NOTICE.decode(doc)

    def notices(
        self,
        district: str | None = None,
        merchant: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[GoldNotice]:
        """Notices, newest first; ``merchant`` matches the shop id or part of the name."""
        query = select(GoldNoticeRow.doc).order_by(
            GoldNoticeRow.issued_on.desc(), GoldNoticeRow.notice_id
        )
        if district is not None:
            query = query.where(GoldNoticeRow.district == district)
        if merchant:
            pattern = "%" + merchant.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(
                (GoldNoticeRow.shop_id == merchant)
                | GoldNoticeRow.merchant_name.like(pattern + "%", escape="\\")
            )
        if start is not None:
            query = query.where(GoldNoticeRow.issued_on >= start)
        if end is not None:
            query = query.where(GoldNoticeRow.issued_on < end)
        with connect(self.engine) as conn:
            return [_NOTICE.decode(d) for d in conn.execute(query).scalars()]


def _columns(t: Takedown) -> dict[str, object]:
    return {
        "takedown_id": t.takedown_id,
        "version": t.version,
        "ring_id": t.ring_id,
        "district": t.district,
        "taken_on": t.taken_on,
        "suspects": t.suspects_count,
        "cash_fen": t.cash_seized_fen,
        "gold_mg": t.gold_mg,
        "doc": _encode(t),
    }


def _version(t: Takedown) -> dict[str, object]:
    return {
        "takedown_id": t.takedown_id,
        "version": t.version,
        "recorded_at": t.recorded_at,
        "doc": _encode(t),
    }


def _closure(c: CaseClosure) -> dict[str, object]:
    return {
        "case_id": c.case_id,
        "takedown_id": c.takedown_id,
        "ring_id": c.ring_id,
        "closed_on": c.closed_on,
    }


def _notice(n: GoldNotice) -> dict[str, object]:
    return {
        "notice_id": n.notice_id,
        "shop_id": n.shop_id,
        "merchant_name": n.merchant_name,
        "district": n.district,
        "issued_on": n.issued_on,
        "acknowledged_on": n.acknowledged_on,
        "doc": _encode(n),
    }


__all__ = ["Duplicate", "SqlLedgerStore", "VersionConflict"]
