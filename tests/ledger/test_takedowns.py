"""Takedowns over real HTTP, on SQLite and PostgreSQL: roles and jurisdiction, masking,
errors that name the field, idempotent creates, the cases a takedown closes, the
versions a correction keeps, and the audit trail of each."""

from __future__ import annotations

from typing import Any

import pytest

from ._support import store_reports, takedown

REPORTS = {"rep-qk-1": "P1", "rep-qk-2": "P1", "rep-ja-1": "P2"}


@pytest.fixture
def desk(server: Any) -> Any:
    store_reports(server, REPORTS, server.clock.now())
    return server


def trail(server: Any, object_type: str) -> list[tuple[str, str, str]]:
    return [
        (e.user_id, e.action, e.object_id)
        for e in server.context.audit.entries()
        if e.object_type == object_type
    ]


def test_a_takedown_closes_its_cases_with_a_link_back_and_is_audited(desk: Any) -> None:
    analyst = desk.login("analyst")
    body = takedown(district="硚口区", case_ids=["rep-qk-1", "rep-qk-2"])
    made = analyst.post("/v1/rings/R-2025-007/takedowns", json=body)
    assert made.status_code == 201, made.text
    doc = made.json()
    tid = doc["takedown_id"]
    assert tid.startswith("TD-") and doc["version"] == 1 and doc["ring_id"] == "R-2025-007"
    assert (doc["cash_seized_fen"], doc["gold_mg"], doc["gold_grams"]) == (
        12_345_678,
        1_520_125,
        "1520.125",
    )
    assert [c["case_id"] for c in doc["cases"]] == ["rep-qk-1", "rep-qk-2"]
    assert doc["ring_href"] == "/ui/ring.html?id=R-2025-007"

    listed = {c["case_id"]: c for c in analyst.get("/v1/cases").json()}
    assert listed["rep-qk-1"]["closure"]["takedown_id"] == tid
    assert listed["rep-qk-2"]["closure"]["ring_id"] == "R-2025-007"
    assert listed["rep-ja-1"]["closure"] is None
    case = analyst.get("/v1/cases/rep-qk-1").json()
    assert case["closure"]["href"] == f"/ui/ledger.html?takedown={tid}"
    assert case["closure"]["closed_on"] == "2025-03-02"

    assert ("analyst", "create", tid) in trail(desk, "takedown")
    closed = [(a, c) for _, a, c in trail(desk, "case") if a == "close"]
    assert closed == [("close", "rep-qk-1"), ("close", "rep-qk-2")]


def test_roles_jurisdiction_and_masking(desk: Any) -> None:
    qk, ja = desk.login("qk"), desk.login("ja")
    for user in ("hzj", "auditor", "admin"):
        refused = desk.login(user).post("/v1/rings/R-1/takedowns", json=takedown())
        assert refused.status_code == 403, (user, refused.text)
    # A district officer records for their own district, and closes only its cases.
    other = qk.post("/v1/rings/R-1/takedowns", json=takedown(case_ids=["rep-ja-1"]))
    assert other.status_code == 422 and other.json()["field"] == "case_ids[0]"
    elsewhere = qk.post("/v1/rings/R-1/takedowns", json=takedown(district="江岸区"))
    assert elsewhere.status_code == 422 and "district" in elsewhere.json()["detail"]
    made = qk.post("/v1/rings/R-1/takedowns", json=takedown())
    assert made.status_code == 201, made.text
    tid = made.json()["takedown_id"]
    assert made.json()["district"] == "硚口区"
    # Officers see names, not card numbers; auditors see neither; the analyst both.
    mine = qk.get(f"/v1/takedowns/{tid}").json()
    assert mine["suspects"][0]["name"] == "赵建国"
    assert mine["suspects"][0]["id_number"] == "4201**********1234"
    assert mine["accounts_frozen"] == ["************0201", "************0301"]
    audited = desk.login("auditor").get("/v1/takedowns").json()
    assert [s["name"] for s in audited[0]["suspects"]] == ["赵*国", "钱*多"]
    full = desk.login("analyst").get(f"/v1/takedowns/{tid}").json()
    assert full["accounts_frozen"] == ["6217000000000201", "6225880000000301"]
    # Another district's takedown reads as missing, and is not listed.
    assert ja.get(f"/v1/takedowns/{tid}").status_code == 404
    assert ja.get("/v1/takedowns").json() == []
    assert desk.login("hzj").get("/v1/takedowns").json()[0]["takedown_id"] == tid
    assert desk.login("admin").get("/v1/takedowns").status_code == 403
    views = [(u, a) for u, a, _ in trail(desk, "takedowns")]
    assert ("auditor", "view") in views and ("ja", "view") in views


BAD_INPUT: list[tuple[dict[str, Any], str]] = [
    ({"cash_seized_fen": -1}, "cash_seized_fen"),
    ({"cash_seized_fen": 12.5}, "cash_seized_fen"),
    ({"cash_seized_fen": "一万"}, "cash_seized_fen"),
    ({"gold_grams": "1.0005"}, "gold_grams"),
    ({"gold_grams": -2}, "gold_grams"),
    ({"suspects_count": 1}, "suspects_count"),
    ({"taken_on": "2025-03-04"}, "taken_on"),
    ({"taken_on": "2025-02-30"}, "taken_on"),
    ({"case_ids": ["rep-nowhere"]}, "case_ids[0]"),
    ({"case_ids": ["rep-qk-1", "rep-qk-1"]}, "case_ids[1]"),
    ({"unit": ""}, "unit"),
    ({"district": None}, "district"),
    ({"suspects": [{"name": "孙", "id_number": "42010419800101"}]}, "id_number"),
    ({"accounts_frozen": ["6217 0000"]}, "accounts_frozen"),
    ({"district": "硚口\u0000区"}, "district"),
    ({"case_ids": ["rep\u0000"]}, "case_ids"),
]


def test_bad_input_is_refused_naming_the_field(desk: Any) -> None:
    analyst = desk.login("analyst")
    for change, field in BAD_INPUT:
        body = takedown(**{"district": "硚口区", **change})
        answer = analyst.post("/v1/rings/R-1/takedowns", json=body)
        assert answer.status_code == 422, (change, answer.text)
        assert field in answer.text, (change, answer.text)
    assert analyst.get("/v1/takedowns").json() == []


def test_a_bad_ring_id_is_refused(desk: Any) -> None:
    answer = desk.login("qk").post("/v1/rings/R 1;drop/takedowns", json=takedown())
    assert answer.status_code == 422 and "ring_id" in answer.text


def test_creates_are_idempotent_and_duplicates_never_count_twice(desk: Any) -> None:
    qk = desk.login("qk")
    key = {"Idempotency-Key": "td-once-1"}
    first = qk.post("/v1/rings/R-9/takedowns", json=takedown(), headers=key)
    again = qk.post("/v1/rings/R-9/takedowns", json=takedown(), headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(qk.get("/v1/takedowns").json()) == 1
    assert [a for _, a, _ in trail(desk, "takedown")].count("create") == 1
    reused = qk.post("/v1/rings/R-9/takedowns", json=takedown(note="改"), headers=key)
    assert reused.status_code == 422 and "Idempotency-Key" in reused.text
    # The same raid entered again without a key: refused, pointing at the first.
    twice = qk.post("/v1/rings/R-9/takedowns", json=takedown())
    assert twice.status_code == 409
    assert twice.json()["existing"] == first.json()["takedown_id"]
    # Another ring's takedown cannot close a case already closed.
    closed = qk.post("/v1/rings/R-10/takedowns", json=takedown())
    assert closed.status_code == 409 and "rep-qk-1" in closed.json()["detail"]
    assert len(qk.get("/v1/takedowns").json()) == 1


def test_a_correction_is_a_new_version_and_the_old_one_stays(desk: Any) -> None:
    qk = desk.login("qk")
    body = takedown(case_ids=["rep-qk-1", "rep-qk-2"])
    tid = qk.post("/v1/rings/R-5/takedowns", json=body).json()["takedown_id"]
    fixed = {
        **takedown(case_ids=["rep-qk-2"], cash_seized_fen=12_000_000),
        "ring_id": "R-5",
        "expected_version": 1,
        "reason": "现金复核为12万元；rep-qk-1 另案处理",
    }
    answer = qk.post(f"/v1/takedowns/{tid}/corrections", json=fixed)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["version"], answer.json()["cash_seized_fen"]) == (2, 12_000_000)
    detail = qk.get(f"/v1/takedowns/{tid}").json()
    assert [(v["version"], v["cash_seized_fen"]) for v in detail["history"]] == [
        (1, 12_345_678),
        (2, 12_000_000),
    ]
    assert detail["history"][1]["reason"].startswith("现金复核")
    cases = {c["case_id"]: c["closure"] for c in qk.get("/v1/cases").json()}
    assert cases["rep-qk-1"] is None and cases["rep-qk-2"]["takedown_id"] == tid
    assert ("qk", "correct", tid) in trail(desk, "takedown")
    assert ("qk", "reopen", "rep-qk-1") in trail(desk, "case")
    stale = qk.post(f"/v1/takedowns/{tid}/corrections", json=fixed)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    no_reason = qk.post(
        f"/v1/takedowns/{tid}/corrections", json={**fixed, "expected_version": 2, "reason": ""}
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    assert desk.login("ja").post(f"/v1/takedowns/{tid}/corrections", json=fixed).status_code == 404
    # A form shows suspects and accounts masked: left out, they are kept as recorded.
    shown = {k: v for k, v in fixed.items() if k not in ("suspects", "accounts_frozen")}
    kept = qk.post(
        f"/v1/takedowns/{tid}/corrections",
        json={**shown, "expected_version": 2, "note": "补充说明", "reason": "补充"},
    )
    assert kept.status_code == 200, kept.text
    stored = desk.context.ledger.store.takedown(tid)
    assert (stored.version, stored.note) == (3, "补充说明")
    assert stored.suspects[0].id_number == "420104198001011234"
    assert stored.accounts_frozen == ["6217000000000201", "6225880000000301"]
