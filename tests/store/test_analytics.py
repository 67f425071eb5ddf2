"""DuckDB reads the store in place, offline, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.ingest import ingest_file
from fanzha.store import analytics, engine, migrate


def transfer(i: int, hour: int) -> dict[str, object]:
    return {
        "kind": "transfer",
        "id": f"t{i}",
        "ts": f"2025-03-03T{hour:02d}:00:00+08:00",
        "source": "bank:icbc",
        "from_account": "A1",
        "to_account": f"M{i % 3}",
        "amount_fen": 10_000 * i,
        "channel": "online",
    }


@pytest.fixture
def loaded(db_url: str, tmp_path: Path) -> str:
    migrate(db_url)
    path = tmp_path / "events.jsonl"
    events = [transfer(i, 8 + i) for i in range(1, 7)]
    events.append(
        {
            "kind": "sms",
            "id": "s1",
            "ts": "2025-03-03T08:00:00+08:00",
            "source": "telecom:cmcc",
            "sender": "10690000",
            "receiver": "+8613800000001",
            "text": "您的快递理赔",
        }
    )
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n")
    ingest_file(engine(db_url), path, tmp_path / "dead.jsonl")
    engine(db_url).dispose()  # as ``fanzha db counts`` finds it: no engine of ours holds the file
    return db_url


LATE = "SELECT count(*) FROM store.transfers WHERE ts >= TIMESTAMP '2025-03-03 02:00:00'"


def test_duckdb_sums_transfers_and_compares_times(loaded: str) -> None:
    with analytics.connect(loaded) as conn:
        by_recipient = conn.execute(
            "SELECT to_account, sum(amount_fen) FROM store.transfers GROUP BY 1 ORDER BY 1"
        ).fetchall()
        # 10:00+08:00 is 02:00 UTC: transfers t2..t6 (10:00..14:00 local) qualify.
        late = conn.execute(LATE).fetchone()
    assert by_recipient == [("M0", 90_000), ("M1", 50_000), ("M2", 70_000)]
    assert late == (5,)


def test_times_read_as_utc_whatever_the_machine_zone(loaded: str) -> None:
    script = (
        "import sys; from fanzha.store import analytics\n"
        "with analytics.connect(sys.argv[1]) as c: print(c.execute(sys.argv[2]).fetchone()[0])"
    )
    env = {**os.environ, "TZ": "Asia/Shanghai"}
    done = subprocess.run(
        [sys.executable, "-c", script, loaded, LATE], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5"


def test_the_store_is_attached_read_only(loaded: str) -> None:
    with analytics.connect(loaded) as conn, pytest.raises(duckdb.Error):
        conn.execute("DELETE FROM store.events")
    assert analytics.event_counts(loaded) == {"sms": 1, "transfer": 6}


def test_db_counts_command_prints_counts_per_kind(loaded: str) -> None:
    result = CliRunner().invoke(app, ["db", "counts", "--database-url", loaded])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1] for line in result.output.splitlines()}
    assert lines["transfer"] == "6" and lines["sms"] == "1" and lines["total"] == "7"


def test_duckdb_never_opens_a_sqlite_file_this_process_holds(sqlite_url: str) -> None:
    """DuckDB's own SQLite library closing the file would drop the engine's POSIX locks,
    and another process could then delete the -wal the engine still writes into."""
    migrate(sqlite_url)
    with engine(sqlite_url).connect(), pytest.raises(RuntimeError, match="file locks"):
        analytics.connect(sqlite_url)
    engine(sqlite_url).dispose()
    assert analytics.event_counts(sqlite_url) == {}
