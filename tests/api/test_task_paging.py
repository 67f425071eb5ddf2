"""``GET /v1/tasks`` a page at a time over real HTTP: the cursor in the headers, every
task once, the jurisdiction kept across pages, old callers still served a list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fanzha.dissuade.models import Level, Task, TaskState


def put_tasks(server: Any, count: int) -> dict[str, Task]:
    made = {}
    for n in range(count):
        task = Task(
            task_id=f"T-page-{n:03d}",
            warning_id=f"W-page-{n:03d}",
            person_id=f"P-page-{n}",
            level=[Level.HIGH, Level.MEDIUM, Level.LOW][n % 3],
            typology="investment",
            district=["硚口区", "江岸区"][n % 2],
            created=server.clock.now() - timedelta(minutes=n % 5),
            state=TaskState.CLOSED if n % 4 == 0 else TaskState.NEW,
        )
        if task.state == TaskState.CLOSED:
            task.resolved_at = task.created
        server.context.tasks.tasks.add(task)
        made[task.task_id] = task
    return made


def walk(client: Any, **params: Any) -> list[str]:
    seen: list[str] = []
    answer = client.get("/v1/tasks", params={**params, "limit": 4})
    while True:
        assert answer.status_code == 200, answer.text
        seen.extend(t["task_id"] for t in answer.json())
        if "X-Next-Cursor" not in answer.headers:
            assert "Link" not in answer.headers
            return seen
        link = answer.headers["Link"]
        assert link.endswith('>; rel="next"') and "cursor=" in link
        answer = client.get(link[1 : link.index(">")])  # the Link keeps the filters


def test_pages_follow_the_cursor_through_every_task_once(server: Any) -> None:
    made = put_tasks(server, 30)
    analyst = server.login("analyst")
    seen = walk(analyst)
    assert len(seen) == len(set(seen)) == 30
    states = [made[t].state for t in seen]
    assert states == sorted(states, key=lambda s: s == TaskState.CLOSED)  # open ones first
    assert analyst.get("/v1/tasks").json()[0]["task_id"] == seen[0]  # no cursor: the first page

    qiaokou = walk(server.login("qk"), level="high")
    assert qiaokou == [t for t in seen if made[t].district == "硚口区" and made[t].level == "high"]
    assert walk(analyst, district="江岸", state="new") == [
        t for t in seen if made[t].district == "江岸区" and made[t].state == TaskState.NEW
    ]


def test_a_cursor_the_server_did_not_give_is_refused_by_name(server: Any) -> None:
    analyst = server.login("analyst")
    for bad in ("not-a-cursor", "W10=", "WzksIjIwMjUtMDMtMDNUMDk6MDA6MDBaIiwieCJd"):
        answer = analyst.get("/v1/tasks", params={"cursor": bad})
        assert answer.status_code == 422, bad
        assert "cursor" in answer.text
    assert analyst.get("/v1/tasks", params={"limit": 0}).status_code == 422
    assert analyst.get("/v1/tasks", params={"limit": 501}).status_code == 422


def test_the_sweep_over_http_escalates_only_the_overdue(server: Any) -> None:
    made = put_tasks(server, 12)
    server.clock.advance(timedelta(minutes=7))  # high: sign in 5 minutes; others later
    analyst = server.login("analyst")
    swept = analyst.post("/v1/deadlines/sweep").json()
    overdue = {
        t.task_id for t in made.values() if t.level == Level.HIGH and t.state == TaskState.NEW
    }
    assert {b["task_id"] for b in swept} == overdue
    assert "sign" in {b["deadline"] for b in swept}
    assert analyst.post("/v1/deadlines/sweep").json() == []
    escalated = {
        t["task_id"] for t in analyst.get("/v1/tasks", params={"state": "escalated"}).json()
    }
    assert escalated == overdue
