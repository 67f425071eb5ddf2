"""/docs works on the intranet: the vendored Swagger UI, nothing from outside, strict CSP."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs /usr/bin/chromium (run ./run.sh test)")
    pytest.skip("Debian chromium missing: run ./run.sh test", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


def test_api_docs_render_offline_under_the_policy(ui_server: Any) -> None:
    answer = httpx.get(f"{ui_server.url}/docs", trust_env=False)
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "http" not in policy
    assert httpx.get(f"{ui_server.url}/redoc", trust_env=False).status_code == 404

    outside: list[str] = []
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})

        def guard(route: Any) -> None:
            if route.request.url.startswith(ui_server.url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{ui_server.url}/docs")
        page.wait_for_selector(".opblock-tag", timeout=30_000)
        tags = page.locator(".opblock-tag").count()
        browser.close()
    assert tags > 3, "Swagger UI listed the API's route groups"
    assert outside == []
    assert not [m for m in problems if "Content Security Policy" in m], problems
