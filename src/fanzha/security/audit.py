"""An append-only audit trail whose entries are keyed and chained, its head anchored outside.

Every view, export and action is one entry. Each entry is sealed with an
HMAC-SHA256 over its own content and the previous entry's seal, under a key
kept outside the database: someone who can write the database but not read
the key cannot edit a row and re-seal the rest, forge a row, or build a whole
self-consistent replacement chain. What a chain alone cannot show is a cut at
its end (the last rows deleted, every row deleted, the database rolled back to
an older copy): for that the newest seal is also written to a signed
checkpoint outside the database (``fanzha.security.anchor``), and verification
demands that the database reach it.

Timestamps are sealed as UTC with fixed (microsecond) precision, so an entry
written with a ``+08:00`` clock verifies after the database hands it back in
UTC. Storage is the caller's (a SQL table in the service, a list in tests);
this module only computes and checks.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import msgspec

GENESIS_HASH: Final = "0" * 64
SEAL_VERSION: Final = b"fanzha-audit-v2\x00"
_ENCODER = msgspec.json.Encoder(order="sorted")


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """Who did what to which object, when, and from where."""

    seq: int
    ts: datetime
    user_id: str
    role: str
    action: str
    """``view``, ``export``, ``sign``, ``attempt``, ``login``, …"""
    object_type: str
    object_id: str
    detail: Mapping[str, Any] = {}
    prev_hash: str = GENESIS_HASH
    hash: str = ""


class Checkpoint(msgspec.Struct, frozen=True):
    """The newest entry known to have been written: its number and seal."""

    seq: int
    hash: str


class ChainBroken(msgspec.Struct, frozen=True):
    """Where the trail first fails, and why, in English and in Chinese."""

    seq: int
    reason: str
    reason_zh: str


def utc_text(ts: datetime) -> str:
    """``2025-03-03T01:00:00.000000Z``: one spelling per instant, whatever the zone."""
    aware = ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_detail(detail: Mapping[str, Any]) -> Any:
    """The detail as the database gives it back (a JSON round trip): what is sealed."""
    return msgspec.json.decode(_ENCODER.encode(dict(detail)))


def entry_hash(entry: AuditEntry, key: bytes) -> str:
    """HMAC-SHA256 under ``key`` over the entry's canonical JSON (its own seal left out)."""
    content = {
        "seq": entry.seq,
        "ts": utc_text(entry.ts),
        "user_id": entry.user_id,
        "role": entry.role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": canonical_detail(entry.detail),
        "prev_hash": entry.prev_hash,
    }
    return hmac.new(key, SEAL_VERSION + _ENCODER.encode(content), hashlib.sha256).hexdigest()


def chain(previous: AuditEntry | None, key: bytes, **fields: Any) -> AuditEntry:
    """The next entry after ``previous``, sealed under ``key``."""
    seq = previous.seq + 1 if previous else 1
    prev_hash = previous.hash if previous else GENESIS_HASH
    draft = AuditEntry(seq=seq, prev_hash=prev_hash, **fields)
    draft = msgspec.structs.replace(draft, detail=canonical_detail(draft.detail))
    return msgspec.structs.replace(draft, hash=entry_hash(draft, key))


def _broken(seq: int, reason: str, reason_zh: str) -> ChainBroken:
    return ChainBroken(seq, reason, reason_zh)


def verify_chain(
    entries: Iterable[AuditEntry], key: bytes, anchor: Checkpoint | None = None
) -> ChainBroken | None:
    """None when the trail is intact, else where and why it first breaks.

    ``anchor`` is the checkpoint kept outside the database; without one only
    the chain itself is checked (an empty or cut trail then looks intact).
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    at_anchor: AuditEntry | None = None
    for entry in entries:
        if entry.seq != expected_seq:
            return _broken(
                expected_seq,
                f"entry {expected_seq} is missing (the next one is {entry.seq}): "
                "rows were deleted or inserted",
                f"第 {expected_seq} 条缺失（下一条是第 {entry.seq} 条）：有记录被删除或插入",
            )
        if entry.prev_hash != expected_prev:
            return _broken(
                entry.seq,
                f"entry {entry.seq} does not follow entry {entry.seq - 1}: "
                "rows were reordered, replaced or inserted",
                f"第 {entry.seq} 条与第 {entry.seq - 1} 条接不上：记录被调换、替换或插入",
            )
        if not hmac.compare_digest(entry_hash(entry, key), entry.hash):
            return _broken(
                entry.seq,
                f"entry {entry.seq} was changed or forged: its seal does not match the audit key",
                f"第 {entry.seq} 条被篡改或伪造：其签章与审计密钥不符",
            )
        if anchor is not None and entry.seq == anchor.seq:
            at_anchor = entry
        expected_prev = entry.hash
        expected_seq += 1
    count = expected_seq - 1
    if anchor is None or anchor.seq == 0:
        return None
    if at_anchor is None:
        missing = anchor.seq - count
        return _broken(
            count + 1,
            f"the last {missing} entries are missing: the checkpoint outside the database "
            f"records {anchor.seq} entries, the database holds {count} "
            "(rows deleted at the end, or the database rolled back to an older copy)",
            f"末尾缺少 {missing} 条：库外检查点记录了 {anchor.seq} 条，数据库只有 {count} 条"
            "（末尾记录被删除，或数据库被回滚到旧副本）",
        )
    if not hmac.compare_digest(at_anchor.hash, anchor.hash):
        return _broken(
            anchor.seq,
            f"entry {anchor.seq} is not the one the checkpoint outside the database recorded: "
            "the trail was rolled back and written again, or replaced",
            f"第 {anchor.seq} 条与库外检查点记录的不同：审计记录被回滚后重写或被整体替换",
        )
    return None
