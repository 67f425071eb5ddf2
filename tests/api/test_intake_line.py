"""``POST /v1/events`` through group commit: answers after the commit, detection in order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.api.conftest import PERSONS, spoofed_call


def test_wait_stored_answers_before_detection_and_the_task_still_follows(server: Any) -> None:
    analyst = server.login("analyst")
    phone = PERSONS["P1"]["phones"][0]
    quick = analyst.post("/v1/events?wait=stored", json=[spoofed_call("q1", phone)])
    assert quick.status_code == 200, quick.text
    assert quick.json()["new"] == 1
    assert quick.json()["detection"] == "queued" and quick.json()["tasks"] == []
    # Detection runs in commit order: once a later batch is answered with its detection,
    # the earlier one's task exists.
    later = analyst.post("/v1/events", json=[spoofed_call("q2", PERSONS["P2"]["phones"][0])])
    assert later.json()["detection"] == "done" and later.json()["tasks"]
    persons = {t["person_id"] for t in analyst.get("/v1/tasks").json()}
    assert {"P1", "P2"} <= persons


def test_concurrent_requests_with_the_same_event_count_it_once(server: Any) -> None:
    analyst = server.login("analyst")
    phone = PERSONS["P1"]["phones"][0]
    event = spoofed_call("same1", phone)

    def post(_: int) -> dict[str, Any]:
        answer = analyst.post("/v1/events", json=[event])
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(16)))
    assert sum(a["new"] for a in answers) == 1
    assert sum(a["duplicates"] for a in answers) == 15
    assert sum(a["warnings"] for a in answers) >= 1
    assert len({t for a in answers for t in a["tasks"]}) == 1
