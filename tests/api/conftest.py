"""A real fanzha HTTP server on loopback, with a controllable clock."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from fanzha.api.app import create_app
from fanzha.clock import ManualClock
from fanzha.contract.kinds import Call, Event
from fanzha.contract.readers import Accepted, decode_event
from fanzha.contract.warning import Level, Warning
from fanzha.net import free_port
from fanzha.patrol.indicators import PatrolIndicators
from fanzha.security.roles import Role
from fanzha.security.users import User, create_user
from fanzha.server.services import build_services as build_service_context
from fanzha.services import Services

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
PERSONS = {
    "P1": {
        "person_id": "P1",
        "name": "王小明",
        "phones": ["+8613812345678"],
        "district": "硚口区",
        "address": "硚口区汉正街1号",
    },
    "P2": {
        "person_id": "P2",
        "name": "李娜",
        "phones": ["+8613900000002"],
        "district": "江岸区",
        "address": "江岸区大智路9号",
    },
}
PHONE_OWNER = {p["phones"][0]: pid for pid, p in PERSONS.items()}
USERS = [
    User(user_id="analyst", display_name="中心研判", role=Role.CENTER_ANALYST),
    User(user_id="qk", display_name="硚口民警", role=Role.DISTRICT_OFFICER, district="硚口区"),
    User(user_id="qk2", display_name="硚口民警2", role=Role.DISTRICT_OFFICER, district="硚口区"),
    User(user_id="ja", display_name="江岸民警", role=Role.DISTRICT_OFFICER, district="江岸区"),
    User(
        user_id="hzj",
        display_name="汉正街所",
        role=Role.STATION_OFFICER,
        district="硚口区",
        station="汉正街派出所",
    ),
    User(user_id="auditor", display_name="审计", role=Role.AUDITOR),
    User(user_id="admin", display_name="管理员", role=Role.ADMIN),
]


class SpoofedOfficialCallDetector:
    """A test double for the detection engine: warns on calls tagged spoofed_official."""

    def feed(self, event: Event) -> list[Warning]:
        if isinstance(event, Call) and "spoofed_official" in event.caller_tags:
            person = PHONE_OWNER.get(event.callee)
            if person:
                return [
                    Warning(
                        warning_id=f"W-{event.id}",
                        person_id=person,
                        ts=event.ts,
                        level=Level.HIGH,
                        typology="impersonate_police",
                        score=0.9,
                        reasons=["冒充公检法来电"],
                        evidence=[event.id],
                    )
                ]
        return []


@dataclass
class Server:
    url: str
    clock: ManualClock
    context: Services

    def login(self, user_id: str) -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=10, trust_env=False)
        answer = client.post("/v1/auth/login", json={"user_id": user_id, "password": PASSWORD})
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        return client


def build_context(clock: ManualClock, url: str) -> Services:
    """The service as ``fanzha serve`` builds it, with the residents loaded as events."""
    context = build_service_context(url, clock, SpoofedOfficialCallDetector())
    first: User | None = None
    for user in USERS:
        copy = User(**{f: getattr(user, f) for f in user.__struct_fields__})
        if first is None:
            first = create_user(context.users, copy, PASSWORD)
        else:  # one Argon2 hash serves every test user: it costs ~0.3 s a hash on CI
            copy.password_hash = first.password_hash
            context.users.save(copy)
    residents = [
        decode_event(
            json.dumps(
                {
                    "kind": "person",
                    "id": f"per-{pid}",
                    "source": "police:hukou",
                    "ts": "2025-03-01T00:00:00+08:00",
                    **person,
                }
            ).encode()
        )
        for pid, person in PERSONS.items()
    ]
    context.store_events([a for a in residents if isinstance(a, Accepted)])
    return context


def serve(url: str) -> Iterator[Server]:
    clock = ManualClock(T0)
    context = build_context(clock, url)
    patrol_dir = tempfile.TemporaryDirectory(prefix="fanzha-patrol-")
    context.patrol = PatrolIndicators.open(Path(patrol_dir.name) / "blocklist", clock)
    port = free_port()
    config = uvicorn.Config(create_app(context), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    yield Server(url=f"http://127.0.0.1:{port}", clock=clock, context=context)
    uv.should_exit = True
    thread.join(timeout=5)
    patrol_dir.cleanup()


@pytest.fixture
def server(db_url: str) -> Iterator[Server]:
    """A server on SQLite, then the same test on PostgreSQL."""
    yield from serve(db_url)


@pytest.fixture
def ui_server(sqlite_url: str) -> Iterator[Server]:
    yield from serve(sqlite_url)


def spoofed_call(event_id: str, callee: str, at: datetime = T0) -> dict[str, Any]:
    return {
        "kind": "call",
        "id": event_id,
        "ts": at.isoformat(),
        "source": "telecom:cmcc",
        "caller": "+85230001234",
        "callee": callee,
        "duration_s": 1800,
        "caller_tags": ["spoofed_official", "overseas"],
    }


def _task_maker(server: Server) -> Any:
    """Posts a spoofed-official call to a person's phone and returns the task id."""

    def make(person_id: str, event_id: str = "c1") -> str:
        analyst = server.login("analyst")
        phone = PERSONS[person_id]["phones"][0]
        answer = analyst.post(
            "/v1/events", json=[spoofed_call(event_id, phone, server.clock.now())]
        )
        answer.raise_for_status()
        return str(answer.json()["tasks"][0])

    return make


@pytest.fixture
def task_for(server: Server) -> Any:
    return _task_maker(server)


@pytest.fixture
def ui_task_for(ui_server: Server) -> Any:
    return _task_maker(ui_server)


ONE_MINUTE = timedelta(minutes=1)
