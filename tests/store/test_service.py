"""The store's read functions and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

from fanzha.ingest import ingest_file
from fanzha.store import engine, migrate
from fanzha.store import service as store

TS = "2025-03-03T10:00:00+08:00"


def load(url: str, tmp_path: Path, events: list[dict[str, Any]]) -> None:
    migrate(url)
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n")
    summary = ingest_file(engine(url), path, tmp_path / "dead.jsonl")
    assert summary.rejected == 0, summary.first_errors


def transfer(i: int, src: str, dst: str, ts: str) -> dict[str, Any]:
    return {
        "kind": "transfer",
        "id": f"t{i}",
        "ts": ts,
        "source": "bank:icbc",
        "from_account": src,
        "to_account": dst,
        "amount_fen": 100 * i,
        "channel": "mobile",
    }


PERSON = {
    "kind": "person",
    "id": "p1",
    "ts": TS,
    "source": "police:hukou",
    "person_id": "P1",
    "phones": ["+8613800000001", "+8613800000002"],
    "district": "江岸区",
    "address": "中山大道1号",
}
ACCOUNT = {
    "kind": "account",
    "id": "a1",
    "ts": TS,
    "source": "bank:icbc",
    "account_id": "A1",
    "bank": "icbc",
    "holder": "P1",
}
CALL = {
    "kind": "call",
    "id": "c1",
    "ts": "2025-03-03T09:00:00+08:00",
    "source": "telecom:cmcc",
    "caller": "+85230001234",
    "callee": "+8613800000002",
    "duration_s": 600,
}


def test_migrate_twice_is_harmless_and_creates_the_tables(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
    tables = set(inspect(engine(db_url)).get_table_names())
    assert {"events", "persons", "accounts", "transfers", "ingest_runs"} <= tables


def test_lookups_by_person_phone_and_account(db_url: str, tmp_path: Path) -> None:
    load(
        db_url,
        tmp_path,
        [
            PERSON,
            ACCOUNT,
            CALL,
            transfer(1, "A1", "M1", "2025-03-03T10:21:00+08:00"),
            transfer(2, "A1", "M2", "2025-03-03T10:05:00+08:00"),
            transfer(3, "M1", "M9", "2025-03-03T10:30:00+08:00"),
        ],
    )
    with store.session_factory(engine(db_url))() as session:
        person = store.person_by_phone(session, "+8613800000002")
        assert person is not None and person.person_id == "P1"
        assert [a.account_id for a in store.accounts_of(session, "P1")] == ["A1"]
        outgoing = store.transfers_from(session, "A1")
        assert [t.to_account for t in outgoing] == ["M2", "M1"]  # time order
        later = store.transfers_from(session, "A1", since=datetime(2025, 3, 3, 2, 10, tzinfo=UTC))
        assert [t.id for t in later] == ["t1"]
        assert [t.id for t in store.transfers_to(session, "M9")] == ["t3"]
        about_phone = store.events_about(session, phone="+8613800000002")
        assert [e.kind for e in about_phone] == ["call"]
        about_account = store.events_about(session, account="A1", kinds=["transfer"])
        assert {e.id for e in about_account} == {"t1", "t2"}
        assert store.count_by_kind(session) == {"account": 1, "call": 1, "person": 1, "transfer": 3}
        runs = store.ingest_runs(session)
        assert runs[0].accepted == 6 and runs[0].finished is not None
