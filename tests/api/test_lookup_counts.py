"""Every 风险查询 counted, even those answered just before the server is stopped.

Why: lookups are counted in memory and written to the store's counters every two
seconds, off the request path (a write per lookup would cost more than the
lookup). A server stopped cleanly — SIGTERM from systemd or an orchestrator,
Ctrl-C — must not lose the counts of its last seconds. A real ``fanzha serve``
answers a partner, is stopped at once, and the counters are read from disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

import fanzha
from fanzha.net import free_port
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.counts import HitCounts, LookupCounts

STARTUP_S = 90.0


def _env(data: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
        "FANZHA_DATA_DIR": str(data),
        "FANZHA_LOG_LEVEL": "WARNING",
    }
    env.pop("FANZHA_DATABASE_URL", None)
    return env


def _fanzha(*args: str) -> list[str]:
    return [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')", *args]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_lookups_answered_just_before_a_clean_stop_are_counted(
    tmp_path: Path, stop: signal.Signals
) -> None:
    data = tmp_path / "data"
    store = data / "patrol" / "blocklist"
    Blocklist(store).add(
        [Entry("account", "6222021234567890", "bank:icbc", "收款卡", "investment")],
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    added = subprocess.run(
        _fanzha("partners", "add", "icbc", "--type", "bank", "--source", "bank:icbc"),
        env=_env(data), check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    key = next(line.split(": ", 1)[1] for line in added.splitlines() if "API key" in line)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            _fanzha("serve", "--port", str(port)), env=_env(data), stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with httpx.Client(base_url=base, headers={"X-Api-Key": key}, trust_env=False) as bank:
            for _ in range(7):
                answer = bank.get("/v1/lookup", params={"account": "6222 0212 3456 7890"})
                assert answer.json()["risk"] == "高"
            for _ in range(3):
                answer = bank.get("/v1/lookup", params={"account": "6222021234567891"})
                assert answer.json()["risk"] == "未发现"
        server.send_signal(stop)  # at once: within the two seconds between flushes
        server.wait(timeout=30)  # uvicorn re-raises SIGTERM after its shutdown: no atexit
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    lookups = LookupCounts(store)
    assert lookups.of_indicator("account", "6222021234567890") == 7
    assert lookups.of_indicator("account", "6222021234567891") == 3
    assert [(r.value, r.by_channel["lookup"]) for r in HitCounts(store).top()] == [
        ("6222021234567890", 7)
    ]


def test_counts_from_several_processes_add_up_and_old_json_is_taken_over(tmp_path: Path) -> None:
    store = tmp_path / "bl"
    store.mkdir()
    (store / "lookups.json").write_text('{"indicator\\tphone\\t17000000000": 5}')
    code = (
        "import sys; from pathlib import Path; from fanzha.patrol.counts import LookupCounts\n"
        "c = LookupCounts(Path(sys.argv[1]))\n"
        "for _ in range(200): c.add('phone', '17000000000', True, '2026-11-01')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(fanzha.__file__).parent.parent)}
    workers = [
        subprocess.Popen([sys.executable, "-c", code, str(store)], env=env) for _ in range(4)
    ]
    assert [w.wait(timeout=60) for w in workers] == [0] * 4  # each flushed on exit
    counts = LookupCounts(store)
    assert counts.of_indicator("phone", "17000000000") == 5 + 800
    assert counts.per_day()["2026-11-01"] == {"total": 800, "listed": 800, "clean": 0, "phone": 800}
    assert not (store / "lookups.json").exists() and (store / "lookups.json.imported").exists()
