"""Helpers of the intake attacks: a real ``fanzha serve`` process, its memory, raw HTTP."""

from __future__ import annotations

import gzip
import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from fanzha.net import free_port

PASSWORD = "intake-attack-Passw0rd-long"
FANZHA = [str(Path(sys.executable).with_name("fanzha"))]


@dataclass
class ServeProcess:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_kib(self) -> int:
        """Resident memory of the server process now, from /proc (kB as the kernel says)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def login(self, user_id: str = "analyst") -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=30, trust_env=False)
        answer = client.post("/v1/auth/login", json={"user_id": user_id, "password": PASSWORD})
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        return client


def _env(tmp: Path, url: str, extra: dict[str, str] | None) -> dict[str, str]:
    env = {**os.environ, "FANZHA_DATA_DIR": str(tmp)}
    if url:
        env["FANZHA_DATABASE_URL"] = url
    src = Path(__file__).resolve().parents[2] / "src"
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    env.update(extra or {})
    return env


@contextmanager
def serve_process(tmp: Path, url: str, env: dict[str, str] | None = None) -> Iterator[ServeProcess]:
    """``fanzha serve`` in its own process, with an analyst user, until the block ends."""
    environment = _env(tmp, url, env)
    subprocess.run(
        [
            *FANZHA,
            *("users", "add", "analyst", "--role", "center_analyst"),
            *("--password", PASSWORD, "--database-url", url),
        ],
        env=environment,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (tmp / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(
        [*FANZHA, "serve", "--port", str(port), "--database-url", url],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # two loaded cores: warm-up can take a minute
        while True:
            if process.poll() is not None:
                raise RuntimeError((tmp / f"serve-{port}.log").read_text())
            try:
                if httpx.get(f"{base}/healthz", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield ServeProcess(base, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass
class RawAnswer:
    status: int | None
    """None when the server closed without an answer."""
    body: bytes
    sent: int
    """Body bytes the client managed to send before the answer (or the close)."""


def post_streaming(
    url: str,
    path: str,
    total: int,
    chunk: int = 1 << 20,
    declare_length: bool = False,
    headers: dict[str, str] | None = None,
) -> RawAnswer:
    """POST ``total`` bytes of a JSON-looking body, chunked (or with Content-Length),
    stopping as soon as the server answers; a plain socket, so nothing buffers it."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80))
    head = [f"POST {path} HTTP/1.1", f"Host: {parts.netloc}", "Content-Type: application/json"]
    head.append(f"Content-Length: {total}" if declare_length else "Transfer-Encoding: chunked")
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    piece = b'{"user_id":"' + b"a" * max(0, chunk - 12)
    sent = 0
    try:
        while sent < total:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            data = piece[: min(chunk, total - sent)]
            frame = data if declare_length else b"%x\r\n%s\r\n" % (len(data), data)
            sock.sendall(frame)
            sent += len(data)
        if not declare_length and sent >= total:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    return RawAnswer(*_read_answer(sock), sent=sent)


def _read_answer(sock: socket.socket) -> tuple[int | None, bytes]:
    sock.settimeout(30)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = [
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ]
                if length and len(body) >= length[0]:
                    break
    except (ConnectionResetError, TimeoutError):
        pass
    finally:
        sock.close()
    if not data.startswith(b"HTTP/1.1 "):
        return None, data
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


# --- the corpus of nasty lines, and good events to put around them -------------

CORPUS = Path(__file__).resolve().parent / "corpus"
_KINDS = ("person", "account", "transfer", "call", "order", "sms", "gold_purchase", "report")


@dataclass(frozen=True)
class Nasty:
    name: str
    raw: bytes
    field: str | None
    """The field the rejection must name (None: the line as a whole)."""


def corpus() -> list[Nasty]:
    """Every stored nasty line with the field its rejection names (``expected.json``)."""
    expected: dict[str, str | None] = json.loads((CORPUS / "expected.json").read_text())
    found = []
    for name, field in sorted(expected.items()):
        data = (CORPUS / name).read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        found.append(Nasty(name, data.rstrip(b"\n"), field))
    return found


def good_event(kind: str, event_id: str) -> dict[str, Any]:
    """A valid event of ``kind`` (one per contract kind the tests mix)."""
    base: dict[str, Any] = {"kind": kind, "id": event_id, "ts": "2025-03-03T09:00:00+08:00"}
    n = sum(map(ord, event_id)) % 90 + 10
    phone = f"+86139000000{n:02d}"
    fields: dict[str, dict[str, Any]] = {
        "person": {
            "source": "police:hukou",
            "person_id": f"P-{event_id}",
            "phones": [phone],
            "district": "硚口区",
            "address": "汉正街1号",
            "birth_year": 1950,
            "name": "张三",
            "community": "汉正街社区",
        },
        "account": {"source": "bank:cmb", "account_id": f"A-{event_id}", "bank": "cmb"},
        "transfer": {
            "source": "bank:cmb",
            "from_account": "A-1",
            "to_account": "A-2",
            "amount_fen": 12_345,
            "channel": "mobile",
        },
        "call": {
            "source": "telecom:cmcc",
            "caller": "+8613800000001",
            "callee": phone,
            "duration_s": 30,
        },
        "order": {
            "source": "platform:huolala",
            "platform": "huolala",
            "order_id": f"O-{event_id}",
            "requester": phone,
            "pickup": {"district": "硚口区", "address": "a"},
            "dropoff": {"district": "江夏区", "address": "b"},
            "cross_city": False,
            "vehicle": "car",
            "passengers": 1,
            "item": "行李",
        },
        "sms": {"source": "telecom:cmcc", "sender": "95588", "receiver": phone, "text": "您好"},
        "gold_purchase": {
            "source": "bank:icbc",
            "account_id": "A-3",
            "grams": 20.5,
            "amount_fen": 1_200_000,
            "channel": "store",
            "delivery": "pickup",
        },
        "report": {"source": "police:96110", "phone": phone, "loss_fen": 0},
    }
    return {**base, **fields[kind]}


def interleave(
    nasty: list[Nasty], prefix: str = "line"
) -> tuple[list[bytes], set[tuple[str, str]], list[tuple[int, str | None, str]]]:
    """Good, nasty, good, nasty, …, good: the lines, the good keys, and per nasty line
    its number (1-based), the field its rejection must name, and its corpus name."""
    lines: list[bytes] = []
    keys: set[tuple[str, str]] = set()
    expected: list[tuple[int, str | None, str]] = []
    for i in range(len(nasty) + 1):
        kind = _KINDS[i % len(_KINDS)]
        event = good_event(kind, f"{kind}-{prefix}-{i}")
        lines.append(json.dumps(event, ensure_ascii=False).encode())
        keys.add((event["source"], event["id"]))
        if i < len(nasty):
            lines.append(nasty[i].raw)
            expected.append((len(lines), nasty[i].field, nasty[i].name))
    return lines, keys, expected


def cli_env(tmp: Path) -> dict[str, str]:
    return _env(tmp, "", {"COLUMNS": "200"})
