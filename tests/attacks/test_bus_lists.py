"""The center's lists drive detection with many servers too (``serve --bus`` + ``detector``).

What an analyst would notice if they did not: a number blocked on one server
calls a resident, the resident pays, and the detector process — which holds
every person's state — never heard of the block. Here a real nats-server, a
real PostgreSQL, a real ``fanzha serve --bus`` and a real ``fanzha detector``:

- a number blocked through the server's API warns the resident it calls, before
  any payment; the same story from an unlisted number raises nothing;
- after a ``kill -9`` of the detector the block still counts (the detector
  rebuilds its state with the list change at its place in the stream);
- an account on a freeze list in the shared database is a listed payee for the
  detector as it is for a server.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bus22_support import BusServer, Process, bus_server, drained, wait_until
from _durability_support import add_users

from fanzha.server.detector import durable_name
from fanzha.server.jetstream import EVENTS_STREAM, WARNINGS_STREAM
from fanzha.store import engine, migrate
from fanzha.trace.holds import Claim, Hold, HoldState
from fanzha.trace.sql import SqlHoldRepository

pytestmark = pytest.mark.postgres

CITY = "lists"
FRAUD = "+8613900009999"
FROZEN = "6227001234567890"


def now() -> str:
    return datetime.now(UTC).isoformat()


def resident(n: int) -> tuple[str, str, str]:
    return f"R{n}", f"+861381234{n:04d}", f"62220000{n:08d}"


def register(client: httpx.Client, n: int) -> tuple[str, str, str]:
    person, phone, account = resident(n)
    events = [
        {"kind": "person", "id": f"per-{n}", "source": "police:hukou", "ts": now(),
         "person_id": person, "phones": [phone], "district": "硚口区",
         "address": f"硚口区汉正街{n}号"},
        {"kind": "account", "id": f"acc-{n}", "source": "bank:icbc", "ts": now(),
         "account_id": account, "bank": "icbc", "holder": person, "opened": "2015-06-01"},
    ]  # fmt: skip
    posted(client, events)
    return person, phone, account


def call(event_id: str, caller: str, callee: str) -> dict[str, Any]:
    return {"kind": "call", "id": event_id, "source": "telecom:cmcc", "ts": now(),
            "caller": caller, "callee": callee, "duration_s": 1500, "caller_tags": []}  # fmt: skip


def transfer(event_id: str, payer: str, payee: str, fen: int) -> dict[str, Any]:
    return {"kind": "transfer", "id": event_id, "source": "bank:icbc", "ts": now(),
            "from_account": payer, "to_account": payee, "amount_fen": fen,
            "channel": "mobile"}  # fmt: skip


def posted(client: httpx.Client, events: list[dict[str, Any]]) -> None:
    answer = client.post("/v1/events", json=events)
    assert answer.status_code == 200, answer.text


def tasks_of(server: BusServer, person: str) -> list[dict[str, Any]]:
    assert server.client is not None
    answer = server.client.get("/v1/tasks", params={"limit": 500})
    assert answer.status_code == 200, answer.text
    return [t for t in answer.json() if t["person_id"] == person]


def reasons(server: BusServer, task_id: str) -> str:
    assert server.client is not None
    return server.client.get(f"/v1/tasks/{task_id}").text


def freeze(url: str, account: str) -> None:
    """A stop-payment already in force, as a case's freeze list leaves it in the store."""
    migrate(url)
    at = datetime.now(UTC) - timedelta(hours=1)
    hold = Hold(
        hold_id="H-bus-1", account_id=account, bank="ccb", state=HoldState.FROZEN,
        claims=[Claim(case_id="rep-bus-1", amount_fen=3_000_000, hop=1)],
        requested_at=at, requested_by="analyst",
    )  # fmt: skip
    SqlHoldRepository(engine(url)).add(hold)


def test_lists_reach_the_detector_process_and_survive_its_kill9(
    pg_url: str, nats_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    add_users(pg_url, data_dir)
    freeze(pg_url, FROZEN)
    server = bus_server(pg_url, nats_url, data_dir, tmp_path, "serve-a").start()
    args = ["detector", "--bus", nats_url, "--city", CITY, "--database-url", pg_url]
    # Another machine: its own data directory, so the server's blocklist files are not
    # there; what it knows of the lists comes over the bus and from the shared database.
    detector = Process(args, tmp_path / "detector-data", tmp_path / "detector.log")
    detector.spawn()
    everyone: list[Any] = [server, detector]
    client = server.client
    assert client is not None

    def settled() -> bool:
        return drained(nats_url, EVENTS_STREAM, durable_name(CITY)) and drained(
            nats_url, WARNINGS_STREAM, "serve-a"
        )

    try:
        listed, listed_phone, _ = register(client, 1)
        plain, plain_phone, plain_account = register(client, 2)
        blocked = client.post(
            "/v1/patrol/entries",
            json={"kind": "phone", "values": [FRAUD], "reason": "冒充客服退款"},
        )
        assert blocked.status_code == 200, blocked.text

        posted(client, [call("c-1", FRAUD, listed_phone)])
        posted(client, [call("c-2", "+8613900001111", plain_phone)])
        posted(client, [transfer("t-2", plain_account, "6217000099990002", 5_000_000)])
        wait_until(lambda: bool(tasks_of(server, listed)), "the listed call's task", everyone)
        wait_until(settled, "everything detected and taken", everyone)
        (task,) = tasks_of(server, listed)
        assert FRAUD[-4:] in reasons(server, task["task_id"]) or "名单" in reasons(
            server, task["task_id"]
        )
        assert tasks_of(server, plain) == [], "an unlisted number with nothing else warned"

        # A power cut for the detector: it rebuilds its state from the streams.
        detector.kill9()
        detector.spawn()
        later, later_phone, _ = register(client, 3)
        posted(client, [call("c-3", FRAUD, later_phone)])
        wait_until(lambda: bool(tasks_of(server, later)), "the listed call after kill -9", everyone)

        # The freeze list in the shared database is read by the detector too.
        frozen_payer, _, frozen_account = register(client, 4)
        posted(client, [transfer("t-4", frozen_account, FROZEN, 2_000_000)])
        wait_until(
            lambda: bool(tasks_of(server, frozen_payer)), "a payment to a frozen account", everyone
        )
        wait_until(settled, "everything detected and taken", everyone)
        assert tasks_of(server, plain) == []
        assert len(tasks_of(server, listed)) == 1, "the block warned its resident twice"
    finally:
        for p in everyone:
            p.stop()
