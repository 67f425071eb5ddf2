from datetime import UTC, datetime, timedelta

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from fanzha.security.audit import AuditEntry, chain, entry_hash, verify_chain

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
KEY = b"k" * 32


def build(n: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for i in range(n):
        entries.append(
            chain(
                entries[-1] if entries else None,
                KEY,
                ts=T0 + timedelta(seconds=i),
                user_id=f"u{i % 3}",
                role="district_officer",
                action="view",
                object_type="task",
                object_id=f"T{i}",
                detail={"fields": ["phone"]},
            )
        )
    return entries


def test_intact_chain_verifies() -> None:
    assert verify_chain(build(20), KEY) is None


@given(st.integers(min_value=0, max_value=19), st.sampled_from(["user_id", "object_id", "action"]))
def test_changing_any_row_is_detected_at_that_row(index: int, field: str) -> None:
    entries = build(20)
    entries[index] = msgspec.structs.replace(entries[index], **{field: "tampered"})
    broken = verify_chain(entries, KEY)
    assert broken is not None
    assert broken.seq == index + 1


def test_deleting_or_reordering_rows_is_detected() -> None:
    entries = build(10)
    assert verify_chain(entries[:4] + entries[5:], KEY) is not None
    swapped = entries[:]
    swapped[3], swapped[4] = swapped[4], swapped[3]
    assert verify_chain(swapped, KEY) is not None


def test_rehashing_a_changed_row_without_the_key_is_detected_at_that_row() -> None:
    entries = build(5)
    forged = msgspec.structs.replace(entries[2], object_id="other")
    entries[2] = msgspec.structs.replace(forged, hash=entry_hash(forged, b"x" * 32))
    broken = verify_chain(entries, KEY)
    assert broken is not None and broken.seq == 3


def test_a_beijing_time_verifies_after_the_store_returns_it_in_utc() -> None:
    """The same instant in another zone is the same seal: replay clocks use +08:00."""
    from zoneinfo import ZoneInfo

    beijing = T0.astimezone(ZoneInfo("Asia/Shanghai"))
    entry = chain(None, KEY, ts=beijing, user_id="u", role="r", action="view",
                  object_type="task", object_id="T1")  # fmt: skip
    assert verify_chain([msgspec.structs.replace(entry, ts=T0)], KEY) is None


def test_in_memory_log_pages_like_the_database() -> None:
    from fanzha.security.auditlog import AuditFilter, InMemoryAuditLog
    from fanzha.security.roles import Principal, Role

    log = InMemoryAuditLog()
    start = datetime(2025, 3, 3, tzinfo=UTC)
    for n, user in enumerate(["a", "b", "a", "a"]):
        who = Principal(user_id=user, role=Role.CENTER_ANALYST)
        log.append(who, "view", "task", f"T{n}", start + timedelta(minutes=n))
    page = log.page(AuditFilter(user_id="a"), offset=1, limit=1)
    assert page.total == 3 and [e.object_id for e in page.entries] == ["T2"]
    window = AuditFilter(since=start + timedelta(minutes=1), until=start + timedelta(minutes=3))
    assert [e.object_id for e in log.page(window, 0, 10).entries] == ["T2", "T1"]
