"""The case service over the in-memory stores: who sees and acts, stop-payments,
conflicts and lapses — and the same answers as over the SQL store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fanzha.clock import ManualClock
from fanzha.contract.kinds import Event
from fanzha.contract.readers import Accepted, decode_event
from fanzha.ingest import EventWriter
from fanzha.security.auditlog import InMemoryAuditLog
from fanzha.security.roles import Principal, Role
from fanzha.store import engine, migrate
from fanzha.trace import holds as rules
from fanzha.trace.repository import HoldConflict, InMemoryHoldRepository, InMemoryMoneyStore
from fanzha.trace.service import CaseForbidden, CaseNotFound, CaseService
from fanzha.trace.sql import SqlHoldRepository, SqlMoneyQueries

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
VICTIM, M1, M2 = "6222020000000101", "6217000000000201", "6225880000000301"
ANALYST = Principal(user_id="analyst", role=Role.CENTER_ANALYST)
OWN = Principal(user_id="qk", role=Role.DISTRICT_OFFICER, district="硚口区")
OTHER = Principal(user_id="ja", role=Role.DISTRICT_OFFICER, district="江岸区")
AUDITOR = Principal(user_id="auditor", role=Role.AUDITOR)


def accepted() -> list[Accepted]:
    """A victim in 硚口区 pays two mules; one mule moves money on and draws cash."""

    def ev(kind: str, event_id: str, minutes: float, **fields: Any) -> dict[str, Any]:
        ts = (T0 + timedelta(minutes=minutes)).isoformat()
        source = fields.pop("source", "bank:test")
        return {"kind": kind, "id": event_id, "ts": ts, "source": source, **fields}

    def tx(event_id: str, src: str, dst: str, fen: int, minutes: float) -> dict[str, Any]:
        return ev(
            "transfer", event_id, minutes,
            from_account=src, to_account=dst, amount_fen=fen, channel="mobile",
        )  # fmt: skip

    rows = [
        ev(
            "person",
            "p-1",
            -900,
            person_id="P1",
            phones=["+8613800000001"],
            district="硚口区",
            address="硚口区解放大道1号",
            name="张三",
            source="police:hukou",
        ),
        ev(
            "account",
            "acc-v",
            -600,
            account_id=VICTIM,
            bank="icbc",
            holder="P1",
            source="bank:icbc",
        ),
        tx("tx-v1", VICTIM, M1, 5_000_000, 0),
        tx("tx-v2", VICTIM, M1, 3_000_000, 5),
        tx("tx-m1", M1, M2, 6_000_000, 12),
        ev("withdrawal", "wd-1", 20, account_id=M1, amount_fen=1_000_000, channel="atm"),
        ev(
            "report",
            "rep-1",
            120,
            person_id="P1",
            loss_fen=8_000_000,
            fraud_type="impersonate_police",
            transfers=["tx-v1", "tx-v2"],
        ),
        ev("call", "call-1", -30, caller="+8613900000009", callee="+8613800000001", duration_s=60),
    ]
    events = []
    for row in rows:
        decoded = decode_event(json.dumps(row, ensure_ascii=False).encode())
        assert isinstance(decoded, Accepted), decoded
        events.append(decoded)
    return events


def money_events() -> list[Event]:
    return [a.event for a in accepted()]


def in_memory(clock: ManualClock) -> CaseService:
    return CaseService(
        InMemoryMoneyStore(money_events()), InMemoryHoldRepository(), clock, InMemoryAuditLog()
    )


def test_a_case_is_stopped_once_and_a_stale_answer_is_refused() -> None:
    clock = ManualClock(T0 + timedelta(hours=3))
    service = in_memory(clock)
    [listed] = service.list_cases(ANALYST)
    assert (listed["case_id"], listed["district"], listed["loss_fen"]) == (
        "rep-1", "硚口区", 8_000_000,
    )  # fmt: skip
    first = service.request_stops(ANALYST, "rep-1", None)
    assert {h.account_id for h in first} >= {M1}
    assert all(h.state == rules.HoldState.REQUESTED for h in first)
    again = service.request_stops(ANALYST, "rep-1", None)
    assert [h.hold_id for h in again] == [h.hold_id for h in first]  # one hold per account
    assert len(service.get_case(ANALYST, "rep-1").holds) == len(first)

    hold = first[0]
    stored = service.holds.get(hold.hold_id)
    assert stored is not None
    read = stored.version

    def accept(h: rules.Hold, actor: str, when: datetime) -> None:
        rules.bank_answer(h, actor, when, accepted=True, balance_fen=1_000_000)

    answered = service.act(ANALYST, hold.hold_id, read, accept)
    assert answered.state == rules.HoldState.STOPPED
    with pytest.raises(HoldConflict):  # a second officer acting on the version read before
        service.act(ANALYST, hold.hold_id, read, accept)


def test_only_the_victims_district_sees_and_only_actors_stop() -> None:
    service = in_memory(ManualClock(T0 + timedelta(hours=3)))
    assert [c["case_id"] for c in service.list_cases(OWN)] == ["rep-1"]
    assert service.list_cases(OTHER) == []
    with pytest.raises(CaseNotFound):  # another jurisdiction's case reads as missing
        service.get_case(OTHER, "rep-1")
    with pytest.raises(CaseForbidden):
        service.request_stops(AUDITOR, "rep-1", None)
    assert service.get_case(AUDITOR, "rep-1").district == "硚口区"
    viewed = [e.object_id for e in service.audit.entries() if e.object_type == "case"]
    assert viewed == ["rep-1"]


def test_stop_payments_lapse_after_48_hours() -> None:
    clock = ManualClock(T0 + timedelta(hours=3))
    service = in_memory(clock)
    [hold, *_] = service.request_stops(ANALYST, "rep-1", None)
    service.act(
        ANALYST, hold.hold_id, hold.version,
        lambda h, actor, when: rules.bank_answer(h, actor, when, accepted=True, balance_fen=1),
    )  # fmt: skip
    clock.advance(timedelta(hours=47))
    assert service.sweep() == []
    clock.advance(timedelta(hours=1))
    assert service.sweep() == [hold.hold_id]
    assert service.holds.get(hold.hold_id).state == rules.HoldState.EXPIRED  # type: ignore[union-attr]


def test_the_in_memory_stores_answer_as_the_sql_store_does(sqlite_url: str) -> None:
    migrate(sqlite_url)
    db = engine(sqlite_url)
    EventWriter(db).store(accepted())
    clock = ManualClock(T0 + timedelta(hours=3))
    sql = CaseService(SqlMoneyQueries(db), SqlHoldRepository(db), clock, InMemoryAuditLog())
    memory = in_memory(clock)
    assert sql.list_cases(ANALYST) == memory.list_cases(ANALYST)
    on_sql, in_mem = sql.get_case(ANALYST, "rep-1"), memory.get_case(ANALYST, "rep-1")
    assert on_sql.requests == in_mem.requests
    assert sql.accounts_of("P1") == memory.accounts_of("P1") == [VICTIM]
    assert sql.payments_of("P1", T0) == memory.payments_of("P1", T0)
    assert sql.account_transfers(ANALYST, "rep-1", M1) == memory.account_transfers(
        ANALYST, "rep-1", M1
    )
    stops_sql = sql.request_stops(ANALYST, "rep-1", None)
    stops_mem = memory.request_stops(ANALYST, "rep-1", None)
    assert stops_sql == stops_mem  # the same holds, holder names and arrival times


def _transfer(event_id: str, src: str, dst: str, fen: int, minutes: float) -> Event:
    row = {
        "kind": "transfer", "id": event_id, "ts": (T0 + timedelta(minutes=minutes)).isoformat(),
        "source": "bank:test", "from_account": src, "to_account": dst, "amount_fen": fen,
        "channel": "mobile",
    }  # fmt: skip
    decoded = decode_event(json.dumps(row).encode())
    assert isinstance(decoded, Accepted), decoded
    return decoded.event


def _listed(service: CaseService) -> list[tuple[str, int, str]]:
    view = service.get_case(ANALYST, "rep-1")
    return [(r.account_id, r.amount_fen, r.action) for r in view.requests]


def test_an_open_case_grows_with_new_transfers_and_says_when_its_list_changed() -> None:
    """New transfers go onto the open tracer (no rebuild) and the list equals a fresh read;
    the case says when its list last changed, and a transfer that changes nothing keeps it."""
    clock = ManualClock(T0 + timedelta(hours=3))
    store = InMemoryMoneyStore(money_events())
    service = CaseService(store, InMemoryHoldRepository(), clock, InMemoryAuditLog())
    before = _listed(service)
    opened_at = service.get_case(ANALYST, "rep-1").list_changed_at
    tracer = service.tracer()
    m3 = "6228480000000401"
    clock.advance(timedelta(minutes=10))
    store.add([_transfer("tx-m2", M2, m3, 4_000_000, 200)])
    after = _listed(service)
    assert service.tracer() is tracer  # grown, not read afresh
    assert after != before and any(row[0] == m3 for row in after)
    fresh = CaseService(store, InMemoryHoldRepository(), clock, InMemoryAuditLog())
    assert after == _listed(fresh)
    changed_at = service.get_case(ANALYST, "rep-1").list_changed_at
    assert opened_at is not None and changed_at == clock.now() > opened_at
    clock.advance(timedelta(minutes=10))
    store.add([_transfer("tx-noise", VICTIM, "6222020000009999", 100, 210)])
    assert _listed(service) == after
    assert service.get_case(ANALYST, "rep-1").list_changed_at == changed_at


def test_a_late_transfer_reads_the_store_afresh_and_gives_the_fresh_list() -> None:
    clock = ManualClock(T0 + timedelta(hours=3))
    store = InMemoryMoneyStore(money_events())
    service = CaseService(store, InMemoryHoldRepository(), clock, InMemoryAuditLog())
    _listed(service)
    tracer = service.tracer()
    store.add([_transfer("tx-late", M2, "6228480000000402", 2_000_000, 15)])  # before the newest
    late = _listed(service)
    assert service.tracer() is not tracer
    fresh = CaseService(store, InMemoryHoldRepository(), clock, InMemoryAuditLog())
    assert late == _listed(fresh) and any(row[0] == "6228480000000402" for row in late)
