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
from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from fanzha.security.audit import AuditEntry
from fanzha.security.auditlog import entry_after
from fanzha.security.bounds import fit_audit
from fanzha.security.logins import ThrottleState
from fanzha.security.roles import Principal, Role
from fanzha.security.users import Session, User
from fanzha.store.models import AuditRow, LoginThrottleRow, SessionRow, UserRow

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

    def drop_expired_sessions(self, now: datetime) -> int:
        with self.engine.begin() as conn:
            return conn.execute(delete(SessionRow).where(SessionRow.expires <= now)).rowcount


class SqlThrottleStore:
    """Failed-login counts in the store, shared by every server process.

    ``add_failure`` increments in SQL (``failures + 1``), so two processes
    counting the same user name at once both count; a first failure that
    races another's insert retries as an increment.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> ThrottleState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(LoginThrottleRow).where(LoginThrottleRow.key == key)).first()
        if row is None:
            return None
        return ThrottleState(row.failures, row.window_start, row.locked_until)

    def add_failure(self, key: str, now: datetime, window: timedelta) -> int:
        mine = LoginThrottleRow.key == key
        for _ in range(5):
            try:
                with self.engine.begin() as conn:
                    fresh = conn.execute(
                        update(LoginThrottleRow)
                        .where(mine, LoginThrottleRow.window_start < now - window)
                        .values(failures=1, window_start=now)
                    ).rowcount
                    if not fresh:
                        fresh = conn.execute(
                            update(LoginThrottleRow)
                            .where(mine)
                            .values(failures=LoginThrottleRow.failures + 1)
                        ).rowcount
                    if not fresh:
                        conn.execute(
                            insert(LoginThrottleRow).values(
                                key=key, failures=1, window_start=now, locked_until=None
                            )
                        )
                    count: int = conn.execute(
                        select(LoginThrottleRow.failures).where(mine)
                    ).scalar_one()
                    return count
            except IntegrityError:
                continue  # another process inserted the first failure: count on top of it
        raise RuntimeError("login throttle is too contended to count")

    def lock(self, key: str, until: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(LoginThrottleRow)
                .where(LoginThrottleRow.key == key)
                .values(locked_until=until)
            )

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(LoginThrottleRow).where(LoginThrottleRow.key == key))

    def sweep(self, before: datetime) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                delete(LoginThrottleRow).where(
                    LoginThrottleRow.window_start < before,
                    (LoginThrottleRow.locked_until.is_(None))
                    | (LoginThrottleRow.locked_until < before),
                )
            ).rowcount


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
        principal, object_id, detail = fit_audit(principal, object_id, detail)
        for _ in range(self.attempts):
            try:
                with self.engine.begin() as conn:
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
        with self.engine.connect() as conn:
            rows = conn.execute(select(AuditRow).order_by(AuditRow.seq)).all()
        return [_entry(row) for row in rows]
