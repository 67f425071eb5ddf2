"""Mule scores in the SQL store: loaded nightly, read per account by checks and lists.

Loading is an upsert per account: tonight's score replaces the account's last
one, and accounts tonight's window did not see keep theirs (a card that went
quiet after it was flagged stays listed until a later run clears it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Engine, delete, insert, select

from fanzha.mules.score import AccountScore
from fanzha.store.models import MuleScoreRow
from fanzha.store.unit import begin, connect

_CHUNK = 5000


class StoredScore(msgspec.Struct, frozen=True, kw_only=True):
    account_id: str
    bank: str
    score: float
    listed: bool
    reasons: list[str]
    evidence: list[str]
    first_flagged_ts: datetime | None
    model: str
    scored_at: datetime


class _Doc(msgspec.Struct, frozen=True):
    reasons: list[str]
    evidence: list[str]


class SqlMuleScores:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self, scores: Iterable[AccountScore], threshold: float, at: datetime) -> int:
        """Upsert the scores; an account is listed when its score reaches ``threshold``."""
        rows = [
            {
                "account_id": s.account_id,
                "bank": s.bank[:32],
                "score": s.score,
                "listed": s.score >= threshold,
                "first_flagged": s.first_flagged_ts,
                "model": s.model[:64],
                "scored_at": at,
                "doc": msgspec.json.encode(_Doc(s.reasons, s.evidence)),
            }
            for s in scores
        ]
        with begin(self.engine) as conn:
            for i in range(0, len(rows), _CHUNK):
                part = rows[i : i + _CHUNK]
                ids = [r["account_id"] for r in part]
                conn.execute(delete(MuleScoreRow).where(MuleScoreRow.account_id.in_(ids)))
                conn.execute(insert(MuleScoreRow), part)
        return len(rows)

    def get(self, account_id: str) -> StoredScore | None:
        query = select(*_COLUMNS).where(MuleScoreRow.account_id == account_id)
        with connect(self.engine) as conn:
            row = conn.execute(query).first()
        return None if row is None else _stored(row)

    def listed(self) -> list[StoredScore]:
        """Every listed account (thousands at most: what the lists hold in memory)."""
        with connect(self.engine) as conn:
            rows = conn.execute(select(*_COLUMNS).where(MuleScoreRow.listed)).all()
        return [_stored(r) for r in rows]


_COLUMNS = (
    MuleScoreRow.account_id,
    MuleScoreRow.bank,
    MuleScoreRow.score,
    MuleScoreRow.listed,
    MuleScoreRow.first_flagged,
    MuleScoreRow.model,
    MuleScoreRow.scored_at,
    MuleScoreRow.doc,
)


def _stored(row: Any) -> StoredScore:
    doc = msgspec.json.decode(row.doc, type=_Doc)
    return StoredScore(
        account_id=row.account_id,
        bank=row.bank,
        score=row.score,
        listed=row.listed,
        reasons=doc.reasons,
        evidence=doc.evidence,
        first_flagged_ts=row.first_flagged,
        model=row.model,
        scored_at=row.scored_at,
    )


__all__ = ["SqlMuleScores", "StoredScore"]
