"""The queue page in Chromium: a page of 100, then 加载更多 appends the rest, once each."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from .test_task_paging import put_tasks
from .test_ui import axe_serious, browser, log_in, offline_page, shot

__all__ = ["browser"]  # the module's Chromium, shared with test_ui


def test_the_queue_loads_more_a_page_at_a_time(ui_server: Any, browser: Browser) -> None:
    put_tasks(ui_server, 130)
    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    log_in(page, ui_server.url, "analyst")
    page.goto(f"{ui_server.url}/ui/tasks.html")
    page.wait_for_function("() => document.querySelectorAll('#rows tr').length === 100")
    more = page.locator("#more")
    assert more.is_visible() and more.inner_text() == "加载更多"
    more.click()
    page.wait_for_function("() => document.querySelectorAll('#rows tr').length === 130")
    assert more.is_hidden()
    ids = page.eval_on_selector_all("#rows tr", "rows => rows.map(r => r.dataset.task)")
    assert len(set(ids)) == 130
    assert axe_serious(page) == []
    shot(page, "tasks-load-more")
    assert outside == []
