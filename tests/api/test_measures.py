"""Measures reach partners over real HTTP: a signed order lands on a real webhook
receiver, the partner's signed answer is recorded, the term lapses on a
fast-forwarded clock and the release is delivered, and so is an appeal's release."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from fanzha.clock import ManualClock
from fanzha.contract.readers import Accepted, decode_event
from fanzha.flows.measures import sweep_measures
from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.signing import ReplayGuard, sign_headers


def account(account_id: str, bank: str, holder: str) -> Accepted:
    record = {
        "kind": "account", "id": f"acc-{account_id}", "source": f"bank:{bank}",
        "ts": "2025-03-01T00:00:00+08:00", "account_id": account_id, "bank": bank,
        "holder": holder,
    }  # fmt: skip
    line = json.dumps(record).encode()
    accepted = decode_event(line)
    assert isinstance(accepted, Accepted), accepted
    return accepted


def with_partners(server: Any, receiver: Any) -> dict[str, dict[str, Any]]:
    """王小明 (P1): a China Mobile number, accounts at ICBC (a partner) and CCB (not one);
    ABC is a partner holding nothing of his. Sessions keep their own clock, so the
    officers stay logged in while the test jumps years ahead."""
    server.context.session_clock = ManualClock(server.clock.now())
    server.context.partners.webhooks = WebhookPolicy(allow_loopback=True)
    server.context.store_events(
        [account("6222000000001", "icbc", "P1"), account("6217000000009", "ccb", "P1")]
    )
    admin = server.login("admin")
    made = {}
    for pid, kind, source in (
        ("cmcc", "telecom", "telecom:cmcc"),
        ("icbc", "bank", "bank:icbc"),
        ("abc", "bank", "bank:abc"),
    ):
        answer = admin.post(
            "/v1/partners",
            json={"partner_id": pid, "name": pid, "type": kind, "source": source,
                  "webhook_url": receiver.url},
        )  # fmt: skip
        assert answer.status_code == 201, answer.text
        made[pid] = answer.json()
    return made


@pytest.fixture
def partners(server: Any, receiver: Any) -> dict[str, dict[str, Any]]:
    return with_partners(server, receiver)


@pytest.fixture
def sqlite_partners(ui_server: Any, receiver: Any) -> dict[str, dict[str, Any]]:
    return with_partners(ui_server, receiver)


def delivered(server: Any, receiver: Any, partners: dict[str, Any]) -> list[dict[str, Any]]:
    """Deliver what is due; every order must verify with its own partner's secret."""
    before = len(receiver.received)
    server.context.partners.deliver_due()
    orders = []
    for headers, body in receiver.received[before:]:
        pushed = json.loads(body)
        assert pushed["topic"] == "measure_order"
        partner_id = server.context.partners.outbox.get(pushed["delivery_id"]).partner_id
        secret = partners[partner_id]["webhook_secret"]
        ReplayGuard().verify(secret, headers, body, server.clock.now())
        orders.append({**pushed["payload"], "partner_id": partner_id})
    return orders


def ack(server: Any, partner: dict[str, Any], order_id: str, **answer: Any) -> httpx.Response:
    body = json.dumps(answer).encode()
    headers = {"X-Api-Key": partner["api_key"], "Content-Type": "application/json",
               **sign_headers(partner["webhook_secret"], body, server.clock.now())}  # fmt: skip
    return httpx.post(f"{server.url}/v1/partners/measures/{order_id}/ack", content=body,
                      headers=headers, trust_env=False)  # fmt: skip


def test_orders_reach_partners_signed_are_acknowledged_lapse_and_are_released(
    server: Any, receiver: Any, partners: dict[str, Any]
) -> None:
    qk = server.login("qk")
    made = qk.post(
        "/v1/persons/P1/restrictions", json={"measure": "card_seller_ban", "reason_code": "R02"}
    )
    assert made.status_code == 201, made.text
    ban = made.json()
    assert ban["state"] == "pending" and ban["unrouted"] == ["bank:ccb"]
    assert ban["expires_at"].startswith("2030-03-0") and "第三十一条" in ban["legal_basis"]
    wrong = qk.post(
        "/v1/persons/P1/restrictions", json={"measure": "card_seller_ban", "reason_code": "R01"}
    )
    assert wrong.status_code == 409 and "R02" in wrong.json()["detail"]

    sent = {o["partner_id"]: o for o in delivered(server, receiver, partners)}
    assert set(sent) == {"cmcc", "icbc"}  # ABC holds nothing of his; CCB is not a partner
    assert sent["cmcc"]["subjects"] == ["+8613812345678"]
    assert sent["icbc"]["subjects"] == ["6222000000001"]  # never the CCB account
    assert sent["icbc"]["action"] == "apply" and sent["icbc"]["measure_zh"].startswith("5年内")
    assert "王小明" not in json.dumps(sent) and "P1" not in json.dumps(sent)

    icbc, cmcc = partners["icbc"], partners["cmcc"]
    order_id = sent["icbc"]["order_id"]
    # Unsigned, or by another partner: refused / as if it did not exist.
    unsigned = httpx.post(
        f"{server.url}/v1/partners/measures/{order_id}/ack",
        json={"result": "applied"}, headers={"X-Api-Key": icbc["api_key"]}, trust_env=False,
    )  # fmt: skip
    assert unsigned.status_code == 401 and "sign" in unsigned.json()["detail"]
    assert ack(server, cmcc, order_id, result="applied").status_code == 404
    assert ack(server, partners["abc"], order_id, result="refused", reason="x").status_code == 404

    body = json.dumps({"result": "applied"}).encode()
    headers = {"X-Api-Key": icbc["api_key"], "Content-Type": "application/json",
               **sign_headers(icbc["webhook_secret"], body, server.clock.now())}  # fmt: skip
    url = f"{server.url}/v1/partners/measures/{order_id}/ack"
    first = httpx.post(url, content=body, headers=headers, trust_env=False)
    assert first.status_code == 200 and first.json()["recorded"] is True, first.text
    replayed = httpx.post(url, content=body, headers=headers, trust_env=False)
    assert replayed.status_code == 401 and "replay" in replayed.json()["detail"]
    retried = ack(server, icbc, order_id, result="applied")  # freshly signed: a retry
    assert retried.status_code == 200 and retried.json()["recorded"] is False
    assert ack(server, icbc, order_id, result="refused", reason="改主意").status_code == 409
    refused = ack(server, cmcc, sent["cmcc"]["order_id"], result="refused", reason="号码已销户")
    assert refused.status_code == 200 and refused.json()["state"] == "refused"

    analyst = server.login("analyst")
    listed = analyst.get("/v1/restrictions", params={"state": "refused"}).json()
    assert [r["restriction_id"] for r in listed] == [ban["restriction_id"]]
    orders = {o["partner_id"]: o for o in listed[0]["orders"]}
    assert orders["icbc"]["state"] == "applied" and orders["cmcc"]["ack_reason"] == "号码已销户"
    assert server.login("ja").get("/v1/restrictions").json() == []  # 江岸: not his district

    # Five years on, the sweep ends the ban; only ICBC applied it, so only ICBC is released.
    server.clock.advance(timedelta(days=1827))
    assert sweep_measures(server.context) == [ban["restriction_id"]]
    assert sweep_measures(server.context) == []  # once
    released = delivered(server, receiver, partners)
    assert [(o["partner_id"], o["action"]) for o in released] == [("icbc", "release")]
    assert ack(server, icbc, released[0]["order_id"], result="applied").status_code == 200
    ended = analyst.get("/v1/restrictions", params={"state": "expired"}).json()
    assert [o["action"] for o in ended[0]["orders"]].count("release") == 1
    assert ended[0]["orders"][-1]["state"] == "applied"
    trail = {(e.user_id, e.action) for e in server.context.audit.entries()}
    assert {("partner:icbc", "ack_measure"), ("system", "expire")} <= trail


def test_a_lifted_appeal_sends_the_release(
    ui_server: Any, receiver: Any, sqlite_partners: dict[str, Any]
) -> None:
    server, partners = ui_server, sqlite_partners
    qk, analyst = server.login("qk"), server.login("analyst")
    suspend = {"measure": "protective_suspension", "reason_code": "R04"}
    made = qk.post("/v1/persons/P1/restrictions", json=suspend).json()
    (order,) = delivered(server, receiver, partners)
    assert order["partner_id"] == "cmcc" and order["expires_at"].startswith("2025-03-06")
    rid = made["restriction_id"]
    appeal = qk.post(f"/v1/restrictions/{rid}/appeal", json={"statement": "没有被骗"})
    assert appeal.status_code == 200
    lifted = analyst.post(f"/v1/restrictions/{rid}/decision", json={"lift": True, "reason": "核实"})
    assert lifted.status_code == 200 and lifted.json()["state"] == "lifted"
    (release,) = delivered(server, receiver, partners)
    assert (release["partner_id"], release["action"]) == ("cmcc", "release")
    assert release["restriction_id"] == rid and release["order_id"] != order["order_id"]
    # The partner never answered the order: the release still goes, and is answered.
    assert ack(server, partners["cmcc"], release["order_id"], result="applied").status_code == 200
    server.clock.advance(timedelta(days=4))
    assert sweep_measures(server.context) == []  # lifted already: no second release


CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
BAIT = "<img src=x onerror=window.__pwned=1>号码已销户"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_measures_page_lists_states_answers_and_takes_an_appeal(
    ui_server: Any, receiver: Any, sqlite_partners: dict[str, Any]
) -> None:
    from playwright.sync_api import sync_playwright

    server, partners = ui_server, sqlite_partners
    qk = server.login("qk")
    ban = {"measure": "card_seller_ban", "reason_code": "R02"}
    assert qk.post("/v1/persons/P1/restrictions", json=ban).status_code == 201
    sent = {o["partner_id"]: o for o in delivered(server, receiver, partners)}
    ack(server, partners["icbc"], sent["icbc"]["order_id"], result="applied").raise_for_status()
    ack(server, partners["cmcc"], sent["cmcc"]["order_id"], result="refused", reason=BAIT)
    server.clock.advance(timedelta(minutes=5))
    suspend = {"measure": "protective_suspension", "reason_code": "R04"}
    assert qk.post("/v1/persons/P1/restrictions", json=suspend).status_code == 201
    assert [o["action"] for o in delivered(server, receiver, partners)] == ["apply"]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page.goto(f"{server.url}/ui/")
        page.fill("#user_id", "analyst")
        page.fill("#password", "correct-horse-battery")
        page.click("button[type=submit]")
        page.wait_for_url("**/dashboard.html")
        page.click("header nav a[href='measures.html']")
        page.wait_for_selector("tr[data-restriction]")
        rows = page.locator("tr[data-restriction]")
        assert rows.count() == 2
        first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
        assert "保护性停机" in first and "待回执" in first and "第三十五条" in first
        assert "已拒绝" in second and "icbc · 执行 · 1个账户 · 已执行" in second
        assert BAIT in second and "银行 ccb" in second  # shown as text; the unrouted bank named
        assert page.evaluate("() => window.__pwned") is None
        if AXE.exists():  # axe is served as one of the server's own files (the CSP)
            page.route(f"{server.url}/__axe.min.js", lambda r: r.fulfill(path=str(AXE)))
            page.add_script_tag(url=f"{server.url}/__axe.min.js")
            found = page.evaluate("async () => (await axe.run(document)).violations")
            serious = [v for v in found if v["impact"] in ("serious", "critical")]
            assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious] == []
        page.screenshot(path=str(SHOTS / "measures-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "measures-390.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})

        page.select_option("#f-state", "refused")
        page.click("#filters button")
        page.wait_for_function(
            "() => document.querySelectorAll('tr[data-restriction]').length === 1"
        )

        page.select_option("#f-state", "")
        page.click("#filters button")
        page.wait_for_function(
            "() => document.querySelectorAll('tr[data-restriction]').length === 2"
        )
        page.locator("tr[data-restriction]").nth(0).locator("[data-act=appeal]").click()
        page.fill("#act-text", "正在外地出差，未被骗")
        page.click("[data-act=send-appeal]")
        page.wait_for_selector("tr[data-restriction] [data-act=decide]")
        page.click("tr[data-restriction] [data-act=decide]")
        page.fill("#act-text", "经核实未受骗")
        page.click("[data-act=lift]")
        page.wait_for_function(
            "() => document.querySelector('tr[data-restriction]').innerText.includes('已解除')"
        )
        page.screenshot(path=str(SHOTS / "measures-after-appeal-1366.png"), full_page=True)
        (release,) = delivered(server, receiver, partners)
        assert (release["partner_id"], release["action"]) == ("cmcc", "release")

        station = browser.new_page()
        station.goto(f"{server.url}/ui/")
        station.fill("#user_id", "hzj")
        station.fill("#password", "correct-horse-battery")
        station.click("button[type=submit]")
        station.wait_for_url("**/dashboard.html")
        # A station officer reads the measures and may file an appeal, but imposes none.
        assert station.locator("header nav a[href='measures.html']").count() == 1
        station.goto(f"{server.url}/ui/measures.html")
        station.wait_for_selector("tr[data-restriction]")
        assert station.locator("#impose").is_hidden()
        browser.close()
