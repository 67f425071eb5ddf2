"""SQLite's WAL is copied back by the background checkpointer, not by a request.

A writer that commits only a few hundred pages never crosses the WAL size at
which SQLite makes the committing connection checkpoint itself; the rows
reach the database file anyway, within seconds, because the checkpointer
thread copies them. Nothing acknowledged is lost on the way: every row is
read back after the engine is gone.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import text

from fanzha.store.db import WAL_PAGES_BEFORE_A_WRITER_CHECKPOINTS, create_engine_for

ROWS = 300
BLOB = 4000  # about a page each: well under the pages a writer would checkpoint at


def test_committed_pages_reach_the_database_file_without_a_writer_checkpointing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "wal.db"
    engine = create_engine_for(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY, b BLOB)"))
    empty = path.stat().st_size
    assert ROWS < WAL_PAGES_BEFORE_A_WRITER_CHECKPOINTS  # no commit checkpoints on its own
    for n in range(ROWS):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (:n, randomblob(:size))"),
                         {"n": n, "size": BLOB})  # fmt: skip
    deadline = time.monotonic() + 30
    while path.stat().st_size < empty + ROWS * BLOB and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.stat().st_size >= empty + ROWS * BLOB, "the WAL was never copied back"
    engine.dispose()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM t").fetchone() == (ROWS,)
