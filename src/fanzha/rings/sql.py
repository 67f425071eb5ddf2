"""Rings in the SQL store: the documents, a member index, and the analysts' decisions."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted, decode_event
from fanzha.rings.kept import MEMBER_KINDS, Decision, KeptRing
from fanzha.rings.repository import RingVersionConflict
from fanzha.store.models import EventRow, RingDecisionRow, RingMemberRow, RingRow
from fanzha.store.unit import begin, connect

_ENCODER = msgspec.msgpack.Encoder()
_RING = msgspec.msgpack.Decoder(KeptRing)
_DECISION = msgspec.msgpack.Decoder(Decision)

EVIDENCE_KINDS = (
    "transfer", "withdrawal", "gold_purchase", "account", "person", "report",
    "call", "order", "parcel",
)  # fmt: skip
"""The event kinds the ring finder reads."""


class SqlRingRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, ring_id: str) -> KeptRing | None:
        with connect(self.engine) as conn:
            doc = conn.execute(select(RingRow.doc).where(RingRow.ring_id == ring_id)).scalar()
        return None if doc is None else _RING.decode(doc)

    def all(self) -> dict[str, KeptRing]:
        with connect(self.engine) as conn:
            docs = conn.execute(select(RingRow.doc).order_by(RingRow.ring_id)).scalars()
            found = [_RING.decode(doc) for doc in docs]
        return {kept.ring.ring_id: kept for kept in found}

    def ring_of(self, kind: str, member: str) -> str | None:
        """The active ring holding a case, account, phone or address."""
        query = select(RingMemberRow.ring_id).where(
            RingMemberRow.kind == kind, RingMemberRow.member == member
        )
        with connect(self.engine) as conn:
            return conn.execute(query).scalar()

    def replace_all(self, rings: dict[str, KeptRing]) -> None:
        """The whole set, at once (a rebuild or a load)."""
        with begin(self.engine) as conn:
            conn.execute(delete(RingMemberRow))
            conn.execute(delete(RingRow))
            for kept in rings.values():
                self._insert(conn, kept)

    def save(self, rings: list[KeptRing], expected: dict[str, int]) -> None:
        """Changed rings, compare-and-set on the versions read (new rings are inserted)."""
        with begin(self.engine) as conn:
            for kept in rings:
                ring_id = kept.ring.ring_id
                if ring_id not in expected:
                    self._insert(conn, kept)
                    continue
                done = conn.execute(
                    update(RingRow)
                    .where(RingRow.ring_id == ring_id, RingRow.version == expected[ring_id])
                    .values(state=kept.state, version=kept.version, doc=_ENCODER.encode(kept))
                )
                if done.rowcount != 1:
                    now = conn.execute(
                        select(RingRow.version).where(RingRow.ring_id == ring_id)
                    ).scalar()
                    raise RingVersionConflict(ring_id, int(now or 0))
                conn.execute(delete(RingMemberRow).where(RingMemberRow.ring_id == ring_id))
                self._members(conn, kept)

    def _insert(self, conn: Connection, kept: KeptRing) -> None:
        when = kept.history[-1].ts if kept.history else None
        conn.execute(
            insert(RingRow).values(
                ring_id=kept.ring.ring_id,
                state=kept.state,
                version=kept.version,
                updated=when,
                doc=_ENCODER.encode(kept),
            )
        )
        self._members(conn, kept)

    def _members(self, conn: Connection, kept: KeptRing) -> None:
        if kept.state != "active":
            return
        rows = [
            {"ring_id": kept.ring.ring_id, "kind": kind, "member": member}
            for kind in MEMBER_KINDS
            for member in getattr(kept.ring, kind)
        ]
        if rows:
            conn.execute(insert(RingMemberRow), rows)

    def add_decision(self, decision: Decision) -> None:
        with begin(self.engine) as conn:
            last = conn.execute(select(func.max(RingDecisionRow.seq))).scalar()
            conn.execute(
                insert(RingDecisionRow).values(
                    decision_id=decision.decision_id,
                    seq=int(last or 0) + 1,
                    ts=decision.ts,
                    doc=_ENCODER.encode(decision),
                )
            )

    def decisions(self) -> list[Decision]:
        query = select(RingDecisionRow.doc).order_by(RingDecisionRow.seq)
        with connect(self.engine) as conn:
            return [_DECISION.decode(doc) for doc in conn.execute(query).scalars()]


def stored_events(engine: Engine) -> Iterator[Event]:
    """The store's events of the kinds the ring finder reads, in time order."""
    query = select(EventRow.raw).where(EventRow.kind.in_(EVIDENCE_KINDS)).order_by(EventRow.ts)
    with connect(engine) as conn:
        for raw in conn.execute(query).scalars():
            decoded = decode_event(raw.encode(), "store")
            if isinstance(decoded, Accepted):
                yield decoded.event


__all__ = ["EVIDENCE_KINDS", "RingVersionConflict", "SqlRingRepository", "stored_events"]
