"""Users, sessions and the audit chain in the SQL store.

The audit log's ``seq`` is the primary key: two writers (threads or server
processes) that read the same last entry both try to insert ``seq + 1``, one
wins and the other re-reads and chains after it, so the chain never forks.
On PostgreSQL writers first queue on a transaction-level advisory lock, so
under load (many request threads in several processes) none loses that race
over and over until it gives up: every view and action gets its entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from fanzha.security.audit import AuditEntry
from fanzha.security.auditlog import entry_after
from fanzha.security.roles import Principal, Role
from fanzha.security.users import Session, User
from fanzha.store.models import AuditRow, SessionRow, UserRow
from fanzha.store.unit import begin, connect

AUDIT_CHAIN_LOCK = 0x66616E7A6861  # "fanzha": the advisory lock that orders appends


class SqlUserDirectory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, user_id: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(UserRow).where(UserRow.user_id == user_id)).first()
        if row is None:
            return None
        return User(
            user_id=row.user_id,
            display_name=row.display_name,
            role=Role(row.role),
            district=row.district,
            station=row.station,
            password_hash=row.password_hash,
            active=row.active,
        )

    def save(self, user: User) -> None:
        values = {
            "display_name": user.display_name,
            "role": str(user.role),
            "district": user.district,
            "station": user.station,
            "password_hash": user.password_hash,
            "active": user.active,
        }
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(UserRow).where(UserRow.user_id == user.user_id).values(**values)
            ).rowcount
            if not changed:
                conn.execute(insert(UserRow).values(user_id=user.user_id, **values))

    def save_session(self, session: Session) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(SessionRow).values(
                    token_hash=session.token_hash, user_id=session.user_id, expires=session.expires
                )
            )

    def find_session(self, token_hash: str) -> Session | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(SessionRow).where(SessionRow.token_hash == token_hash)
            ).first()
        if row is None:
            return None
        return Session(token_hash=row.token_hash, user_id=row.user_id, expires=row.expires)

    def drop_session(self, token_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        seq=row.seq,
        ts=row.ts,
        user_id=row.user_id,
        role=row.role,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        detail=msgspec.json.decode(row.detail),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class SqlAuditLog:
    def __init__(self, engine: Engine, attempts: int = 50) -> None:
        self.engine = engine
        self.attempts = attempts

    def append(
        self,
        principal: Principal,
        action: str,
        object_type: str,
        object_id: str,
        when: datetime,
        detail: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        for _ in range(self.attempts):
            try:
                with begin(self.engine) as conn:
                    if conn.dialect.name == "postgresql":  # held until this entry commits
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK}
                        )
                    last = conn.execute(
                        select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)
                    ).first()
                    previous = _entry(last) if last else None
                    entry = entry_after(
                        previous, principal, action, object_type, object_id, when, detail
                    )
                    conn.execute(
                        insert(AuditRow).values(
                            seq=entry.seq,
                            ts=entry.ts,
                            user_id=entry.user_id,
                            role=entry.role,
                            action=entry.action,
                            object_type=entry.object_type,
                            object_id=entry.object_id,
                            detail=msgspec.json.encode(entry.detail).decode(),
                            prev_hash=entry.prev_hash,
                            hash=entry.hash,
                        )
                    )
                return entry
            except IntegrityError:
                continue  # another writer took this place in the chain: chain after it
        raise RuntimeError("audit log is too contended to append")

    def entries(self) -> list[AuditEntry]:
        with connect(self.engine) as conn:
            rows = conn.execute(select(AuditRow).order_by(AuditRow.seq)).all()
        return [_entry(row) for row in rows]
