"""The case service's storage in the SQL store (SQLite or PostgreSQL): the money
it traces (``SqlMoneyQueries``) and holds saved compare-and-set on ``version``.

Two officers — or two server processes — changing one hold: exactly one
update matches the version it read; the other gets ``HoldConflict``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted, decode_event
from fanzha.store.models import (
    AccountRow,
    EventRow,
    HoldClaimRow,
    HoldRow,
    PersonRow,
    TransferRow,
)
from fanzha.store.unit import begin, connect
from fanzha.trace.holds import Hold
from fanzha.trace.repository import LIVE_STATES, MONEY_KINDS, TRANSFERS_SHOWN, HoldConflict

_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Hold)


class SqlMoneyQueries:
    """``MoneyQueries`` over the store's events, persons, accounts and transfers."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def money_event_count(self) -> int:
        query = select(func.count()).select_from(EventRow).where(EventRow.kind.in_(MONEY_KINDS))
        with connect(self.engine) as conn:
            return int(conn.execute(query).scalar_one())

    def money_events(self) -> Iterator[Event]:
        query = select(EventRow.raw).where(EventRow.kind.in_(MONEY_KINDS)).order_by(EventRow.ts)
        with connect(self.engine) as conn:
            for raw in conn.execute(query).scalars():
                decoded = decode_event(raw.encode(), "store")
                if isinstance(decoded, Accepted):
                    yield decoded.event

    def money_events_since(self, since: datetime) -> Iterator[Event]:
        query = (
            select(EventRow.raw)
            .where(EventRow.kind.in_(MONEY_KINDS), EventRow.ts >= since)
            .order_by(EventRow.ts)
        )
        with connect(self.engine) as conn:
            for raw in conn.execute(query).scalars():
                decoded = decode_event(raw.encode(), "store")
                if isinstance(decoded, Accepted):
                    yield decoded.event

    def district_of(self, person_id: str) -> str | None:
        query = select(PersonRow.district).where(PersonRow.person_id == person_id)
        with connect(self.engine) as conn:
            return conn.execute(query).scalar()

    def holder_name(self, account_id: str) -> str | None:
        with connect(self.engine) as conn:
            holder = conn.execute(
                select(AccountRow.holder).where(AccountRow.account_id == account_id)
            ).scalar()
            if holder is None:
                return None
            return conn.execute(
                select(PersonRow.name).where(PersonRow.person_id == holder)
            ).scalar()

    def accounts_of(self, person_id: str) -> list[str]:
        query = (
            select(AccountRow.account_id)
            .where(AccountRow.holder == person_id)
            .order_by(AccountRow.account_id)
        )
        with connect(self.engine) as conn:
            return list(conn.execute(query).scalars())

    def transfers_touching(self, account_id: str) -> list[Mapping[str, Any]]:
        query = (
            select(TransferRow)
            .where(
                (TransferRow.from_account == account_id) | (TransferRow.to_account == account_id)
            )
            .order_by(TransferRow.ts)
            .limit(TRANSFERS_SHOWN)
        )
        with connect(self.engine) as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def payments_from(
        self, accounts: list[str], since: datetime, limit: int
    ) -> list[Mapping[str, Any]]:
        query = (
            select(TransferRow)
            .where(TransferRow.from_account.in_(accounts), TransferRow.ts >= since)
            .order_by(TransferRow.ts.desc())
            .limit(limit)
        )
        with connect(self.engine) as conn:
            return [dict(row) for row in conn.execute(query).mappings()]


class SqlHoldRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, hold_id: str) -> Hold | None:
        with connect(self.engine) as conn:
            doc = conn.execute(select(HoldRow.doc).where(HoldRow.hold_id == hold_id)).scalar()
        return None if doc is None else _DECODER.decode(doc)

    def for_account(self, account_id: str) -> Hold | None:
        """The account's hold: one per account, whichever cases claim it."""
        with connect(self.engine) as conn:
            doc = conn.execute(select(HoldRow.doc).where(HoldRow.account_id == account_id)).scalar()
        return None if doc is None else _DECODER.decode(doc)

    def for_case(self, case_id: str) -> list[Hold]:
        query = (
            select(HoldRow.doc)
            .join(HoldClaimRow, HoldClaimRow.hold_id == HoldRow.hold_id)
            .where(HoldClaimRow.case_id == case_id)
            .order_by(HoldRow.hold_id)
        )
        with connect(self.engine) as conn:
            return [_DECODER.decode(doc) for doc in conn.execute(query).scalars()]

    def all(self) -> list[Hold]:
        with connect(self.engine) as conn:
            return [_DECODER.decode(doc) for doc in conn.execute(select(HoldRow.doc)).scalars()]

    def live(self) -> Iterator[Hold]:
        """Stop-payments and freezes in force: what the sweeper looks at."""
        query = select(HoldRow.doc).where(HoldRow.state.in_([str(s) for s in LIVE_STATES]))
        with connect(self.engine) as conn:
            docs = list(conn.execute(query).scalars())
        return (_DECODER.decode(doc) for doc in docs)

    def add(self, hold: Hold) -> None:
        try:
            with begin(self.engine) as conn:
                conn.execute(insert(HoldRow).values(**_row(hold)))
                self._claims(conn, hold)
        except IntegrityError as err:
            current = self.get(hold.hold_id)
            raise HoldConflict(hold.hold_id, current.version if current else -1) from err

    def save(self, hold: Hold, read_version: int) -> None:
        with begin(self.engine) as conn:
            changed = conn.execute(
                update(HoldRow)
                .where(HoldRow.hold_id == hold.hold_id, HoldRow.version == read_version)
                .values(**_row(hold))
            ).rowcount
            if changed != 1:
                current = conn.execute(
                    select(HoldRow.version).where(HoldRow.hold_id == hold.hold_id)
                ).scalar()
                raise HoldConflict(hold.hold_id, current if current is not None else -1)
            conn.execute(delete(HoldClaimRow).where(HoldClaimRow.hold_id == hold.hold_id))
            self._claims(conn, hold)

    @staticmethod
    def _claims(conn: object, hold: Hold) -> None:
        rows = [{"hold_id": hold.hold_id, "case_id": c.case_id} for c in hold.claims]
        if rows:
            conn.execute(insert(HoldClaimRow), rows)  # type: ignore[attr-defined]


def _row(hold: Hold) -> dict[str, object]:
    return {
        "hold_id": hold.hold_id,
        "account_id": hold.account_id,
        "state": str(hold.state),
        "version": hold.version,
        "doc": _ENCODER.encode(hold),
    }


__all__ = ["HoldConflict", "SqlHoldRepository", "SqlMoneyQueries"]
