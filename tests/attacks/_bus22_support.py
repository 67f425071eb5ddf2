"""Real processes for the many-server test: nats-server, ``serve --bus``, ``detector``.

Each is its own OS process so ``kill -9`` is a real power cut: no handler,
no flush, no acknowledgement sent on the way out.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from _durability_support import Child, environment, login

from fanzha.net import free_port

SETTLE_S = 600.0
"""How long the pipeline may take to drain before the test fails (it asserts state, not speed)."""


def nats_binary() -> str:
    found = shutil.which("nats-server") or "/usr/sbin/nats-server"
    if not Path(found).exists():
        pytest.skip("nats-server is not installed")
    return found


@dataclass
class Nats:
    """A real nats-server with JetStream, its store in the test's directory."""

    store: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> Nats:
        command = [nats_binary(), "-js", "-a", "127.0.0.1", "-p", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "-sd", str(self.store)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        pytest.fail("nats-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Process(Child):
    """One fanzha command in its own process; ``crash`` is a ``_bus22_crash`` kill point."""

    args: list[str]
    data_dir: Path
    log: Path
    crash: str | None = None
    process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> None:
        extra = {"FANZHA_TEST_BUS_CRASH": self.crash} if self.crash else {}
        command = [
            sys.executable, "-c",
            "import _bus22_crash; from fanzha.cli import app; app(prog_name='fanzha')",
            *self.args,
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, env=environment(self.data_dir, **extra), stdout=out, stderr=out
            )

    def died(self, timeout: float = SETTLE_S) -> bool:
        """Waits for the process to end by itself (a crash point fired)."""
        assert self.process is not None
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return self.process.returncode == -signal.SIGKILL


@dataclass
class BusServer(Process):
    port: int = 0
    client: httpx.Client | None = None
    """The analyst's session on this server since its last start."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, crash: str | None = None) -> BusServer:
        self.crash = crash
        self.spawn()
        self.wait_ready(self.base)
        self.client = self.login("analyst")
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def login(self, user_id: str) -> httpx.Client:
        return login(self.base, user_id, timeout=120)


def bus_server(db_url: str, nats_url: str, data_dir: Path, workdir: Path, name: str) -> BusServer:
    port = free_port()
    args = ["serve", "--port", str(port), "--database-url", db_url]
    args += ["--bus", nats_url, "--bus-consumer", name]
    return BusServer(args, data_dir, workdir / f"{name}.log", port=port)


def detector_process(nats_url: str, data_dir: Path, workdir: Path, city: str) -> Process:
    args = ["detector", "--bus", nats_url, "--city", city]
    return Process(args, data_dir, workdir / "detector.log")


# --- what the bus holds ---------------------------------------------------------


async def _consumer_state(url: str, stream: str, durable: str) -> tuple[int, int]:
    import nats
    from nats.js.errors import NotFoundError

    nc = await nats.connect(url)
    try:
        info = await nc.jetstream().consumer_info(stream, durable)
        return int(info.num_pending or 0), int(info.num_ack_pending or 0)
    except NotFoundError:
        return -1, -1
    finally:
        await nc.close()


def drained(url: str, stream: str, durable: str) -> bool:
    """The durable consumer has read and acknowledged everything in its stream."""
    return asyncio.run(_consumer_state(url, stream, durable)) == (0, 0)


async def _messages(url: str, stream: str) -> list[bytes]:
    import nats

    nc = await nats.connect(url)
    js = nc.jetstream()
    info = await js.stream_info(stream)
    found = [
        bytes((await js.get_msg(stream, seq)).data or b"")
        for seq in range(info.state.first_seq, info.state.last_seq + 1)
    ]
    await nc.close()
    return found


def stream_messages(url: str, stream: str) -> list[bytes]:
    return asyncio.run(_messages(url, stream))


def wait_until(done: Any, what: str, processes: list[Process]) -> None:
    """Waits for a state (never asserts on time): fails naming it, with the logs."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        if done():
            return
        for p in processes:
            if p.process is not None and p.process.poll() is not None:
                pytest.fail(f"{p.args[0]} died ({p.process.returncode}):\n{p.tail()}")
        time.sleep(0.2)
    logs = "\n".join(f"--- {p.log.name}\n{p.tail()}" for p in processes)
    pytest.fail(f"not reached after {SETTLE_S:.0f} s: {what}\n{logs}")
