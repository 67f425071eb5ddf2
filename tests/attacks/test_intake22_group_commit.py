"""Group commit must not acknowledge an event before the commit that stores it.

The attack: ``POST /v1/events`` now answers from a writer thread that commits
many requests' events together. If it answered before its COMMIT (or answered
one request for another's commit), a kill -9 between the two would lose events
a caller was told are stored. Here many clients post one event each to a real
``fanzha serve`` that SIGKILLs itself inside a group commit of several requests
(``_intake22_crash``); every event answered 200 must be in the store, and
re-sending the unanswered ones to a restarted server stores each exactly once.
"""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _durability_support import ServeProcess, add_users, call_event, serve_process

CLIENTS = 12


def stored_ids(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id FROM events WHERE id LIKE 'g%'"))
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def post_until_dead(server: ServeProcess) -> tuple[set[str], set[str]]:
    """Clients post one event per request until the server dies: (sent, acknowledged)."""
    token = server.login("analyst").headers["Authorization"]
    sent: set[str] = set()
    acknowledged: set[str] = set()
    lock = threading.Lock()

    def client(c: int) -> None:
        with httpx.Client(base_url=server.base, timeout=60, trust_env=False) as http:
            for n in range(10_000):
                event = call_event(c * 100_000 + n, "g")
                with lock:
                    sent.add(event["id"])
                try:
                    answer = http.post("/v1/events", json=[event],
                                       headers={"Authorization": token})  # fmt: skip
                except httpx.HTTPError:
                    return  # the server is gone
                if answer.status_code == 200:
                    assert answer.json()["new"] == 1, answer.text
                    with lock:
                        acknowledged.add(event["id"])

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    return sent, acknowledged


@pytest.mark.parametrize("point", ["before_commit", "after_commit"])
def test_kill9_inside_group_commit_loses_no_acknowledged_event(
    db_url: str, tmp_path: Path, point: str
) -> None:
    (tmp_path / "data").mkdir()
    add_users(db_url, tmp_path / "data")
    base = serve_process(db_url, tmp_path)
    server = ServeProcess(
        base.url, base.data_dir, base.log, point,
        crash_module="_intake22_crash", crash_env="FANZHA_TEST_INTAKE_CRASH",
    ).start()  # fmt: skip
    try:
        sent, acknowledged = post_until_dead(server)
        assert server.died(), "the kill point never fired: no group of several requests formed"
    finally:
        server.stop()
    kept = stored_ids(db_url)
    assert acknowledged, "nothing was acknowledged before the crash"
    assert not acknowledged - set(kept), f"{len(acknowledged - set(kept))} acknowledged lost"
    if point == "after_commit":  # the dying group was stored, though nobody was told so
        assert set(kept) - acknowledged, "the group committed before the kill is missing"

    restarted = serve_process(db_url, tmp_path).start()
    try:
        analyst = restarted.login("analyst")
        unanswered = sorted(sent - acknowledged)
        by_id = {e["id"]: e for e in (call_event(int(i[1:]), "g") for i in unanswered)}
        answer = analyst.post("/v1/events", json=list(by_id.values()))
        assert answer.status_code == 200, answer.text
        assert answer.json()["new"] + answer.json()["duplicates"] == len(unanswered)
    finally:
        restarted.stop()
    kept = stored_ids(db_url)
    assert len(kept) == len(set(kept)) == len(sent), "a re-sent event was stored twice or lost"
