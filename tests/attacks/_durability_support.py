"""Real ``fanzha serve`` processes for the durability attacks: start, kill -9, restart.

Why real processes: the data-loss bug lives in how a process holds its SQLite
file locks, and exactly-once must survive a process that dies mid-request;
neither can be replayed inside the test's own process. The test process itself
opens the store only in short-lived subprocesses or with its engine disposed,
so it never holds a lock that would hide the bug.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

import fanzha
from fanzha.net import free_port

PASSWORD = "correct-horse-battery"
STARTUP_S = 180.0
HERE = Path(__file__).resolve().parent
USERS = [
    ("analyst", "center_analyst", None),
    ("qk", "district_officer", "硚口区"),
    ("auditor", "auditor", None),
]


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fanzha process started by a test: this tree's fanzha."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(fanzha.__file__).parent.parent), str(HERE)]),
        "FANZHA_DATA_DIR": str(data_dir),
        "FANZHA_LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("FANZHA_DATABASE_URL", None)
    return env


def cli(
    url: str, data_dir: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``fanzha ARGS --database-url URL`` in its own process, as an operator runs it."""
    command = [
        sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')",
        *args, "--database-url", url,
    ]  # fmt: skip
    done = subprocess.run(
        command, env=environment(data_dir), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 or not check, (
        f"fanzha {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    )
    return done


def add_users(url: str, data_dir: Path) -> None:
    for user_id, role, district in USERS:
        extra = ["--district", district] if district else []
        cli(url, data_dir, "users", "add", user_id, "--role", role, "--password", PASSWORD, *extra)


class Child:
    """What every real fanzha child process of these tests shares: its log, kill -9, stop."""

    process: subprocess.Popen[bytes] | None
    log: Path

    def kill9(self) -> None:
        """SIGKILL: no shutdown handler, no checkpoint, no flush — a power cut for the process."""
        assert self.process is not None
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def wait_ready(self, base: str) -> None:
        """Until ``base``/healthz answers; fails with the log if the process dies or stalls."""
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"fanzha serve exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).is_success:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        pytest.fail(f"fanzha serve not ready after {STARTUP_S:.0f} s:\n{self.tail()}")


def login(base: str, user_id: str, timeout: float = 60) -> httpx.Client:
    """A client logged in as ``user_id`` (password ``PASSWORD``)."""
    client = httpx.Client(base_url=base, timeout=timeout, trust_env=False)
    answer = client.post("/v1/auth/login", json={"user_id": user_id, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return client


@dataclass
class ServeProcess(Child):
    """One ``fanzha serve`` on loopback; ``crash_at`` names a kill point of ``crash_module``
    (``_durability_crash`` by default), armed through the ``crash_env`` variable."""

    url: str
    data_dir: Path
    log: Path
    crash_at: str | None = None
    crash_module: str = "_durability_crash"
    crash_env: str = "FANZHA_TEST_CRASH_AT"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServeProcess:
        extra = {self.crash_env: self.crash_at} if self.crash_at else {}
        command = [
            sys.executable, "-c",
            f"import {self.crash_module}; from fanzha.cli import app; app(prog_name='fanzha')",
            "serve", "--port", str(self.port), "--database-url", self.url,
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, env=environment(self.data_dir, **extra), stdout=out, stderr=out
            )
        self.wait_ready(self.base)
        return self

    def login(self, user_id: str) -> httpx.Client:
        return login(self.base, user_id)

    def died(self) -> bool:
        assert self.process is not None
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return False
        return True


def serve_process(url: str, workdir: Path, crash_at: str | None = None) -> ServeProcess:
    return ServeProcess(url, workdir / "data", workdir / "serve.log", crash_at)


def running(url: str, workdir: Path, crash_at: str | None = None) -> Iterator[ServeProcess]:
    server = serve_process(url, workdir, crash_at).start()
    try:
        yield server
    finally:
        server.stop()


def call_event(n: int, tag: str = "c") -> dict[str, Any]:
    """A plain call event (no warning): what a telecom posts by the million."""
    return {
        "kind": "call",
        "id": f"{tag}{n}",
        "ts": f"2025-03-03T{9 + n % 10:02d}:{n % 60:02d}:00+08:00",
        "source": "telecom:cmcc",
        "caller": f"+86139{n:08d}",
        "callee": "+8613812345678",
        "duration_s": 30 + n % 300,
    }


def report_event(n: int) -> dict[str, Any]:
    """A fraud report of 2025: what the year's figures count."""
    return {
        "kind": "report",
        "id": f"rep{n}",
        "ts": f"2025-0{1 + n % 9}-1{n % 10}T10:00:00+08:00",
        "source": "police:110",
        "person_id": f"V{n}",
        "loss_fen": 100_000 + n,
        "fraud_type": "impersonate_police",
    }


def post_events(client: httpx.Client, events: list[dict[str, Any]]) -> int:
    """Posts events; returns how many the server acknowledged as new."""
    answer = client.post("/v1/events", json=events)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["new"])


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def sqlite_ids(url: str) -> set[str]:
    """Event ids in the file, read by a fresh connection that is closed at once."""
    conn = sqlite3.connect(sqlite_path(url))
    try:
        return {row[0] for row in conn.execute("SELECT id FROM events")}
    finally:
        conn.close()


def sqlite_integrity(url: str) -> str:
    conn = sqlite3.connect(sqlite_path(url))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def outside_sqlite_reader(url: str) -> None:
    """What an operator's ``sqlite3 fanzha.db`` does: open, read, close — in another process."""
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print(c.execute('SELECT count(*) FROM events').fetchone()[0]); c.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(sqlite_path(url))], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def jsonl(events: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n"
