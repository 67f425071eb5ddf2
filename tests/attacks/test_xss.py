"""Finding 4: stored XSS. An account id ``<img src=x onerror=…>`` ran script in the
analyst's browser through the money-flow tooltip.

Replayed in Debian's Chromium against a real server on SQLite: bait goes into
every text field of every event kind and every text typed through the API
(task notes and escalation reasons, campaign titles and places, community
names and incident notes, partner names and webhooks, clues, bank answers,
blocklist reasons, a user's display name). Then the analyst opens every page,
hovers every node of the money-flow graph and types bait into the patrol
forms. Nothing may run: no ``__pwn`` call, no request for ``pwned-…``, no
dialog; and the text is shown literally where the page shows it. The tour runs
twice — with the Content-Security-Policy enforced (any violation fails: the UI
must work under it) and with the CSP bypassed, so the escaping alone holds too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from fanzha.api.headers import CONTENT_SECURITY_POLICY, DOCUMENT_POLICY

from ._web_escape_support import BAITS, CASE_ID, MULE, P1_ADDRESS, SECOND, plant

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "fanzha" / "api" / "web" / "static"
SHOTS = ROOT / "artifacts" / "xss"
PASSWORD = "correct-horse-battery"
BAIT_URL = re.compile(r"/pwned-[^/?#]*$")
"""What an ``<img src=pwned-…>`` that became markup fetches (ids holding bait are encoded)."""

WATCH = """
window.__pwned = [];
window.__pwn = (tag) => { window.__pwned.push(String(tag)); window.__report("pwn " + tag); };
document.addEventListener("securitypolicyviolation", (e) =>
  window.__report(`csp ${e.violatedDirective} ${e.blockedURI} ${e.sample || ""} ` +
    `@${e.sourceFile}:${e.lineNumber}`), true);
"""


@dataclass
class Watch:
    """Everything the pages did that they must not do."""

    ran: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def clean(self, enforced: bool) -> dict[str, list[str]]:
        found = {"ran": self.ran, "fetched": self.fetched, "dialogs": self.dialogs}
        found["page errors"] = self.errors
        if enforced:
            found["csp violations"] = self.csp
        return {k: v for k, v in found.items() if v}


def _browser_or_skip() -> Any:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium missing: run ./run.sh test")
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright = _browser_or_skip()
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def watched_page(browser: Any, enforced: bool) -> tuple[Any, Watch]:
    watch = Watch()
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", bypass_csp=not enforced
    )

    def report(_: Any, line: str) -> None:
        (watch.ran if line.startswith("pwn") else watch.csp).append(line)

    context.expose_binding("__report", report)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.on("request", lambda r: BAIT_URL.search(r.url) and watch.fetched.append(r.url))
    page.on("console", lambda m: "Content Security Policy" in m.text and watch.csp.append(m.text))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return page, watch


def shown(page: Any, selector: str) -> str:
    return str(page.text_content(selector) or "")


def hover_every_node(page: Any) -> dict[str, str]:
    """Each graph node's tooltip text, by node name, read from the tooltip's DOM."""
    tips = {}
    for name, x, y in _node_points(page):
        page.mouse.move(x, y - 30)
        page.mouse.move(x, y, steps=8)  # ECharts throttles mousemove: several events
        tip = page.locator(".chart-tooltip").filter(has_text=name[:12])
        tip.wait_for(state="visible")
        tips[name] = str(tip.text_content())
        assert tip.locator("img, svg, script, iframe").count() == 0
    return tips


def tour(page: Any, base: str, tasks: list[str], label: str) -> None:
    """Every page the analyst has, with the bait in it."""
    page.goto(f"{base}/ui/")
    page.fill("#user_id", "analyst")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard.html")
    page.wait_for_function("() => document.getElementById('kpi-open').textContent === '2'")
    page.wait_for_selector("#chart-district canvas")

    page.click("header nav a[href='tasks.html']")
    page.wait_for_selector("tr[data-task]")
    rows = shown(page, "#rows")
    assert BAITS["p2dist"] in rows and BAITS["call"] in rows

    for task_id in tasks:
        page.goto(f"{base}/ui/task.html?id={quote(task_id, safe='')}")
        page.wait_for_selector("#history li")
        assert task_id in shown(page, "#task-title")
        assert BAITS["why"] in shown(page, "#history") or BAITS["note"] in shown(page, "#history")
    assert P1_ADDRESS in shown(page, "#person") or BAITS["p2addr"] in shown(page, "#person")

    page.click("header nav a[href='cases.html']")
    page.wait_for_selector("tr[data-case]")
    assert CASE_ID in shown(page, "#rows")
    page.locator("tr[data-case] a").first.click()
    page.wait_for_url("**/case.html?id=*")
    page.wait_for_selector("#flow svg text")
    page.wait_for_selector("tr[data-hold]")
    assert CASE_ID in shown(page, "#case-title")
    assert MULE in shown(page, "#freeze-rows") and SECOND in shown(page, "#hold-rows")
    # The account's bait bank name comes from bank:icbc about a card it does not own the
    # bank of, so it is kept as an observation and never shown (finding 2's ownership).
    assert BAITS["bank"] not in shown(page, "#freeze-rows")
    assert BAITS["bank_r"] in shown(page, "#hold-rows")
    tips = hover_every_node(page)
    assert MULE in tips[MULE] and "¥" in tips[MULE] and SECOND in tips[SECOND]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(10, 10)
    page.screenshot(path=str(SHOTS / f"case-{label}.png"))
    page.screenshot(path=str(SHOTS / f"case-{label}-full.png"), full_page=True)
    _, x, y = next(n for n in _node_points(page) if n[0] == MULE)
    page.mouse.move(x, y - 30)
    page.mouse.move(x, y, steps=8)
    page.locator(".chart-tooltip").filter(has_text=MULE[:12]).wait_for(state="visible")
    page.screenshot(path=str(SHOTS / f"case-{label}-tooltip.png"))
    page.mouse.click(x, y)
    page.wait_for_selector("tr[data-transfer='tx-b']")
    assert MULE in shown(page, "#transfer-rows") and SECOND in shown(page, "#transfer-rows")
    assert MULE in shown(page, "#transfers-hint")

    page.goto(f"{base}/ui/reports.html?year=2025")
    page.wait_for_selector("tr[data-campaign]")
    page.wait_for_selector("tr[data-community]")
    assert BAITS["ctitle"] in shown(page, "#campaign-rows")
    assert BAITS["comm"] in shown(page, "#community-rows")
    page.screenshot(path=str(SHOTS / f"reports-{label}.png"), full_page=True)

    page.click("header nav a[href='partners.html']")
    page.wait_for_selector("tr[data-partner='evil']")
    page.wait_for_selector("tr[data-delivery]")
    assert BAITS["pname"] in shown(page, "#partner-rows")
    assert BAITS["cnote"] in shown(page, "#recent-rows")
    # The partner's own error text is not shown (it is theirs, and English): the row says
    # in Chinese that the push failed; the bait in it stays unshown and never runs.
    dead = shown(page, "#dead-rows")
    assert "对方地址无响应或拒收" in dead and "__pwn('err')" not in dead

    page.click("header nav a[href='patrol.html']")
    page.wait_for_function("() => document.getElementById('kpi-entries').textContent === '1'")
    page.fill("#l-value", "www.icbc-kefu.top")
    page.click("#lookup-form button")
    page.wait_for_selector("#lookup-result .error")
    assert BAITS["preason"] in shown(page, "#lookup-result")
    feed = "icbc-kefu.top\n<img src=pwned-feed onerror=__pwn('feed')>.icbc.top"
    page.fill("#d-list", feed)
    page.click("#domains-form button")
    page.wait_for_selector("tr[data-domain]")
    page.fill("#p-html", "<title>公安局</title><img src=pwned-page onerror=__pwn('page')>")
    page.click("#page-form button")
    page.wait_for_selector("#page-result [data-verdict]")
    page.screenshot(path=str(SHOTS / f"patrol-{label}.png"), full_page=True)


def _node_points(page: Any) -> list[tuple[str, float, float]]:
    points = page.evaluate(
        """() => { const c = echarts.getInstanceByDom(document.getElementById('flow'));
        const box = document.getElementById('flow').getBoundingClientRect();
        const nodes = c.getOption().series.findIndex((s) => s.name === 'nodes');
        return c.getOption().series[nodes].data.map((d) => {
          const [x, y] = c.convertToPixel({seriesIndex: nodes}, d.value);
          return [d.name, box.left + x, box.top + y]; }); }"""
    )
    return [(str(n), float(x), float(y)) for n, x, y in points]


@pytest.mark.parametrize("enforced", [True, False], ids=["csp", "escaping-alone"])
def test_no_bait_runs_on_any_page(ui_server: Any, browser: Any, enforced: bool) -> None:
    planted = plant(ui_server, "+8613812345678")
    page, watch = watched_page(browser, enforced)
    tour(page, ui_server.url, planted["tasks"], "csp" if enforced else "bypass")
    assert watch.clean(enforced) == {}


def test_every_answer_carries_the_policy(ui_server: Any) -> None:
    analyst = ui_server.login("analyst")
    year = ui_server.clock.now().year
    anonymous = httpx.Client(base_url=ui_server.url, trust_env=False)
    answers = [anonymous.get(f"/ui/{p.name}") for p in sorted(STATIC.glob("*.*"))]
    answers += [
        anonymous.get("/ui/"),
        anonymous.get("/ui/vendor/echarts.min.js"),
        anonymous.get("/ui/no-such-page.html"),
        anonymous.get("/", follow_redirects=False),
        anonymous.get("/healthz"),
        anonymous.get("/v1/tasks"),  # 401
        anonymous.post("/v1/auth/login", json={"user_id": "x"}),  # 422
        analyst.get("/v1/tasks"),
        analyst.get("/v1/summary"),
        analyst.get("/openapi.json"),
    ]
    for answer in answers:
        where = f"{answer.request.method} {answer.request.url.path} → {answer.status_code}"
        assert answer.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, where
        assert answer.headers.get("x-content-type-options") == "nosniff", where
        assert answer.headers.get("referrer-policy") == "no-referrer", where
    policy = CONTENT_SECURITY_POLICY
    for directive in ("default-src 'self'", "script-src 'self';", "object-src 'none'",
                      "frame-ancestors 'none'", "base-uri 'self'"):  # fmt: skip
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    report = analyst.get("/v1/stats/report", params={"year": year, "format": "html"}, timeout=180)
    assert report.headers["content-security-policy"] == DOCUMENT_POLICY  # styles, no script
    assert "script-src" not in DOCUMENT_POLICY and "default-src 'none'" in DOCUMENT_POLICY


def test_pages_hold_no_inline_script_and_scripts_write_no_markup() -> None:
    """The source keeps the shape the policy needs: no inline script, handler or style in the
    pages; no script writes HTML (innerHTML and kin); ECharts formatters go through escape.js
    (imported as ``safe``)."""
    for page in STATIC.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page.name
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), page.name
        assert not re.search(r"\sstyle\s*=", html, re.I), page.name
        assert "javascript:" not in html, page.name
    markup = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
        r"setAttribute\(\s*['\"]on|\.html\("
    )
    for script in [*STATIC.glob("*.js"), *STATIC.glob("js/*.js")]:  # js/: ES modules
        lines = script.read_text(encoding="utf-8").splitlines()
        source = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
        assert not markup.search(source), (script.name, markup.search(source))
        for line in source.splitlines():
            if "formatter:" in line:  # ECharts reads a string formatter as a template
                formatters = re.findall(r"formatter:\s*([^,}]+)", line)
                assert all(f.strip().startswith(("safe.", "(p) => safe.")) for f in formatters), (
                    script.name,
                    line,
                )
