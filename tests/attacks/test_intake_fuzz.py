"""Fuzzing the contract readers and ``POST /v1/events`` (findings 3 and 11's intake).

Properties, over random bytes and over valid lines mutated with the values
that broke intake before (huge numbers, extreme years, NUL, long text, deep
nesting, byte damage):

- ``decode_event`` never raises: an event or a clean rejection, and an event
  it accepts can always be turned into store rows;
- ``read_events`` keeps every good line around the bad ones;
- a real server never answers 5xx, names every line as accepted or rejected,
  and what it says was new is exactly what is then stored (SQLite, PostgreSQL).

The stored corpus (``corpus/``) is replayed on every run, and its lines are
among the mutations. Example counts are modest: CI has two cores.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from fanzha.contract.limits import EARLIEST_TS, LATEST_TS
from fanzha.contract.readers import Accepted, Rejection, decode_event, read_events
from fanzha.ingest.rows import event_row
from fanzha.store import engine
from fanzha.store.models import EventRow
from fanzha.store.pgtemp import TemporaryPostgres

from ._intake_support import corpus, good_event
from .conftest import Server, serve

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # big reprs
KINDS = ("person", "account", "transfer", "call", "order", "sms", "gold_purchase", "report")
CORPUS = corpus()
_ids = itertools.count()

_DEEP = "__deep_nesting_{}__"
NASTY_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63, 2**63 - 1, -(2**63), 2**31, 10**13 + 1, 0, -1, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=80),
    st.text(alphabet="\x00区a\\\"'<", max_size=12),
    st.integers(min_value=0, max_value=300).map(lambda n: "长" * n),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T23:59:59-08:00",
            "1969-12-31T23:59:59Z",
            "2100-01-01T00:00:00Z",
            "2025-03-03T09:00:00",
            "2025-13-40T99:99:99+08:00",
            "0001-01-01",
            "+8613800000000",
            "",
        ]
    ),
    st.none(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=40),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.integers(min_value=20, max_value=3000).map(_DEEP.format),
)


def _render(value: dict[str, Any]) -> bytes:
    text = json.dumps(value, ensure_ascii=False).encode()
    while (start := text.find(b'"__deep_nesting_')) >= 0:  # built as text: json.dumps recurses
        end = text.index(b'__"', start) + 3
        depth = int(text[start + 16 : end - 3])
        text = text[:start] + b"[" * depth + b"]" * depth + text[end:]
    return text


@st.composite
def mutated_lines(draw: st.DrawFn) -> bytes:
    """A valid event with fields set to nasty values, deleted or added, maybe byte-damaged."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(CORPUS)).raw
    event = good_event(draw(st.sampled_from(KINDS)), f"m{draw(st.integers(0, 10**6)):07d}")
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([*event, "kind", "extra", "x" * 70]))
        if draw(st.integers(0, 5)) == 0:
            event.pop(name, None)
        else:
            event[name] = draw(NASTY_VALUES)
    raw = bytearray(_render(event))
    for _ in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        match draw(st.sampled_from(["flip", "insert", "cut"])):
            case "flip" if raw:
                raw[at] = draw(st.integers(0, 255))
            case "insert":
                raw[at:at] = draw(st.binary(min_size=1, max_size=4))
            case _:
                del raw[at:]
    return bytes(raw).replace(b"\n", b" ").replace(b"\r", b" ")


def _storable(accepted: Accepted) -> None:
    """What the store needs of an accepted event holds (the columns' own checks are PG's)."""
    row = event_row(accepted)
    assert EARLIEST_TS <= row["ts"] < LATEST_TS
    json.loads(row["raw"])


def test_the_stored_corpus_is_rejected_by_field() -> None:
    assert len(CORPUS) >= 30
    for nasty in CORPUS:
        result = decode_event(nasty.raw, "corpus", 1)
        assert isinstance(result, Rejection), nasty.name
        assert result.field == nasty.field, (nasty.name, result)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_decode_event_never_raises_on_random_bytes(raw: bytes) -> None:
    result = decode_event(raw, "fuzz", 7)
    assert isinstance(result, Accepted | Rejection)
    if isinstance(result, Accepted):
        _storable(result)
    else:
        assert result.line == 7 and result.file == "fuzz"


@settings(max_examples=100, deadline=None)
@given(mutated_lines())
def test_decode_event_never_raises_on_mutated_lines(raw: bytes) -> None:
    result = decode_event(raw)
    assert isinstance(result, Accepted | Rejection)
    if isinstance(result, Accepted):
        _storable(result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(mutated_lines(), st.binary(max_size=80)), max_size=8))
def test_read_events_keeps_every_good_line_around_bad_ones(
    tmp_path_factory: pytest.TempPathFactory, bad: list[bytes]
) -> None:
    good = [
        json.dumps(good_event(KINDS[i % len(KINDS)], f"g{next(_ids)}")).encode()
        for i in range(len(bad) + 1)
    ]
    lines = [x for pair in itertools.zip_longest(good, bad) for x in pair if x is not None]
    lines = [x.replace(b"\n", b" ").replace(b"\r", b" ") for x in lines]
    path = Path(tmp_path_factory.mktemp("fuzz")) / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    rejected: list[Rejection] = []
    accepted = list(read_events([path], rejected.append))
    kept = {a.raw for a in accepted}
    assert all(line in kept for line in good)
    assert len(accepted) + len(rejected) == sum(1 for x in lines if x.strip())
    for a in accepted:
        _storable(a)


# --- the real server ------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, str]]:
    """One server per store for all examples (a server per example would be minutes)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz-db') / 'fanzha.db'}"
    else:
        pg: TemporaryPostgres | str = request.getfixturevalue("pg_server")
        url = pg if isinstance(pg, str) else pg.create_database("intake_fuzz")
    for server in serve(url):
        yield server, url


def _is_json(raw: bytes) -> bool:
    """Valid JSON by itself: then an array of it can be split into its items."""
    if not raw.strip():
        return True
    try:
        json.loads(raw)
    except (ValueError, RecursionError):  # Python's json recurses: deep items are left out
        return False
    return True


def _keys(url: str) -> set[tuple[str, str]]:
    with engine(url).connect() as conn:
        return {(s, i) for s, i in conn.execute(select(EventRow.source, EventRow.id))}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(mutated_lines(), st.just(b"")), min_size=1, max_size=10),
    st.sampled_from(["ndjson", "array"]),
)
def test_post_events_never_5xx_and_new_matches_what_is_stored(
    fuzz_server: tuple[Server, str], bad: list[bytes], form: str
) -> None:
    server, url = fuzz_server
    good = [good_event(KINDS[i % len(KINDS)], f"h{next(_ids)}") for i in range(3)]
    items = [json.dumps(e, ensure_ascii=False).encode() for e in good]
    items[1:1] = [b for b in bad if b.strip()]  # good ones first, middle and last
    if form == "array":
        body, kind = b"[" + b",".join(items) + b"]", "application/json"
    else:
        body, kind = b"\n".join(items), "application/x-ndjson"
    before = _keys(url)
    analyst = server.login("analyst")
    answer = analyst.post("/v1/events", content=body, headers={"Content-Type": kind})
    assert answer.status_code < 500, answer.text
    assert answer.status_code == 200, answer.text
    out = answer.json()
    stored = _keys(url) - before
    assert out["new"] == len(stored)
    if form == "ndjson" or all(map(_is_json, bad)):  # items can be told apart
        assert {(e["source"], e["id"]) for e in good} <= stored | before
        assert out["accepted"] + len(out["rejected"]) == len(items)
        good_lines = {1, len(items) - 1, len(items)}
        assert not good_lines & {r["line"] for r in out["rejected"]}
    assert out["accepted"] == out["new"] + out["duplicates"] + len(out["conflicts"])
