"""Many servers, one warning stream: two ``fanzha serve --bus``, one detector, real NATS.

The attack: a city's events are posted alternately to two servers sharing one
PostgreSQL; a server is killed -9 between a task's commit and the warning's
acknowledgement, the detector between its warnings' acknowledgement and its
events', and once more at a moment of nobody's choosing. After restarts the
warnings on the bus must be exactly those ``fanzha detect`` finds in the same
events (none lost, none doubled), each taken into the store once, and both
servers must show the same tasks.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bus22_support import (
    BusServer,
    Process,
    bus_server,
    detector_process,
    drained,
    stream_messages,
    wait_until,
)
from _durability_support import add_users, environment
from sqlalchemy import create_engine, text

from fanzha.contract.readers import Accepted, decode_event
from fanzha.contract.warning import decode_warning
from fanzha.server.detector import durable_name
from fanzha.server.jetstream import EVENTS_STREAM, WARNINGS_STREAM
from fanzha.sim import SimParams, simulate

pytestmark = pytest.mark.postgres

BATCH = 100
CITY = "bus"


def city_events(workdir: Path) -> tuple[Path, list[dict[str, Any]]]:
    """A small city's events in time order (live detection takes them as they come)."""
    params = SimParams(
        persons=1000, days=1, seed=4242, victims_per_10k_per_day=60.0,
        duplicate_share=0.02, late_share=0.0,
    )  # fmt: skip
    lines = [
        line for line in simulate(params, workdir / "city").events.read_bytes().splitlines()
        if line.strip()
    ]  # fmt: skip
    decoded = [decode_event(line) for line in lines]
    assert all(isinstance(d, Accepted) for d in decoded)
    order = sorted(range(len(lines)), key=lambda i: decoded[i].event.ts)  # type: ignore[union-attr]
    path = workdir / "sorted.jsonl"
    path.write_bytes(b"\n".join(lines[i] for i in order) + b"\n")
    return path, [json.loads(lines[i]) for i in order]


def embedded_warnings(events: Path, data_dir: Path) -> set[tuple[str, str, bool]]:
    """What ``fanzha detect`` (the embedded engine, one process) writes for the same events."""
    out = events.parent / "embedded.jsonl"
    command = [
        sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')",
        "detect", str(events), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, env=environment(data_dir), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = [decode_warning(line) for line in out.read_bytes().splitlines() if line.strip()]
    return {(w.warning_id, w.level.colour, w.upgrade) for w in found}


def post(servers: list[BusServer], batch: list[Any]) -> None:
    """Post to the first server that answers; a dead one's batch goes to the next (as a
    balancer would), so a batch whose answer was lost is posted again elsewhere."""
    for server in servers:
        if not server.alive() or server.client is None:
            continue
        try:
            answer = server.client.post("/v1/events", json=batch)
        except httpx.TransportError:
            continue
        if answer.status_code == 200:
            return
    pytest.fail("no server took the batch")


def restart_dead(processes: list[Process], restarts: dict[str, int]) -> None:
    """A process that hit its kill point comes back, as systemd would start it again."""
    for p in processes:
        if p.process is not None and p.process.poll() is not None:
            restarts[p.log.name] = restarts.get(p.log.name, 0) + 1
            if isinstance(p, BusServer):
                p.start()
            else:
                p.crash = None
                p.spawn()


def test_two_servers_one_detector_warn_once_through_kill9(
    pg_url: str, nats_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"  # one audit key: the servers share one database
    events_file, events = city_events(tmp_path)
    expected = embedded_warnings(events_file, data_dir)
    assert len(expected) >= 8, "the city must warn enough for the attack to mean something"
    add_users(pg_url, data_dir)

    a = bus_server(pg_url, nats_url, data_dir, tmp_path, "serve-a").start()
    b = bus_server(pg_url, nats_url, data_dir, tmp_path, "serve-b").start(crash="taken:2")
    detector = detector_process(nats_url, data_dir, tmp_path, CITY)
    detector.crash = "published:2"
    detector.spawn()
    everyone: list[Process] = [a, b, detector]
    restarts: dict[str, int] = {}

    def past_kill_point() -> bool:
        restart_dead(everyone, restarts)
        return (data_dir / "crashed-published").exists()

    try:
        batches = [events[i : i + BATCH] for i in range(0, len(events), BATCH)]
        for n, batch in enumerate(batches):
            post([a, b] if n % 2 == 0 else [b, a], batch)
            if n == len(batches) * 2 // 3:  # once more, mid-stream, at no chosen point
                # ... but after its kill point: killed first, it would come back without one
                # and the point would never be reached (a race a quiet machine loses).
                wait_until(past_kill_point, "the detector's kill point", [])
                detector.kill9()
            restart_dead(everyone, restarts)

        def settled() -> bool:
            restart_dead(everyone, restarts)
            return (
                drained(nats_url, EVENTS_STREAM, durable_name(CITY))
                and drained(nats_url, WARNINGS_STREAM, "serve-a")
                and drained(nats_url, WARNINGS_STREAM, "serve-b")
            )

        wait_until(settled, "every event detected on, every warning taken", [])
        for point in ("taken", "published"):  # killed where it hurts, and came back
            assert (data_dir / f"crashed-{point}").exists(), f"kill point {point} never reached"
        assert restarts.get("serve-b.log", 0) >= 1 and restarts.get("detector.log", 0) >= 2

        published = [decode_warning(raw) for raw in stream_messages(nats_url, WARNINGS_STREAM)]
        keys = [(w.warning_id, w.level.colour, w.upgrade) for w in published]
        assert len(keys) == len(set(keys)), "a warning doubled on the bus"
        assert set(keys) == expected, "the bus's warnings are not the embedded engine's"
        tasks = assert_tasks_once(pg_url, {k[0] for k in expected})
        assert_same_tasks_on_both(a, b, tasks)
    finally:
        for p in everyone:
            p.stop()


def assert_tasks_once(url: str, warning_ids: set[str]) -> set[str]:
    """Every warning kept once beside its task, every task made once (one audit entry)."""
    db = create_engine(url)
    try:
        with db.connect() as conn:
            kept = dict(conn.execute(text("SELECT warning_id, task_id FROM warnings")).all())
            tasks = {
                row[0]: row[1] for row in conn.execute(text("SELECT task_id, person_id FROM tasks"))
            }
            made = list(
                itertools.chain.from_iterable(
                    conn.execute(
                        text("SELECT object_id FROM audit_log WHERE action = 'create' "
                             "AND object_type = 'task'")
                    ).all()
                )
            )  # fmt: skip
    finally:
        db.dispose()
    assert set(kept) == warning_ids, "a warning was lost (or invented) on its way to a task"
    assert set(kept.values()) == set(tasks), "a task without its warning, or the reverse"
    assert sorted(made) == sorted(tasks), "a task was made twice (or not audited)"
    persons = list(tasks.values())
    assert len(persons) == len(set(persons)), "one person, two tasks: the servers raced"
    return set(tasks)


def assert_same_tasks_on_both(a: BusServer, b: BusServer, tasks: set[str]) -> None:
    seen = []
    for server in (a, b):
        assert server.client is not None
        answer = server.client.get("/v1/tasks", params={"limit": 500})
        assert answer.status_code == 200, answer.text
        seen.append({t["task_id"]: t["level"] for t in answer.json()})
    assert seen[0] == seen[1] and seen[0], "the two servers show different tasks"
    assert set(seen[0]) == set(tasks), "a server shows other tasks than the store keeps"
