"""Lists and live rules in ``fanzha serve``, through real HTTP to a real server process.

What an analyst and a bank would notice: a listed number's call warns the
resident at once (before any payment); the same story unlisted raises nothing;
adding a number warns the residents it called in the last 30 days, once; a bank
asking before a transfer is told hold / warn / allow with reasons in Chinese;
a bad rules file is refused and the old rules keep running; a candidate rule
set in shadow is counted beside the live one and makes no task; every task
names the rules version whose warning made it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

import fanzha
from fanzha.clock import SystemClock
from fanzha.detect.rules import DEFAULT_RULES
from fanzha.net import free_port
from fanzha.partners.registry import PartnerType
from fanzha.partners.service import PartnerService
from fanzha.partners.sql import sql_repository
from fanzha.server.admin import add_user
from fanzha.settings import get_settings
from fanzha.store import engine, migrate
from fanzha.trace.holds import Claim, Hold, HoldState
from fanzha.trace.sql import SqlHoldRepository

PASSWORD = "correct-horse-battery"
FRAUD = "+8613900009999"
FROZEN = "6227001234567890"
STARTUP_S = 120.0


@dataclass
class Service:
    base: str
    rules: Path
    bank_key: str
    platform_key: str
    log: Path

    def client(self, user: str) -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=30, trust_env=False)
        answer = client.post("/v1/auth/login", json={"user_id": user, "password": PASSWORD})
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        return client

    def bank(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base, timeout=30, trust_env=False, headers={"X-Api-Key": self.bank_key}
        )


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    work = Path(tempfile.mkdtemp(prefix="fanzha-lists-"))
    data = work / "data"
    url = f"sqlite:///{data / 'fanzha.db'}"
    before = os.environ.get("FANZHA_DATA_DIR")
    os.environ["FANZHA_DATA_DIR"] = str(data)  # one audit key for this process and the server
    get_settings.cache_clear()
    data.mkdir()
    migrate(url)
    for user_id, role, district in (("analyst", "center_analyst", None),
                                    ("qk", "district_officer", "硚口区")):  # fmt: skip
        add_user(url, user_id, role, user_id, district, None, PASSWORD)
    partners = PartnerService(sql_repository(engine(url)), SystemClock())
    _, key = partners.add_partner(
        "icbc", "工商银行", PartnerType.BANK, "bank:icbc", rate_limit_per_s=10_000
    )
    _, platform_key = partners.add_partner(
        "didi", "滴滴", PartnerType.RIDE_HAILING, "platform:didi", rate_limit_per_s=10_000
    )
    frozen = Hold(
        hold_id="H-frozen", account_id=FROZEN, bank="ccb", state=HoldState.FROZEN,
        claims=[Claim(case_id="rep-0042", amount_fen=3_000_000, hop=1)],
        requested_at=datetime.now(UTC), requested_by="analyst",
    )  # fmt: skip
    SqlHoldRepository(engine(url)).add(frozen)  # a case's freeze list: the bank froze it
    rules = work / "rules.yaml"
    shutil.copy(DEFAULT_RULES, rules)
    port, log = free_port(), work / "server.log"
    # These tests are about the rules' own plumbing (reload, shadow, versions): the
    # service scores by the rules (no learned model), so a weight a candidate changes
    # shows directly in what it would warn.
    env = {**os.environ, "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
           "FANZHA_LOG_LEVEL": "WARNING", "FANZHA_DETECT_MODEL": "none"}  # fmt: skip
    env.pop("FANZHA_DATABASE_URL", None)
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')",
               "serve", "--port", str(port), "--database-url", url,
               "--rules", str(rules)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"fanzha serve exited:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"fanzha serve not ready:\n{log.read_text()}")
            time.sleep(0.1)
        yield Service(base, rules, key, platform_key, log)
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
        if before is None:
            os.environ.pop("FANZHA_DATA_DIR", None)
        else:
            os.environ["FANZHA_DATA_DIR"] = before
        get_settings.cache_clear()


def _ago(minutes: float) -> str:
    """A moment ``minutes`` before now. Live detection has no lateness: an event older
    than one it has already used is stored (and found by 反查) but not detected on, so
    the stories below run forward in time (``minutes=0``) as a city's events arrive."""
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat()


def resident(n: int) -> tuple[str, str, str]:
    """(person id, phone, account) of resident ``n``."""
    return f"R{n}", f"+861381234{n:04d}", f"62220000{n:08d}"


def register(analyst: httpx.Client, n: int) -> tuple[str, str, str]:
    person, phone, account = resident(n)
    events = [
        {"kind": "person", "id": f"per-{n}", "source": "police:hukou", "ts": _ago(0),
         "person_id": person, "phones": [phone], "district": "硚口区",
         "address": f"硚口区汉正街{n}号"},
        {"kind": "account", "id": f"acc-{n}", "source": "bank:icbc", "ts": _ago(0),
         "account_id": account, "bank": "icbc", "holder": person, "opened": "2015-06-01"},
    ]  # fmt: skip
    answer = analyst.post("/v1/events", json=events)
    assert answer.status_code == 200, answer.text
    return person, phone, account


def call(
    event_id: str, caller: str, callee: str, minutes_ago: float, **extra: Any
) -> dict[str, Any]:
    return {"kind": "call", "id": event_id, "source": "telecom:cmcc", "ts": _ago(minutes_ago),
            "caller": caller, "callee": callee, "duration_s": 1500, "caller_tags": [],
            **extra}  # fmt: skip


def transfer(event_id: str, payer: str, payee: str, fen: int, minutes_ago: float) -> dict[str, Any]:
    return {"kind": "transfer", "id": event_id, "source": "bank:icbc", "ts": _ago(minutes_ago),
            "from_account": payer, "to_account": payee, "amount_fen": fen,
            "channel": "mobile"}  # fmt: skip


def block(analyst: httpx.Client, kind: str, value: str, reason: str) -> dict[str, Any]:
    answer = analyst.post(
        "/v1/patrol/entries", json={"kind": kind, "values": [value], "reason": reason}
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def tasks_of(analyst: httpx.Client, person: str) -> list[dict[str, Any]]:
    return [t for t in analyst.get("/v1/tasks").json() if t["person_id"] == person]


def test_a_listed_numbers_call_warns_before_the_payment(service: Service) -> None:
    analyst = service.client("analyst")
    person, phone, account = register(analyst, 1)
    block(analyst, "phone", FRAUD, "冒充客服退款")

    answer = analyst.post("/v1/events", json=[call("c-1", FRAUD, phone, 0)]).json()

    assert answer["warnings"] == 1 and len(answer["tasks"]) == 1, answer
    task = analyst.get(f"/v1/tasks/{answer['tasks'][0]}").json()
    assert task["person_id"] == person
    assert task["rules_version"].startswith("rules.yaml v1@"), task
    # The bank asks before the payment executes: the payer is at risk, the sum large.
    bank = service.bank()
    asked = bank.post("/v1/checks/transfer", json={
        "payer_account": account, "payee_account": "6217000099990001", "amount_fen": 5_000_000,
    })  # fmt: skip
    assert asked.status_code == 200, asked.text
    assert asked.json()["decision"] == "hold", asked.json()


def test_the_same_story_from_an_unlisted_number_raises_nothing(service: Service) -> None:
    analyst = service.client("analyst")
    person, phone, account = register(analyst, 2)
    heard = analyst.post("/v1/events", json=[call("c-2", "+8613900001111", phone, 0)]).json()
    paid = analyst.post(
        "/v1/events", json=[transfer("t-2", account, "6217000099990002", 5_000_000, 0)]
    ).json()

    assert heard["new"] == paid["new"] == 1
    assert heard["warnings"] == paid["warnings"] == 0, (heard, paid)
    assert tasks_of(analyst, person) == []


def test_adding_a_number_warns_the_residents_it_called_once(service: Service) -> None:
    analyst = service.client("analyst")
    number = "+8613900002222"
    called, _, _ = register(analyst, 3)
    _, other_phone, _ = register(analyst, 4)
    old = "+8613900003333"
    events = [
        call("c-3", number, resident(3)[1], 60 * 24 * 3),  # three days ago
        call("c-4", old, other_phone, 60 * 24 * 40),
    ]  # forty days ago: out of the window
    assert analyst.post("/v1/events", json=events).json()["warnings"] == 0  # fmt: skip

    first = block(analyst, "phone", number, "96110举报")
    again = block(analyst, "phone", number, "再次举报")
    late = block(analyst, "phone", old, "旧号码")

    assert (first["rescanned_contacts"], first["warned"]) == (1, 1), first
    assert (again["rescanned_contacts"], again["warned"]) == (1, 0), again
    assert late["warned"] == 0, late
    tasks = tasks_of(analyst, called)
    assert len(tasks) == 1 and tasks[0]["task_id"] in first["tasks"]
    assert tasks_of(analyst, resident(4)[0]) == []


def test_transfer_checks_hold_warn_and_allow_with_reasons(service: Service) -> None:
    analyst, bank = service.client("analyst"), service.bank()
    _, phone, risky_account = register(analyst, 5)
    _, _, clean_account = register(analyst, 6)
    mule = "6217000099995555"
    block(analyst, "account", mule, "赃款一级卡")
    analyst.post("/v1/events", json=[call("c-5", FRAUD, phone, 0)]).raise_for_status()

    def ask(payer: str, payee: str, fen: int) -> dict[str, Any]:
        asked = {"payer_account": payer, "payee_account": payee, "amount_fen": fen}
        answer = bank.post("/v1/checks/transfer", json=asked)
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result

    held = ask(clean_account, mule, 300_000)
    warned = ask(risky_account, "6217000011112222", 200_000)
    allowed = ask(clean_account, "6217000011112222", 300_000)

    assert held["decision"] == "hold"
    assert any("涉案账户" in r["zh"] and "赃款一级卡" in r["zh"] for r in held["reasons"])
    assert "96110" in held["display_text"]
    assert warned["decision"] == "warn", warned
    assert {r["code"] for r in warned["reasons"]} >= {"risky_contact"}
    assert allowed["decision"] == "allow" and allowed["reasons"] == []
    counted = analyst.get("/v1/partners/activity").json()["week"]["check_transfer"]
    assert all(counted.get(d, 0) >= 1 for d in ("hold", "warn", "allow")), counted


def test_frozen_and_ring_accounts_are_on_the_lists(service: Service) -> None:
    """涉案账户 from a case's freeze list and from a partner's ring clue: a payment to
    either warns the payer, and a bank asking first is told to hold."""
    analyst, bank = service.client("analyst"), service.bank()
    ring = "6217000077770001"
    clue = bank.post("/v1/clues", json={"kind": "account", "value": ring, "ring": True})
    assert clue.status_code == 200, clue.text
    reasons = {}
    for n, payee in ((9, FROZEN), (10, ring)):
        person, _, account = register(analyst, n)
        asked = bank.post(
            "/v1/checks/transfer",
            json={"payer_account": account, "payee_account": payee, "amount_fen": 80_000},
        ).json()
        assert asked["decision"] == "hold", asked
        reasons[payee] = asked["reasons"][0]["zh"]
        paid = analyst.post("/v1/events", json=[transfer(f"t-{n}", account, payee, 80_000, 0)])
        assert paid.json()["warnings"] == 1, paid.json()
        assert len(tasks_of(analyst, person)) == 1
    assert "rep-0042" in reasons[FROZEN] and "冻结" in reasons[FROZEN]
    assert "合作方线索" in reasons[ring]


def test_only_banks_ask_about_transfers(service: Service) -> None:
    asked = {"payer_account": "6222", "payee_account": "6217", "amount_fen": 100}
    platform = httpx.Client(base_url=service.base, trust_env=False,
                            headers={"X-Api-Key": service.platform_key})  # fmt: skip
    assert platform.post("/v1/checks/transfer", json=asked).status_code == 403
    nobody = httpx.Client(base_url=service.base, trust_env=False)
    assert nobody.post("/v1/checks/transfer", json=asked).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"payer_account": "6222", "amount_fen": 100}, "payee_account"),
        ({"payer_account": "6222", "payee_account": "6217", "amount_fen": "100"}, "amount_fen"),
        ({"payer_account": "6222", "payee_account": "6217", "amount_fen": 12.5}, "amount_fen"),
        ({"payer_account": "6222", "payee_account": "6217", "amount_fen": 0}, "amount_fen"),
        ({"payer_account": "", "payee_account": "6217", "amount_fen": 100}, "payer_account"),
    ],
)
def test_a_bad_transfer_check_is_refused_naming_the_field(
    service: Service, body: dict[str, Any], field: str
) -> None:
    answer = service.bank().post("/v1/checks/transfer", json=body)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["detail"]


def test_reload_refuses_a_bad_file_and_runs_a_good_one(service: Service) -> None:
    analyst = service.client("analyst")
    live = analyst.get("/v1/admin/rules").json()["live"]["rules_version"]
    good = service.rules.read_text(encoding="utf-8")
    assert service.client("qk").post("/v1/admin/rules/reload").status_code == 403

    service.rules.write_text(
        good.replace("weight: 0.60\n    zh: 接到涉诈", "weight: 1.60\n    zh: 接到涉诈")
    )
    refused = analyst.post("/v1/admin/rules/reload")
    assert refused.status_code == 422
    assert "listed_phone" in refused.json()["detail"]
    assert analyst.get("/v1/admin/rules").json()["live"]["rules_version"] == live

    service.rules.write_text(good.replace("version: 1", "version: 2", 1), encoding="utf-8")
    reloaded = analyst.post("/v1/admin/rules/reload")
    assert reloaded.status_code == 200, reloaded.text
    assert reloaded.json()["rules_version"].startswith("rules.yaml v2@")
    _, phone, _ = register(analyst, 7)
    answer = analyst.post("/v1/events", json=[call("c-7", FRAUD, phone, 0)]).json()
    task = analyst.get(f"/v1/tasks/{answer['tasks'][0]}").json()
    assert task["rules_version"] == reloaded.json()["rules_version"]


def test_shadow_rules_are_counted_beside_the_live_ones_and_make_no_task(service: Service) -> None:
    analyst = service.client("analyst")
    candidate = DEFAULT_RULES.read_text(encoding="utf-8").replace(
        "call_overseas:\n    weight: 0.15", "call_overseas:\n    weight: 0.90"
    )
    assert analyst.post("/v1/admin/rules/shadow",
                        json={"name": "bad", "yaml": "version: [1"}).status_code == 422  # fmt: skip
    started = analyst.post(
        "/v1/admin/rules/shadow", json={"name": "overseas.yaml", "yaml": candidate}
    )
    assert started.status_code == 200, started.text
    person, phone, _ = register(analyst, 8)

    answer = analyst.post("/v1/events", json=[call("c-8", "+85230001234", phone, 0)]).json()

    assert answer["warnings"] == 0 and answer["tasks"] == []
    shadow = analyst.get("/v1/admin/rules").json()["shadow"]
    assert shadow["rules_version"].startswith("overseas.yaml v1@")
    assert shadow["shadow"]["warnings"] == 1 and shadow["live"]["warnings"] == 0, shadow
    assert shadow["persons_only_shadow"] == 1
    assert tasks_of(analyst, person) == []
    final = analyst.delete("/v1/admin/rules/shadow").json()
    assert final["shadow"]["warnings"] == 1
    assert analyst.get("/v1/admin/rules").json()["shadow"] is None
