"""Partners, webhook deliveries and the partner log in the SQL store: every partners query.

The outbox keeps ``Outbox``'s rules (backoff, dead letters, a partner pulls
only its own) but its deliveries live in the store, so a restart loses none
and several server processes share them. ``sql_repository`` bundles them as
the ``repository.PartnersRepository`` the services take; nothing else in
``partners`` speaks SQL.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from fanzha.partners.registry import Partner, PartnerRegistry
from fanzha.partners.repository import PartnersRepository, log_row, unpack
from fanzha.partners.webhooks import Delivery, DeliveryState, Outbox, Sender, Target
from fanzha.store.models import (
    AccountRow,
    DeliveryRow,
    EventRow,
    PartnerLogRow,
    PartnerNonceRow,
    PartnerRow,
    PhoneRow,
)
from fanzha.store.service import observations_about
from fanzha.store.unit import begin, connect, unit_or_joined

_PARTNER = msgspec.msgpack.Decoder(Partner)
_DELIVERY = msgspec.msgpack.Decoder(Delivery)
_ENCODE = msgspec.msgpack.Encoder()


class SqlPartnerStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def registry(self) -> PartnerRegistry:
        with self.engine.connect() as conn:
            docs = conn.execute(select(PartnerRow.doc)).scalars()
            return PartnerRegistry([_PARTNER.decode(doc) for doc in docs])

    def save(self, partner: Partner) -> None:
        doc = _ENCODE.encode(partner)
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(PartnerRow)
                .where(PartnerRow.partner_id == partner.partner_id)
                .values(doc=doc)
            ).rowcount
            if not changed:
                conn.execute(insert(PartnerRow).values(partner_id=partner.partner_id, doc=doc))


class SqlNonces:
    """Nonces of signed requests in the store (``signing.NonceStore``).

    The primary key makes the claim atomic: of two servers given the same
    request at once, exactly one inserts the row. Expired rows are swept now
    and then, so the table holds about one window of requests.
    """

    SWEEP_EVERY = 256

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._claim = (
            dialect.insert(PartnerNonceRow)
            .on_conflict_do_nothing()
            .returning(PartnerNonceRow.nonce)  # rowcount is not reliable on every driver
        )
        self._claims = 0

    def claim(self, scope: str, nonce: str, expires: datetime, now: datetime) -> bool:
        table = PartnerNonceRow
        with self.engine.begin() as conn:
            self._claims += 1
            if self._claims % self.SWEEP_EVERY == 1:
                conn.execute(delete(table).where(table.expires < now))
            else:  # an expired claim of this very nonce must not block it
                conn.execute(
                    delete(table).where(
                        table.partner_id == scope, table.nonce == nonce, table.expires < now
                    )
                )
            values = {"partner_id": scope, "nonce": nonce, "expires": expires}
            return conn.execute(self._claim, values).first() is not None


class SqlOutbox(Outbox):
    """Deliveries in the store; the retry rules are ``Outbox``'s."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    def _load(self, *conditions: Any) -> list[Delivery]:
        query = select(DeliveryRow.doc).where(*conditions).order_by(DeliveryRow.created)
        with connect(self.engine) as conn:
            return [_DELIVERY.decode(doc) for doc in conn.execute(query).scalars()]

    def _store(self, delivery: Delivery, new: bool = False) -> None:
        values = {
            "partner_id": delivery.partner_id,
            "state": str(delivery.state),
            "next_try": delivery.next_try,
            "created": delivery.created,
            "doc": _ENCODE.encode(delivery),
        }
        with begin(self.engine) as conn:
            if new:
                conn.execute(insert(DeliveryRow).values(delivery_id=delivery.delivery_id, **values))
            else:
                conn.execute(
                    update(DeliveryRow)
                    .where(DeliveryRow.delivery_id == delivery.delivery_id)
                    .values(**values)
                )

    def enqueue(
        self, partner_id: str, topic: str, payload: dict[str, Any], now: datetime
    ) -> Delivery:
        delivery = super().enqueue(partner_id, topic, payload, now)
        self.deliveries.clear()
        self._store(delivery, new=True)
        return delivery

    def run_due(self, targets: dict[str, Target], send: Sender, now: datetime) -> list[Delivery]:
        due = self._load(
            DeliveryRow.state == str(DeliveryState.PENDING), DeliveryRow.next_try <= now
        )
        tried = []
        for delivery in due:
            target = targets.get(delivery.partner_id)
            if target is not None:
                self._try(delivery, target, send, now)
                self._store(delivery)
                tried.append(delivery)
        return tried

    def dead_letters(self) -> list[Delivery]:
        return self._load(DeliveryRow.state == str(DeliveryState.DEAD))

    def get(self, delivery_id: str) -> Delivery | None:
        found = self._load(DeliveryRow.delivery_id == delivery_id)
        return found[0] if found else None

    def requeue(self, delivery_id: str, now: datetime) -> None:
        delivery = self.get(delivery_id)
        if delivery is None:
            raise KeyError(delivery_id)
        delivery.state, delivery.attempts, delivery.next_try = DeliveryState.PENDING, 0, now
        self._store(delivery)

    def pending_for(self, partner_id: str) -> list[Delivery]:
        return self._load(
            DeliveryRow.partner_id == partner_id,
            DeliveryRow.state != str(DeliveryState.DELIVERED),
        )

    def acknowledge(self, partner_id: str, delivery_id: str, now: datetime) -> None:
        delivery = self.get(delivery_id)
        if delivery is None or delivery.partner_id != partner_id:
            raise KeyError(delivery_id)
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, now
        self._store(delivery)


class PartnerLog:
    """Appends and reads what partners did (checks, clues, feedback)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def row(
        self,
        partner_id: str,
        kind: str,
        ts: datetime,
        person_id: str | None,
        outcome: str | None,
        doc: dict[str, Any],
    ) -> dict[str, Any]:
        """A new record (not yet written): ``add_many`` writes it."""
        return log_row(partner_id, kind, ts, person_id, outcome, doc)

    def add_many(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(PartnerLogRow), rows)

    def add(
        self,
        partner_id: str,
        kind: str,
        ts: datetime,
        person_id: str | None,
        outcome: str | None,
        doc: dict[str, Any],
    ) -> str:
        row = self.row(partner_id, kind, ts, person_id, outcome, doc)
        self.add_many([row])
        return str(row["record_id"])

    def get(self, record_id: str) -> dict[str, Any] | None:
        found = self.recent(record_id=record_id)
        return found[0] if found else None

    def recent(
        self,
        partner_id: str | None = None,
        kind: str | None = None,
        person_id: str | None = None,
        record_id: str | None = None,
        limit: int = 200,
        *,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Records newest first, filtered in the database; ``until`` is exclusive."""
        conditions = self._conditions(partner_id, kind, person_id, record_id, outcome, since, until)
        table = PartnerLogRow.__table__
        query = (
            select(table)
            .where(*conditions)
            .order_by(PartnerLogRow.ts.desc(), PartnerLogRow.record_id)
            .offset(offset)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [unpack(dict(r)) for r in rows]

    def count(
        self,
        partner_id: str | None = None,
        kind: str | None = None,
        *,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """How many records ``recent`` pages through with the same filters."""
        conditions = self._conditions(partner_id, kind, None, None, outcome, since, until)
        query = select(func.count()).select_from(PartnerLogRow).where(*conditions)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    @staticmethod
    def _conditions(
        partner_id: str | None,
        kind: str | None,
        person_id: str | None,
        record_id: str | None,
        outcome: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[Any]:
        conditions: list[Any] = [
            column == value
            for column, value in (
                (PartnerLogRow.partner_id, partner_id),
                (PartnerLogRow.kind, kind),
                (PartnerLogRow.person_id, person_id),
                (PartnerLogRow.record_id, record_id),
                (PartnerLogRow.outcome, outcome),
            )
            if value is not None
        ]
        if since is not None:
            conditions.append(PartnerLogRow.ts >= since)
        if until is not None:
            conditions.append(PartnerLogRow.ts < until)
        return conditions


class SqlReferenceData:
    """The reference tables partner questions turn on (``repository.ReferenceData``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def phone_owner(self, phone: str) -> str | None:
        with self.engine.connect() as conn:
            owner: str | None = conn.execute(
                select(PhoneRow.person_id).where(PhoneRow.phone == phone)
            ).scalar()
            return owner

    def banks_of(self, person_id: str) -> set[str]:
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    select(AccountRow.bank).where(AccountRow.holder == person_id)
                ).scalars()
            )

    def person_cards(self, person_id: str) -> tuple[list[str], list[tuple[str, str]]]:
        """A person's phone numbers and (account, bank) pairs, per the reference data."""
        with connect(self.engine) as conn:
            phones = list(
                conn.execute(
                    select(PhoneRow.phone).where(PhoneRow.person_id == person_id)
                ).scalars()
            )
            accounts = [
                (str(a), str(b))
                for a, b in conn.execute(
                    select(AccountRow.account_id, AccountRow.bank).where(
                        AccountRow.holder == person_id
                    )
                )
            ]
        return sorted(phones), sorted(accounts)

    def carrier_seen(self, phone: str) -> str | None:
        """The telecom whose own newest event names this number (``telecom:cmcc`` → ``cmcc``)."""
        with connect(self.engine) as conn:
            source: str | None = conn.execute(
                select(EventRow.source)
                .where(EventRow.phone == phone, EventRow.source.like("telecom:%"))
                .order_by(EventRow.ts.desc())
                .limit(1)
            ).scalar()
        return source.split(":", 1)[1] if source else None

    def observations_about(self, subject: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn, Session(bind=conn) as session:
            return observations_about(session, subject)


def sql_repository(engine: Engine) -> PartnersRepository:
    """The partner services' store on ``engine``; their writes join its unit of work."""

    def unit() -> AbstractContextManager[object]:
        return unit_or_joined(engine)

    return PartnersRepository(
        partners=SqlPartnerStore(engine),
        nonces=SqlNonces(engine),
        log=PartnerLog(engine),
        outbox=SqlOutbox(engine),
        reference=SqlReferenceData(engine),
        unit=unit,
    )
