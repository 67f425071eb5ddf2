"""Finding 13, replayed: small leaks and 5xx from odd parameters.

A partner learning who has a police task from a clue's answer; 403 versus
404 telling which ids exist in another district; a NUL or an over-long
filter turning into a 500 on PostgreSQL; idempotency keys kept for good;
dead-letter and notification reads missing from the audit log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from fanzha.server.workers import sweep_leftovers
from fanzha.store import engine
from fanzha.store.models import IdempotencyRow


def _partner(server: Any, partner_id: str = "didi") -> httpx.Client:
    answer = server.login("admin").post(
        "/v1/partners",
        json={"partner_id": partner_id, "name": partner_id, "type": "ride_hailing",
              "source": f"platform:{partner_id}"},
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    return httpx.Client(
        base_url=server.url, headers={"X-Api-Key": answer.json()["api_key"]}, trust_env=False
    )


def test_a_clue_answer_does_not_tell_who_has_a_police_task(server: Any, task_for: Any) -> None:
    task_id = task_for("P1")  # P1 has an open task, P2 none
    partner = _partner(server)
    with_task = partner.post("/v1/clues", json={"kind": "phone", "value": "+8613812345678"})
    without = partner.post("/v1/clues", json={"kind": "phone", "value": "+8613900000002"})
    assert with_task.status_code == without.status_code == 200
    assert set(with_task.json()) == set(without.json()) == {"clue_id"}
    history = server.login("analyst").get(f"/v1/tasks/{task_id}").json()["history"]
    assert any(line["by"] == "partner:didi" for line in history)  # the officer still sees it


def test_another_districts_records_answer_as_missing_ones(server: Any, task_for: Any) -> None:
    jiangan = task_for("P2")
    qk = server.login("qk")
    for path in (f"/v1/tasks/{jiangan}", "/v1/persons/P2/restrictions"):
        other, missing = qk.get(path), qk.get(path.replace("P2", "P9").replace(jiangan, "T-none"))
        assert other.status_code == missing.status_code == 404, path
    other = qk.post(f"/v1/tasks/{jiangan}/sign", json={})
    assert other.status_code == qk.post("/v1/tasks/T-none/sign", json={}).status_code == 404
    assert qk.get("/v1/persons/P2/history").json() == qk.get("/v1/persons/P9/history").json()
    denied = [e for e in server.context.audit.entries() if e.action == "denied"]
    assert [e.object_id for e in denied if e.user_id == "qk"][:1] == [jiangan]  # still audited


def test_nul_and_over_long_parameters_are_refused_not_failed(server: Any, task_for: Any) -> None:
    task_for("P1")
    analyst, auditor = server.login("analyst"), server.login("auditor")
    nul = [
        analyst.get("/v1/tasks", params={"district": "硚口\x00区"}),
        analyst.get("/v1/tasks", params={"typology": "a\x00"}),
        analyst.get("/v1/tasks/T-%00"),
        analyst.get("/v1/cases/rep%00"),
        analyst.get("/v1/stats", params={"district": "\x00", "year": 2025}),
        auditor.get("/v1/audit", params={"object_id": "\x00"}),
    ]
    for answer in nul:
        assert answer.status_code == 422, (answer.request.url, answer.text)
        assert "NUL" in answer.text
    long = [
        analyst.get("/v1/tasks", params={"district": "区" * 5000}),
        analyst.get("/v1/tasks", params={"typology": "x" * 5000}),
        auditor.get("/v1/audit", params={"object_id": "x" * 5000}),
        analyst.get("/v1/partners/activity", params={"partner_id": "p" * 5000}),
    ]
    for answer in long:
        assert answer.status_code == 422, (answer.request.url, answer.text)
    assert analyst.get(f"/v1/tasks/{'T' * 5000}").status_code == 404  # no such id; audited, clipped
    assert analyst.get(f"/v1/cases/{'c' * 5000}").status_code == 404
    assert auditor.get("/v1/audit/verify").json()["intact"] is True


def test_idempotency_keys_expire_and_are_bounded(server: Any, task_for: Any) -> None:
    task_id = task_for("P1")
    qk = server.login("qk")
    for n in range(30):
        answer = qk.post(
            f"/v1/tasks/{task_id}/escalate",
            json={"reason": f"r{n}"},
            headers={"Idempotency-Key": f"key-{n}"},
        )
        assert answer.status_code in (200, 409), answer.text
    store = server.context.idempotency
    assert store._in_flight == {}  # no per-key lock left behind in the process
    rows = select(func.count()).select_from(IdempotencyRow)
    db = engine(server.context.idempotency.engine.url.render_as_string(hide_password=False))
    with db.connect() as conn:
        assert conn.execute(rows).scalar_one() == 30
    server.clock.advance(timedelta(hours=25))
    sweep_leftovers(server.context)
    with db.connect() as conn:
        assert conn.execute(rows).scalar_one() == 0  # swept once a day old
    qk = server.login("qk")  # the shift's session ended meanwhile
    for bad in ("k" * 129, "two words", ""):
        answer = qk.post(f"/v1/tasks/{task_id}/escalate", json={}, headers={"Idempotency-Key": bad})
        assert answer.status_code == 422, (bad, answer.text)


def test_dead_letter_and_notification_reads_are_audited(server: Any, task_for: Any) -> None:
    partner = _partner(server)
    partner.post("/v1/clues", json={"kind": "phone", "value": "+8613812345678"})
    task_for("P1")
    assert partner.get("/v1/partner/notifications").status_code == 200
    assert server.login("analyst").get("/v1/partners/dead-letters").status_code == 200
    seen = {(e.user_id, e.action, e.object_type) for e in server.context.audit.entries()}
    assert ("partner:didi", "view", "notifications") in seen
    assert ("analyst", "view", "dead_letters") in seen
