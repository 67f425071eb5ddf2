"""Cases over real HTTP: trace, stop-pay, bank answer, freeze, return — with jurisdiction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

VICTIM, M1, M2 = "6222020000000101", "6217000000000201", "6225880000000301"


def money_events(at: datetime) -> list[dict[str, Any]]:
    def ev(kind: str, event_id: str, minutes: float, **fields: Any) -> dict[str, Any]:
        ts = (at + timedelta(minutes=minutes)).isoformat()
        return {"kind": kind, "id": event_id, "ts": ts, "source": "bank:test", **fields}

    def tx(event_id: str, src: str, dst: str, fen: int, minutes: float) -> dict[str, Any]:
        return ev(
            "transfer",
            event_id,
            minutes,
            from_account=src,
            to_account=dst,
            amount_fen=fen,
            channel="mobile",
        )

    return [
        ev("account", "acc-v", -600, account_id=VICTIM, bank="icbc", holder="P1"),
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
    ]


def test_a_case_from_report_to_money_returned(server: Any) -> None:
    analyst = server.login("analyst")
    analyst.post("/v1/events", json=money_events(server.clock.now())).raise_for_status()

    listed = analyst.get("/v1/cases").json()
    assert [c["case_id"] for c in listed] == ["rep-1"]
    assert listed[0]["district"] == "硚口区" and listed[0]["loss_fen"] == 8_000_000

    case = analyst.get("/v1/cases/rep-1").json()
    assert case["totals"] == {
        "stolen_fen": 8_000_000,
        "held_fen": 7_000_000,
        "cashed_out_fen": 1_000_000,
        "spent_at_hubs_fen": 0,
        "beyond_sight_fen": 0,
    }
    freeze = {
        r["account_id"]: (r["amount_fen"], r["hop"], r["action"]) for r in case["freeze_list"]
    }
    assert freeze == {M2: (6_000_000, 2, "freeze"), M1: (1_000_000, 1, "freeze")}
    labels = {n["label"] for n in case["graph"]["nodes"]}
    assert {VICTIM, M1, M2, "cash"} <= labels
    assert sum(1 for link in case["graph"]["links"] if link["stolen_fen"] > 0) == 4

    m2 = next(n["id"] for n in case["graph"]["nodes"] if n["label"] == M2)
    moves = analyst.get(f"/v1/cases/rep-1/nodes/{m2}/transfers").json()
    assert [m["id"] for m in moves] == ["tx-m1"]

    key = {"Idempotency-Key": "stop-rep-1"}
    first = analyst.post("/v1/cases/rep-1/stop-payments", json={}, headers=key)
    again = analyst.post("/v1/cases/rep-1/stop-payments", json={}, headers=key)
    assert first.status_code == 200 and again.json() == first.json()
    holds = {h["account_id"]: h for h in first.json()["holds"]}
    assert {h["state"] for h in holds.values()} == {"requested"}
    assert len(analyst.get("/v1/cases/rep-1").json()["holds"]) == 2

    h2 = holds[M2]
    answer = {"expected_version": h2["version"], "accepted": True, "balance_fen": 5_500_000}
    stopped = analyst.post(f"/v1/holds/{h2['hold_id']}/answer", json=answer).json()
    assert (stopped["state"], stopped["stopped_fen"]) == ("stopped", 5_500_000)
    assert analyst.get("/v1/summary").json()["stopped_today_fen"] == 5_500_000
    assert server.login("ja").get("/v1/summary").json()["stopped_today_fen"] == 0
    stale = analyst.post(f"/v1/holds/{h2['hold_id']}/freeze", json={"expected_version": 1})
    assert stale.status_code == 409
    frozen = analyst.post(
        f"/v1/holds/{h2['hold_id']}/freeze", json={"expected_version": stopped["version"]}
    ).json()
    assert frozen["state"] == "frozen" and frozen["frozen_fen"] == 5_500_000

    h1 = holds[M1]
    refused = analyst.post(
        f"/v1/holds/{h1['hold_id']}/answer",
        json={"expected_version": h1["version"], "accepted": False, "reason": "账户已销户"},
    ).json()
    assert refused["state"] == "refused" and refused["bank_reason"] == "账户已销户"

    returned = analyst.post(
        f"/v1/holds/{h2['hold_id']}/return", json={"expected_version": frozen["version"]}
    ).json()
    assert returned["state"] == "returned"
    ledger = analyst.get("/v1/cases/rep-1").json()["ledger"]
    assert ledger["stopped_fen"] == ledger["frozen_fen"] == ledger["returned_fen"] == 5_500_000
    assert ledger["returned_direct_fen"] == 5_500_000 and ledger["refused"] == 1
    assert ledger["stolen_fen"] == 8_000_000 and ledger["traced_held_fen"] == 7_000_000


def test_stop_payments_lapse_after_48_hours(server: Any) -> None:
    analyst = server.login("analyst")
    analyst.post("/v1/events", json=money_events(server.clock.now())).raise_for_status()
    [hold, _] = analyst.post("/v1/cases/rep-1/stop-payments", json={}).json()["holds"]
    analyst.post(
        f"/v1/holds/{hold['hold_id']}/answer",
        json={"expected_version": hold["version"], "accepted": True},
    ).raise_for_status()
    server.clock.advance(timedelta(hours=47))
    analyst = server.login("analyst")  # a new shift
    assert analyst.post("/v1/holds/sweep").json() == []
    server.clock.advance(timedelta(hours=1))
    assert analyst.post("/v1/holds/sweep").json() == [hold["hold_id"]]
    states = {h["hold_id"]: h["state"] for h in analyst.get("/v1/cases/rep-1").json()["holds"]}
    assert states[hold["hold_id"]] == "expired"


def test_only_the_victims_district_sees_and_acts_and_numbers_are_masked(server: Any) -> None:
    server.login("analyst").post("/v1/events", json=money_events(server.clock.now()))
    own, other, auditor = server.login("qk"), server.login("ja"), server.login("auditor")
    assert [c["case_id"] for c in own.get("/v1/cases").json()] == ["rep-1"]
    assert other.get("/v1/cases").json() == []
    assert other.get("/v1/cases/rep-1").status_code == 404  # as if it did not exist
    assert other.post("/v1/cases/rep-1/stop-payments", json={}).status_code == 404
    seen = own.get("/v1/cases/rep-1").json()
    numbers = [r["account_id"] for r in seen["freeze_list"]]
    assert numbers and all("*" in n for n in numbers)  # officers never see card numbers
    assert auditor.get("/v1/cases/rep-1").status_code == 200
    assert auditor.post("/v1/cases/rep-1/stop-payments", json={}).status_code == 403
    viewed = [e for e in server.context.audit.entries() if e.object_type == "case"]
    assert {e.user_id for e in viewed} >= {"qk", "auditor"}


def test_the_case_graph_names_banks_and_exits_and_masks_numbers(server: Any) -> None:
    """What the picture draws: bank short names and last digits, exits by kind, no number."""
    server.login("analyst").post("/v1/events", json=money_events(server.clock.now()))
    seen = server.login("qk").get("/v1/cases/rep-1").json()
    nodes = {n["kind"]: n for n in seen["graph"]["nodes"]}
    assert nodes["victim"]["short"] == "工商银行 ****0101" and nodes["victim"]["hop"] == 0
    assert nodes["cash"]["exit"] and nodes["cash"]["short"] is None
    mules = [n for n in seen["graph"]["nodes"] if n["kind"] == "account"]
    assert {(n["short"], n["hop"]) for n in mules} == {
        ("建设银行 ****0201", 1),
        ("招商银行 ****0301", 2),
    }
    assert all(n["label"].startswith("****") for n in seen["graph"]["nodes"] if n["short"])
    assert VICTIM not in str(seen["graph"]) and M1 not in str(seen["graph"])
    assert {r["bank_name"] for r in seen["freeze_list"]} <= {"建设银行", "招商银行"}
