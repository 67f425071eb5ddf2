"""The case page in Debian's Chromium: a readable money-flow graph, freeze list and stop-payments.

A case of three hops with every kind of exit (cash at an ATM, gold, a merchant,
a USDT OTC trader), several accounts per hop, drawn at 1366×768 and 390×844.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from playwright.sync_api import Browser, Page
from tests.api.test_ui import SHOTS, axe_serious, browser, log_in, offline_page  # noqa: F401

V = "6222020000000101"  # icbc, the victim
A1, A2 = "6229090000001111", "6217710000002222"  # cib, citic: hop 1
B1, B2, B3 = "6217000000003333", "6225880000004444", "6225210000005555"  # ccb, cmb, spdb: hop 2
C1, C2 = "6231660000006666", "6229090000007777"  # hkb, cib: hop 3
SHOP, OTC = "6222020000008888", "6217000000009999"  # a merchant, a USDT OTC trader
RAW = re.compile(
    r"\b(icbc|ccb|cib|citic|cmb|spdb|hkb|cash|gold|otc|merchant|hub|sink|mule|victim|"
    r"freeze|stop_query|hold_amount|requested|stopped|frozen|undefined|null|NaN)\b"
)


def case_events(at: Any) -> list[dict[str, Any]]:
    def ev(kind: str, event_id: str, minutes: float, **fields: Any) -> dict[str, Any]:
        ts = (at + timedelta(minutes=minutes)).isoformat()
        return {"kind": kind, "id": event_id, "ts": ts, "source": "bank:icbc", **fields}

    def tx(event_id: str, src: str, dst: str, yuan: int, minutes: float) -> dict[str, Any]:
        move = {"from_account": src, "to_account": dst, "amount_fen": yuan * 100}
        return ev("transfer", event_id, minutes, channel="mobile", **move)

    # A shop's takings: many customers on many days.
    shop = [
        tx(f"shop-{i}", f"62258800003{i:05d}", SHOP, 80 + i, -6 * 1440 + i * 600) for i in range(14)
    ]
    # The OTC trader's history: many clients each paying once, many sellers paid.
    otc = [
        tx(f"otc-in-{i}", f"62220200001{i:05d}", OTC, 5_000 + i, -3000 + i * 60) for i in range(12)
    ]
    otc += [
        tx(f"otc-out-{i}", OTC, f"62170000002{i:05d}", 4_000 + i, -2900 + i * 60) for i in range(9)
    ]
    return [
        ev("account", "acc-v", -600, account_id=V, bank="icbc", holder="P1"),
        *shop,
        *otc,
        tx("tx-v1", V, A1, 30_000, 0),
        tx("tx-v2", V, A2, 20_000, 2),
        tx("tx-a1b1", A1, B1, 15_000, 10),
        tx("tx-a1b2", A1, B2, 10_000, 11),
        tx("tx-a2b2", A2, B2, 8_000, 12),
        tx("tx-a2b3", A2, B3, 9_000, 13),
        tx("tx-b1c1", B1, C1, 12_000, 20),
        tx("tx-b2c2", B2, C2, 15_000, 21),
        tx("tx-b3c1", B3, C1, 5_000, 22),
        tx("tx-b3shop", B3, SHOP, 2_000, 23),
        tx("tx-c2otc", C2, OTC, 8_000, 30),
        ev("withdrawal", "wd-c1", 31, account_id=C1, amount_fen=600_000, channel="atm"),
        ev(
            "gold_purchase",
            "gold-c2",
            32,
            account_id=C2,
            grams=10,
            amount_fen=500_000,
            channel="app",
            delivery="mail",
        ),
        ev(
            "report",
            "rep-3",
            120,
            person_id="P1",
            loss_fen=5_000_000,
            fraud_type="impersonate_police",
            transfers=["tx-v1", "tx-v2"],
        ),
    ]


def drawn_labels(page: Page) -> list[dict[str, Any]]:
    """Every text drawn in the money-flow picture, with its box on the screen."""
    result: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('#flow svg text')]
          .filter((t) => t.textContent.trim() && getComputedStyle(t).display !== 'none')
          .map((t) => { const r = t.getBoundingClientRect();
            return {text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height}; })"""
    )
    return result


def overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    pad = 0.5  # sub-pixel antialiasing is not an overlap
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if (
                a["x"] + pad < b["x"] + b["w"]
                and b["x"] + pad < a["x"] + a["w"]
                and a["y"] + pad < b["y"] + b["h"]
                and b["y"] + pad < a["y"] + a["h"]
            ):
                found.append((a["text"], b["text"]))
    return found


def click_label(page: Page, text: str) -> None:
    """Click the middle of a label as drawn (not a coordinate computed from the chart's data)."""
    box = page.evaluate(
        """(text) => { const t = [...document.querySelectorAll('#flow svg text')]
          .find((n) => n.textContent === text);
          t.scrollIntoView({block: 'center', inline: 'center'});
          const r = t.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2]; }""",
        text,
    )
    page.mouse.click(box[0], box[1])


def transfers_listed(page: Page) -> set[str]:
    page.wait_for_selector("#transfer-rows tr")
    ids: list[str] = page.eval_on_selector_all(
        "#transfer-rows tr", "rows => rows.map((r) => r.dataset.transfer)"
    )
    return set(ids)


def all_text(page: Page) -> str:
    text: str = page.evaluate(
        "() => document.body.innerText + ' ' + [...document.querySelectorAll('#flow svg text')]"
        ".map((t) => t.textContent).join(' ')"
    )
    return text


def open_case(browser: Browser, ui_server: Any, width: int, height: int) -> Page:  # noqa: F811
    outside: list[str] = []
    page = offline_page(browser, ui_server.url, outside)
    page.set_viewport_size({"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    log_in(page, ui_server.url, "analyst")
    page.goto(f"{ui_server.url}/ui/case.html?id=rep-3")
    page.wait_for_selector("#flow svg text")
    page.wait_for_selector("#freeze-rows tr")
    assert outside == []
    return page


def test_case_graph_is_layered_readable_and_clicks_what_is_drawn(
    ui_server: Any,
    browser: Browser,  # noqa: F811
) -> None:
    ui_server.login("analyst").post("/v1/events", json=case_events(ui_server.clock.now()))
    page = open_case(browser, ui_server, 1366, 768)
    labels = drawn_labels(page)
    texts = [label["text"] for label in labels]
    # Banks by short name and the last four digits; exits by what they are, amounts in 万.
    for expected in (
        "工商银行 ****0101",
        "兴业银行 ****1111",
        "中信银行 ****2222",
        "招商银行 ****4444",
        "汉口银行 ****6666",
        "现金/ATM取现",
        "黄金",
    ):
        assert expected in texts, (expected, texts)
    assert any(t.startswith("USDT场外") for t in texts) and any(t.startswith("商户") for t in texts)
    assert "¥3万" in texts and "¥1.5万" in texts  # amounts on the edges
    assert overlaps(labels) == []
    # Three hops fit 1366 px whole: the right column is drawn, not cut off or scrolled away.
    fit = page.evaluate(
        "() => { const s = document.querySelector('.flow-scroll');"
        " return [s.scrollWidth, s.clientWidth]; }"
    )
    assert fit[0] <= fit[1], fit
    # Layered: the victim left of hop 1, left of hop 2, left of hop 3, left of the exits.
    x = {label["text"]: label["x"] for label in labels}
    assert x["工商银行 ****0101"] < x["兴业银行 ****1111"] < x["招商银行 ****4444"]
    assert x["招商银行 ****4444"] < x["汉口银行 ****6666"] < x["现金/ATM取现"]
    assert RAW.search(all_text(page)) is None, RAW.search(all_text(page))

    # The first mule opens the first mule's transfers (not the victim's), then a hop-2 mule.
    click_label(page, "兴业银行 ****1111")
    page.wait_for_function(
        "() => document.getElementById('h-transfers').textContent.includes('1111')"
    )
    assert transfers_listed(page) == {"tx-v1", "tx-a1b1", "tx-a1b2"}
    click_label(page, "招商银行 ****4444")
    page.wait_for_function(
        "() => document.getElementById('h-transfers').textContent.includes('4444')"
    )
    assert transfers_listed(page) == {"tx-a1b2", "tx-a2b2", "tx-b2c2"}
    # The tooltip is text, in Chinese, no code.
    page.hover("#flow svg text >> text='汉口银行 ****6666'")
    page.wait_for_selector(".chart-tooltip:visible")
    tip = page.inner_text(".chart-tooltip")
    assert "汉口银行" in tip and "¥" in tip
    assert RAW.search(tip) is None, tip
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "case-graph-tooltip-1366.png"))
    page.mouse.move(5, 5)
    page.wait_for_selector(".chart-tooltip", state="hidden")
    page.screenshot(path=str(SHOTS / "case-graph-1366.png"), full_page=True)

    # 申请止付 asks first, naming account, bank and amount; cancelling sends nothing.
    page.click("#request-stops")
    page.wait_for_selector("#stop-dialog[open]")
    confirm = page.inner_text("#stop-dialog")
    assert "兴业银行" in confirm and "¥" in confirm and "****" in confirm
    page.click("#stop-cancel")
    assert page.locator("#hold-rows tr").count() == 0
    assert ui_server.context.cases.holds.for_account(C2) is None
    page.click("#request-stops")
    page.click("#stop-confirm")
    page.wait_for_selector("tr[data-state='requested']")
    assert page.is_disabled("#request-stops")  # every listed account is asked once
    row = page.locator("tr[data-state='requested']").first
    account = row.get_attribute("data-hold")
    row.locator("details.record-reply summary").click()
    row.locator("details.record-reply button[data-act='answer']").first.click()
    stopped = page.locator(f"tr[data-hold='{account}']")
    stopped.locator(".bank-reply").wait_for()
    assert "银行回执" in stopped.inner_text()
    stopped.locator("button[data-act='freeze']").click()
    page.wait_for_selector(f"tr[data-hold='{account}'][data-state='frozen']")
    frozen = page.locator(f"tr[data-hold='{account}']")
    assert frozen.locator("button[data-act='freeze']").count() == 0
    assert str(ui_server.clock.now().year + (1 if ui_server.clock.now().month > 6 else 0)) in (
        frozen.inner_text()
    )  # the freeze's end date has its year
    held = page.locator("#freeze-rows [data-held='frozen']")
    assert held.count() == 1 and held.inner_text() == "已冻结"
    assert RAW.search(all_text(page)) is None, RAW.search(all_text(page))
    page.screenshot(path=str(SHOTS / "case-stops-1366.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]  # no script error, no CSP refusal
    assert axe_serious(page) == [], page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations"
        ".flatMap((v) => v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary))"
    )
    # English mode: the same picture in English bank names, still without overlaps.
    page.click("header button:has-text('English')")
    page.wait_for_selector("#flow svg text >> text='Industrial Bank ****1111'")
    assert overlaps(drawn_labels(page)) == []
    assert page.errors == []  # type: ignore[attr-defined]


def test_case_page_on_a_phone(ui_server: Any, browser: Browser) -> None:  # noqa: F811
    ui_server.login("analyst").post("/v1/events", json=case_events(ui_server.clock.now()))
    page = open_case(browser, ui_server, 390, 844)
    assert overlaps(drawn_labels(page)) == []
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    # The layered list is open on a phone and opens an account's transfers too.
    page.click("#flow-list button[data-node] >> text='中信银行 ****2222'")
    assert transfers_listed(page) == {"tx-v2", "tx-a2b2", "tx-a2b3"}
    # One word per action: 冻结 is never broken one character per line.
    heights = page.eval_on_selector_all(
        "#freeze-rows .badge", "bs => bs.map((b) => b.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 30, heights
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "case-390.png"), full_page=True)
    page.click("#request-stops")
    page.wait_for_selector("#stop-dialog[open]")
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    page.screenshot(path=str(SHOTS / "case-stop-dialog-390.png"))
    assert RAW.search(all_text(page)) is None


def wide_case(at: Any) -> list[dict[str, Any]]:
    """Four hops, up to sixteen accounts a hop and a dozen shops: a ring's case, not a toy."""

    def tx(event_id: str, src: str, dst: str, yuan: int, minutes: float) -> dict[str, Any]:
        ts = (at + timedelta(minutes=minutes)).isoformat()
        move = {"from_account": src, "to_account": dst, "amount_fen": yuan * 100}
        return {"kind": "transfer", "id": event_id, "ts": ts, "source": "bank:icbc",
                "channel": "mobile", **move}  # fmt: skip

    prefixes = ["622202", "621700", "622909", "621771", "622588", "622521", "623166"]
    card = lambda hop, i: f"{prefixes[(hop + i) % 7]}{hop:02d}{i:08d}"  # noqa: E731
    shops = [f"6222029{i:09d}" for i in range(12)]
    events = [
        tx(f"s{s}-{i}", f"6225889{s:03d}{i:06d}", shop, 60 + i, -7 * 1440 + i * 700)
        for s, shop in enumerate(shops)
        for i in range(14)
    ]
    events += [tx(f"v-{i}", V, card(1, i), 40_000 - i * 3_000, i) for i in range(4)]
    events += [
        tx(f"h2-{i}", card(1, i // 4), card(2, i), 7_000 + i * 100, 10 + i) for i in range(16)
    ]
    events += [tx(f"h3-{i}", card(2, i), card(3, i // 2), 5_000, 30 + i) for i in range(16)]
    events += [tx(f"x-{i}", card(3, i % 8), shops[i], 900 + i * 50, 60 + i) for i in range(12)]
    report = {"kind": "report", "id": "rep-w", "ts": (at + timedelta(hours=3)).isoformat(),
              "source": "police:110", "person_id": "P1", "loss_fen": 13_800_000,
              "transfers": ["v-0", "v-1", "v-2", "v-3"]}  # fmt: skip
    victim = {"kind": "account", "id": "acc-vw", "ts": (at - timedelta(days=30)).isoformat(),
              "source": "bank:icbc", "account_id": V, "bank": "icbc", "holder": "P1"}  # fmt: skip
    return [victim, *events, report]


def test_a_wide_case_stays_readable(ui_server: Any, browser: Browser) -> None:  # noqa: F811
    ui_server.login("analyst").post("/v1/events", json=wide_case(ui_server.clock.now()))
    for width, height in ((1366, 768), (390, 844)):
        outside: list[str] = []
        page = offline_page(browser, ui_server.url, outside)
        page.set_viewport_size({"width": width, "height": height})
        log_in(page, ui_server.url, "analyst")
        page.goto(f"{ui_server.url}/ui/case.html?id=rep-w")
        page.wait_for_selector("#flow svg text")
        labels = drawn_labels(page)
        assert len(labels) > 2 * 40 and overlaps(labels) == []
        texts = {label["text"] for label in labels}
        assert "其他出口" in texts, sorted(
            texts
        )  # the smallest shops are one box: the column stays short
        scroll = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert scroll[0] <= scroll[1], scroll
        assert RAW.search(all_text(page)) is None
        page.screenshot(path=str(SHOTS / f"case-wide-{width}.png"), full_page=True)
        assert outside == []
