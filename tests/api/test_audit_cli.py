"""Tampering with one audit row is caught by ``fanzha audit verify``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from typer.testing import CliRunner

from fanzha.cli import app
from fanzha.store.models import AuditRow


def test_verify_command_detects_a_tampered_row(server: Any, task_for: Any, db_url: str) -> None:
    task_for("P1")
    server.login("qk").get("/v1/tasks")
    runner = CliRunner()
    intact = runner.invoke(app, ["audit", "verify", "--database-url", db_url])
    assert intact.exit_code == 0, intact.output
    assert "intact" in intact.output
    engine = server.context.audit.engine  # the server's own store
    with engine.begin() as conn:
        conn.execute(update(AuditRow).where(AuditRow.seq == 3).values(user_id="someone-else"))
    broken = runner.invoke(app, ["audit", "verify", "--database-url", db_url])
    assert broken.exit_code == 1
    assert "BROKEN at entry 3" in broken.output
