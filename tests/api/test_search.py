"""Search and the person page: partial phone and account numbers, names and ids; only the
caller's jurisdiction, masked for the role, every search audited with its query."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .conftest import Server
from .test_task_stop import PAYEE, VICTIM_ACCOUNT, victim_paid


def test_last_four_digits_of_a_phone_find_the_person_in_my_district_only(
    server: Server, task_for: Any
) -> None:
    task_id = task_for("P1")
    qk = server.login("qk")
    found = qk.get("/v1/search", params={"q": "5678"}).json()
    assert [p["person_id"] for p in found["persons"]] == ["P1"]
    assert found["persons"][0]["phones"] == ["+8613812345678"]  # officers call: in clear
    assert [t["task_id"] for t in found["tasks"]] == [task_id]
    # Another district's resident does not exist for this officer, nor their task.
    ja = server.login("ja").get("/v1/search", params={"q": "5678"}).json()
    assert ja["persons"] == [] and ja["tasks"] == []
    assert [p["person_id"] for p in server.login("ja").get(
        "/v1/search", params={"q": "0002"}).json()["persons"]] == ["P2"]  # fmt: skip
    # A name fragment, and the task id fragment, work too.
    assert [p["person_id"] for p in qk.get("/v1/search", params={"q": "王小"}).json()["persons"]]
    assert qk.get("/v1/search", params={"q": task_id[-4:]}).json()["tasks"]
    # Too short to mean anything: refused, naming the field.
    short = qk.get("/v1/search", params={"q": "5"})
    assert short.status_code == 422 and "q" in short.text
    # The search is in the audit trail with what was asked.
    searches = [e for e in server.context.audit.entries() if e.action == "search"]
    assert any(e.user_id == "qk" and e.detail["q"] == "5678" for e in searches)


def test_roles_without_cases_cannot_search_and_station_sees_its_tasks(
    server: Server, task_for: Any
) -> None:
    task_for("P1")
    for role in ("auditor", "admin"):
        assert server.login(role).get("/v1/search", params={"q": "5678"}).status_code == 403
    station = server.login("hzj").get("/v1/search", params={"q": "5678"}).json()
    assert [p["person_id"] for p in station["persons"]] == ["P1"]  # 汉正街1号: its station
    assert len(station["tasks"]) == 1


def test_accounts_and_cases_are_found_and_masked_for_officers(
    server: Server, task_for: Any
) -> None:
    task_id = task_for("P1")
    victim_paid(server)
    qk = server.login("qk")
    qk.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    stopped = qk.post(f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-1"})
    case_id = stopped.json()["case_id"]
    officer = qk.get("/v1/search", params={"q": VICTIM_ACCOUNT[-6:]}).json()
    assert [a["account_id"] for a in officer["accounts"]] == ["************0101"]
    analyst = server.login("analyst").get("/v1/search", params={"q": VICTIM_ACCOUNT[-6:]}).json()
    assert [a["account_id"] for a in analyst["accounts"]] == [VICTIM_ACCOUNT]
    assert [c["case_id"] for c in qk.get("/v1/search", params={"q": case_id[:8]}).json()["cases"]]
    assert server.login("ja").get("/v1/search", params={"q": case_id}).json()["cases"] == []
    # The payee is known only from a transfer, not as an account record: nothing invented.
    assert qk.get("/v1/search", params={"q": PAYEE}).json()["accounts"] == []


def test_person_page_has_warnings_accounts_cases_and_outcomes(
    server: Server, task_for: Any
) -> None:
    task_id = task_for("P1")
    victim_paid(server)
    qk = server.login("qk")
    qk.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    case_id = qk.post(f"/v1/tasks/{task_id}/stop-payment", json={"transfer_id": "tx-1"}).json()[
        "case_id"
    ]
    qk.post(f"/v1/tasks/{task_id}/resolve", json={"outcome": "paid_stopped"}).raise_for_status()
    server.clock.advance(timedelta(minutes=1))
    page = qk.get("/v1/persons/P1").json()
    assert page["person"]["name"] == "王小明"
    assert [w["warning_id"] for w in page["warnings"]] == ["W-c1"]
    assert page["warnings"][0]["reasons_zh"] == ["冒充公检法来电"]
    assert [t["task_id"] for t in page["tasks"]] == [task_id]
    assert [a["account_id"] for a in page["accounts"]] == ["************0101"]
    assert [c["case_id"] for c in page["cases"]] == [case_id]
    assert page["outcomes"] == {"paid_stopped": 1}
    assert server.login("ja").get("/v1/persons/P1").status_code == 404
    assert server.login("auditor").get("/v1/persons/P1").status_code == 403


def test_district_filter_takes_part_of_the_name_and_the_pick_list(
    server: Server, task_for: Any
) -> None:
    task_for("P1")
    task_for("P2", "c2")
    analyst = server.login("analyst")
    assert [
        t["district"] for t in analyst.get("/v1/tasks", params={"district": "硚口"}).json()
    ] == ["硚口区"]
    names = [d["district"] for d in analyst.get("/v1/districts").json()]
    assert "武昌区" in names and len(names) >= 13
