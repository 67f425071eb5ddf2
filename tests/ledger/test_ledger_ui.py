"""The ledger page in Debian's Chromium: a district officer records a takedown (closing a
case) and a risk notice with its signature, the takedown form mounts on its own for a
ring as the ring page will use it, and the year report shows what was recorded —
at 1366×768 and 390×844, with screenshots in artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._support import store_reports

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")


@pytest.fixture
def page(ui_server: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        outside: list[str] = []

        def guard(route: Any) -> None:  # the intranet has no internet: nothing may leave
            if route.request.url.startswith(ui_server.url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        tab = context.new_page()
        tab.route("**/*", guard)
        yield tab
        browser.close()
        assert outside == []


def log_in(page: Any, server: Any, user: str) -> None:
    page.goto(f"{server.url}/ui/")
    page.fill("#user_id", user)
    page.fill("#password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard.html")


def serious_violations(page: Any, server: Any) -> list[Any]:
    if not AXE.exists():
        return []
    page.route(f"{server.url}/__axe.min.js", lambda r: r.fulfill(path=str(AXE)))
    page.add_script_tag(url=f"{server.url}/__axe.min.js")
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in found
            if v["impact"] in ("serious", "critical")]  # fmt: skip


def both_sizes(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(100)  # let the charts resize to the narrow screen
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 390, f"{name} scrolls sideways at 390 px: {wide}"
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_an_officer_records_a_takedown_and_a_notice(ui_server: Any, page: Any) -> None:
    server = ui_server
    store_reports(server, {"rep-qk-1": "P1"}, server.clock.now())
    log_in(page, server, "qk")
    page.click("header nav a[href='ledger.html']")
    page.wait_for_selector("form.takedown-form")
    form = "form.takedown-form"
    page.fill(f"{form} [name=ring_id]", "R-UI-1")
    page.fill(f"{form} [name=taken_on]", "2025-03-02")
    page.fill(f"{form} [name=unit]", "硚口分局刑侦大队")
    page.fill(f"{form} [name=suspects_count]", "2")
    page.fill(f"{form} [name=suspects]", "赵建国 420104198001011234\n钱多多")
    page.fill(f"{form} [name=cash_seized_fen]", "1234.56")
    page.fill(f"{form} [name=gold_grams]", "12.5005")  # a tenth of a milligram: refused
    page.fill(f"{form} [name=accounts_frozen]", "6217000000000201, 6225880000000301")
    page.fill(f"{form} [name=case_ids]", "rep-qk-1")
    page.click(f"{form} button[type=submit]")
    status = "[data-role=takedown-status]"
    page.wait_for_function(
        f"() => document.querySelector('{status}').textContent.includes('追回黄金')"
    )
    assert "最多三位小数" in page.inner_text(status)
    assert page.get_attribute(f"{form} [name=gold_grams]", "aria-invalid") == "true"
    page.fill(f"{form} [name=gold_grams]", "12.5")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("tr[data-takedown]")
    row = page.inner_text("tr[data-takedown]")
    assert "R-UI-1" in row and "¥1,234.56" in row and "12.500 克" in row and "rep-qk-1" in row
    assert "已登记" in page.inner_text(status)
    analyst = server.login("analyst")
    (saved,) = analyst.get("/v1/takedowns").json()
    assert (saved["cash_seized_fen"], saved["gold_mg"], saved["suspects_count"]) == (
        123456,
        12500,
        2,
    )
    assert saved["suspects"][1] == {"name": "钱多多", "id_number": None}
    case = next(c for c in analyst.get("/v1/cases").json() if c["case_id"] == "rep-qk-1")
    assert case["closure"]["takedown_id"] == saved["takedown_id"]
    # The case now reads as solved, and links back to the takedown that solved it.
    page.goto(f"{server.url}/ui/cases.html")
    page.wait_for_selector(f"tr[data-case='rep-qk-1'] [data-closed='{saved['takedown_id']}']")
    page.goto(f"{server.url}/ui/case.html?id=rep-qk-1")
    page.wait_for_selector("#closure a")
    assert page.inner_text("#closure") == "已破案：打掉团伙 R-UI-1（2025-03-02）"
    page.click("#closure a")
    page.wait_for_selector(f"tr.selected[data-takedown='{saved['takedown_id']}']")
    # A correction: a new version with a reason; the suspects' ID numbers stay as recorded.
    page.click("tr[data-takedown] button[data-act=correct]")
    page.wait_for_selector("form[data-correcting]")
    assert page.input_value("form[data-correcting] [name=cash_seized_fen]") == "1234.56"
    page.fill("form[data-correcting] [name=cash_seized_fen]", "1200")
    page.fill("form[data-correcting] [name=reason]", "现金复核为1200元")
    page.click("form[data-correcting] button[type=submit]")
    page.wait_for_selector("#td-versions li[data-version='2']")
    assert "更正理由：现金复核为1200元" in page.inner_text("#td-versions")
    assert "¥1,200.00" in page.inner_text("tr[data-takedown]")
    assert "第 2 版" in page.inner_text("#td-message")
    assert page.locator("form[data-correcting]").count() == 0
    stored = server.context.ledger.store.takedown(saved["takedown_id"])
    assert (stored.version, stored.cash_seized_fen) == (2, 120000)
    assert stored.suspects[0].id_number == "420104198001011234"

    page.fill("#n-merchant", "汉正街周记金店")
    page.fill("#n-shop", "QK-GOLD-017")
    page.fill("#n-issued", "2025-03-01")
    page.fill("#n-ring", "R-UI-1")
    page.click("#notice-form button[type=submit]")
    page.wait_for_selector("tr[data-notice][data-acknowledged=false]")
    page.click("tr[data-notice] button[data-act=ack]")
    page.fill("#ack-on", "2025-03-02")
    page.fill("#ack-by", "周大福")
    page.click("#ack-save")
    page.wait_for_selector("tr[data-notice][data-acknowledged=true]")
    assert page.is_hidden("#ack-box")
    assert "2025-03-02 周大福" in page.inner_text("tr[data-notice]")
    (notice,) = analyst.get("/v1/gold-notices?merchant=周记").json()
    assert (notice["delivered_by"], notice["signed_by"]) == ("qk", "周大福")
    assert serious_violations(page, server) == []
    both_sizes(page, "ledger")

    # The form as the ring page mounts it: for one ring, no ring id to type.
    page.evaluate(
        """async () => {
            const { mountTakedownForm } = await import('/ui/js/takedown_form.js');
            const box = document.createElement('section');
            box.id = 'ring-takedown';
            document.querySelector('main').prepend(box);
            const onSaved = (t) => { window.__saved = t.takedown_id; };
            mountTakedownForm(box, { ringId: 'R-UI-2', onSaved });
        }"""
    )
    ring_form = "#ring-takedown form"
    assert page.locator(f"{ring_form} [name=ring_id]").count() == 0
    page.fill(f"{ring_form} [name=taken_on]", "2025-03-03")
    page.fill(f"{ring_form} [name=unit]", "汉正街派出所")
    page.fill(f"{ring_form} [name=suspects_count]", "1")
    page.click(f"{ring_form} button[type=submit]")
    page.wait_for_function("() => window.__saved")
    ring = analyst.get("/v1/takedowns?ring_id=R-UI-2").json()
    assert [t["takedown_id"] for t in ring] == [page.evaluate("() => window.__saved")]

    page.goto(f"{server.url}/ui/reports.html?year=2025")
    page.wait_for_function(
        "() => document.querySelector(\"[data-kpi='gangs'] .kpi\")?.textContent === '2'"
    )
    assert page.inner_text("[data-kpi='gold'] .kpi") == "12.5 克"
    assert "已签收 1" in page.inner_text("[data-kpi='notices']")
    assert page.inner_text("[data-kpi='cash'] .kpi") == "¥1,200.00"
    page.wait_for_selector("#chart-struck canvas")
    both_sizes(page, "reports-ledger")


def test_a_station_officer_serves_notices_but_records_no_takedown(
    ui_server: Any, page: Any
) -> None:
    log_in(page, ui_server, "hzj")
    page.click("header nav a[href='ledger.html']")
    page.wait_for_selector("#notice-form")
    assert page.is_hidden("#takedown")
    assert page.is_hidden("#n-district")  # the notice is for the officer's own district
    page.fill("#n-merchant", "汉正街周记金店")
    page.fill("#n-shop", "QK GOLD")  # a space: refused, the box named
    page.fill("#n-issued", "2025-03-01")
    page.click("#notice-form button[type=submit]")
    page.wait_for_function("() => document.getElementById('notice-status').textContent")
    assert page.inner_text("#notice-status") == "「商户编号」：格式不正确"
    assert page.get_attribute("#n-shop", "aria-invalid") == "true"
