"""Finding 6: a request with an Idempotency-Key takes effect exactly once, whatever kills it.

The attack: the key's claim, the write and the remembered answer were three
commits. A server killed after the write but before the answer left the write
in the store and a pending claim; a minute later the claim was taken over and
the retry wrote again (two attempts recorded, two audit entries). Now the
three are one transaction. Each case here kills a real ``fanzha serve`` with
SIGKILL at one point of the request (``_durability_crash.POINTS``), retries the
same request on a second server process on the same store, and counts the
effect: one attempt on the task, one audit entry, and every retry the same answer.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from fanzha.clock import SystemClock
from fanzha.contract.readers import Accepted, decode_event
from fanzha.contract.warning import Level, Warning
from fanzha.server.admin import add_user
from fanzha.server.services import build_services
from fanzha.store import engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _durability_crash import POINTS
from _durability_support import PASSWORD, USERS, ServeProcess

DISTRICT = "硚口区"


def _task_maker(url: str) -> Callable[[int], str]:
    """Residents as events and a way to warn about one: the task to act on."""
    for user_id, role, district in USERS:
        add_user(url, user_id, role, user_id, district, None, PASSWORD)
    context = build_services(url, SystemClock(), None)

    def make(n: int) -> str:
        person = {
            "kind": "person", "id": f"per-R{n}", "source": "police:hukou",
            "ts": "2025-03-01T00:00:00+08:00", "person_id": f"R{n}", "name": f"居民{n}",
            "phones": [f"+86138000100{n:02d}"], "district": DISTRICT,
            "address": f"{DISTRICT}汉正街{n}号",
        }  # fmt: skip
        accepted = decode_event(json.dumps(person).encode())
        assert isinstance(accepted, Accepted)
        context.store_events([accepted])
        warning = Warning(
            warning_id=f"W-R{n}-{uuid.uuid4().hex[:8]}",
            person_id=f"R{n}",
            ts=context.clock.now(),
            level=Level.HIGH,
            typology="impersonate_police",
            score=0.9,
            reasons=["冒充公检法来电"],
        )
        task_id = context.tasks.task_from_warning(warning).task_id
        engine(url).dispose()  # the test process holds no connection while servers work
        return task_id

    return make


@pytest.fixture
def survivor(db_url: str, tmp_path: Path) -> Iterator[tuple[ServeProcess, Callable[[int], str]]]:
    """The server that stays up, and takes the retries."""
    make = _task_maker(db_url)
    (tmp_path / "data").mkdir()
    process = ServeProcess(db_url, tmp_path / "data", tmp_path / "survivor.log").start()
    yield process, make
    process.stop()


def _attempt_once(crashing: ServeProcess, path: str, key: str) -> None:
    """The request the server dies in: the client sees the connection drop, no answer."""
    client = crashing.login("qk")
    body = {"channel": "phone_call", "result": "no_answer", "note": "打断的那次"}
    try:
        answer = client.post(path, json=body, headers={"Idempotency-Key": key})
    except httpx.HTTPError:
        pass
    else:
        pytest.fail(
            f"{crashing.crash_at}: the server answered {answer.status_code} instead of dying"
        )
    assert crashing.died(), f"{crashing.crash_at}: the server did not die"


@pytest.mark.parametrize("point", POINTS)
def test_a_request_killed_at_any_point_takes_effect_exactly_once(
    point: str,
    survivor: tuple[ServeProcess, Callable[[int], str]],
    db_url: str,
    tmp_path: Path,
) -> None:
    server, make_task = survivor
    task_id = make_task(POINTS.index(point) + 1)
    officer = server.login("qk")
    officer.post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()
    path = f"/v1/tasks/{task_id}/attempts"
    key = f"crash-{point}-{uuid.uuid4().hex[:6]}"

    crashing = ServeProcess(db_url, tmp_path / "data", tmp_path / f"{point}.log", point).start()
    try:
        _attempt_once(crashing, path, key)
    finally:
        crashing.stop()

    body = {"channel": "phone_call", "result": "no_answer", "note": "打断的那次"}
    retry = officer.post(path, json=body, headers={"Idempotency-Key": key})
    assert retry.status_code == 200, f"{point}: {retry.status_code} {retry.text}\n{server.tail()}"
    again = officer.post(path, json=body, headers={"Idempotency-Key": key})
    assert (again.status_code, again.content) == (retry.status_code, retry.content)
    attempts = officer.get(f"/v1/tasks/{task_id}").json()["attempts"]
    assert [a["note"] for a in attempts] == ["打断的那次"], point
    assert [a["note"] for a in retry.json()["attempts"]] == ["打断的那次"], point
    trail = server.login("auditor").get("/v1/audit", params={"object_id": task_id}).json()
    assert [e["action"] for e in trail if e["action"] == "attempt"] == ["attempt"], point
