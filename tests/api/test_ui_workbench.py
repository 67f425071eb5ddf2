"""The officer's day in Debian's Chromium, at a desk (1366×768) and at the door (390×844):
a warned task says why and what to say; the call is recorded; the transfer is stopped from
the task (the bank's webhook receives it); the person is found again by a partial phone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright
from tests.api.ui_pages import fits, page_at

from fanzha.partners.destinations import WebhookPolicy

from .conftest import Server, spoofed_call
from .test_partners import make_partner
from .test_task_reasons import PAYEE, VICTIM_ACCOUNT, CallThenPaymentDetector
from .test_ui import CHROMIUM, axe_serious, log_in, shot


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def warned_and_paid(server: Server) -> str:
    server.context.detector = CallThenPaymentDetector()
    at = server.clock.now()
    account = {
        "kind": "account",
        "id": "acc-1",
        "ts": (at - timedelta(days=30)).isoformat(),
        "source": "bank:icbc",
        "account_id": VICTIM_ACCOUNT,
        "bank": "icbc",
        "holder": "P1",
    }
    transfer = {"kind": "transfer", "id": "tx-1", "ts": (at + timedelta(minutes=2)).isoformat(),
                "source": "bank:icbc", "from_account": VICTIM_ACCOUNT, "to_account": PAYEE,
                "amount_fen": 75_000_000, "channel": "mobile"}  # fmt: skip
    analyst = server.login("analyst")
    analyst.post("/v1/events", json=[account]).raise_for_status()
    made = analyst.post("/v1/events", json=[spoofed_call("c1", "+8613812345678", at)])
    made.raise_for_status()
    analyst.post("/v1/events", json=[transfer]).raise_for_status()
    return str(made.json()["tasks"][0])


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_officer_works_a_warned_task_and_stops_the_transfer(
    ui_server: Server, chromium: Browser, receiver: Any, size: str
) -> None:
    ui_server.context.partners.webhooks = WebhookPolicy(allow_loopback=True)
    make_partner(ui_server, "ccb", "bank", "bank:ccb", webhook_url=receiver.url)
    task_id = warned_and_paid(ui_server)
    outside: list[str] = []
    page = page_at(chromium, ui_server.url, size, outside)
    log_in(page, ui_server.url, "qk")
    page.goto(f"{ui_server.url}/ui/task.html?id={task_id}")
    page.wait_for_selector("#reasons li")
    # Why, first: the reasons, the money at risk, the payee (masked), the evidence.
    assert "接到被标记为冒充公检法的号码来电" in page.text_content("#reasons")
    assert "¥750,000.00" in page.text_content("#money")
    assert "0201" in page.text_content("#money") and PAYEE not in page.content()
    assert page.locator("#evidence li").count() == 2
    # What to do: the deadline counting down, the due steps, the script for the typology.
    page.wait_for_selector("#deadline:not([hidden])")
    assert "签收时限" in page.text_content("#deadline") and "剩余" in page.text_content("#deadline")
    assert page.locator("#due-steps li[data-step='call_96110']").count() == 1
    assert "安全账户" in page.text_content("#script")
    assert fits(page)
    assert axe_serious(page) == []
    shot(page, f"workbench-1-task-{size}")

    page.click("#actions [data-action='sign']")
    page.wait_for_function("() => document.getElementById('facts').textContent.includes('已签收')")
    page.select_option("#a-channel", "call_96110")
    page.select_option("#a-result", "reached")
    page.fill("#a-note", "本人称刚向“安全账户”转账75万元")
    page.click("#attempt-form button")
    page.wait_for_selector("#attempts td.note")
    assert "安全账户" in page.text_content("#attempts")
    history = page.text_content("#history")
    assert "劝阻：96110劝阻电话，已联系上" in history and "system" not in history
    page.locator("#stop").scroll_into_view_if_needed()
    shot(page, f"workbench-2-call-recorded-{size}")

    page.check("#payments input[value='tx-1']")
    page.click("#stop-submit")
    page.wait_for_selector("#stop-dialog[open]")
    assert "¥750,000.00" in page.text_content("#stop-summary")
    shot(page, f"workbench-3-stop-confirm-{size}")
    page.click("#stop-confirm")
    page.wait_for_selector("#case-links a[data-case]")
    case_id = page.get_attribute("#case-links a[data-case]", "data-case")
    assert "1 家银行已收到" in page.text_content("#stop-result")
    assert "止付中" in page.text_content("#facts")
    assert axe_serious(page) == []
    shot(page, f"workbench-4-stopped-{size}")
    page.emulate_media(media="print")  # the printable 劝阻记录: no menus, forms or buttons
    assert page.is_visible(".record-head") and not page.is_visible("#stop-form")
    assert "本人称刚向" in page.text_content("#attempts")
    shot(page, f"workbench-4b-print-record-{size}")
    page.emulate_media(media="screen")

    ui_server.context.partners.deliver_due()  # the bank's webhook receives the stop-payment
    bodies = [json.loads(body) for _, body in receiver.received]
    assert any(PAYEE in json.dumps(b) and "75000000" in json.dumps(b) for b in bodies), bodies

    page.click("#case-links a[data-case]")
    page.wait_for_url(f"**/case.html?id={case_id}")
    page.wait_for_selector("#case-task a")
    assert page.get_attribute("#case-task a", "data-task") == task_id
    page.wait_for_selector("tr[data-state='requested']")
    shot(page, f"workbench-5-case-{size}")

    # An hour later the officer has only the last digits of the number on a note.
    page.fill("#nav-q", "5678")
    page.press("#nav-q", "Enter")
    page.wait_for_url("**/search.html?q=5678")
    page.wait_for_selector("#persons li[data-person='P1']")
    assert page.locator(f"#tasks li[data-task='{task_id}']").count() == 1
    assert page.locator(f"#cases li[data-case='{case_id}']").count() == 1
    assert fits(page)
    assert axe_serious(page) == []
    shot(page, f"workbench-6-search-{size}")
    page.click("#persons li[data-person='P1'] a")
    page.wait_for_url("**/person.html?id=P1")
    page.wait_for_selector("#warnings li[data-warning]")
    assert "接到被标记为冒充公检法的号码来电" in page.text_content("#warnings")
    assert page.locator(f"#cases li[data-case='{case_id}']").count() == 1
    assert "************0101" in page.text_content("#accounts")
    assert fits(page)
    assert axe_serious(page) == []
    shot(page, f"workbench-7-person-{size}")
    if size == "desk":  # English mode says it all in English, history included
        page.evaluate("() => localStorage.setItem('fz-lang', 'en')")
        page.goto(f"{ui_server.url}/ui/task.html?id={task_id}")
        page.wait_for_selector("#reasons li")
        assert "call from a number tagged spoofed_official" in page.text_content("#reasons")
        history = page.text_content("#history")
        assert "attempt: 96110 dissuasion call, reached" in history and "automatic" in history
        assert "签收" not in history
        shot(page, "workbench-8-task-english-desk")
    searched = [e for e in ui_server.context.audit.entries() if e.action == "search"]
    assert [e.detail["q"] for e in searched] == ["5678"]
    assert outside == []
