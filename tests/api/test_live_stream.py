"""``GET /v1/stream`` tells each officer of their own tasks as they change, and no others.

A real server; each stream is read by a thread as a browser tab would. Every
assertion is on what one officer's stream carried (or never carried).
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
from tests.api.conftest import Server

Event = tuple[str, dict[str, Any]]


@contextmanager
def listening(server: Server, user: str) -> Iterator[Callable[..., Event]]:
    """A stream opened as ``user``; yields ``next_event(kind, match)`` that waits for one."""
    client = server.login(user)
    got: queue.Queue[Event] = queue.Queue()
    history: list[Event] = []
    stop = threading.Event()

    def read() -> None:
        try:
            follow()
        except httpx.HTTPError:
            if not stop.is_set():  # closed by the test: the tab went away
                raise

    def follow() -> None:
        with client.stream("GET", "/v1/stream", timeout=httpx.Timeout(30, read=None)) as answer:
            assert answer.headers["content-type"].startswith("text/event-stream")
            kind = ""
            for line in answer.iter_lines():
                if stop.is_set():
                    return
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: "):
                    history.append((kind, json.loads(line[6:])))
                    got.put(history[-1])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def next_event(kind: str, match: Callable[[dict[str, Any]], bool] = lambda d: True) -> Event:
        while True:
            found = got.get(timeout=15)
            if found[0] == kind and match(found[1]):
                return found

    def seen() -> list[Event]:
        return list(history)

    next_event.seen = seen  # type: ignore[attr-defined]
    next_event("summary")  # the stream is open and current
    try:
        yield next_event
    finally:
        stop.set()
        client.close()


def test_task_events_reach_only_the_jurisdiction(server: Server, task_for: Any) -> None:
    with (
        listening(server, "qk") as qiaokou,
        listening(server, "ja") as jiangan,
        listening(server, "analyst") as center,
    ):
        mine = task_for("P1", "c-qk")  # 硚口区
        theirs = task_for("P2", "c-ja")  # 江岸区
        _, made = qiaokou("task", lambda d: d["task_id"] == mine)
        assert made["kind"] == "created" and made["red"] and made["district"] == "硚口区"
        assert jiangan("task", lambda d: d["task_id"] == theirs)[1]["district"] == "江岸区"
        assert {center("task")[1]["task_id"], center("task")[1]["task_id"]} == {mine, theirs}

        officer = server.login("qk")
        version = officer.get(f"/v1/tasks/{mine}").json()["version"]
        officer.post(f"/v1/tasks/{mine}/sign", json={"expected_version": version})
        _, signed = qiaokou("task", lambda d: d["kind"] == "acted")
        assert signed["task_id"] == mine and signed["state"] == "signed" and not signed["red"]

        # The 江岸 task misses its sign deadline: the sweep escalates it, live.
        server.clock.advance(timedelta(minutes=6))
        server.login("analyst").post("/v1/deadlines/sweep").raise_for_status()
        _, escalated = jiangan("task", lambda d: d["kind"] == "escalated")
        assert escalated["task_id"] == theirs and escalated["tier"] == "district"

        # The summary follows the events, without a reload.
        _, figures = qiaokou("summary", lambda d: d["total_open"] == 1)
        assert figures["open_by_district"] == {"硚口区": 1}

        # 移交: the task leaves 江岸 for 硚口 (what a hand-over saves in the store).
        repo = server.context.tasks.tasks
        moved = repo.get(theirs)
        assert moved is not None
        read = moved.version
        moved.district, moved.station, moved.version = "硚口区", None, read + 1
        moved.history.append((server.clock.now(), "ja", "handed over to 硚口区"))
        repo.save(moved, read)
        _, arrived = qiaokou("task", lambda d: d["task_id"] == theirs)
        assert arrived["kind"] == "handed_over" and arrived["district"] == "硚口区"
        _, left = jiangan("task", lambda d: d["kind"] == "handed_over")
        assert left["gone"] and left["district"] == "江岸区"  # not told where it went

        # Streams are in order: by the hand-over, each was told all it will be of the rest.
        told_qk = [d for k, d in qiaokou.seen() if k == "task"]  # type: ignore[attr-defined]
        told_ja = [d for k, d in jiangan.seen() if k == "task"]  # type: ignore[attr-defined]
        assert mine not in {d["task_id"] for d in told_ja}
        assert all(d["district"] == "硚口区" for d in told_qk)
        assert [d["kind"] for d in told_qk if d["task_id"] == theirs] == ["handed_over"]


def test_the_stream_sends_the_clock_as_its_heartbeat(server: Server) -> None:
    with listening(server, "qk") as qiaokou:
        _, clock = qiaokou("clock")
        assert clock["now"].startswith(server.clock.now().isoformat()[:16])
        assert clock["speed"] is None  # not a demo: no simulated clock is shown


def test_a_pushed_warning_order_reaches_the_district_live(server: Server) -> None:
    """Orders are written in bulk beside the task repository; their tasks still stream."""
    with listening(server, "qk") as qiaokou:
        analyst = server.login("analyst")
        answer = analyst.post(
            "/v1/warning-orders",
            json=[{"source": "national", "order_id": "GJ-LIVE", "phone": "13812345678",
                   "level": "high"}],
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
        _, made = qiaokou("task", lambda d: d["kind"] == "created")
        assert made["red"] and made["district"] == "硚口区"
        again = analyst.post(
            "/v1/warning-orders",
            json=[{"source": "province", "order_id": "SJ-LIVE", "phone": "13812345678"}],
        )
        assert again.status_code == 200, again.text
        _, merged = qiaokou(
            "task", lambda d: d["task_id"] == made["task_id"] and d["kind"] == "acted"
        )
        assert not merged["red"]
