"""Loading files: bad lines reported and dead-lettered, good ones all kept, idempotent."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import msgspec
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard
from sqlalchemy import func, select

from fanzha.ingest import ingest_file
from fanzha.store import engine, migrate
from fanzha.store.models import AccountRow, EventRow, PersonRow, PhoneRow, TransferRow

TS = "2025-03-03T10:00:00+08:00"


def transfer(i: int, **over: Any) -> dict[str, Any]:
    row = {
        "kind": "transfer",
        "id": f"t{i}",
        "ts": TS,
        "source": "bank:icbc",
        "from_account": "A1",
        "to_account": f"B{i}",
        "amount_fen": 1000 + i,
        "channel": "mobile",
    }
    row.update(over)
    return row


GOOD = [
    transfer(1),
    {
        "kind": "person",
        "id": "p1",
        "ts": "2025-03-03T08:00:00+08:00",
        "source": "police:hukou",
        "person_id": "P1",
        "phones": ["+8613800000001"],
        "district": "硚口区",
        "address": "汉正街1号",
        "community": "幸福小区",
        "wechat": "wx_1",
    },
    {
        "kind": "account",
        "id": "a1",
        "ts": TS,
        "source": "bank:icbc",
        "account_id": "A1",
        "bank": "icbc",
        "holder": "P1",
    },
    transfer(2),
    {
        "kind": "call",
        "id": "c1",
        "ts": TS,
        "source": "telecom:cmcc",
        "caller": "+85230001234",
        "callee": "+8613800000001",
        "duration_s": 1200,
        "caller_tags": ["overseas"],
    },
]
BROKEN = {
    "not JSON": '{"kind": "transfer", "id": ',
    "missing field": json.dumps({k: v for k, v in transfer(90).items() if k != "from_account"}),
    "mistyped field": json.dumps(transfer(91, channel=7)),
    "float amount": json.dumps(transfer(92, amount_fen=12.5)),
    "no offset": json.dumps(transfer(93, ts="2025-03-03T10:00:00")),
    "unknown kind": json.dumps({"kind": "fax", "id": "f1", "ts": TS, "source": "x"}),
}
EXPECTED_FIELDS = {
    "not JSON": None,
    "missing field": "from_account",
    "mistyped field": "channel",
    "float amount": "amount_fen",
    "no offset": "ts",
    "unknown kind": "kind",
}


def mixed_file(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Good and broken lines interleaved; returns the file and broken line numbers."""
    lines: list[str] = []
    numbers: dict[str, int] = {}
    good = iter(GOOD)
    for name, raw in BROKEN.items():
        lines.append(json.dumps(next(good, transfer(len(lines) + 10)), ensure_ascii=False))
        lines.append(raw)
        numbers[name] = len(lines)
    lines.extend(json.dumps(g, ensure_ascii=False) for g in good)
    lines.append(json.dumps(GOOD[0]))  # a duplicate (same source + id)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, numbers


def count(url: str, table: Any) -> int:
    with engine(url).connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_bad_lines_are_reported_and_dead_lettered_good_lines_all_kept(
    db_url: str, tmp_path: Path
) -> None:
    migrate(db_url)
    path, numbers = mixed_file(tmp_path)
    letters = tmp_path / "dead.jsonl"
    summary = ingest_file(engine(db_url), path, letters)

    good_lines = len(path.read_text().splitlines()) - len(BROKEN)
    assert summary.accepted == good_lines
    assert summary.rejected == len(BROKEN)
    assert summary.duplicates == 1
    assert count(db_url, EventRow) == good_lines - 1

    dead = [msgspec.json.decode(line) for line in letters.read_bytes().splitlines()]
    assert [d["line"] for d in dead] == sorted(numbers.values())
    for name, line in numbers.items():
        entry = next(d for d in dead if d["line"] == line)
        assert entry["file"] == str(path)
        assert entry["field"] == EXPECTED_FIELDS[name], name
        assert entry["raw"] == BROKEN[name]
    messages = " ".join(summary.first_errors)
    assert f"mixed.jsonl:{numbers['float amount']}: field 'amount_fen'" in messages
    assert "unknown kind 'fax'" in messages


def test_second_run_adds_nothing(db_url: str, tmp_path: Path) -> None:
    migrate(db_url)
    path, _ = mixed_file(tmp_path)
    first = ingest_file(engine(db_url), path, tmp_path / "d1.jsonl")
    tables = (EventRow, TransferRow, PersonRow, AccountRow, PhoneRow)
    before = {t.__tablename__: count(db_url, t) for t in tables}
    second = ingest_file(engine(db_url), path, tmp_path / "d2.jsonl")
    after = {t.__tablename__: count(db_url, t) for t in tables}
    assert before == after
    assert first.new > 0 and second.new == 0
    assert second.duplicates == second.accepted


def test_unknown_fields_are_kept_and_references_keep_the_newest(
    db_url: str, tmp_path: Path
) -> None:
    migrate(db_url)
    newer = dict(GOOD[1], id="p1-new", ts="2025-03-04T08:00:00+08:00", address="新地址 9号")
    older = dict(GOOD[1], id="p1-old", ts="2025-03-01T08:00:00+08:00", address="旧地址")
    path = tmp_path / "people.jsonl"
    path.write_text(
        "\n".join(json.dumps(e, ensure_ascii=False) for e in [GOOD[1], newer, older]) + "\n",
        encoding="utf-8",
    )
    ingest_file(engine(db_url), path, tmp_path / "d.jsonl")
    with engine(db_url).connect() as conn:
        person = conn.execute(select(PersonRow)).one()
        raw = conn.execute(select(EventRow.raw).where(EventRow.id == "p1")).scalar_one()
    assert person.address == "新地址 9号"
    assert person.community == "幸福小区"
    assert json.loads(raw)["wechat"] == "wx_1"


def test_compressed_and_parquet_inputs(sqlite_url: str, tmp_path: Path) -> None:
    migrate(sqlite_url)
    lines = "\n".join(json.dumps(transfer(i)) for i in range(100, 130)).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "b.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor().compress(
            "\n".join(json.dumps(transfer(i)) for i in range(200, 230)).encode()
        )
    )
    rows = [transfer(i) for i in range(300, 330)]
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, tmp_path / "c.parquet")
    db = engine(sqlite_url)
    for name in ("a.jsonl.gz", "b.jsonl.zst", "c.parquet"):
        summary = ingest_file(db, tmp_path / name, tmp_path / f"{name}.dead")
        assert (summary.accepted, summary.rejected) == (30, 0), name
    assert count(sqlite_url, TransferRow) == 90
    with db.connect() as conn:
        total = conn.execute(select(func.sum(TransferRow.amount_fen))).scalar_one()
    assert total == sum(
        1000 + i for r in (range(100, 130), range(200, 230), range(300, 330)) for i in r
    )


def test_times_come_back_timezone_aware_in_utc(db_url: str, tmp_path: Path) -> None:
    migrate(db_url)
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(transfer(1)) + "\n", encoding="utf-8")
    ingest_file(engine(db_url), path, tmp_path / "d.jsonl")
    with engine(db_url).connect() as conn:
        ts = conn.execute(select(TransferRow.ts)).scalar_one()
    assert ts.utcoffset() is not None
    assert ts.isoformat() == "2025-03-03T02:00:00+00:00"


def test_a_nul_character_rejects_its_line_only(db_url: str, tmp_path: Path) -> None:
    """PostgreSQL text cannot hold NUL: without this check one line would fail a batch."""
    migrate(db_url)
    path = tmp_path / "nul.jsonl"
    lines = [
        json.dumps(transfer(1)),
        json.dumps(transfer(2, to_account="B\u0000")),
        json.dumps(transfer(3)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest_file(engine(db_url), path, tmp_path / "d.jsonl")
    assert (summary.new, summary.rejected) == (2, 1)
    assert "nul.jsonl:2: field 'to_account'" in summary.first_errors[0]
    assert count(db_url, TransferRow) == 2


def test_a_late_older_reference_event_in_a_later_run_does_not_overwrite(
    db_url: str, tmp_path: Path
) -> None:
    migrate(db_url)
    account = {k: v for k, v in GOOD[2].items()}
    newer = dict(account, id="a-new", ts="2025-03-05T08:00:00+08:00", holder="P2")
    older = dict(account, id="a-old", ts="2025-03-01T08:00:00+08:00", holder="P9")
    person_newer = dict(
        GOOD[1], id="p-new", ts="2025-03-05T08:00:00+08:00", phones=["+8613900000002"]
    )
    person_older = dict(GOOD[1], id="p-old", ts="2025-03-01T08:00:00+08:00", address="旧址")
    # the number belonged to P7 before P1 got it; P7's old record arrives late
    previous_owner = dict(
        GOOD[1], id="p7", person_id="P7", ts="2025-02-01T08:00:00+08:00", phones=["+8613900000002"]
    )
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps(newer) + "\n" + json.dumps(person_newer, ensure_ascii=False) + "\n")
    second.write_text(
        "\n".join(json.dumps(e, ensure_ascii=False) for e in (older, person_older, previous_owner))
    )
    ingest_file(engine(db_url), first, tmp_path / "d1.jsonl")
    summary = ingest_file(engine(db_url), second, tmp_path / "d2.jsonl")
    assert summary.new == 3  # the older events are stored as events all the same
    with engine(db_url).connect() as conn:
        assert conn.execute(select(AccountRow.holder)).scalar_one() == "P2"
        address = select(PersonRow.address).where(PersonRow.person_id == "P1")
        assert conn.execute(address).scalar_one() == GOOD[1]["address"]
        phones = dict(conn.execute(select(PhoneRow.phone, PhoneRow.person_id)).all())
    assert phones["+8613900000002"] == "P1"
    assert count(db_url, EventRow) == 5
