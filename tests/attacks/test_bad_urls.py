"""A URL ``urlsplit`` cannot read (``y]x``, ``http://[x``) costs only itself.

Found by the schemathesis run: it made ``POST /v1/patrol/entries`` answer 500, and
the same value in a web visit would have stopped detection.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from fanzha.contract.readers import Accepted, decode_event
from fanzha.detect.engine import Engine
from fanzha.patrol.names import normalise

BAD = ["y]x", "http://[x", "https://[::1/", "//]"]


def test_unreadable_urls_normalise_to_nothing() -> None:
    assert [normalise("url", v) for v in BAD] == ["", "", "", ""]
    assert normalise("url", "https://A.Evil.com/x?y") == "a.evil.com/x?y"


def test_blocking_unreadable_urls_keeps_the_good_one(server: Any) -> None:
    analyst = server.login("analyst")
    answer = analyst.post(
        "/v1/patrol/entries",
        json={"kind": "url", "values": [*BAD, "https://bad.example.top/pay"], "reason": "测试"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == 1


def test_a_web_visit_to_an_unreadable_url_is_just_ignored() -> None:
    engine = Engine()
    for n, url in enumerate(BAD):
        line = {
            "kind": "web",
            "id": f"wv-{n}",
            "source": "telecom:test",
            "ts": datetime(2025, 3, 3, 9, n, tzinfo=UTC).isoformat(),
            "phone": "+8613812345678",
            "url": url,
        }
        accepted = decode_event(msgspec.json.encode(line))
        assert isinstance(accepted, Accepted), accepted
        assert engine.feed(accepted.event) == []
    engine.flush()
