"""Every page, as every role, in Chinese: no English word or raw code reaches the page,
a page the role may not open says so in Chinese and shows none of its forms, every
error a page can show is Chinese, and English mode shows English words, not codes.

Real server, Debian Chromium; screenshots at 1366×768 and 390×844 of every page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fanzha.community.sql import CommunityStore
from fanzha.community.status import Community
from fanzha.partners.webhooks import DeliveryState

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs /usr/bin/chromium")
    pytest.skip("Debian chromium missing", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

VIEWPORTS = {"wide": (1366, 768), "phone": (390, 844)}
ROLES = ["analyst", "qk", "hzj", "auditor", "admin"]
PAGES = {
    "dashboard": "dashboard.html",
    "tasks": "tasks.html",
    "cases": "cases.html",
    "orders": "orders.html",
    "rings": "rings.html",
    "measures": "measures.html",
    "partners": "partners.html",
    "patrol": "patrol.html",
    "enforcement": "ledger.html",
    "communities": "communities.html",
    "reports": "reports.html",
    "audit": "audit.html",
    "search": "search.html?q=5678",
}
DETAIL = {  # pages reached from a list, under the ability of that list
    "task": ("tasks", "task.html?id={task}"),
    "case": ("cases", "case.html?id=rep-9"),
    "person": ("search", "person.html?id=P1"),
}
# Proper nouns, product names and the logged-in users' ids may stay in Latin letters.
ALLOWED = {"fanzha", "English", "App", "API", "ATM", "PDF", "Excel", "XLSX", "CSV", "ID", "QQ"}
ALLOWED |= {"HOSTS", "HTML", "RPZ", "STIX", "JSON"}  # file formats, by their names
ALLOWED |= {"Enter", "j/k", "s"}  # keyboard keys in the shortcut help
ALLOWED |= set(ROLES) | {"qk2", "ja"}
WORD = re.compile(r"[A-Za-z0-9_:@.+\-/]*[A-Za-z][A-Za-z0-9_:@.+\-/]*")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
"""snake_case: how an internal code looks (impersonate_police, first_contact)."""

HREFS = "(a) => a.map((n) => n.getAttribute('href'))"
PENDING = """
window.__pending = 0;
const plain = window.fetch.bind(window);
window.fetch = (...args) => {
  if (String(args[0]).includes('/v1/stream')) return plain(...args);
  window.__pending += 1;
  return plain(...args).finally(() => { window.__pending -= 1; });
};
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def seed(server: Any, make_task: Any) -> dict[str, str]:
    """One city's worth of every kind of record a page lists."""
    own, other = make_task("P1", "c1"), make_task("P2", "c2")
    at = server.clock.now()
    analyst = server.login("analyst")

    def event(kind: str, event_id: str, minutes: int, **fields: Any) -> dict[str, Any]:
        when = (at + timedelta(minutes=minutes)).isoformat()
        return {"kind": kind, "id": event_id, "ts": when, "source": "bank:cib", **fields}

    def tx(event_id: str, src: str, dst: str, fen: int, minutes: int) -> dict[str, Any]:
        move = {"from_account": src, "to_account": dst, "amount_fen": fen, "channel": "mobile"}
        return event("transfer", event_id, minutes, **move)

    victim, mule, second = "6222020000000101", "6229090000000201", "6217710000000301"
    events = [
        tx("tx-a", victim, mule, 5_000_000, 0),
        tx("tx-b", mule, second, 4_000_000, 10),
        event("report", "rep-9", 120, person_id="P1", loss_fen=5_000_000, transfers=["tx-a"]),
    ]
    analyst.post("/v1/events", json=events).raise_for_status()
    partners = server.context.partners
    platform, _ = partners.add_partner("didi", "滴滴出行", "ride_hailing", "platform:didi")
    delivery = partners.push(platform, "warning", {"warning_id": "W1"})
    delivery.state, delivery.attempts, delivery.last_error = DeliveryState.DEAD, 6, "HTTP 503"
    partners.outbox._store(delivery)
    for n in range(120):  # more than a page of partner activity
        clue = {"kind": "phone", "value": f"+86171000{n:05d}", "note": f"可疑取件人{n}"}
        partners.clue(platform, clue, None)
    name = "汉正街社区"
    community = Community(community_id=name, name=name, district="硚口区", households=3)
    CommunityStore(server.context.cases.engine).add(community)
    return {"task": own, "other": other}


def open_page(browser: Browser, base: str, size: tuple[int, int], lang: str) -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = context.new_page()
    page.add_init_script(PENDING)
    page.add_init_script(f"localStorage.setItem('fz-lang', '{lang}')")
    return page


def log_in(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/ui/")
    page.fill("#user_id", user)
    page.fill("#password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard.html")


def settle(page: Page) -> None:
    """Until the page's requests are answered and drawn (the live stream aside)."""
    page.wait_for_load_state("load")
    for _ in range(2):
        page.wait_for_function("() => window.__pending === 0")
        page.wait_for_timeout(250)


def english_words(text: str) -> list[str]:
    """Latin words that are neither ids (they carry a digit) nor allowed names."""
    return sorted(
        {
            w
            for w in WORD.findall(text)
            if not any(c.isdigit() for c in w) and w.strip(".:-/+@") not in ALLOWED
        }
    )


def visible_text(page: Page) -> str:
    # What a reader sees, plus what a screen reader says for controls and charts.
    return str(
        page.evaluate(
            """() => document.body.innerText + '\\n' + [...document.querySelectorAll(
            '[aria-label],[placeholder],[title]')].map((n) => [n.getAttribute('aria-label'),
            n.getAttribute('placeholder'), n.getAttribute('title')].filter(Boolean).join(' '))
            .join('\\n')"""
        )
    )


def abilities(page: Page) -> list[str]:
    return list(page.evaluate("() => JSON.parse(sessionStorage.getItem('fz-session')).abilities"))


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("user", ROLES)
def test_every_page_in_chinese_shaped_by_role(
    ui_server: Any, ui_task_for: Any, browser: Browser, user: str
) -> None:
    ids = seed(ui_server, ui_task_for)
    base = ui_server.url
    found: dict[str, list[str]] = {}
    for view, size in VIEWPORTS.items():
        page = open_page(browser, base, size, "zh")
        log_in(page, base, user)
        may = abilities(page)
        nav = set(page.eval_on_selector_all("header nav a", HREFS))
        for key, path in PAGES.items():
            assert (path.split("?")[0] in nav) == (key in may and key != "search"), (user, key)
            page.goto(f"{base}/ui/{path}")
            settle(page)
            text = visible_text(page)
            if key not in may:
                # Refused in words, with none of the page's forms or tables.
                assert "无权使用此页面" in text, (user, key)
                assert page.locator("main form, main table").count() == 0, (user, key)
                if view == "wide":
                    shot(page, f"roles-{user}-{key}-refused")
                continue
            if words := english_words(text):
                found[f"{view} {key}"] = words
            shot(page, f"roles-{user}-{key}-{view}")
        for key, (needs, path) in DETAIL.items():
            if needs not in may:
                continue
            page.goto(f"{base}/ui/{path.format(**ids)}")
            settle(page)
            if words := english_words(visible_text(page)):
                found[f"{view} {key}"] = words
            shot(page, f"roles-{user}-{key}-{view}")
        page.context.close()
    assert found == {}, "\n".join(f"{k}: {' '.join(v)}" for k, v in sorted(found.items()))


def test_denied_actions_are_absent(ui_server: Any, ui_task_for: Any, browser: Browser) -> None:
    ids = seed(ui_server, ui_task_for)
    base = ui_server.url
    page = open_page(browser, base, VIEWPORTS["wide"], "zh")

    def as_user(user: str, path: str) -> None:
        if page.url.startswith(base):
            page.evaluate("() => sessionStorage.clear()")
        log_in(page, base, user)
        page.goto(f"{base}/ui/{path}")
        settle(page)

    as_user("analyst", "partners.html")
    assert page.locator("#add-form").count() == 0  # partner administration is the admin's
    assert page.locator("#dead-rows button").count() == 1  # the analyst may re-send
    as_user("admin", "partners.html")
    assert page.locator("#add-form").is_visible()
    as_user("qk", "communities.html")
    assert page.locator("#prop-form").is_visible() and page.locator("#inc-form").is_visible()
    for user in ("hzj", "auditor"):
        as_user(user, "communities.html")
        assert page.locator("#prop-form, #inc-form").count() == 0, user
    # The auditor reads a task but is offered none of its actions.
    as_user("auditor", f"task.html?id={ids['task']}")
    page.wait_for_selector("#facts dd")
    assert page.locator("#actions button").count() == 0
    assert not page.locator("#attempt-form").is_visible() and not page.locator("#stop").is_visible()
    as_user("qk", f"task.html?id={ids['task']}")
    page.wait_for_selector("#actions button[data-action='sign']")
    assert page.locator("#attempt-form").is_visible()
    as_user("auditor", "audit.html")
    page.click("#verify")
    page.wait_for_selector("#verify-result.status-ok")
    assert "校验通过" in page.text_content("#verify-result")
    shot(page, "roles-audit-verified")
    # An officer's menu has no partner administration and no audit.
    as_user("qk", "dashboard.html")
    hrefs = page.eval_on_selector_all("header nav a", HREFS)
    assert "partners.html" not in hrefs and "audit.html" not in hrefs


def test_partner_activity_is_filtered_and_paged_by_the_server(
    ui_server: Any, ui_task_for: Any, browser: Browser
) -> None:
    seed(ui_server, ui_task_for)
    base = ui_server.url
    for view, size in VIEWPORTS.items():
        page = open_page(browser, base, size, "zh")
        log_in(page, base, "analyst")
        page.goto(f"{base}/ui/partners.html")
        settle(page)
        rows = 50 if view == "wide" else 20  # a phone pages by fewer rows, shown as cards
        assert page.locator("#recent-rows tr").count() == rows
        assert "共 120 条" in page.text_content("#page-info")
        page.click("#next")
        page.wait_for_function(
            f"() => document.getElementById('page-info').textContent.startsWith('第 {rows + 1}')"
        )
        page.select_option("#f-kind", "check_order")
        page.click("#activity-filters button[type=submit]")
        page.wait_for_function(
            "() => document.getElementById('page-info').textContent.includes('共 0 条')"
        )
        assert "没有符合条件的记录" in page.text_content("#recent-rows")
        height = page.evaluate("() => document.body.scrollHeight")
        assert height < 3000, height  # not 4,851 px of rows
        shot(page, f"roles-partners-paged-{view}")
        page.context.close()


def test_communities_page_records_propaganda_and_incidents(
    ui_server: Any, ui_task_for: Any, browser: Browser
) -> None:
    seed(ui_server, ui_task_for)
    base = ui_server.url
    page = open_page(browser, base, VIEWPORTS["phone"], "zh")
    log_in(page, base, "qk")
    page.goto(f"{base}/ui/communities.html")
    settle(page)
    row = page.locator("tr[data-community='汉正街社区']")
    coverage = row.locator("td[data-label='宣传入户率']")
    assert coverage.text_content() == "0%"
    assert "入户率0%，未达100%" in row.text_content()  # what it fails, said in Chinese
    day = ui_server.clock.now().date().isoformat()  # the server's day (a test clock)
    page.fill("#p-date", day)
    page.fill("#i-date", day)
    page.fill("#p-households", "汉正街1号\n汉正街2号\n汉正街1号\n汉正街3号")
    page.click("#prop-form button")
    page.wait_for_function("() => document.getElementById('prop-result').textContent.includes('3')")
    settle(page)
    assert coverage.text_content() == "100%"  # three households of three, the repeat once
    assert "入户率" not in row.text_content()
    page.select_option("#i-kind", "den_found")
    page.fill("#i-note", "出租屋内发现涉诈窝点")
    page.click("#inc-form button")
    page.wait_for_function("() => document.getElementById('inc-result').textContent === '已登记'")
    settle(page)
    assert "发现涉诈窝点1处" in row.text_content()
    shot(page, "roles-communities-recorded-phone")


ERRORS = """async (calls) => {
  const { api } = await import('/ui/api.js');
  const said = [];
  for (const [path, options] of calls) {
    try { await api(path, options); said.push([path, 'no error']); }
    catch (err) { said.push([path, err.status, err.message]); }
  }
  return said;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_error_is_said_in_the_readers_language(
    ui_server: Any, ui_task_for: Any, browser: Browser, lang: str
) -> None:
    ids = seed(ui_server, ui_task_for)
    base = ui_server.url
    page = open_page(browser, base, VIEWPORTS["wide"], lang)
    # Answers the server gives only when broken: a 500 and a cut connection.
    page.route("**/v1/broken", lambda r: r.fulfill(status=500, json={"detail": "boom"}))
    page.route("**/v1/cut", lambda r: r.abort())
    log_in(page, base, "qk")
    settle(page)
    post = {"method": "POST", "body": "{}"}
    calls = [
        ["/v1/audit/page", {}],  # 403: not an auditor
        ["/v1/tasks/T-nope", {}],  # 404
        [f"/v1/tasks/{ids['task']}/close", post],  # 409: a new task cannot close
        [f"/v1/tasks/{ids['task']}/sign", {"method": "POST", "body": '{"expected_version": 99}'}],
        # 422: a channel that does not exist
        [f"/v1/tasks/{ids['task']}/attempts", {"method": "POST", "body": '{"channel": "x"}'}],
        ["/v1/search?q=", {}],  # 422
        ["/v1/communities/汉正街社区/incidents", {"method": "POST", "body": '{"kind": "x"}'}],
        ["/v1/broken", {}],
        ["/v1/cut", {}],
    ]
    said = page.evaluate(ERRORS, calls)
    statuses = [s[1] for s in said]
    assert statuses == [403, 404, 409, 409, 422, 422, 422, 500, 0], said
    table = page.evaluate(
        "async () => { const i18n = await import('/ui/i18n.js');"
        " return Object.values(i18n.ERRORS[i18n.lang()]); }"
    )
    for message in [s[2] for s in said] + table:
        if lang == "zh":
            assert english_words(message) == [], message
        else:
            assert re.search("[\u4e00-\u9fff]", message) is None and not CODE.search(message)
    # A page shows the same words: the task page of another district's task.
    page.goto(f"{base}/ui/task.html?id={ids['other']}")
    page.wait_for_selector("#message:not(:empty)")
    assert english_words(page.text_content("#message") or "") == [] or lang == "en"


def test_english_mode_shows_words_not_codes(
    ui_server: Any, ui_task_for: Any, browser: Browser
) -> None:
    ids = seed(ui_server, ui_task_for)
    base = ui_server.url
    page = open_page(browser, base, VIEWPORTS["wide"], "en")
    log_in(page, base, "analyst")
    found = {}
    paths = [p for k, p in PAGES.items() if k != "audit"]
    for path in [*paths, f"task.html?id={ids['task']}", "case.html?id=rep-9"]:
        page.goto(f"{base}/ui/{path}")
        settle(page)
        text = visible_text(page)
        if codes := sorted(set(CODE.findall(text))):
            found[path] = codes
    assert found == {}
