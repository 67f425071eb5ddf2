"""Events from a NATS JetStream stream, warnings back to one: the same warnings, once each."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fanzha.contract.warning import Warning, decode_warning
from fanzha.detect.flink import job_command, warning_order
from fanzha.net import free_port


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    """A real nats-server with JetStream (Debian's), on a free port, for this test."""
    port = free_port()
    server = subprocess.Popen(
        ["nats-server", "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(tmp_path / "js")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"nats://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


async def _publish(url: str, lines: list[bytes]) -> None:
    import nats

    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(name="EVENTS", subjects=["events.>"])
    await js.add_stream(name="WARNINGS", subjects=["warnings"], duplicate_window=600)
    for start in range(0, len(lines), 1000):
        await asyncio.gather(
            *(js.publish("events.city", line) for line in lines[start : start + 1000])
        )
    await nc.close()


async def _read_all(url: str) -> list[bytes]:
    import nats

    nc = await nats.connect(url)
    js = nc.jetstream()
    info = await js.stream_info("WARNINGS")
    found = [
        bytes((await js.get_msg("WARNINGS", seq)).data or b"")
        for seq in range(1, info.state.last_seq + 1)
    ]
    await nc.close()
    return found


def test_jetstream_in_and_out(
    city: Path, embedded: list[Warning], nats_url: str, tmp_path: Path
) -> None:
    lines = [line for line in city.read_bytes().splitlines() if line.strip()]
    asyncio.run(_publish(nats_url, lines))
    args = ["--nats", nats_url, "--stream", "EVENTS", "--count", str(len(lines))]
    args += ["--publish", "warnings", "--out", str(tmp_path / "files")]
    for _ in range(2):  # the second run replays every warning: JetStream keeps one of each
        subprocess.run(job_command(*args), cwd=tmp_path, check=True, capture_output=True)
    decode = decode_warning
    published = [decode(raw) for raw in asyncio.run(_read_all(nats_url))]
    assert sorted(published, key=warning_order) == embedded
