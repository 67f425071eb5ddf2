"""The ring list and ring page in Debian's Chromium: graph, members, takedown, split, two sizes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.rings._city import City, ring_with_victims

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "artifacts" / "screenshots"

if not Path(CHROMIUM).exists() or not AXE.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs /usr/bin/chromium and web/node_modules (run ./run.sh test)")
    pytest.skip("Debian chromium or axe-core missing: run ./run.sh test", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402


def axe_serious(page: Page) -> list[str]:
    origin = "/".join(page.url.split("/")[:3])
    page.route(f"{origin}/__axe.min.js", lambda route: route.fulfill(path=str(AXE)))
    page.add_script_tag(url=f"{origin}/__axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_ring_page_shows_members_money_graph_and_splits(ui_server: Any) -> None:
    city = City()
    a, b, c = ring_with_victims(city, 1, [41, 42, 43], -200, spacing=20)
    for phone in ("+8613900000041", "+8613900000042", "+8613900000043"):
        city.call("+852305019936", phone, -210 + 20 * (int(phone[-2:]) - 41), 1500)
    analyst = ui_server.login("analyst")
    analyst.post("/v1/events", json=city.rows).raise_for_status()
    analyst.post("/v1/rings/rebuild").raise_for_status()
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height, name in ((390, 844, "phone"), (1366, 768, "desktop")):  # split last
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="zh-CN"
            )
            page = context.new_page()

            def guard(route: Any) -> None:
                if route.request.url.startswith(ui_server.url):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(f"{ui_server.url}/ui/")
            page.fill("#user_id", "analyst")
            page.fill("#password", "correct-horse-battery")
            page.click("button[type=submit]")
            page.wait_for_url("**/dashboard.html")
            page.click("header nav a[href='rings.html']")
            row = page.locator("tbody#rows tr").first
            row.wait_for()
            assert "3" in row.text_content()  # three cases
            row.locator("a").click()
            page.wait_for_url("**/ring.html?id=*")
            page.wait_for_selector("#graph canvas")
            money = "document.querySelector('[data-fact=money_in]')?.textContent"
            page.wait_for_function(f"() => {money}.includes('¥60,000.00')")
            assert page.locator("#takedown").count() == 1
            assert page.locator("tr[data-member='case']").count() == 3
            labels = page.evaluate(
                """() => echarts.getInstanceByDom(document.getElementById('graph'))
                .getOption().series[0].data.map((d) => d.name)"""
            )
            assert all(
                not (lab.isdigit() and len(lab) > 8) for lab in labels
            )  # short account labels
            assert "串并证据" in page.text_content("#h-links")
            assert "诈骗来电" in page.text_content("#link-rows")
            width_used = page.evaluate("() => document.documentElement.scrollWidth")
            assert width_used <= width + 1, f"page scrolls sideways at {width}px"
            assert axe_serious(page) == []
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"ring-{name}.png"), full_page=True)
            if name == "desktop":
                page.goto(f"{ui_server.url}/ui/rings.html")
                page.wait_for_selector("tbody#rows tr")
                page.screenshot(path=str(SHOTS / "rings-desktop.png"), full_page=True)
                page.go_back()
                page.wait_for_selector("#graph canvas")
                # Record the ring's takedown from its page (the ledger's form, mounted here).
                form = "#takedown-form form"
                page.wait_for_selector(form)
                assert page.locator(f"{form} [name=ring_id]").count() == 0
                page.fill(f"{form} [name=taken_on]", "2025-03-03")
                page.fill(f"{form} [name=district]", "硚口区")
                page.fill(f"{form} [name=unit]", "硚口分局刑侦大队")
                page.fill(f"{form} [name=suspects_count]", "2")
                page.fill(f"{form} [name=gold_grams]", "30")
                page.fill(f"{form} [name=case_ids]", a)
                page.click(f"{form} button[type=submit]")
                page.wait_for_selector("#takedowns li[data-takedown]")
                assert "抓获 2 人" in page.text_content("#takedowns")
                page.screenshot(path=str(SHOTS / "ring-takedown-desktop.png"), full_page=True)
                page.locator(f"tr[data-member='case'] input[value='{c}']").check()
                page.fill("#split-reason", "来电号码系借用，另案处理")
                page.click("#split")
                one_case = "() => document.querySelectorAll('tr[data-member=case]').length === 1"
                page.wait_for_function(one_case)
                assert c in page.text_content("#member-rows")
            context.close()
        browser.close()
    assert outside == []
    kept = {k.ring.ring_id: k for k in ui_server.context.rings.rings.all().values()}
    assert sorted(len(k.ring.cases) for k in kept.values()) == [1, 2]
    assert any(e.action == "ring.split" for e in ui_server.context.audit.entries())
    assert {a, b} in [set(k.ring.cases) for k in kept.values()]
    takedowns = analyst.get("/v1/takedowns").json()
    assert [t["suspects_count"] for t in takedowns] == [2]
    assert [c["case_id"] for c in takedowns[0]["cases"]] == [a]
