"""Two ``fanzha serve`` processes behind one PostgreSQL serve the same users, losing nothing.

Why: production runs several server processes (``--workers``, or hosts behind a
load balancer) on one database. Anything a process keeps in its own memory —
a lock, a cache, a counter — is invisible to the other, so an officer's sign,
a retried request or an audit entry could be lost or doubled depending on
which process answered. These tests start two real ``fanzha serve`` processes
on one PostgreSQL database and fire requests at both at the same instant
(threads released by a barrier), then check what a user would notice: one
winner per task, one effect per request key, every attempt kept, writes seen
at once by the other process, and an intact audit chain covering both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import pytest

import fanzha
from fanzha.clock import SystemClock
from fanzha.contract.readers import Accepted, decode_event
from fanzha.contract.warning import Level, Warning
from fanzha.net import free_port
from fanzha.server.admin import add_user, verify_audit
from fanzha.server.services import build_services
from fanzha.settings import get_settings
from fanzha.store.pgtemp import TemporaryPostgres

pytestmark = pytest.mark.postgres

PASSWORD = "correct-horse-battery"
DISTRICT = "硚口区"
RESIDENTS = [f"R{n}" for n in range(1, 11)]
OFFICERS = ("qk", "qk2")
USERS = [
    ("analyst", "center_analyst", None),
    ("qk", "district_officer", DISTRICT),
    ("qk2", "district_officer", DISTRICT),
    ("auditor", "auditor", None),
]
CONCURRENT_ATTEMPTS = 24
STARTUP_S = 120.0  # a loaded 2-core CI machine starts a server in ~30 s


@dataclass
class Cluster:
    """Two server processes on one database, and a way to make tasks in it."""

    url: str
    bases: tuple[str, str]
    residents: Iterator[str]
    make_warning: Callable[[str], str]
    logs: tuple[Path, Path]

    def login(self, user_id: str, server: int) -> httpx.Client:
        """A client of ``server`` (0 or 1) logged in as ``user_id`` there."""
        client = httpx.Client(base_url=self.bases[server], timeout=10, trust_env=False)
        answer = client.post("/v1/auth/login", json={"user_id": user_id, "password": PASSWORD})
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        return client

    def new_task(self) -> str:
        """A fresh task for a resident who has none yet."""
        return self.make_warning(next(self.residents))

    def log_tails(self) -> str:
        """What the servers said last (a 500's traceback), for failure messages."""
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.logs)


def _database(pg_server: TemporaryPostgres | str) -> str:
    if isinstance(pg_server, str):
        return pg_server
    return pg_server.create_database(f"two_servers_{os.getpid()}_{uuid.uuid4().hex[:8]}")


def _prepare(url: str) -> Callable[[str], str]:
    """Users as ``fanzha users add`` makes them, residents as events; returns a task maker."""
    for user_id, role, district in USERS:
        add_user(url, user_id, role, user_id, district, None, PASSWORD)
    context = build_services(url, SystemClock(), None)
    residents = [
        decode_event(
            json.dumps(
                {
                    "kind": "person",
                    "id": f"per-{pid}-{uuid.uuid4().hex[:6]}",
                    "source": "police:hukou",
                    "ts": "2025-03-01T00:00:00+08:00",
                    "person_id": pid,
                    "name": f"居民{pid}",
                    "phones": [f"+86138000000{n:02d}"],
                    "district": DISTRICT,
                    "address": f"{DISTRICT}汉正街{n}号",
                }
            ).encode()
        )
        for n, pid in enumerate(RESIDENTS, start=1)
    ]
    context.store_events([a for a in residents if isinstance(a, Accepted)])

    def make_warning(person_id: str) -> str:
        warning = Warning(
            warning_id=f"W-{person_id}-{uuid.uuid4().hex[:8]}",
            person_id=person_id,
            ts=context.clock.now(),
            level=Level.HIGH,
            typology="impersonate_police",
            score=0.9,
            reasons=["冒充公检法来电"],
        )
        return context.tasks.task_from_warning(warning).task_id

    return make_warning


def _start(url: str, port: int, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """``fanzha serve`` as an operator runs it, on the fanzha this test imported."""
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
        "FANZHA_DATA_DIR": str(data_dir),
        "FANZHA_LOG_LEVEL": "WARNING",
    }
    env.pop("FANZHA_DATABASE_URL", None)
    command = [
        sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')",
        "serve", "--port", str(port), "--database-url", url,
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"fanzha serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"fanzha serve at {base} not ready after {STARTUP_S:.0f} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def cluster(pg_server: TemporaryPostgres | str) -> Iterator[Cluster]:
    url = _database(pg_server)
    work = tempfile.TemporaryDirectory(prefix="fanzha-two-servers-")
    root = Path(work.name)
    # This process writes and verifies the same audit chain as the servers: one data
    # dir, so one audit key and one checkpoint, as on a host running several workers.
    previous_data_dir = os.environ.get("FANZHA_DATA_DIR")
    os.environ["FANZHA_DATA_DIR"] = str(root / "data")
    get_settings.cache_clear()
    make_warning = _prepare(url)
    ports = (free_port(), free_port())
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for n, port in enumerate(ports):  # one data dir, as the workers of one host share
            processes.append(_start(url, port, root / "data", root / f"server{n}.log"))
        bases = (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
        logs = (root / "server0.log", root / "server1.log")
        for base, process, log in zip(bases, processes, logs, strict=True):
            _wait_ready(base, process, log)
        yield Cluster(url, bases, iter(RESIDENTS), make_warning, logs)
    finally:
        for process in processes:
            _stop(process)
        work.cleanup()
        if previous_data_dir is None:
            os.environ.pop("FANZHA_DATA_DIR", None)
        else:
            os.environ["FANZHA_DATA_DIR"] = previous_data_dir
        get_settings.cache_clear()


def _at_once(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Runs every call on its own thread, all released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    answers: list[httpx.Response | BaseException | None] = [None] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        try:
            answers[n] = calls[n]()
        except BaseException as err:  # surfaced below, on the test's thread
            answers[n] = err

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for answer in answers:
        if not isinstance(answer, httpx.Response):
            raise AssertionError(f"a concurrent request failed: {answer!r}")
    return [a for a in answers if isinstance(a, httpx.Response)]


def _signed(cluster: Cluster, task_id: str) -> None:
    cluster.login("qk", 0).post(f"/v1/tasks/{task_id}/sign", json={}).raise_for_status()


def _attempt(note: str) -> dict[str, str]:
    return {"channel": "phone_call", "result": "no_answer", "note": note}


def test_same_task_signed_on_both_servers_at_once_has_one_winner(cluster: Cluster) -> None:
    clients = (cluster.login("qk", 0), cluster.login("qk2", 1))
    for _ in range(3):
        task_id = cluster.new_task()
        version = clients[0].get(f"/v1/tasks/{task_id}").json()["version"]
        sign = f"/v1/tasks/{task_id}/sign"
        answers = _at_once(
            [partial(c.post, sign, json={"expected_version": version}) for c in clients]
        )
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        winner = OFFICERS[[a.status_code for a in answers].index(200)]
        for client in clients:
            task = client.get(f"/v1/tasks/{task_id}").json()
            assert task["state"] == "signed"
            assert task["officer"] == winner
            assert task["version"] == version + 1
            assert [line["by"] for line in task["history"] if line["what"] == "signed"] == [winner]


def test_a_request_key_is_applied_once_whichever_server_answers(cluster: Cluster) -> None:
    task_id = cluster.new_task()
    _signed(cluster, task_id)
    on_a, on_b = cluster.login("qk", 0), cluster.login("qk", 1)
    path = f"/v1/tasks/{task_id}/attempts"
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}

    first = on_a.post(path, json=_attempt("first try"), headers=key)
    retry = on_b.post(path, json=_attempt("first try"), headers=key)
    assert first.status_code == 200, first.text
    assert (retry.status_code, retry.content) == (first.status_code, first.content)
    other = on_b.post(path, json=_attempt("something else"), headers=key)
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]

    # A client that timed out on A retries on B while A is still working.
    key = {"Idempotency-Key": f"race-{uuid.uuid4()}"}
    answers = _at_once(
        [partial(c.post, path, json=_attempt("raced"), headers=key) for c in (on_a, on_b)]
    )
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert answers[0].content == answers[1].content

    notes = [a["note"] for a in on_a.get(f"/v1/tasks/{task_id}").json()["attempts"]]
    assert notes == ["first try", "raced"]


def test_concurrent_attempts_through_both_servers_all_land(cluster: Cluster) -> None:
    task_id = cluster.new_task()
    _signed(cluster, task_id)
    clients = (cluster.login("qk", 0), cluster.login("qk", 1))
    path = f"/v1/tasks/{task_id}/attempts"
    conflicts = [0] * CONCURRENT_ATTEMPTS

    def record(n: int) -> Callable[[], httpx.Response]:
        def post() -> httpx.Response:
            client = clients[n % 2]  # alternately through A and B
            for _ in range(200):
                answer = client.post(path, json=_attempt(f"attempt {n}"))
                if answer.status_code != 409:  # 409: someone saved first; try again
                    return answer
                conflicts[n] += 1
            return answer

        return post

    answers = _at_once([record(n) for n in range(CONCURRENT_ATTEMPTS)])
    failed = [(a.status_code, a.text[:300]) for a in answers if a.status_code != 200]
    assert not failed, f"{failed}\n{cluster.log_tails()}"

    final = clients[1].get(f"/v1/tasks/{task_id}").json()
    notes = [a["note"] for a in final["attempts"]]
    assert sorted(notes) == sorted(f"attempt {n}" for n in range(CONCURRENT_ATTEMPTS))
    # Each success saw exactly the attempts saved before it, at a version of its own.
    saved = sorted((a.json() for a in answers), key=lambda task: task["version"])
    versions = [task["version"] for task in saved]
    assert versions == sorted(set(versions)), "two saves claimed the same version"
    assert versions[-1] == final["version"]
    for position, task in enumerate(saved, start=1):
        assert [a["note"] for a in task["attempts"]] == notes[:position]
    assert sum(conflicts) > 0, "the requests never overlapped: not a concurrency test"


def test_a_write_through_one_server_is_read_at_once_through_the_other(cluster: Cluster) -> None:
    task_id = cluster.new_task()
    _signed(cluster, task_id)
    clients = (cluster.login("qk", 0), cluster.login("qk2", 1))
    for n in range(10):
        writer, reader = clients[n % 2], clients[1 - n % 2]
        wrote = writer.post(f"/v1/tasks/{task_id}/attempts", json=_attempt(f"seen {n}"))
        assert wrote.status_code == 200, wrote.text
        read = reader.get(f"/v1/tasks/{task_id}").json()
        assert read["version"] == wrote.json()["version"]
        assert read["attempts"][-1]["note"] == f"seen {n}"
    # A session opened on one server is honoured by the other: the users are shared.
    token = clients[0].headers["Authorization"]
    on_b = httpx.Client(base_url=cluster.bases[1], timeout=10, trust_env=False)
    assert on_b.get("/v1/auth/me", headers={"Authorization": token}).json()["user_id"] == "qk"
    queue = [t["task_id"] for t in clients[1].get("/v1/tasks").json()]
    assert task_id in queue


def test_views_through_each_server_are_audited_in_one_intact_chain(cluster: Cluster) -> None:
    task_id = cluster.new_task()
    cluster.login("qk", 0).get(f"/v1/tasks/{task_id}").raise_for_status()
    cluster.login("qk2", 1).get(f"/v1/tasks/{task_id}").raise_for_status()
    for server in (0, 1):
        auditor = cluster.login("auditor", server)
        trail = auditor.get("/v1/audit", params={"object_id": task_id}).json()
        viewers = {
            e["user_id"] for e in trail if e["action"] == "view" and e["object_type"] == "task"
        }
        assert viewers == {"qk", "qk2"}
        verdict = auditor.get("/v1/audit/verify").json()
        assert verdict["intact"], verdict
    intact, message = verify_audit(cluster.url)
    assert intact, message


def test_a_logout_through_one_server_revokes_the_token_on_both(cluster: Cluster) -> None:
    client = cluster.login("qk2", 0)
    token = client.headers["Authorization"]
    on_b = httpx.Client(base_url=cluster.bases[1], timeout=10, trust_env=False)
    assert on_b.get("/v1/auth/me", headers={"Authorization": token}).status_code == 200
    assert on_b.post("/v1/auth/logout", headers={"Authorization": token}).status_code == 204
    for base in cluster.bases:
        for path in ("/v1/auth/me", "/v1/tasks"):
            answer = httpx.get(f"{base}{path}", headers={"Authorization": token}, trust_env=False)
            assert answer.status_code == 401, (base, path)


def test_failed_logins_counted_by_one_server_lock_out_on_the_other(cluster: Cluster) -> None:
    def attempt(server: int) -> int:
        body = {"user_id": "ghost", "password": "Not-the-password-1"}
        url = f"{cluster.bases[server]}/v1/auth/login"
        return httpx.post(url, json=body, timeout=30, trust_env=False).status_code

    assert [attempt(n % 2) for n in range(5)] == [401] * 5  # counted together
    assert attempt(1) == 429 and attempt(0) == 429
