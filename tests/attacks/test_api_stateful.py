"""schemathesis, stateful: task, case and hold routes fuzzed with the ids the API hands out.

Without OpenAPI links a fuzzer only tries made-up ids and every task, case and
hold route answers 404 (the attack run counted 16 such operations). The spec
now links answers to the routes that take their ids (``api/openapi_links.py``);
this run follows them on a server holding a task, a case and money to stop, and
no request may make the server fail (5xx).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

VICTIM, MULE, MULE2 = "6222000011112222", "6222000033334444", "6222000055556666"


def money(at: Any) -> list[dict[str, Any]]:
    def ev(kind: str, event_id: str, minutes: float, **fields: Any) -> dict[str, Any]:
        ts = (at + timedelta(minutes=minutes)).isoformat()
        return {"kind": kind, "id": event_id, "ts": ts, "source": "bank:test", **fields}

    def tx(event_id: str, src: str, dst: str, fen: int, minutes: float) -> dict[str, Any]:
        return ev("transfer", event_id, minutes, from_account=src, to_account=dst,
                  amount_fen=fen, channel="mobile")  # fmt: skip

    return [
        ev("account", "acc-v", -600, account_id=VICTIM, bank="icbc", holder="P1"),
        tx("tx-v1", VICTIM, MULE, 5_000_000, 0),
        tx("tx-m1", MULE, MULE2, 4_000_000, 10),
        ev("report", "rep-1", 120, person_id="P1", loss_fen=5_000_000,
           fraud_type="impersonate_police", transfers=["tx-v1"]),
    ]  # fmt: skip


def test_linked_routes_get_real_ids_and_never_fail(ui_server: Any, ui_task_for: Any) -> None:
    task_id = ui_task_for("P1")
    analyst = ui_server.login("analyst")
    analyst.post("/v1/events", json=money(ui_server.clock.now())).raise_for_status()
    assert [c["case_id"] for c in analyst.get("/v1/cases").json()] == ["rep-1"]
    spec = httpx.get(f"{ui_server.url}/openapi.json", trust_env=False).json()
    get_task = spec["paths"]["/v1/tasks"]["get"]["responses"]["200"]
    assert "task_id_to_get_task_v1_tasks__task_id__get" in get_task["links"]
    cli = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    wanted = {("task", task_id), ("case", "rep-1"), ("stop_request", "rep-1")}
    reached: set[tuple[str, str]] = set()
    # One stateful run walks a random subset of the links; a fixed list of seeds,
    # without the example database, makes the walk the same on every machine.
    for seed in ("3", "11", "2", "5", "7", "13", "17", "23"):
        before = len(ui_server.context.audit.entries())
        run = subprocess.run(
            [
                cli, "run", f"{ui_server.url}/openapi.json",
                "--phases", "stateful", "--checks", "not_a_server_error",
                "--header", f"Authorization: {analyst.headers['Authorization']}",
                "--max-examples", "50", "--seed", seed, "--request-timeout", "60",
                "--generation-database", "none",
                "--include-path-regex", "^/v1/(tasks|cases|holds|persons|restrictions|events$)",
            ],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
        for entry in ui_server.context.audit.entries()[before:]:
            reached.add((entry.object_type, entry.object_id))
            if entry.action == "stop_request":  # holds made from a real case id
                reached.add(("stop_request", entry.object_id))
        if wanted <= reached:
            break
    assert wanted <= reached, (wanted - reached, run.stdout[-3000:])
