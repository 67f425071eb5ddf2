"""A bank asks about one account, and the mule scorer's list holds a transfer.

Through real processes: ``fanzha mules … --load`` scores the hand-written week
(``tests/mules/_story.py``) into a SQLite store, then ``fanzha serve`` on that
store answers ``GET /v1/checks/account/{id}`` and ``POST /v1/checks/transfer``
over real HTTP. What a bank would notice: the ring's card comes back with its
score, reasons in Chinese and English and "listed"; an ordinary customer's card
is not listed; a payment to the ring's card is held, naming the mule scorer; a
partner without the scope is refused; each question is logged and audited.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

import fanzha
from fanzha.clock import SystemClock
from fanzha.net import free_port
from fanzha.partners.registry import PartnerType
from fanzha.partners.service import PartnerService
from fanzha.partners.sql import sql_repository
from fanzha.server.admin import add_user
from fanzha.settings import get_settings
from fanzha.store import engine, migrate
from fanzha.store.models import AuditRow


def _story() -> Any:
    """The hand-written week (``tests/mules/_story.py``), by path: tests are no package."""
    path = Path(__file__).resolve().parents[1] / "mules" / "_story.py"
    spec = importlib.util.spec_from_file_location("mules_story", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STORY = _story()
MULE = STORY.MULE
SHOP = STORY.SHOP
week = STORY.week

PASSWORD = "correct-horse-battery"
STARTUP_S = 120.0
ORDINARY = "6222020000800003"


@dataclass
class Service:
    base: str
    url: str
    bank_key: str
    telecom_key: str

    def partner(self, key: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.base, timeout=30, trust_env=False, headers={"X-Api-Key": key}
        )

    def analyst(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=30, trust_env=False)
        answer = client.post("/v1/auth/login", json={"user_id": "analyst", "password": PASSWORD})
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
        return client


def _fanzha(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    work = Path(tempfile.mkdtemp(prefix="fanzha-mulecheck-"))
    data = work / "data"
    url = f"sqlite:///{data / 'fanzha.db'}"
    before = os.environ.get("FANZHA_DATA_DIR")
    os.environ["FANZHA_DATA_DIR"] = str(data)
    get_settings.cache_clear()
    data.mkdir()
    migrate(url)
    add_user(url, "analyst", "center_analyst", "analyst", None, None, PASSWORD)
    partners = PartnerService(sql_repository(engine(url)), SystemClock())
    _, bank_key = partners.add_partner(
        "icbc", "工商银行", PartnerType.BANK, "bank:icbc", rate_limit_per_s=10_000
    )
    _, telecom_key = partners.add_partner(
        "cmcc", "中国移动", PartnerType.TELECOM, "telecom:cmcc", rate_limit_per_s=10_000
    )
    env = {**os.environ, "PYTHONPATH": str(Path(fanzha.__file__).parent.parent),
           "FANZHA_LOG_LEVEL": "WARNING"}  # fmt: skip
    env.pop("FANZHA_DATABASE_URL", None)
    events = work / "week.jsonl"
    events.write_text("\n".join(json.dumps(e) for e in week()) + "\n")
    _fanzha("mules", str(events), "--out", str(work / "mules.jsonl"), "--load", url, env=env)
    port, log = free_port(), work / "server.log"
    command = [sys.executable, "-c", "from fanzha.cli import app; app(prog_name='fanzha')",
               "serve", "--port", str(port), "--database-url", url]  # fmt: skip
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
        yield Service(base, url, bank_key, telecom_key)
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
        if before is None:
            os.environ.pop("FANZHA_DATA_DIR", None)
        else:
            os.environ["FANZHA_DATA_DIR"] = before
        get_settings.cache_clear()


def test_a_bank_asks_about_one_account(service: Service) -> None:
    bank = service.partner(service.bank_key)
    mule = bank.get(f"/v1/checks/account/{MULE}")
    assert mule.status_code == 200, mule.text
    found = mule.json()
    assert found["scored"] and found["listed"], found
    assert found["score"] >= 0.98 and found["listed_by"].startswith("断卡模型"), found
    assert found["reasons"] and all(r["zh"] and r["en"] for r in found["reasons"]), found
    assert found["first_flagged_ts"] is not None
    shop = bank.get(f"/v1/checks/account/{SHOP}").json()
    assert shop["scored"] and not shop["listed"] and shop["score"] < 0.98, shop
    unknown = bank.get("/v1/checks/account/6222020099999999").json()
    assert (unknown["scored"], unknown["listed"], unknown["score"]) == (False, False, None)
    assert bank.get("/v1/checks/account/%20").status_code == 422


def test_a_partner_without_the_scope_is_refused(service: Service) -> None:
    telecom = service.partner(service.telecom_key)
    assert telecom.get(f"/v1/checks/account/{MULE}").status_code == 403
    nobody = service.partner("not-a-key")
    assert nobody.get(f"/v1/checks/account/{MULE}").status_code == 401


def test_a_payment_to_the_listed_card_is_held(service: Service) -> None:
    bank = service.partner(service.bank_key)
    asked = {"payer_account": ORDINARY, "payee_account": MULE, "amount_fen": 500_000}
    held = bank.post("/v1/checks/transfer", json=asked).json()
    assert held["decision"] == "hold", held
    assert any("涉案账户" in r["zh"] and "断卡模型" in r["zh"] for r in held["reasons"]), held
    to_shop = bank.post("/v1/checks/transfer", json={**asked, "payee_account": SHOP}).json()
    assert to_shop["decision"] == "allow", to_shop


def test_each_question_is_audited_and_logged(service: Service) -> None:
    bank = service.partner(service.bank_key)
    assert bank.get(f"/v1/checks/account/{MULE}").status_code == 200
    with engine(service.url).connect() as conn:
        rows = conn.execute(select(AuditRow).where(AuditRow.object_type == "account_check")).all()
    assert rows, "the question is in the audit log"
    # the audit log masks the card number, as it does every account number
    assert any(r.object_id.endswith(MULE[-4:]) and MULE not in r.object_id for r in rows), rows
    assert all(r.user_id == "partner:icbc" for r in rows), rows
    deadline = time.monotonic() + 30
    while True:  # the check log is written just after the answer
        week_counts = service.analyst().get("/v1/partners/activity").json()["week"]
        if week_counts.get("check_account", {}).get("listed", 0) >= 1:
            break
        assert time.monotonic() < deadline, week_counts
        time.sleep(0.2)
