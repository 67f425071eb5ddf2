"""Partner checks read live detection only through the engine's read methods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fanzha.contract.kinds import Account, Person, Withdrawal
from fanzha.detect.engine import Engine
from fanzha.partners.risk import EngineRiskContext

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _engine() -> Engine:
    engine = Engine()
    engine.feed(
        Person(
            id="per-1", ts=T0, source="police:hukou", person_id="P1", name="张三",
            phones=["+8613800000001"], address="硚口区中山大道1号", district="硚口区",
        )
    )  # fmt: skip
    engine.feed(
        Account(
            id="acc-1", ts=T0, source="bank:icbc", account_id="6222-1", bank="icbc",
            holder="P1", address_on_file="孝感市某路2号",
        )
    )  # fmt: skip
    engine.flush()
    return engine


def test_the_risk_context_answers_from_what_detection_was_fed() -> None:
    engine = _engine()
    risk = EngineRiskContext(engine, open_task_level={"P1": "high"}.get)
    assert risk.person_of_phone("+8613800000001") == "P1"
    assert risk.person_of_account("6222-1") == "P1"
    assert risk.address_on_file("6222-1") == "孝感市某路2号"
    assert risk.home_address("P1") == "硚口区中山大道1号"
    assert risk.warning_level("P1") == "high"  # no live warning here: the open task's level
    assert not risk.risky_contact_since("P1", T0 - timedelta(days=1))
    engine.note_risky_contact("P1", T0 + timedelta(hours=1))
    assert risk.risky_contact_since("P1", T0)
    assert not risk.risky_contact_since("P1", T0 + timedelta(hours=2))
    assert risk.cash_withdrawn_since("P1", T0) == 0
    at = T0 + timedelta(hours=3)
    engine.feed(
        Withdrawal(
            id="w-1", ts=at, source="bank:icbc", account_id="6222-1",
            amount_fen=5_000_000, channel="atm",
        )
    )  # fmt: skip
    engine.flush()
    assert risk.cash_withdrawn_since("P1", at) == 5_000_000
    assert risk.cash_withdrawn_since("P1", at + timedelta(seconds=1)) == 0


def test_numbers_detection_has_not_seen_fall_back_to_the_store() -> None:
    risk = EngineRiskContext(_engine(), stored_owner={"+8613900000009": "P9"}.get)
    assert risk.person_of_phone("+8613900000009") == "P9"
    assert risk.person_of_account("nope") is None and risk.address_on_file("nope") is None
