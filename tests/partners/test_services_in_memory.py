"""The partner services on the in-memory repository: the rules without a database.

Each test builds the facade the routes use (``PartnerService``) on
``memory.in_memory_repository`` and a manual clock, and asserts what a partner
or the center would see: refusals and their HTTP status, what is logged, who
is told. The last test runs one script on the memory and the SQL repository
and asserts the same answers, so the fake cannot drift from the store.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import ANY

import msgspec
import pytest

from fanzha.clock import ManualClock
from fanzha.contract.kinds import Order, Place
from fanzha.partners.checks import Decision
from fanzha.partners.context import InMemoryRiskContext
from fanzha.partners.memory import InMemoryReferenceData, in_memory_repository
from fanzha.partners.registry import AuthError, PartnerType
from fanzha.partners.repository import PartnersRepository
from fanzha.partners.service import PartnerService
from fanzha.partners.signing import sign_headers
from fanzha.partners.webhooks import DeliveryState, Target

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PHONE = "+8613800000001"


def service(repository: PartnersRepository | None = None, clock: ManualClock | None = None) -> Any:
    sent: list[tuple[Target, dict[str, Any]]] = []

    def send(target: Target, body: bytes, headers: dict[str, str]) -> int:
        sent.append((target, msgspec.json.decode(body)))
        return 200 if target.url.startswith("https://ok.") else 503

    partners = PartnerService(repository or in_memory_repository(), clock or ManualClock(T0), send)
    partners.sent = sent  # type: ignore[attr-defined]
    return partners


def order(event_id: str, phone: str = PHONE, ts: datetime = T0) -> Order:
    return Order(
        id=event_id,
        ts=ts,
        source="platform:didi",
        platform="didi",
        order_id=event_id,
        requester=phone,
        pickup=Place(district="硚口区", address="硚口区中山大道工商银行门口"),
        dropoff=Place(district="外地", address="孝感市某酒店"),
        cross_city=True,
        vehicle="car",
        passengers=0,
        item="一个纸箱",
    )


def refusal(call: Any) -> AuthError:
    with pytest.raises(AuthError) as caught:
        call()
    return caught.value


# ---- auth ---------------------------------------------------------------------------------


def test_a_key_works_from_an_allowed_address_only_and_an_unknown_key_is_refused() -> None:
    partners = service()
    didi, key = partners.add_partner(
        "didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi", ip_allowlist=["10.0.0.0/8"]
    )
    assert partners.authenticate(key, "10.1.2.3", {}, b"").partner_id == "didi"
    assert refusal(lambda: partners.authenticate(key, "192.168.1.1", {}, b"")).status == 403
    assert refusal(lambda: partners.authenticate(key + "x", "10.1.2.3", {}, b"")).status == 401
    assert refusal(lambda: partners.authenticate(None, "10.1.2.3", {}, b"")).status == 401
    assert didi.webhook_secret and key not in repr(partners.store.registry().get("didi"))


def test_a_source_that_does_not_fit_the_type_is_refused() -> None:
    with pytest.raises(ValueError, match="source"):
        service().add_partner("evil", "evil", PartnerType.RIDE_HAILING, "police:hukou")


def test_the_rate_limit_answers_429_with_when_to_come_back() -> None:
    clock = ManualClock(T0)
    partners = service(clock=clock)
    _, key = partners.add_partner(
        "didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi", rate_limit_per_s=2
    )
    for _ in range(2):
        partners.authenticate(key, "127.0.0.1", {}, b"")
    error = refusal(lambda: partners.authenticate(key, "127.0.0.1", {}, b""))
    assert error.status == 429 and error.retry_after_s == pytest.approx(0.5)  # type: ignore[attr-defined]
    clock.advance(timedelta(seconds=1))
    partners.authenticate(key, "127.0.0.1", {}, b"")


def test_a_partner_that_must_sign_is_refused_unsigned_and_a_replay_is_refused() -> None:
    clock = ManualClock(T0)
    partners = service(clock=clock)
    didi, key = partners.add_partner(
        "didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi", require_signature=True
    )
    assert "must sign" in str(refusal(lambda: partners.authenticate(key, "::1", {}, b"{}")))
    headers = sign_headers(didi.webhook_secret or "", b"{}", clock.now())
    assert partners.authenticate(key, "::1", headers, b"{}").partner_id == "didi"
    assert "bad signature" in str(
        refusal(lambda: partners.authenticate(key, "::1", headers, b"{}"))
    )
    tampered = sign_headers(didi.webhook_secret or "", b"{}", clock.now())
    assert "bad signature" in str(
        refusal(lambda: partners.authenticate(key, "::1", tampered, b"[]"))
    )


def test_a_rotated_key_keeps_working_for_the_grace_week_and_another_process_sees_new_keys() -> None:
    clock = ManualClock(T0)
    repository = in_memory_repository()
    here, there = service(repository, clock), service(repository, clock)
    _, old = here.add_partner("didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi")
    new = there.rotate("didi")
    assert here.authenticate(new, "::1", {}, b"").partner_id == "didi"  # reloaded on a miss
    assert here.authenticate(old, "::1", {}, b"").partner_id == "didi"
    clock.advance(timedelta(days=7, seconds=1))
    assert "expired" in str(refusal(lambda: here.authenticate(old, "::1", {}, b"")))
    assert here.authenticate(new, "::1", {}, b"").partner_id == "didi"
    with pytest.raises(KeyError):
        here.rotate("nobody")


# ---- checks, clues, feedback --------------------------------------------------------------


def test_a_check_needs_its_scope_and_is_logged_after_the_answer_with_its_event() -> None:
    partners = service()
    didi, _ = partners.add_partner("didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi")
    seen: list[Any] = []
    partners.events_sink = seen.extend
    risk = InMemoryRiskContext(phone_owner={PHONE: "P1"}, warnings={"P1": "high"})
    row, result = partners.check(didi, "order", order("o-1"), risk)
    assert result.decision is not Decision.ALLOW and result.person_id == "P1"
    assert partners.log.recent() == []  # not yet written: the answer goes first
    partners.record_later(row, "accepted o-1")
    partners.flush()
    (logged,) = partners.log.recent(kind="check_order")
    assert logged["record_id"] == row["record_id"] and logged["event_id"] == "o-1"
    assert logged["outcome"] == result.decision and seen == ["accepted o-1"]
    assert "P1" not in logged["record_id"]  # ids never embed personal data
    assert refusal(lambda: partners.check(didi, "gold", order("o-2"), risk)).status == 403


def test_ring_clues_count_in_later_checks_even_after_a_restart() -> None:
    repository = in_memory_repository()
    partners = service(repository)
    didi, _ = partners.add_partner("didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi")
    partners.clue(didi, {"kind": "phone", "value": "+8617100000001", "ring": True}, None)
    partners.clue(didi, {"kind": "account", "value": "6222020000000101", "ring": True}, None)
    partners.clue(didi, {"kind": "phone", "value": "+8617100000002", "ring": False}, None)
    restarted = service(repository)
    assert restarted.ring_phones == {"+8617100000001"}
    assert restarted.ring_accounts == {"6222020000000101"}


def test_feedback_names_only_the_partners_own_checks_and_lands_in_the_weeks_counts() -> None:
    clock = ManualClock(T0)
    partners = service(clock=clock)
    didi, _ = partners.add_partner("didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi")
    lala, _ = partners.add_partner("lala", "货拉拉", PartnerType.FREIGHT, "platform:lala")
    risk = InMemoryRiskContext(phone_owner={PHONE: "P1"})
    row, result = partners.check(didi, "order", order("o-1"), risk)
    partners.record_later(row, None)
    with pytest.raises(KeyError):
        partners.feedback(lala, row["record_id"], "order_refused", "")
    found = partners.feedback(didi, row["record_id"], "order_refused", "司机拒单")
    assert found["person_id"] == "P1"
    week = partners.summary(T0 - timedelta(days=7))
    assert week == {"check_order": {str(result.decision): 1}, "feedback": {"order_refused": 1}}


# ---- pushing back -------------------------------------------------------------------------


def test_a_warning_goes_to_who_checked_the_person_and_to_the_persons_banks_only() -> None:
    reference = InMemoryReferenceData(
        phones={PHONE: "P1"}, accounts={"6222-1": ("P1", "icbc"), "6222-2": ("P2", "cmb")}
    )
    clock = ManualClock(T0)
    partners = service(in_memory_repository(reference), clock)
    didi, _ = partners.add_partner("didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi")
    partners.add_partner("lala", "货拉拉", PartnerType.FREIGHT, "platform:lala")
    partners.add_partner("icbc", "工行", PartnerType.BANK, "bank:icbc")
    partners.add_partner("cmb", "招行", PartnerType.BANK, "bank:cmb")
    row, _ = partners.check(
        didi, "order", order("o-1"), InMemoryRiskContext(phone_owner=reference.phones)
    )
    partners.record_later(row, None)
    assert sorted(p.partner_id for p in partners.concerned("P1")) == ["didi", "icbc"]
    assert partners.push_warning("P1", {"warning_id": "W1"}) == 2
    assert [d.payload for d in partners.pull(didi)] == [{"warning_id": "W1"}]
    clock.advance(timedelta(days=31))  # a check a month old no longer concerns didi
    assert [p.partner_id for p in partners.concerned("P1")] == ["icbc"]


def test_webhooks_are_sent_to_their_partner_retried_and_acknowledged_by_their_owner_only() -> None:
    clock = ManualClock(T0)
    partners = service(clock=clock)
    icbc, _ = partners.add_partner("icbc", "工行", PartnerType.BANK, "bank:icbc")
    cmb, _ = partners.add_partner("cmb", "招行", PartnerType.BANK, "bank:cmb")
    for partner, url in (
        (icbc, "https://ok.icbc.example/hook"),
        (cmb, "https://down.cmb.example/hook"),
    ):
        partner.webhook_url = url
        partners.store.save(partner)
    partners.reload()
    assert partners.push_stop_payment("icbc", {"hold_id": "h1"}) == 1
    assert partners.push_stop_payment("cmb", {"hold_id": "h2"}) == 1
    assert partners.push_stop_payment("boc", {"hold_id": "h3"}) == 0  # no such bank partner
    tried = {d.partner_id: d for d in partners.deliver_due()}
    assert tried["icbc"].state is DeliveryState.DELIVERED
    assert tried["cmb"].state is DeliveryState.PENDING and tried["cmb"].last_error == "HTTP 503"
    assert [body["payload"] for _, body in partners.sent] == [{"hold_id": "h1"}, {"hold_id": "h2"}]
    assert partners.deliver_due() == []  # the retry waits for its backoff
    with pytest.raises(KeyError):
        partners.acknowledge(icbc, tried["cmb"].delivery_id)
    partners.acknowledge(cmb, tried["cmb"].delivery_id)
    assert partners.pull(cmb) == []


def test_a_measure_is_routed_to_each_institution_with_its_own_cards_only() -> None:
    reference = InMemoryReferenceData(
        phones={"+8613900000001": "P1", "+8618600000001": "P1"},
        accounts={"6222-1": ("P1", "icbc"), "6225-1": ("P1", "cmb")},
        carriers={"+8613900000001": "cmcc"},
    )
    partners = service(in_memory_repository(reference))
    partners.add_partner("cmcc", "移动", PartnerType.TELECOM, "telecom:cmcc")
    partners.add_partner("icbc", "工行", PartnerType.BANK, "bank:icbc")
    found, unrouted = partners.measure_routes("P1", ["telecom", "bank"])
    told = {r.partner.partner_id: r.subjects for r in found}
    assert told == {"cmcc": ("+8613900000001",), "icbc": ("6222-1",)}
    assert sorted(unrouted) == ["bank:cmb", "telecom:cucc"]


# ---- the fake answers as the store does ---------------------------------------------------


def _script(partners: Any, clock: ManualClock) -> dict[str, Any]:
    didi, _ = partners.add_partner("didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi")
    risk = InMemoryRiskContext(phone_owner={PHONE: "P1"}, warnings={"P1": "medium"})
    ids = []
    for n in range(5):
        row, _ = partners.check(didi, "order", order(f"o-{n}", ts=clock.now()), risk)
        partners.record_later(row, None)
        ids.append(row["record_id"])
        clock.advance(timedelta(minutes=1))
    partners.clue(didi, {"kind": "address", "value": "孝感市某酒店", "ring": True}, "P1")
    partners.flush()

    def shape(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [
            (ids.index(r["record_id"]) if r["record_id"] in ids else r["kind"], r["outcome"])
            for r in rows
        ]

    return {
        "newest": shape(partners.log.recent(limit=3, offset=1)),
        "orders": partners.log.count("didi", "check_order", since=T0 + timedelta(minutes=1)),
        "until": shape(partners.log.recent(until=T0 + timedelta(minutes=1))),
        "week": partners.summary(T0 - timedelta(days=7)),
        "rings": sorted(partners.ring_addresses),
        "rings_after_restart": sorted(service(partners.repository, clock).ring_addresses),
        "concerned": [p.partner_id for p in partners.concerned("P1")],
    }


def test_the_in_memory_repository_answers_as_the_sql_store(sqlite_url: str) -> None:
    from fanzha.partners.sql import sql_repository
    from fanzha.store import engine, migrate

    migrate(sqlite_url)
    memory_clock, sql_clock = ManualClock(T0), ManualClock(T0)
    in_memory = _script(service(in_memory_repository(), memory_clock), memory_clock)
    in_sql = _script(service(sql_repository(engine(sqlite_url)), sql_clock), sql_clock)
    assert in_memory == in_sql
    assert in_memory["rings_after_restart"] == ["孝感市某酒店"]
    assert in_memory["orders"] == 4 and in_memory["concerned"] == ["didi"]
    assert in_memory["newest"] == [(4, in_memory["newest"][0][1]), (3, ANY), (2, ANY)]
