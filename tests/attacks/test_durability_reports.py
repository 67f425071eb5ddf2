"""Finding 1, the demo's SIGBUS: report and statistics requests while events pour in.

The attack opened the reports page of a running demo: DuckDB's SQLite, inside
the server, shrank the ``-shm`` file under the server's own map and the process
died with SIGBUS. Here readers ask for the year's figures, the HTML and XLSX
report, campaigns and communities, and an outside connection opens and closes
the file, all while a writer posts events. The server must answer every one,
stay alive, and after kill -9 keep every event it acknowledged in an intact file.
(``benchmarks/durability.py --minutes 60`` runs the same for an hour.)
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fanzha.server.admin import add_user
from fanzha.store import engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _durability_support import (
    PASSWORD,
    USERS,
    ServeProcess,
    call_event,
    report_event,
    sqlite_ids,
    sqlite_integrity,
    sqlite_path,
)

BATCHES = 30
READS = [
    ("/v1/stats", {"year": 2025}),
    ("/v1/stats/report", {"year": 2025, "format": "html"}),
    ("/v1/stats", {"year": 2025, "district": "硚口区"}),
    ("/v1/campaigns", {"year": 2025}),
    ("/v1/stats/report", {"year": 2025, "format": "xlsx"}),
    ("/v1/communities", {}),
]


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[ServeProcess]:
    for user_id, role, district in USERS:
        add_user(sqlite_url, user_id, role, user_id, district, None, PASSWORD)
    engine(sqlite_url).dispose()  # this process holds no lock that would hide the bug
    (tmp_path / "data").mkdir()
    process = ServeProcess(sqlite_url, tmp_path / "data", tmp_path / "serve.log").start()
    yield process
    process.stop()


def test_reports_and_stats_while_events_are_written_lose_nothing(
    server: ServeProcess, sqlite_url: str
) -> None:
    writer, reader = server.login("analyst"), server.login("analyst")
    acknowledged: set[str] = set()
    failures: list[str] = []
    done = threading.Event()
    reads = 0

    def write() -> None:
        try:
            for b in range(BATCHES):
                batch = [call_event(b * 20 + i) for i in range(18)]
                batch += [report_event(b * 2), report_event(b * 2 + 1)]
                answer = writer.post("/v1/events", json=batch)
                if answer.status_code != 200 or answer.json()["new"] != len(batch):
                    failures.append(f"write {b}: {answer.status_code} {answer.text[:200]}")
                    return
                acknowledged.update(e["id"] for e in batch)
                outside = sqlite3.connect(sqlite_path(sqlite_url))  # an operator's sqlite3
                outside.execute("SELECT count(*) FROM events").fetchone()
                outside.close()
        except httpx.HTTPError as err:
            failures.append(f"writer: {err!r}")
        finally:
            done.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while not done.is_set() or reads < len(READS):
            path, params = READS[reads % len(READS)]
            answer = reader.get(path, params=params)
            reads += 1
            if answer.status_code != 200:
                failures.append(f"{path} {params}: {answer.status_code} {answer.text[:200]}")
                break
    except httpx.HTTPError as err:
        failures.append(f"reader: {err!r}")
    thread.join(timeout=600)
    assert not failures, f"{failures}\n{server.tail()}"
    assert server.process is not None and server.process.poll() is None, server.tail()
    figures = reader.get("/v1/stats", params={"year": 2025}).json()
    assert figures["cases"] == 2 * BATCHES

    server.kill9()
    kept = sqlite_ids(sqlite_url)
    assert not acknowledged - kept, f"{len(acknowledged - kept)} of {len(acknowledged)} lost"
    assert sqlite_integrity(sqlite_url) == "ok"
