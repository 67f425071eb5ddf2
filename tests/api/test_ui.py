"""The browser UI in Debian's Chromium (Playwright): journeys, offline, accessibility."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fanzha.partners.webhooks import DeliveryState

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "artifacts" / "screenshots"

if not Path(CHROMIUM).exists() or not AXE.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs /usr/bin/chromium and web/node_modules (run ./run.sh test)")
    pytest.skip("Debian chromium or axe-core missing: run ./run.sh test", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def offline_page(browser: Browser, base: str, outside: list[str]) -> Page:
    """A 1366×768 page whose every request off this server is cut and recorded."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()

    def guard(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return page


def log_in(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/ui/")
    page.fill("#user_id", user)
    page.fill("#password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard.html")


def axe_serious(page: Page) -> list[str]:
    # The CSP allows scripts from the server only: axe is served as if it were one of its files.
    origin = "/".join(page.url.split("/")[:3])
    page.route(f"{origin}/__axe.min.js", lambda route: route.fulfill(path=str(AXE)))
    page.add_script_tag(url=f"{origin}/__axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_district_officer_journey(ui_server: Any, ui_task_for: Any, browser: Browser) -> None:
    own, other = ui_task_for("P1", "c1"), ui_task_for("P2", "c2")
    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "qk")
    page.wait_for_function("() => document.getElementById('kpi-open').textContent === '1'")
    page.wait_for_selector("#chart-district canvas")
    assert axe_serious(page) == []
    shot(page, "dashboard")

    page.click("header nav a[href='tasks.html']")
    page.wait_for_selector(f"tr[data-task='{own}']")
    assert page.locator(f"tr[data-task='{other}']").count() == 0
    assert axe_serious(page) == []
    shot(page, "tasks")

    page.keyboard.press("s")  # sign the selected task from the queue
    page.wait_for_function(
        f"() => document.querySelector(\"tr[data-task='{own}']\").textContent.includes('已签收')"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/task.html?id=*")
    page.wait_for_selector("#facts dd")
    page.select_option("#a-channel", "door_visit")
    page.select_option("#a-result", "reached")
    page.fill("#a-note", "上门劝阻，已停止转账")
    page.click("#attempt-form button")
    page.wait_for_function("() => document.getElementById('facts').textContent.includes('已上门')")
    page.select_option("#r-outcome", "dissuaded")
    page.click("#resolve-form button")
    page.wait_for_function(
        "() => document.getElementById('facts').textContent.includes('劝阻成功')"
    )
    assert axe_serious(page) == []
    shot(page, "task")

    page.goto(f"{ui_server.url}/ui/task.html?id={other}")
    page.wait_for_selector("#message:not(:empty)")
    # Another district's task reads as missing (no existence oracle), said in Chinese.
    assert "未找到该任务" in page.text_content("#message")
    assert outside == []
    task = ui_server.context.tasks.tasks.get(own)
    assert task.outcome == "dissuaded" and task.attempts[0].note == "上门劝阻，已停止转账"


def test_dashboard_updates_live(ui_server: Any, ui_task_for: Any, browser: Browser) -> None:
    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "analyst")
    page.wait_for_selector("#live:not(:empty)")
    page.wait_for_function("() => document.getElementById('kpi-open').textContent === '0'")
    ui_task_for("P2", "c9")  # a new warning arrives while the page is open
    page.wait_for_function(
        "() => document.getElementById('kpi-open').textContent === '1'", timeout=10000
    )
    assert page.url.endswith("dashboard.html")
    assert outside == []


def test_english_switch(ui_server: Any, browser: Browser) -> None:
    page = offline_page(browser, ui_server.url, [])
    page.goto(f"{ui_server.url}/ui/")
    page.click("#lang")
    page.wait_for_function(
        "() => document.querySelector('button[type=submit]').textContent === 'Log in'"
    )
    assert json.loads(page.evaluate("JSON.stringify(document.documentElement.lang)")) == "en"
    assert axe_serious(page) == []


def test_patrol_page_scores_blocks_and_classifies(ui_server: Any, browser: Browser) -> None:
    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "analyst")
    page.click("header nav a[href='patrol.html']")
    page.wait_for_function("() => document.getElementById('kpi-entries').textContent === '0'")
    page.fill("#d-list", "weather.example.org\nicbc-kefu.top")
    page.click("#domains-form button")
    row = page.locator("tr[data-domain='icbc-kefu.top']")
    row.locator("button").click()  # block the look-alike straight from the feed
    page.wait_for_function("() => document.getElementById('kpi-entries').textContent === '1'")
    page.fill("#l-value", "www.icbc-kefu.top")
    page.click("#lookup-form button")
    page.wait_for_selector("#lookup-result .error")
    assert "icbc-kefu.top" in page.text_content("#lookup-result")
    fake_police = "<title>公安局通缉令查询</title><p>您涉嫌洗钱，请将资金转入安全账户配合调查</p>"
    page.fill("#p-html", fake_police)
    page.click("#page-form button")
    page.wait_for_selector("#page-result [data-verdict]")
    assert page.get_attribute("#page-result [data-verdict]", "data-verdict") == "fraud"
    assert axe_serious(page) == []
    shot(page, "patrol")
    assert outside == []


def test_case_page_graph_transfers_and_stop_payment(ui_server: Any, browser: Browser) -> None:
    at = ui_server.clock.now()

    def event(kind: str, event_id: str, minutes: int, **fields: Any) -> dict[str, Any]:
        when = (at + timedelta(minutes=minutes)).isoformat()
        return {"kind": kind, "id": event_id, "ts": when, "source": "bank:icbc", **fields}

    def tx(event_id: str, src: str, dst: str, fen: int, minutes: int) -> dict[str, Any]:
        move = {"from_account": src, "to_account": dst, "amount_fen": fen, "channel": "mobile"}
        return event("transfer", event_id, minutes, **move)

    victim, mule, second = "6222020000000101", "6217000000000201", "6225880000000301"
    events = [
        tx("tx-a", victim, mule, 5_000_000, 0),
        tx("tx-b", mule, second, 4_000_000, 10),
        event("report", "rep-9", 120, person_id="P1", loss_fen=5_000_000, transfers=["tx-a"]),
    ]
    ui_server.login("analyst").post("/v1/events", json=events).raise_for_status()

    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "analyst")
    page.click("header nav a[href='cases.html']")
    page.click("tr[data-case='rep-9'] a")
    page.wait_for_url("**/case.html?id=rep-9")
    page.wait_for_selector("#flow svg text")
    page.wait_for_function(
        "() => document.querySelector('[data-fact=stolen]')?.textContent.includes('50,000')"
    )
    # Click the second mule where its label is drawn: its transfers are listed.
    page.click("#flow svg text >> text='招商银行 ****0301'")
    page.wait_for_selector("tr[data-transfer='tx-b']")
    page.click("#request-stops")
    page.click("#stop-confirm")  # 申请止付 is confirmed in a dialog first
    page.wait_for_selector("tr[data-state='requested']")
    row = page.locator("tr[data-state='requested']").first
    row.locator("details.record-reply summary").click()
    row.locator("button[data-act='answer']").first.click()
    page.wait_for_selector("tr[data-state='stopped']")
    page.locator("tr[data-state='stopped'] button[data-act='freeze']").first.click()
    page.wait_for_selector("tr[data-state='frozen']")
    assert axe_serious(page) == []
    shot(page, "case")
    assert outside == []


def test_partners_page_shows_checks_and_resends_a_dead_letter(
    ui_server: Any, browser: Browser
) -> None:
    partners = ui_server.context.partners
    platform, _ = partners.add_partner("didi", "滴滴", "ride_hailing", "platform:didi")
    delivery = partners.push(platform, "warning", {"warning_id": "W1"})
    delivery.state, delivery.attempts, delivery.last_error = DeliveryState.DEAD, 6, "HTTP 503"
    partners.outbox._store(delivery)
    clue = {"kind": "phone", "value": "+8617100000009", "note": "可疑取件人", "ring": True}
    partners.clue(platform, clue, None)

    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "analyst")
    page.click("header nav a[href='partners.html']")
    page.wait_for_selector("tr[data-partner='didi']")
    page.wait_for_selector("#chart-week canvas")
    assert "可疑取件人" in page.text_content("#recent-rows")
    page.click(f"tr[data-delivery='{delivery.delivery_id}'] button")
    page.wait_for_function("() => document.getElementById('dead-rows').children.length === 0")
    assert axe_serious(page) == []
    shot(page, "partners")
    assert outside == []


def test_reports_page_shows_the_year_and_exports_the_report(
    ui_server: Any, ui_task_for: Any, browser: Browser, tmp_path: Path
) -> None:
    ui_task_for("P1", "c1")  # a warning this year
    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "analyst")
    page.goto(f"{ui_server.url}/ui/reports.html?year={ui_server.clock.now().year}")
    page.wait_for_selector("[data-kpi='warnings'] .kpi")
    page.wait_for_function(
        "() => document.querySelector(\"[data-kpi='warnings'] .kpi\").textContent === '1'"
    )
    page.wait_for_selector("#chart-trend canvas")
    with page.expect_download() as download:
        page.click("#dl-pdf")
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert axe_serious(page) == []
    shot(page, "reports")
    assert outside == []
