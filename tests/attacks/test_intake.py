"""Finding 3: one bad line cost its whole batch.

100,000-deep nesting, ``amount_fen`` of 2^63, the years 0001 and 9999, and on
PostgreSQL a NUL, an over-long district, name or id or a huge ``birth_year``
made ``fanzha ingest`` die with a traceback and ``POST /v1/events`` answer 500,
losing every good event around them. Each nasty line of ``corpus/`` is now
sent between good ones, through the real command and the real server, on
SQLite and PostgreSQL: it is rejected naming its line and field, and every
good event is stored. A re-sent ``source`` + ``id`` with other content is a
conflict, recorded and reported, while an exact re-send stays a duplicate.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from fanzha.store import engine
from fanzha.store.models import EventConflictRow, EventRow, IngestRun, PersonRow, TransferRow

from ._intake_support import FANZHA, cli_env, corpus, good_event, interleave
from .conftest import Server


def _stored(url: str) -> set[tuple[str, str]]:
    with engine(url).connect() as conn:
        return {(s, i) for s, i in conn.execute(select(EventRow.source, EventRow.id))}


def _ingest(url: str, tmp: Path, path: Path) -> subprocess.CompletedProcess[str]:
    dead = tmp / "dead.jsonl"
    return subprocess.run(
        [*FANZHA, "ingest", str(path), "--database-url", url, "--dead-letter", str(dead)],
        capture_output=True,
        text=True,
        env=cli_env(tmp),
        timeout=300,
    )


def test_ingest_rejects_each_nasty_line_and_keeps_every_good_one(
    db_url: str, tmp_path: Path
) -> None:
    lines, good_keys, nasty = interleave(corpus())
    path = tmp_path / "nasty.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    done = _ingest(db_url, tmp_path, path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    letters = [json.loads(x) for x in (tmp_path / "dead.jsonl").read_text().splitlines()]
    assert [(d["line"], d["field"]) for d in letters] == [(n, f) for n, f, _ in nasty]
    assert all(d["error"] and d["file"] == str(path) for d in letters)
    assert _stored(db_url) == good_keys
    with engine(db_url).connect() as conn:
        persons = conn.execute(select(func.count()).select_from(PersonRow)).scalar_one()
        transfers = conn.execute(select(func.count()).select_from(TransferRow)).scalar_one()
        run = conn.execute(select(IngestRun)).one()
    assert persons == sum(1 for k in good_keys if k[1].startswith("person-"))
    assert transfers == sum(1 for k in good_keys if k[1].startswith("transfer-"))
    assert (run.accepted, run.new, run.rejected) == (len(good_keys), len(good_keys), len(nasty))


def test_http_intake_rejects_each_nasty_line_and_keeps_every_good_one(
    server: Server, db_url: str
) -> None:
    before = _stored(db_url)
    lines, good_keys, nasty = interleave(corpus())
    analyst = server.login("analyst")
    answer = analyst.post(
        "/v1/events",
        content=b"\n".join(lines),
        headers={"Content-Type": "application/x-ndjson"},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    out = answer.json()
    assert [(r["line"], r["field"]) for r in out["rejected"]] == [(n, f) for n, f, _ in nasty]
    assert out["accepted"] == out["new"] == len(good_keys)
    assert _stored(db_url) - before == good_keys


def test_http_json_array_keeps_the_good_items_around_bad_ones(server: Server, db_url: str) -> None:
    """An array with items msgspec cannot even split (too deep, bad UTF-8) still keeps
    the good items: each bad one is rejected by its position."""
    before = _stored(db_url)
    items, good_keys, nasty = interleave(corpus(), prefix="array")
    body = b"[" + b",\n".join(items) + b"]"
    analyst = server.login("analyst")
    answer = analyst.post(
        "/v1/events", content=body, headers={"Content-Type": "application/json"}, timeout=60
    )
    assert answer.status_code == 200, answer.text
    out = answer.json()
    assert [(r["line"], r["field"]) for r in out["rejected"]] == [(n, f) for n, f, _ in nasty]
    assert _stored(db_url) - before == good_keys


def _transfer(amount: int, **extra: Any) -> dict[str, Any]:
    return {**good_event("transfer", "T-conflict"), "amount_fen": amount, **extra}


def test_ingest_reports_a_changed_resend_as_a_conflict(db_url: str, tmp_path: Path) -> None:
    original = tmp_path / "day.jsonl"
    original.write_text(json.dumps(_transfer(10_000)) + "\n")
    assert _ingest(db_url, tmp_path, original).returncode == 0
    same = tmp_path / "again.jsonl"  # the same event, other key order, spacing and offset
    again = dict(reversed(list(_transfer(10_000).items())))
    again["ts"] = "2025-03-03T01:00:00Z"
    same.write_text(json.dumps(again, indent=None, separators=(" ,", " : ")) + "\n")
    quiet = _ingest(db_url, tmp_path, same)
    assert quiet.returncode == 0 and "conflict" not in quiet.stderr
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(_transfer(990_000, memo="改")) + "\n")
    loud = _ingest(db_url, tmp_path, changed)
    assert loud.returncode == 0
    assert "conflict" in loud.stderr and "amount_fen, memo" in loud.stderr
    with engine(db_url).connect() as conn:
        amount = conn.execute(select(TransferRow.amount_fen)).scalar_one()
        conflicts = conn.execute(select(EventConflictRow)).all()
        runs = conn.execute(
            select(IngestRun.duplicates, IngestRun.conflicts).order_by(IngestRun.run_id)
        ).all()
    assert amount == 10_000  # the stored event is kept; detection ran on it
    assert [(c.source, c.id, c.fields, c.origin, c.line) for c in conflicts] == [
        ("bank:cmb", "T-conflict", "amount_fen,memo", str(changed), 1)
    ]
    assert json.loads(conflicts[0].raw)["amount_fen"] == 990_000
    assert [tuple(r) for r in runs] == [(0, 0), (1, 0), (0, 1)]


def test_http_reports_a_changed_resend_as_a_conflict(server: Server, db_url: str) -> None:
    analyst: httpx.Client = server.login("analyst")
    first = analyst.post("/v1/events", json=[_transfer(10_000)]).json()
    assert (first["new"], first["duplicates"], first["conflicts"]) == (1, 0, [])
    again = analyst.post("/v1/events", json=[_transfer(10_000)]).json()
    assert (again["new"], again["duplicates"], again["conflicts"]) == (0, 1, [])
    both = [_transfer(10_000), _transfer(20_000)]  # a copy and a changed one, in one batch
    changed = analyst.post("/v1/events", json=both).json()
    assert (changed["new"], changed["duplicates"]) == (0, 1)
    assert changed["conflicts"] == [
        {"line": 2, "source": "bank:cmb", "id": "T-conflict", "fields": ["amount_fen"]}
    ]
    inside = [_transfer(5, id="T-in"), _transfer(6, id="T-in")]  # conflict inside one batch
    assert [c["line"] for c in analyst.post("/v1/events", json=inside).json()["conflicts"]] == [2]
    with engine(db_url).connect() as conn:
        kept = dict(conn.execute(select(TransferRow.id, TransferRow.amount_fen)).all())
        recorded = conn.execute(select(EventConflictRow.id, EventConflictRow.origin)).all()
    assert kept == {"T-conflict": 10_000, "T-in": 5}
    assert sorted(tuple(r) for r in recorded) == [("T-conflict", "request"), ("T-in", "request")]
