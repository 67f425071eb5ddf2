"""Pages of the web UI opened as the officer's browser would, with the network cut.

Shared by the workbench and warning-order journeys: a page at desk or phone size in
Chinese, every request outside the server recorded and refused (no CDN at run time).
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

SIZES = {"desk": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def page_at(
    browser: Browser, base_url: str, size: str, outside: list[str], **context_options: Any
) -> Page:
    """A fresh page at ``SIZES[size]``; requests leaving ``base_url`` go into ``outside``."""
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN", **context_options)
    page = context.new_page()

    def guard(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return page


def fits(page: Page) -> bool:
    """The page needs no sideways scrolling."""
    return bool(
        page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    )
