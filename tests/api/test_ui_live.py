"""Live pages in Debian's Chromium: the queue and the task page follow the stream; a new
red warning raises the badge and the title count; the officer's phone at 390×844."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from .test_ui import CHROMIUM, axe_serious, log_in, offline_page, shot

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def phone_page(browser: Browser, base: str, outside: list[str]) -> Any:
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()

    def guard(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return page


def test_a_new_task_appears_on_the_open_queue_with_the_red_badge(
    ui_server: Any, ui_task_for: Any, chromium: Browser
) -> None:
    outside: list[str] = []
    page = offline_page(chromium, ui_server.url, outside)
    log_in(page, ui_server.url, "qk")
    page.click("header nav a[href='tasks.html']")
    page.wait_for_selector("#message:not(:empty)")  # the queue is empty, and says so
    assert page.is_hidden("#red-alerts")
    page.wait_for_selector("body[data-live='connected']", state="attached")

    made = ui_task_for("P1", "c-live")  # a red warning in 硚口区, made by the API
    ui_task_for("P2", "c-elsewhere")  # and one in 江岸区: not this officer's

    page.wait_for_selector(f"tr[data-task='{made}'].fresh")
    assert page.url.endswith("tasks.html")  # no reload: the same page drew it
    page.wait_for_selector("#red-alerts:not([hidden])")
    assert "1" in page.text_content("#red-alerts")
    assert page.title().startswith("(1) ")
    assert page.locator("tr[data-task]").count() == 1  # the 江岸 task never shows
    assert axe_serious(page) == []
    assert outside == []


def test_a_stale_task_page_refreshes_before_the_officer_acts(
    ui_server: Any, ui_task_for: Any, chromium: Browser
) -> None:
    made = ui_task_for("P1", "c-stale")
    page = offline_page(chromium, ui_server.url, [])
    log_in(page, ui_server.url, "qk")
    page.goto(f"{ui_server.url}/ui/task.html?id={made}")
    page.wait_for_selector("button[data-action='sign']")
    page.wait_for_selector("body[data-live='connected']", state="attached")

    # A colleague signs it from another session while this page is open.
    colleague = ui_server.login("qk2")
    version = colleague.get(f"/v1/tasks/{made}").json()["version"]
    colleague.post(f"/v1/tasks/{made}/sign", json={"expected_version": version})

    page.wait_for_function("() => document.getElementById('facts').textContent.includes('已签收')")
    assert page.locator("button[data-action='sign']").count() == 0  # nothing stale to click
    page.wait_for_function(
        "() => document.getElementById('message').textContent.includes('已更新')"
    )

    # A conflict that still happens (the stream is slower than the click) reloads, in Chinese.
    ui_server.clock.advance(timedelta(minutes=11))

    # As if the page missed the last change: its next action carries the version before.
    def stale(route: Any) -> None:
        body = json.loads(route.request.post_data or "{}")
        body["expected_version"] -= 1
        route.continue_(post_data=json.dumps(body))

    page.route("**/v1/tasks/*/escalate", stale)
    page.click("button[data-action='escalate']")
    page.wait_for_function(
        "() => document.getElementById('message').textContent.includes('最新状态')"
    )


def test_queue_task_and_dashboard_on_a_phone(
    ui_server: Any, ui_task_for: Any, chromium: Browser
) -> None:
    made = ui_task_for("P1", "c-phone")
    outside: list[str] = []
    page = phone_page(chromium, ui_server.url, outside)
    log_in(page, ui_server.url, "qk")
    page.wait_for_selector("#chart-district canvas")
    fits(page)
    shot(page, "phone-dashboard")

    page.goto(f"{ui_server.url}/ui/tasks.html")
    page.wait_for_selector(f"tr[data-task='{made}']")
    fits(page)
    # One card per task: its cells stack, each named; none a column of single characters.
    card = page.locator(f"tr[data-task='{made}']").bounding_box()
    assert card is not None and card["width"] > 300
    shot(page, "phone-tasks")

    page.goto(f"{ui_server.url}/ui/task.html?id={made}")
    page.wait_for_selector("button[data-action='sign']")
    fits(page)
    sign = page.locator("button[data-action='sign']").bounding_box()
    assert sign is not None and sign["height"] >= 44  # a thumb, at the door
    shot(page, "phone-task")
    assert axe_serious(page) == []
    assert outside == []


def fits(page: Any) -> None:
    """Nothing wider than the phone, and no word broken into one character per line."""
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"page is {wide}px wide"
    narrow = page.evaluate(
        """() => [...document.querySelectorAll('nav a, th, td, button, .badge, label > span')]
            .filter((n) => n.offsetParent !== null && n.textContent.trim().length >= 2)
            .filter((n) => { const r = n.getBoundingClientRect();
                             const h = parseFloat(getComputedStyle(n).lineHeight) || 20;
                             return r.width < 30 && r.height > 2.5 * h; })
            .map((n) => n.textContent.trim())"""
    )
    assert narrow == [], f"one character per line: {narrow}"
    small = page.evaluate(
        """() => [...document.querySelectorAll('main button, header button, nav a')]
            .filter((n) => n.offsetParent !== null)
            .filter((n) => n.getBoundingClientRect().height < 32)
            .map((n) => n.textContent.trim())"""
    )
    assert small == [], f"too small to tap: {small}"


def test_demo_mode_shows_the_simulated_clock_and_real_minutes_left(
    ui_server: Any, ui_task_for: Any, chromium: Browser
) -> None:
    from fanzha.demo.run import scale_deadlines

    setattr(ui_server.clock, "speed", 60.0)  # noqa: B010 — as fanzha demo's ReplayClock at 60×
    scale_deadlines(ui_server.context, 60.0)
    made = ui_task_for("P1", "c-demo")
    page = phone_page(chromium, ui_server.url, [])
    log_in(page, ui_server.url, "qk")
    page.goto(f"{ui_server.url}/ui/task.html?id={made}")
    page.wait_for_selector("#sim-clock:not([hidden])")
    assert "模拟时间" in page.text_content("#sim-clock") and "60×" in page.text_content(
        "#sim-clock"
    )
    # A red task's five minutes to sign are five real minutes, and said so.
    page.wait_for_function("() => document.getElementById('deadline').textContent.includes('实际')")
    band = page.text_content("#deadline")
    assert "剩余 4分" in band or "剩余 5分" in band, band
    shot(page, "phone-task-demo")
