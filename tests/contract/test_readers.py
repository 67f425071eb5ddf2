"""Contract readers: every kind decodes, errors name the field, files stream in all formats."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from fanzha.contract.errors import Rejection
from fanzha.contract.kinds import EVENT_TYPES, Order, Transfer
from fanzha.contract.readers import (
    Accepted,
    DeadLetterFile,
    decode_event,
    extra_fields,
    read_event_batches,
    read_events,
    read_events_deduplicated,
)

TS = "2025-03-03T10:00:00+08:00"
PHONE = "+8613800000001"
BASE = {"ts": TS, "source": "partner:x"}
ONE_OF_EACH: list[dict[str, Any]] = [
    {"kind": "person", "person_id": "P1", "phones": [PHONE], "district": "江汉区", "address": "a"},
    {"kind": "account", "account_id": "A1", "bank": "icbc", "opened": "2020-01-02"},
    {
        "kind": "transfer",
        "from_account": "A1",
        "to_account": "B1",
        "amount_fen": 5000,
        "channel": "atm",
    },
    {"kind": "withdrawal", "account_id": "A1", "amount_fen": 100, "channel": "atm"},
    {"kind": "call", "caller": "+85230001234", "callee": PHONE, "duration_s": 0},
    {"kind": "sms", "sender": "10690000", "receiver": PHONE, "text": "验证码"},
    {"kind": "app", "phone": PHONE, "app": "meeting", "action": "screen_share_start"},
    {"kind": "web", "phone": PHONE, "url": "http://x.invalid"},
    {
        "kind": "order",
        "platform": "didi",
        "order_id": "o1",
        "requester": PHONE,
        "pickup": {"district": "江汉区", "address": "a"},
        "dropoff": {"district": "江夏区", "address": "b"},
        "cross_city": False,
        "vehicle": "car",
        "passengers": 1,
        "item": "",
    },
    {
        "kind": "gold_purchase",
        "account_id": "A1",
        "grams": 20.5,
        "amount_fen": 1_200_000,
        "channel": "store",
        "delivery": "pickup",
    },
    {
        "kind": "parcel",
        "carrier": "sf",
        "waybill": "SF1",
        "sender": PHONE,
        "receiver": "+8613900000009",
        "receiver_address": "c",
        "declared_contents": "documents",
        "declared_value_fen": 0,
    },
    {"kind": "report", "loss_fen": 0, "phone": PHONE, "fraud_type": "investment"},
]


def event(i: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"e{i}", **BASE, **body}


def test_every_kind_of_contract_v1_decodes() -> None:
    kinds = set()
    for i, body in enumerate(ONE_OF_EACH):
        result = decode_event(json.dumps(event(i, body)).encode())
        assert isinstance(result, Accepted), result
        assert result.event.kind == body["kind"]
        assert result.event.ts.utcoffset() is not None
        kinds.add(result.event.kind)
    assert kinds == {str(t.__struct_config__.tag) for t in EVENT_TYPES}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount_fen": 12.5}, "amount_fen"),
        ({"amount_fen": True}, "amount_fen"),
        ({"amount_fen": 0}, "amount_fen"),
        ({"channel": "pigeon"}, "channel"),
        ({"ts": "2025-03-03T10:00:00"}, "ts"),
        ({"ts": "2025-03-03"}, "ts"),
        ({"id": ""}, "id"),
        ({"kind": "fax"}, "kind"),
    ],
)
def test_errors_name_the_field(change: dict[str, Any], field: str) -> None:
    body = {**event(1, ONE_OF_EACH[2]), **change}
    result = decode_event(json.dumps(body).encode(), "f.jsonl", 7)
    assert isinstance(result, Rejection)
    assert (result.file, result.line, result.field) == ("f.jsonl", 7, field)
    assert f"f.jsonl:7: field '{field}'" in str(result)


def test_phone_errors_say_what_is_expected() -> None:
    body = event(1, {**ONE_OF_EACH[7], "phone": "13800000001"})
    result = decode_event(json.dumps(body).encode())
    assert isinstance(result, Rejection) and result.field == "phone"
    assert "E.164" in result.error


def test_a_report_needs_a_person_or_a_phone() -> None:
    result = decode_event(json.dumps(event(1, {"kind": "report", "loss_fen": 5})).encode())
    assert isinstance(result, Rejection) and result.field == "person_id"


def test_invalid_utf8_is_a_rejection_not_a_crash(tmp_path: Path) -> None:
    good = json.dumps(event(1, ONE_OF_EACH[7])).encode()
    bad = good.replace(b"http://x.invalid", b"http://\xff")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(bad + b"\n" + good + b"\n")
    rejected: list[Rejection] = []
    accepted = list(read_events([path], rejected.append))
    assert [a.line for a in accepted] == [2]
    assert rejected[0].line == 1 and "UTF-8" in rejected[0].error


def test_unknown_fields_are_kept_in_the_raw_line() -> None:
    body = {**event(1, ONE_OF_EACH[2]), "merchant_category": "6211", "risk": {"score": 0.9}}
    result = decode_event(json.dumps(body).encode())
    assert isinstance(result, Accepted)
    assert extra_fields(result) == {"merchant_category": "6211", "risk": {"score": 0.9}}


def test_line_numbers_match_the_file_with_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    lines = [json.dumps(event(i, ONE_OF_EACH[2])).encode() for i in range(3)]
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + lines[0] + b"\r\n\r\n" + lines[1] + b"\r\n" + lines[2])
    rejected: list[Rejection] = []
    accepted = list(read_events([path], rejected.append))
    assert rejected == []
    assert [a.line for a in accepted] == [1, 3, 4]
    assert accepted[1].raw == lines[1]  # the line as sent, without its line break


def test_gzip_and_zstd_read_like_plain_files(tmp_path: Path) -> None:
    text = "\n".join(json.dumps(event(i, ONE_OF_EACH[2])) for i in range(50)).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(text))
    (tmp_path / "a.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(text))
    (tmp_path / "a.jsonl").write_bytes(text)
    keys = [
        [a.event.key for a in read_events([tmp_path / name])]
        for name in ("a.jsonl", "a.jsonl.gz", "a.jsonl.zst")
    ]
    assert keys[0] == keys[1] == keys[2] and len(keys[0]) == 50


def test_mixed_parquet_with_structs_and_missing_fields(tmp_path: Path) -> None:
    rows = [event(1, ONE_OF_EACH[2]), event(2, ONE_OF_EACH[8])]
    missing = event(3, ONE_OF_EACH[2])
    del missing["to_account"]
    rows.append(missing)
    columns = {key for row in rows for key in row}
    path = tmp_path / "mixed.parquet"  # one column per field of any kind, null elsewhere
    pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows]), path)
    rejected: list[Rejection] = []
    accepted = list(read_events([path], rejected.append))
    assert isinstance(accepted[0].event, Transfer) and accepted[0].event.amount_fen == 5000
    assert isinstance(accepted[1].event, Order) and accepted[1].event.dropoff.district == "江夏区"
    assert [(r.line, r.field) for r in rejected] == [(3, "to_account")]


def test_parquet_timestamps_without_zone_are_rejected(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    aware = {**event(1, ONE_OF_EACH[2]), "ts": datetime(2025, 3, 3, 2, tzinfo=UTC)}
    path = tmp_path / "aware.parquet"
    pq.write_table(pa.Table.from_pylist([aware]), path)
    assert [a.event.ts for a in read_events([path])] == [aware["ts"]]
    naive = {**aware, "ts": datetime(2025, 3, 3, 2)}
    path = tmp_path / "naive.parquet"
    pq.write_table(pa.Table.from_pylist([naive]), path)
    rejected: list[Rejection] = []
    assert list(read_events([path], rejected.append)) == []
    assert rejected[0].field == "ts"


def test_duplicates_pass_once_and_dead_letters_keep_the_raw_line(tmp_path: Path) -> None:
    line = json.dumps(event(1, ONE_OF_EACH[2]))
    other_source = json.dumps({**event(1, ONE_OF_EACH[2]), "source": "partner:y"})
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join([line, line, other_source, "{oops"]) + "\n")
    letters = tmp_path / "dead" / "dup.jsonl"
    with DeadLetterFile(letters) as dead:
        keys = [a.event.key for a in read_events_deduplicated([path], dead)]
    assert keys == [("partner:x", "e1"), ("partner:y", "e1")]
    entry = json.loads(letters.read_text())
    assert entry == {
        "file": str(path),
        "line": 4,
        "field": None,
        "error": entry["error"],
        "raw": "{oops",
    }
    assert entry["error"].startswith("not JSON")


def test_nul_characters_are_rejected_with_their_field() -> None:
    """PostgreSQL text cannot hold NUL; HTTP and file loads must refuse it alike."""
    flat = event(1, {**ONE_OF_EACH[2], "to_account": "B\u0000"})
    nested = event(2, {**ONE_OF_EACH[8], "dropoff": {"district": "江夏区", "address": "x\u0000"}})
    fine = event(3, {**ONE_OF_EACH[2], "note_not_modelled": "a\u0000b"})
    results = [decode_event(json.dumps(e).encode()) for e in (flat, nested, fine)]
    assert isinstance(results[0], Rejection) and results[0].field == "to_account"
    assert isinstance(results[1], Rejection) and results[1].field == "dropoff.address"
    assert isinstance(results[2], Accepted)  # kept raw only: no typed column to break


@pytest.mark.parametrize("chunk", [1, 64, 1 << 16])
def test_batches_give_the_same_events_and_rejections_as_line_by_line(
    tmp_path: Path, chunk: int
) -> None:
    """Detection reads in decoded chunks; a bad line must still be named, the rest kept."""
    good = [json.dumps(event(i, ONE_OF_EACH[i % len(ONE_OF_EACH)])).encode() for i in range(40)]
    broken = [
        b"{not json",
        json.dumps({**event(90, ONE_OF_EACH[2]), "amount_fen": "lots"}).encode(),
        json.dumps(event(91, {**ONE_OF_EACH[2], "to_account": "B\u0000"})).encode(),
        json.dumps(event(92, ONE_OF_EACH[7])).encode().replace(b"x.invalid", b"\xff"),
    ]
    lines = [*good[:10], broken[0], b"", *good[10:25], *broken[1:3], *good[25:], *broken[3:]]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\n")
    one: list[Rejection] = []
    expected = [a.event for a in read_events([path], one.append)]
    batched: list[Rejection] = []
    got = [e for batch in read_event_batches([path], batched.append, chunk=chunk) for e in batch]
    assert got == expected and len(got) == 40
    assert [(r.line, r.field, r.error) for r in batched] == [
        (r.line, r.field, r.error) for r in one
    ]
    assert [r.line for r in one] == [11, 28, 29, 45]
