"""Finding 1: acknowledged writes must survive the statistics, outside readers and kill -9.

The attack: a ``GET /v1/stats`` made the server open its own SQLite file through
DuckDB's copy of SQLite; closing that second library's file descriptor dropped
the server's POSIX locks, so the next outside process that opened and closed
the file (``fanzha audit verify``, ``sqlite3``…) thought it was the last, and
checkpointed and deleted the ``-wal`` the server was still writing into.
Events answered ``new: 1`` were gone after a restart, and ``integrity_check``
still said ok. Each test here runs a real ``fanzha serve``, kills it with
SIGKILL and checks, from a fresh process, that every acknowledged event is there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _durability_support import (
    ServeProcess,
    add_users,
    call_event,
    cli,
    outside_sqlite_reader,
    post_events,
    report_event,
    serve_process,
    sqlite_ids,
    sqlite_integrity,
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.fixture
def server(sqlite_url: str, workdir: Path) -> Iterator[ServeProcess]:
    add_users(sqlite_url, workdir / "data")
    process = serve_process(sqlite_url, workdir).start()
    yield process
    process.stop()


def _outside_processes(url: str, data_dir: Path) -> None:
    """Every kind of outside process the attack used: each opens and closes the file."""
    outside_sqlite_reader(url)
    cli(url, data_dir, "audit", "verify", check=False)
    cli(url, data_dir, "db", "counts")
    cli(url, data_dir, "users", "add", "late", "--role", "auditor", "--password", "x-" * 8)


def test_events_acknowledged_after_stats_and_outside_readers_survive_kill9(
    server: ServeProcess, sqlite_url: str, workdir: Path
) -> None:
    analyst = server.login("analyst")
    acknowledged: set[str] = set()
    n = 0
    for round_ in range(2):
        batch = [call_event(n + i) for i in range(20)] + [report_event(n + i) for i in range(5)]
        n += 25
        assert post_events(analyst, batch) == len(batch)
        acknowledged |= {e["id"] for e in batch}
        stats = analyst.get("/v1/stats", params={"year": 2025})
        assert stats.status_code == 200, stats.text
        assert stats.json()["cases"] == 5 * (round_ + 1)
        _outside_processes(sqlite_url, workdir / "data")
        after = [call_event(n + i, "after") for i in range(20)]
        n += 20
        assert post_events(analyst, after) == len(after)
        acknowledged |= {e["id"] for e in after}
    server.kill9()

    kept = sqlite_ids(sqlite_url)
    assert not acknowledged - kept, f"{len(acknowledged - kept)} acknowledged events lost"
    assert sqlite_integrity(sqlite_url) == "ok"
