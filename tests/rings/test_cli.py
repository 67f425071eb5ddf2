"""``fanzha rings``: rings.jsonl written, read back, kept in the database with --load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.rings._city import City, ring_with_victims
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.clock import SystemClock
from fanzha.rings.command import read_rings
from fanzha.rings.service import RingService
from fanzha.rings.sql import SqlRingRepository, stored_events
from fanzha.security.roles import Principal, Role
from fanzha.security.sql import SqlAuditLog
from fanzha.store import engine


def test_rings_command_writes_and_loads(tmp_path: Path) -> None:
    city = City()
    a, b = ring_with_victims(city, 1, [1, 2], 0)
    city.courier("+8613900000001", "鄂州市人民路91号翡翠酒店384房", 10)
    city.courier("+8613900000002", "鄂州市人民路91号翡翠酒店384房", 310)
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in city.rows))
    out, url = tmp_path / "rings.jsonl", f"sqlite:///{tmp_path / 'fanzha.db'}"
    result = CliRunner().invoke(
        app, ["rings", str(events), "--out", str(out), "--load", "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    rings = read_rings(out)
    assert len(rings) == 1 and set(rings[0].cases) == {a, b}
    db = engine(url)
    service = RingService(
        SqlRingRepository(db), lambda: stored_events(db), SystemClock(), SqlAuditLog(db)
    )
    reader = Principal(user_id="analyst", role=Role.CENTER_ANALYST)
    assert [k.ring.ring_id for k in service.list_rings(reader)] == [rings[0].ring_id]
    assert service.ring_of_case(a) == rings[0].ring_id


def test_a_bad_rings_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "rings.jsonl"
    path.write_text('{"ring_id": "ring-1"}\n')
    with pytest.raises(ValueError, match=r"rings.jsonl:1"):
        read_rings(path)
