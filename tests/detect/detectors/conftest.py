"""Fixtures for the per-detector tests: events through the contract's reader, the
shipped rules, and a resident whose phone, account and home the directory knows."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from fanzha.contract.kinds import Event
from fanzha.contract.readers import decode_event
from fanzha.detect.rules import Rules, load_rules
from fanzha.detect.state import AccountInfo, Directory

T0 = datetime.fromisoformat("2025-03-03T10:00:00+08:00")
PHONE = "+8613812345678"
HOME = "武汉市硚口区汉正街1号"

MakeEvent = Callable[..., Event]


@pytest.fixture
def ev() -> MakeEvent:
    """``ev(kind, minutes after T0, **fields)``: an event as a partner would send it."""
    count = iter(range(1_000_000))

    def make(kind: str, minutes: float = 0, **fields: Any) -> Event:
        raw = {
            "kind": kind,
            "id": fields.pop("id", f"{kind}-{next(count)}"),
            "ts": (T0 + timedelta(minutes=minutes)).isoformat(),
            "source": fields.pop("source", "telecom:cmcc"),
            **fields,
        }
        accepted = decode_event(json.dumps(raw, ensure_ascii=False).encode())
        assert not hasattr(accepted, "error"), accepted
        return accepted.event  # type: ignore[union-attr,no-any-return]

    return make


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture
def directory() -> Directory:
    """P1 holds A1 (old, at home); A-NEW opened ten days before T0."""
    return Directory(
        phone_owner={PHONE: "P1"},
        accounts={
            "A1": AccountInfo(holder="P1", opened=(T0 - timedelta(days=3000)).date(), address=HOME),
            "A-NEW": AccountInfo(holder="X9", opened=(T0 - timedelta(days=10)).date()),
        },
        home={"P1": HOME},
    )
