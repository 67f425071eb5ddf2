# ruff: noqa: E501  (the tampering table is one row per line, read across)
"""Finding 5: tampering with the audit trail is caught, and an untouched trail never fails.

The attacker here can write the database (a stolen DBA password, a restored
backup) but cannot read the audit key beside the data dir. Each row of
``TAMPERINGS`` is one thing such an attacker does to the ``audit_log`` table of
a trail a real server wrote; ``fanzha audit verify`` must exit 1 and
``GET /v1/audit/verify`` must answer not intact, both naming what is wrong in
English and Chinese. Between rows the pristine table is put back and must
verify again — the checkpoint outside the database is never moved by the
tampering. The second half builds databases the ordinary ways (``fanzha
replay`` of a small simulated city, the demo's accelerated +08:00 clock) on
SQLite and PostgreSQL and checks that they verify intact.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import msgspec
import pytest
from sqlalchemy import delete, insert, select
from typer.testing import CliRunner

import fanzha
from fanzha.cli import app
from fanzha.clock import ReplayClock
from fanzha.contract.warning import Level, Warning
from fanzha.security.audit import AuditEntry, chain
from fanzha.settings import get_settings
from fanzha.store import engine
from fanzha.store.models import AuditRow
from fanzha.store.pgtemp import TemporaryPostgres

api = sys.modules["fanzha_tests_api_conftest"]  # tests/api/conftest.py, loaded by ours
Server = api.Server

Rows = list[dict[str, Any]]
ATTACKER_KEY = b""  # what someone without the key seals with: a guess, here the empty key
OLDER_COPY_AT = 8  # the backup the attacker restores was taken after this many entries


def _as_entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(**{**row, "detail": msgspec.json.decode(row["detail"])})


def _as_row(entry: AuditEntry) -> dict[str, Any]:
    row = msgspec.structs.asdict(entry)
    row["detail"] = msgspec.json.encode(entry.detail).decode()
    return row


def _reseal(rows: Rows, start: int = 0) -> Rows:
    """Renumber from ``start`` on and re-chain every later row, as an attacker can: unkeyed."""
    out = rows[:start]
    for row in rows[start:]:
        previous = _as_entry(out[-1]) if out else None
        entry = _as_entry(row)
        fields = {
            f: getattr(entry, f)
            for f in ("ts", "user_id", "role", "action", "object_type", "object_id", "detail")
        }
        out.append(_as_row(chain(previous, ATTACKER_KEY, **fields)))
    return out


def _edited(rows: Rows, index: int, **changes: Any) -> Rows:
    return [*rows[:index], {**rows[index], **changes}, *rows[index + 1 :]]


def _swapped(rows: Rows, a: int, b: int) -> Rows:
    out = [dict(r) for r in rows]
    out[a]["seq"], out[b]["seq"] = rows[b]["seq"], rows[a]["seq"]
    return out


def _forged(like: dict[str, Any]) -> dict[str, Any]:
    return {**like, "user_id": "qk", "action": "view", "object_type": "task", "object_id": "T-x"}


def _inserted(rows: Rows, index: int) -> Rows:
    return _reseal([*rows[:index], _forged(rows[index]), *rows[index:]], index)


def _appended(rows: Rows) -> Rows:
    return _reseal([*rows, _forged(rows[-1])], len(rows))


def _replaced(rows: Rows) -> Rows:
    """A whole new chain, self-consistent, with one officer's views left out."""
    kept = [r for r in rows if r["user_id"] != "qk2"] or rows[:-1]
    return _reseal(kept, 0)


@dataclass(frozen=True)
class Tampering:
    name: str
    change: Callable[[Rows, Rows], Rows]
    """(pristine rows, the older copy) → the rows the attacker leaves."""
    broken_at: Callable[[Rows], int]
    says: str
    says_zh: str


N = len  # readability in the table: N(rows) is the number of entries written

TAMPERINGS = [
    Tampering("delete the last row", lambda r, _: r[:-1], N, "the last 1 entries are missing", "末尾缺少 1 条"),
    Tampering("delete the last 3 rows", lambda r, _: r[:-3], lambda r: N(r) - 2, "the last 3 entries are missing", "末尾缺少 3 条"),
    Tampering("delete every row", lambda r, _: [], lambda r: 1, "entries are missing", "末尾缺少"),
    Tampering("delete a middle row", lambda r, _: r[:4] + r[5:], lambda r: 5, "entry 5 is missing", "第 5 条缺失"),
    Tampering("edit one field", lambda r, _: _edited(r, 5, user_id="someone-else"), lambda r: 6, "entry 6 was changed or forged", "第 6 条被篡改或伪造"),
    Tampering("edit one field and re-seal the rest without the key", lambda r, _: _reseal(_edited(r, 5, object_id="T-other"), 5), lambda r: 6, "entry 6 was changed or forged", "第 6 条被篡改或伪造"),
    Tampering("insert a forged row in the middle", lambda r, _: _inserted(r, 3), lambda r: 4, "entry 4 was changed or forged", "第 4 条被篡改或伪造"),
    Tampering("append a forged row", lambda r, _: _appended(r), lambda r: N(r) + 1, "entry {n} was changed or forged", "被篡改或伪造"),
    Tampering("reorder two rows", lambda r, _: _swapped(r, 2, 3), lambda r: 3, "entry 3 does not follow entry 2", "第 3 条与第 2 条接不上"),
    Tampering("replace the table with a self-consistent chain made without the key", lambda r, _: _replaced(r), lambda r: 1, "entry 1 was changed or forged", "第 1 条被篡改或伪造"),
    Tampering("roll the database back to an older copy", lambda _, old: old, lambda r: OLDER_COPY_AT + 1, "checkpoint outside the database", "库外检查点"),
]  # fmt: skip


@dataclass
class Trail:
    """A server that wrote a real audit trail, its pristine rows and an older copy."""

    server: Server
    url: str
    pristine: Rows
    older: Rows
    auditor: httpx.Client


def _rows(url: str) -> Rows:
    with engine(url).connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(AuditRow).order_by(AuditRow.seq))]


def _write(url: str, rows: Rows) -> None:
    with engine(url).begin() as conn:
        conn.execute(delete(AuditRow))
        if rows:
            conn.execute(insert(AuditRow), rows)


def _work(server: Server, task_for: Callable[[str, str], str], round_: int) -> None:
    """What a desk does in a morning: tasks made, viewed by three officers, signed."""
    task = task_for("P1", f"c{round_}")
    for user in ("qk", "qk2", "analyst"):
        server.login(user).get(f"/v1/tasks/{task}").raise_for_status()
        server.clock.advance(timedelta(minutes=1))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def trail(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Trail]:
    home = tmp_path_factory.mktemp("audit-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FANZHA_DATA_DIR", str(home / "data"))
        env.delenv("FANZHA_AUDIT_KEY", raising=False)
        get_settings.cache_clear()
        if request.param == "sqlite":
            url = f"sqlite:///{home / 'fanzha.db'}"
        else:
            pg: TemporaryPostgres | str = request.getfixturevalue("pg_server")
            url = pg if isinstance(pg, str) else pg.create_database(f"audit_chain_{os.getpid()}")
        for server in api.serve(url):
            maker = api._task_maker(server)
            auditor = server.login("auditor")
            _work(server, maker, 0)
            older = _rows(url)[:OLDER_COPY_AT]
            assert len(older) == OLDER_COPY_AT
            _work(server, maker, 1)
            _work(server, maker, 2)
            yield Trail(server, url, _rows(url), older, auditor)
        get_settings.cache_clear()


def _verify(trail: Trail) -> tuple[int, str, dict[str, Any]]:
    result = CliRunner().invoke(app, ["audit", "verify", "--database-url", trail.url])
    answer = trail.auditor.get("/v1/audit/verify")
    answer.raise_for_status()
    return result.exit_code, result.output, answer.json()


@pytest.mark.parametrize("tampering", TAMPERINGS, ids=[t.name for t in TAMPERINGS])
def test_tampering_is_caught(trail: Trail, tampering: Tampering) -> None:
    pristine = trail.pristine
    assert len(pristine) > OLDER_COPY_AT + 3
    _write(trail.url, pristine)
    code, output, verdict = _verify(trail)
    assert code == 0 and verdict["intact"], (output, verdict)
    assert "审计链完好" in output
    try:
        _write(trail.url, tampering.change(pristine, trail.older))
        code, output, verdict = _verify(trail)
        at = tampering.broken_at(pristine)
        says = tampering.says.replace("{n}", str(at))
        assert code == 1, output
        assert f"BROKEN at entry {at}" in output and says in output, output
        assert f"第 {at} 条" in output and tampering.says_zh in output, output
        assert verdict["intact"] is False
        assert verdict["broken_at"] == at, verdict
        assert says in verdict["reason"] and tampering.says_zh in verdict["reason_zh"], verdict
    finally:
        _write(trail.url, pristine)
    assert _verify(trail)[0] == 0, "the checkpoint moved while the table was tampered with"


def test_a_rolled_back_database_written_on_past_the_checkpoint_stays_broken(trail: Trail) -> None:
    """The server keeps working on the restored copy; the anchor must not follow it."""
    _write(trail.url, trail.older)
    try:
        user = trail.server.login("qk")  # each login is an entry, sealed with the real key
        while len(_rows(trail.url)) <= len(trail.pristine):
            user.get("/v1/auth/me")
            trail.server.login("qk")
        code, output, verdict = _verify(trail)
        assert code == 1, output
        assert verdict["broken_at"] == len(trail.pristine), verdict
        assert "is not the one the checkpoint outside the database recorded" in verdict["reason"]
        assert "与库外检查点记录的不同" in verdict["reason_zh"]
    finally:
        _write(trail.url, trail.pristine)
    assert _verify(trail)[0] == 0


def test_an_altered_checkpoint_or_a_removed_chain_id_is_reported(trail: Trail) -> None:
    from fanzha.store.models import AuditChainRow

    files = list((Path(os.environ["FANZHA_DATA_DIR"])).glob("audit-*.checkpoint"))
    with engine(trail.url).connect() as conn:
        chain_id = conn.execute(select(AuditChainRow.chain_id)).scalar_one()
    (checkpoint,) = [f for f in files if chain_id in f.name]
    saved = checkpoint.read_bytes()
    checkpoint.write_bytes(saved.replace(b'"seq":', b'"seq":1', 1))
    try:
        code, output, verdict = _verify(trail)
        assert code == 1 and "BROKEN as a whole" in output and "was altered" in output, output
        assert verdict["broken_at"] == 0 and "被改动" in verdict["reason_zh"]
    finally:
        checkpoint.write_bytes(saved)
    with engine(trail.url).begin() as conn:
        conn.execute(delete(AuditChainRow))
    try:
        code, output, _ = _verify(trail)
        assert code == 1 and "audit chain id was removed" in output, output
    finally:
        with engine(trail.url).begin() as conn:
            conn.execute(insert(AuditChainRow).values(chain_id=chain_id))
    assert _verify(trail)[0] == 0


# --- no untampered database ever fails ----------------------------------------


@pytest.fixture
def audit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FANZHA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FANZHA_AUDIT_KEY", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _fanzha(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The ``fanzha`` command as an operator runs it, in its own process."""
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
        "FANZHA_DATA_DIR": str(home / "data"),
    }
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def test_a_replayed_city_verifies_intact(db_url: str, audit_home: Path) -> None:
    """Before the fix every replayed database verified BROKEN: +08:00 sealed, UTC read back."""
    city = audit_home / "city"
    made = _fanzha("simulate", "--out", str(city), "--persons", "400", "--days", "3",
                   "--victims-per-10k", "40", home=audit_home)  # fmt: skip
    assert made.returncode == 0, made.stderr
    replayed = _fanzha("replay", str(city / "events.jsonl"), "--database-url", db_url,
                       home=audit_home)  # fmt: skip
    assert replayed.returncode == 0, replayed.stderr
    checked = _fanzha("audit", "verify", "--database-url", db_url, home=audit_home)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    entries = len(_rows(db_url))
    assert entries > 20, "the replay wrote too little audit to prove anything"
    assert f"intact: {entries:,} entries" in checked.stdout


def test_the_demo_clock_writes_a_trail_that_verifies_intact(db_url: str, audit_home: Path) -> None:
    """The demo's accelerated clock runs in Beijing time; the store hands times back in UTC."""
    from fanzha.server.admin import verify_audit
    from fanzha.server.services import build_services

    beijing = ZoneInfo("Asia/Shanghai")
    clock = ReplayClock(datetime(2025, 3, 3, 8, 0, 0, 123456, tzinfo=beijing), speed=3600)
    context = build_services(db_url, clock, None)
    for n in range(5):
        warning = Warning(
            warning_id=f"W-P{n}", person_id=f"P{n}", ts=clock.now(), level=Level.HIGH,
            typology="impersonate_police", score=0.9, reasons=["冒充公检法来电"],
        )  # fmt: skip
        context.tasks.task_from_warning(warning)
    assert clock.now().utcoffset() == timedelta(hours=8)
    intact, message = verify_audit(db_url)
    assert intact, message
