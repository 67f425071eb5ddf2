"""Bodies of ``fanzha users add`` and ``fanzha audit verify``: the store, no server."""

from __future__ import annotations

from fanzha.security.auditlog import verify
from fanzha.security.roles import Role
from fanzha.security.sql import SqlAuditLog, SqlUserDirectory
from fanzha.security.users import User, create_user
from fanzha.server.services import database_url_or_default
from fanzha.store import engine, migrate


def add_user(
    database_url: str | None,
    user_id: str,
    role: str,
    name: str,
    district: str | None,
    station: str | None,
    password: str,
) -> None:
    url = database_url_or_default(database_url)
    migrate(url)
    user = User(
        user_id=user_id, display_name=name, role=Role(role), district=district, station=station
    )
    create_user(SqlUserDirectory(engine(url)), user, password)


def verify_audit(database_url: str | None) -> tuple[bool, str]:
    url = database_url_or_default(database_url)
    log = SqlAuditLog(engine(url))
    broken = verify(log)
    count = len(log.entries())
    if broken is None:
        return True, f"audit chain intact: {count:,} entries\n审计链完好：共 {count:,} 条"
    where = f"at entry {broken.seq}" if broken.seq else "as a whole"
    where_zh = f"第 {broken.seq} 条" if broken.seq else "整体"
    english = f"audit chain BROKEN {where}: {broken.reason}"
    return False, f"{english}\n审计链被破坏（{where_zh}）：{broken.reason_zh}"
