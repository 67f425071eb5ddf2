"""The center's lists drive detection: a listed number's call warns before the payment.

The story of issue 17: a fraud number the center has listed calls a resident,
who then pays a stranger. Listed, the resident is warned at the call — before
the money moves; the very same story from an unlisted number, with nothing
else suspicious in it, raises nothing (so the warning comes from the list, not
from the story). Run through ``fanzha detect`` as an operator runs it, on a
patrol store filled by ``fanzha patrol import``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import fanzha
from fanzha.contract.readers import read_events
from fanzha.detect.engine import Engine
from fanzha.detect.indicators import PatrolLookup
from fanzha.patrol.blocklist import Entry
from fanzha.patrol.indicators import PatrolIndicators

FRAUD = "+8613900009999"  # an ordinary mobile number: nothing but the list marks it
MULE = "6217000099990001"  # an account outside partner data
RESIDENT_PHONE = "+8613812340001"
RESIDENT_ACCOUNT = "6222000000000001"


def story(caller: str = FRAUD) -> list[dict[str, Any]]:
    """A resident, a call from ``caller``, then a ¥50,000 payment to a stranger."""
    return [
        {"kind": "person", "id": "per-1", "source": "police:hukou",
         "ts": "2025-03-01T00:00:00+08:00", "person_id": "R1", "phones": [RESIDENT_PHONE],
         "district": "硚口区", "address": "硚口区汉正街1号"},
        {"kind": "account", "id": "acc-1", "source": "bank:icbc",
         "ts": "2025-03-01T00:00:00+08:00", "account_id": RESIDENT_ACCOUNT, "bank": "icbc",
         "holder": "R1", "opened": "2015-06-01"},
        {"kind": "call", "id": "call-1", "source": "telecom:cmcc",
         "ts": "2025-03-05T10:00:00+08:00", "caller": caller, "callee": RESIDENT_PHONE,
         "duration_s": 1500, "caller_tags": []},
        {"kind": "transfer", "id": "tx-1", "source": "bank:icbc",
         "ts": "2025-03-05T10:40:00+08:00", "from_account": RESIDENT_ACCOUNT,
         "to_account": MULE, "amount_fen": 5_000_000, "channel": "mobile"},
    ]  # fmt: skip


def _write(path: Path, events: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events))
    return path


def _fanzha(data_dir: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
        "FANZHA_DATA_DIR": str(data_dir),
        "FANZHA_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')"]
    done = subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _detect(tmp: Path, data_dir: Path, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    source = _write(tmp / "events.jsonl", events)
    out = tmp / "warnings.jsonl"
    _fanzha(data_dir, "detect", str(source), "--out", str(out))
    return [json.loads(line) for line in out.read_text().splitlines()]


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_fanzha_detect_warns_at_a_listed_numbers_call_before_the_payment(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = _write(tmp_path / "numbers.txt", [])
    listed.write_text(f"{FRAUD}\n")
    _fanzha(data, "patrol", "import", str(listed), "--kind", "phone",
            "--source", "96110举报", "--reason", "冒充客服退款")  # fmt: skip

    warnings = _detect(tmp_path, data, story())

    assert warnings, "a call from a listed number raised nothing"
    first = warnings[0]
    paid = _ts(story()[-1]["ts"])
    assert _ts(first["ts"]) < paid, "warned only when the money had left"
    assert first["person_id"] == "R1"
    assert "call-1" in first["evidence"]
    reason = " ".join(first["reasons"])
    assert "涉诈名单" in reason and "96110举报" in reason and "冒充客服退款" in reason
    assert first["rules_version"].startswith("default.yaml v1@")
    # the payment that follows upgrades the same warning rather than starting another
    assert {w["warning_id"] for w in warnings} == {first["warning_id"]}


def test_the_same_story_from_an_unlisted_number_raises_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    other = _write(tmp_path / "numbers.txt", [])
    other.write_text("+8613900001111\n")  # the store has a list; this caller is not on it
    _fanzha(data, "patrol", "import", str(other), "--kind", "phone")

    assert _detect(tmp_path, data, story()) == []


def test_a_payment_to_a_listed_account_is_a_signal_with_its_entry(tmp_path: Path) -> None:
    indicators = PatrolIndicators.open(tmp_path / "blocklist")
    now = datetime(2025, 3, 1, tzinfo=UTC)
    indicators.blocklist.add([Entry("account", MULE, "freeze:case-7", "赃款一级卡")], now)
    engine = Engine(indicators=PatrolLookup(indicators))
    source = _write(tmp_path / "events.jsonl", story(caller="+8613900001111"))
    warnings = list(engine.run(a.event for a in read_events([source])))

    assert len(warnings) == 1, warnings
    warning = warnings[0]
    assert "tx-1" in warning.evidence  # beside the (unlisted) call that came before it
    assert any("涉案账户" in r and "freeze:case-7" in r for r in warning.reasons)


@pytest.mark.parametrize(
    ("kind", "value", "event"),
    [
        ("domain", "tuikuan-kefu.cn",
         {"kind": "web", "url": "https://www.tuikuan-kefu.cn/pay", "phone": RESIDENT_PHONE}),
        ("ip", "203.0.113.7",
         {"kind": "web", "url": "http://203.0.113.7:8080/login", "phone": RESIDENT_PHONE}),
        ("url", "pan.example.org/fraud/pay",
         {"kind": "web", "url": "https://pan.example.org/fraud/pay", "phone": RESIDENT_PHONE}),
        ("app", "com.fake.refund",
         {"kind": "app", "app": "com.fake.refund", "action": "install", "phone": RESIDENT_PHONE}),
    ],
)  # fmt: skip
def test_listed_sites_and_apps_are_signals(
    tmp_path: Path, kind: str, value: str, event: dict[str, Any]
) -> None:
    indicators = PatrolIndicators.open(tmp_path / "blocklist")
    now = datetime(2025, 3, 1, tzinfo=UTC)
    indicators.blocklist.add([Entry(kind, value, "analyst:wang", "仿冒退款")], now)  # type: ignore[arg-type]
    engine = Engine(indicators=PatrolLookup(indicators))
    visit = {"id": "v-1", "source": "telecom:cmcc", "ts": "2025-03-05T09:50:00+08:00", **event}
    source = _write(tmp_path / "events.jsonl", [*story()[:2], visit])
    warnings = list(engine.run(a.event for a in read_events([source])))

    assert len(warnings) == 1, f"{kind} {value}: {warnings}"
    assert warnings[0].evidence == ["v-1"]
    assert any("analyst:wang" in r and "仿冒退款" in r for r in warnings[0].reasons)
