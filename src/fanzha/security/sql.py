"""Users, sessions and the audit chain in the SQL store.

The audit log's ``seq`` is the primary key: two writers (threads or server
processes) that read the same last entry both try to insert ``seq + 1``, one
wins and the other re-reads and chains after it, so the chain never forks.
On PostgreSQL writers first queue on a transaction-level advisory lock, so
under load (many request threads in several processes) none loses that race
over and over until it gives up: every view and action gets its entry.

After each append the chain's checkpoint outside the database is moved to the
new entry (``fanzha.security.anchor``); the chain is named by the one row of
``audit_chain``, written by the migration that introduced sealed entries
(older entries were moved to ``audit_log_legacy`` then, and are not verified).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import msgspec
import structlog
from sqlalchemy import Engine, bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from fanzha.security.anchor import AuditSeal, CheckpointInvalid, load_key
from fanzha.security.audit import AuditEntry, ChainBroken, verify_chain
from fanzha.security.auditlog import AuditFilter, AuditPage, AuditRecord, entry_after
from fanzha.security.bounds import fit_audit
from fanzha.security.logins import ThrottleState
from fanzha.security.roles import Principal, Role
from fanzha.security.sql_lookups import HeldConnections
from fanzha.security.users import Session, User
from fanzha.settings import get_settings
from fanzha.store.models import AuditChainRow, AuditRow, LoginThrottleRow, SessionRow, UserRow
from fanzha.store.unit import after_commit, begin, connect

AUDIT_CHAIN_LOCK = 0x66616E7A6861  # "fanzha": the advisory lock that orders appends
log = structlog.get_logger(__name__)


_LOGIN = (
    select(
        SessionRow.expires,
        UserRow.user_id,
        UserRow.display_name,
        UserRow.role,
        UserRow.district,
        UserRow.station,
        UserRow.active,
    )
    .join(UserRow, UserRow.user_id == SessionRow.user_id)
    .where(SessionRow.token_hash == bindparam("token_hash"))
)
"""Built once (its compiled form is cached by SQLAlchemy): every request runs it."""


class SqlUserDirectory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.local = engine.dialect.name == "sqlite"
        """Lookups read a local file in microseconds: a caller on an event loop may run
        them inline instead of handing them to a thread (PostgreSQL: a round trip)."""
        self.held: HeldConnections | None = None
        if engine.dialect.name == "postgresql":
            conninfo = engine.url.set(drivername="postgresql")
            self.held = HeldConnections.postgres(conninfo.render_as_string(hide_password=False))
        elif engine.url.database not in (None, "", ":memory:"):  # in memory: the pool's own
            self.held = HeldConnections.sqlite(str(engine.url.database))

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

    def find_login(self, token_hash: str) -> tuple[Session, User] | None:
        row: Sequence[Any] | None
        if self.held is not None:  # one statement on a held connection
            row = self.held.login(token_hash)
        else:
            with self.engine.connect() as conn:
                row = conn.execute(_LOGIN, {"token_hash": token_hash}).first()
        if row is None:
            return None
        expires, user_id, display_name, role, district, station, active = row
        session = Session(token_hash=token_hash, user_id=user_id, expires=expires)
        user = User(
            user_id=user_id,
            display_name=display_name,
            role=Role(role),
            district=district,
            station=station,
            active=bool(active),
        )
        return session, user

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


def _audit_row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "ts": entry.ts,
        "user_id": entry.user_id,
        "role": entry.role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": msgspec.json.encode(entry.detail).decode(),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


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


def _whole(reason: str, reason_zh: str) -> ChainBroken:
    """A failure of the trail as a whole rather than of one entry (``seq`` 0)."""
    return ChainBroken(0, reason, reason_zh)


class SqlAuditLog:
    def __init__(self, engine: Engine, attempts: int = 50, seal: AuditSeal | None = None) -> None:
        self.engine = engine
        self.attempts = attempts
        self._seal = seal
        self._chain_id: str | None = None
        self._newest = threading.local()
        """This thread's newest entry: anchors of older ones in the same unit are skipped."""

    @property
    def seal(self) -> AuditSeal:
        """The configured key and checkpoint directory, read (or made) on first use."""
        if self._seal is None:
            self._seal = AuditSeal.from_settings()
        return self._seal

    def chain_id(self) -> str | None:
        """This database's chain, as the migration named it (None if that row was removed)."""
        with self.engine.connect() as conn:
            return conn.execute(select(AuditChainRow.chain_id).limit(1)).scalar()

    def append(
        self,
        principal: Principal,
        action: str,
        object_type: str,
        object_id: str,
        when: datetime,
        detail: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        return self.append_many([AuditRecord(principal, action, object_type, object_id, when,
                                             detail)])[0]  # fmt: skip

    def append_many(self, records: Sequence[AuditRecord]) -> list[AuditEntry]:
        """Chain ``records`` after the newest entry in one statement: a sweep's hundreds
        of breaches cost one read of the chain's head and one insert, not one each."""
        if not records:
            return []
        fitted = [
            (principal, record.action, record.object_type, object_id, record.when, detail)
            for record in records
            for principal, object_id, detail in [
                fit_audit(record.principal, record.object_id, record.detail)
            ]
        ]
        key = self.seal.key
        for _ in range(self.attempts):
            try:
                with begin(self.engine) as conn:
                    if conn.dialect.name == "postgresql":  # held until these entries commit
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK}
                        )
                    last = conn.execute(
                        select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)
                    ).first()
                    previous = _entry(last) if last else None
                    made: list[AuditEntry] = []
                    for fields in fitted:
                        previous = entry_after(previous, key, *fields)
                        made.append(previous)
                    conn.execute(insert(AuditRow), [_audit_row(entry) for entry in made])
                break
            except IntegrityError:
                continue  # another writer took this place in the chain: chain after it
        else:
            raise RuntimeError("audit log is too contended to append")
        newest = made[-1]
        self._newest.entry = newest
        after_commit(self.engine, lambda: self._anchor(newest))
        return made

    def _anchor(self, entry: AuditEntry) -> None:
        """After the commit, the unit of work's included (so a failed commit or a rolled-back
        request never leaves the anchor ahead of the data). Of a unit's many entries (a
        deadline sweep's breaches) only the newest moves the checkpoint: one fsync, not one
        per entry; the checkpoint may skip entries (``advance`` reads the path to it)."""
        if getattr(self._newest, "entry", entry) is not entry:
            return
        if self._chain_id is None:
            self._chain_id = self.chain_id()
        if self._chain_id is None:
            log.error("audit chain id missing from the database: entries are not anchored")
            return
        try:
            self.seal.advance(self._chain_id, entry, self._seal_at)
        except OSError:
            log.exception("audit checkpoint could not be written", seq=entry.seq)

    def _seal_at(self, seq: int) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(AuditRow.hash).where(AuditRow.seq == seq)).scalar()

    def entries(self) -> list[AuditEntry]:
        with connect(self.engine) as conn:
            rows = conn.execute(select(AuditRow).order_by(AuditRow.seq)).all()
        return [_entry(row) for row in rows]

    def page(self, where: AuditFilter, offset: int, limit: int) -> AuditPage:
        conditions = [
            column == value
            for column, value in (
                (AuditRow.user_id, where.user_id),
                (AuditRow.action, where.action),
                (AuditRow.object_id, where.object_id),
            )
            if value is not None
        ]
        if where.since is not None:
            conditions.append(AuditRow.ts >= where.since)
        if where.until is not None:
            conditions.append(AuditRow.ts < where.until)
        query = select(AuditRow).where(*conditions)
        with connect(self.engine) as conn:
            total = conn.execute(
                select(func.count()).select_from(AuditRow).where(*conditions)
            ).scalar_one()
            rows = conn.execute(
                query.order_by(AuditRow.seq.desc()).offset(offset).limit(limit)
            ).all()
        return AuditPage(total=total, entries=[_entry(row) for row in rows])

    def verify(self) -> ChainBroken | None:
        """Every entry sealed under the key, in order, reaching the checkpoint outside."""
        entries = self.entries()
        settings = get_settings()
        if self._seal is not None:
            seal = self._seal
        else:
            key = load_key(settings, create=False)
            if key is None:
                if not entries:
                    return None
                where = settings.effective_audit_key_file
                return _whole(
                    f"the audit key is missing ({where} or FANZHA_AUDIT_KEY): "
                    "the entries cannot be checked",
                    f"审计密钥缺失（{where} 或 FANZHA_AUDIT_KEY）：无法校验审计记录",
                )
            seal = AuditSeal(key, settings.effective_audit_key_file.parent)
        chain_id = self.chain_id()
        if chain_id is None:
            return _whole(
                "the audit chain id was removed from the database (table audit_chain)",
                "数据库中的审计链标识被删除（audit_chain 表）",
            )
        path = seal.checkpoint_path(chain_id)
        try:
            anchor = seal.read_checkpoint(chain_id)
        except CheckpointInvalid:
            return _whole(
                f"the checkpoint {path} was altered: its signature does not match the audit key",
                f"检查点文件 {path} 被改动：签名与审计密钥不符",
            )
        broken = verify_chain(entries, seal.key, anchor)
        if broken is None and anchor is None and entries:
            return _whole(
                f"no checkpoint for this audit chain at {path}: "
                "nothing shows that the end of the trail was not cut",
                f"{path} 没有本审计链的检查点：无法证明审计记录末尾未被截断",
            )
        return broken
