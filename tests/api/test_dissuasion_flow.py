"""Events in over HTTP → warning → task in the right district → worked → closed, audited."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any


def test_event_to_closed_task_end_to_end(server: Any) -> None:
    analyst = server.login("analyst")
    body = "\n".join(
        [
            json.dumps(
                {
                    "kind": "call",
                    "id": "c1",
                    "ts": "2025-03-03T09:00:00+00:00",
                    "source": "telecom:cmcc",
                    "caller": "+85230001234",
                    "callee": "+8613812345678",
                    "duration_s": 1800,
                    "caller_tags": ["spoofed_official"],
                }
            ),
            '{"kind": "call", "id": "bad"',
            json.dumps(
                {
                    "kind": "transfer",
                    "id": "t1",
                    "ts": "2025-03-03T09:00:00+00:00",
                    "source": "bank:icbc",
                    "from_account": "a",
                    "to_account": "b",
                    "amount_fen": 12.5,
                    "channel": "mobile",
                }
            ),
        ]
    )
    answer = analyst.post(
        "/v1/events", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["accepted"] == 1 and result["warnings"] == 1
    assert [(r["line"], r["field"]) for r in result["rejected"]] == [(2, None), (3, "amount_fen")]
    task_id = result["tasks"][0]

    officer = server.login("qk")
    queue = officer.get("/v1/tasks").json()
    assert [t["task_id"] for t in queue] == [task_id]
    task = officer.get(f"/v1/tasks/{task_id}").json()
    assert task["district"] == "硚口区" and task["station"] == "汉正街派出所"
    assert task["level"] == "high" and task["state"] == "new"

    # Nobody signs within 5 minutes: the sweep escalates it to the district tier.
    server.clock.advance(timedelta(minutes=6))
    breaches = analyst.post("/v1/deadlines/sweep").json()
    assert [b["deadline"] for b in breaches] == ["sign"]
    task = officer.get(f"/v1/tasks/{task_id}").json()
    assert task["state"] == "escalated" and task["tier"] == "district"

    v = task["version"]
    task = officer.post(f"/v1/tasks/{task_id}/sign", json={"expected_version": v}).json()
    assert task["state"] == "signed" and task["officer"] == "qk"
    server.clock.advance(timedelta(minutes=2))
    task = officer.post(
        f"/v1/tasks/{task_id}/attempts", json={"channel": "call_96110", "result": "no_answer"}
    ).json()
    assert task["state"] == "contacting"
    server.clock.advance(timedelta(minutes=10))
    task = officer.post(
        f"/v1/tasks/{task_id}/attempts",
        json={"channel": "door_visit", "result": "reached", "note": "已上门，当事人停止转账"},
    ).json()
    assert task["state"] == "on_site"
    task = officer.post(f"/v1/tasks/{task_id}/resolve", json={"outcome": "dissuaded"}).json()
    assert task["outcome"] == "dissuaded"
    task = officer.post(f"/v1/tasks/{task_id}/close", json={}).json()
    assert task["state"] == "closed"

    auditor = server.login("auditor")
    trail = auditor.get("/v1/audit", params={"object_id": task_id}).json()
    actions = [(e["user_id"], e["action"]) for e in trail]
    for expected in [
        ("system", "create"),
        ("system", "breach"),
        ("qk", "view"),
        ("qk", "sign"),
        ("qk", "attempt"),
        ("qk", "resolve"),
        ("qk", "close"),
    ]:
        assert expected in actions
    assert auditor.get("/v1/audit/verify").json()["intact"] is True


def test_district_officer_sees_only_their_district(server: Any, task_for: Any) -> None:
    qiaokou = task_for("P1", "c1")
    jiangan = task_for("P2", "c2")
    qk = server.login("qk")
    assert [t["task_id"] for t in qk.get("/v1/tasks").json()] == [qiaokou]
    assert qk.get(f"/v1/tasks/{jiangan}").status_code == 404  # as if it did not exist
    assert qk.post(f"/v1/tasks/{jiangan}/sign", json={}).status_code == 404
    analyst = server.login("analyst")
    assert {t["task_id"] for t in analyst.get("/v1/tasks").json()} == {qiaokou, jiangan}


def test_two_officers_acting_at_once_one_wins(server: Any, task_for: Any) -> None:
    task_id = task_for("P1")
    clients = [server.login("qk"), server.login("qk2")]
    version = clients[0].get(f"/v1/tasks/{task_id}").json()["version"]

    def sign(client: Any) -> int:
        return int(
            client.post(f"/v1/tasks/{task_id}/sign", json={"expected_version": version}).status_code
        )

    with ThreadPoolExecutor(2) as pool:
        codes = sorted(pool.map(sign, clients))
    assert codes == [200, 409]
    loser = clients[1].post(f"/v1/tasks/{task_id}/sign", json={"expected_version": version})
    assert loser.status_code == 409
    assert loser.json()["current_version"] > version


def test_retried_request_with_same_key_is_applied_once(server: Any, task_for: Any) -> None:
    task_id = task_for("P1")
    qk = server.login("qk")
    qk.post(f"/v1/tasks/{task_id}/sign", json={})
    key = {"Idempotency-Key": "attempt-123"}
    body = {"channel": "phone_call", "result": "no_answer"}
    first = qk.post(f"/v1/tasks/{task_id}/attempts", json=body, headers=key)
    second = qk.post(f"/v1/tasks/{task_id}/attempts", json=body, headers=key)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(qk.get(f"/v1/tasks/{task_id}").json()["attempts"]) == 1
    other = qk.post(
        f"/v1/tasks/{task_id}/attempts",
        json={"channel": "door_visit", "result": "reached"},
        headers=key,
    )
    assert other.status_code == 422


def test_repeat_warning_upgrades_instead_of_duplicating(server: Any, task_for: Any) -> None:
    first = task_for("P1", "c1")
    second = task_for("P1", "c2")
    assert first == second
    history = server.login("analyst").get("/v1/persons/P1/history").json()
    assert len(history) == 1


def test_login_and_tokens(server: Any) -> None:
    import httpx

    client = httpx.Client(base_url=server.url, trust_env=False)
    assert client.get("/v1/tasks").status_code == 401
    bad = client.post("/v1/auth/login", json={"user_id": "qk", "password": "nope"})
    assert bad.status_code == 401
    qk = server.login("qk")
    assert qk.get("/v1/auth/me").json()["district"] == "硚口区"
    server.clock.advance(timedelta(hours=9))
    assert qk.get("/v1/tasks").status_code == 401


def test_resent_events_are_stored_once_and_never_warn_twice(server: Any) -> None:
    from sqlalchemy import func, select

    from fanzha.store.models import EventRow

    analyst = server.login("analyst")
    call = {
        "kind": "call",
        "id": "dup1",
        "ts": "2025-03-03T09:00:00+00:00",
        "source": "telecom:cmcc",
        "caller": "+85230001234",
        "callee": "+8613812345678",
        "duration_s": 1800,
        "caller_tags": ["spoofed_official"],
        "cell_id": "WH-0042",
    }
    first = analyst.post("/v1/events", json=[call, call]).json()
    again = analyst.post("/v1/events", json=[call]).json()
    assert (first["accepted"], first["new"], first["warnings"]) == (2, 1, 1)
    assert (again["accepted"], again["new"], again["warnings"]) == (1, 0, 0)
    with server.context.audit.engine.connect() as conn:  # the server's own store
        rows = conn.execute(select(EventRow.raw).where(EventRow.id == "dup1")).all()
        total = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
    assert len(rows) == 1 and '"cell_id":"WH-0042"' in rows[0][0].replace(" ", "")
    assert total == 3  # two residents and the call


def test_restriction_notice_appeal_and_decision_are_recorded(server: Any) -> None:
    qk, analyst, auditor = server.login("qk"), server.login("analyst"), server.login("auditor")
    made = qk.post(
        "/v1/persons/P1/restrictions", json={"measure": "suspend_phone_cards", "reason_code": "R02"}
    )
    assert made.status_code == 201, made.text
    restriction = made.json()
    assert "第三十二条" in restriction["notice_text"] and restriction["active"]
    rid = restriction["restriction_id"]
    bad = qk.post(
        "/v1/persons/P1/restrictions", json={"measure": "limit_accounts", "reason_code": "R77"}
    )
    assert bad.status_code == 409 and "R77" in bad.json()["detail"]
    assert (
        qk.post(f"/v1/restrictions/{rid}/appeal", json={"statement": "卡被盗用"}).status_code == 200
    )
    assert (
        qk.post(f"/v1/restrictions/{rid}/decision", json={"lift": True, "reason": "x"}).status_code
        == 403
    )
    decided = analyst.post(
        f"/v1/restrictions/{rid}/decision", json={"lift": True, "reason": "核实为被盗用"}
    ).json()
    assert decided["active"] is False and decided["appeal"]["state"] == "lifted"
    trail = [(e["user_id"], e["action"]) for e in auditor.get("/v1/audit").json()]
    assert ("qk", "restrict") in trail and ("qk", "appeal") in trail
    assert ("analyst", "decide_appeal") in trail


def test_restriction_writes_are_idempotent_across_retries(server: Any) -> None:
    qk = server.login("qk")
    key = {"Idempotency-Key": "impose-1"}
    body = {"measure": "no_new_accounts", "reason_code": "R01"}
    first = qk.post("/v1/persons/P1/restrictions", json=body, headers=key)
    again = qk.post("/v1/persons/P1/restrictions", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(qk.get("/v1/persons/P1/restrictions").json()) == 1


def test_task_page_shows_vulnerability_tags() -> None:
    from fanzha.api.routes_tasks import vulnerability_tags

    assert vulnerability_tags({"birth_year": 1950}, 0, 2025) == ["老年人 elderly"]
    tags = vulnerability_tags({"birth_year": 1990}, 2, 2025)
    assert tags == ["曾被预警2次 warned 2× before"]
    assert vulnerability_tags({"birth_year": None}, 0, 2025) == []
