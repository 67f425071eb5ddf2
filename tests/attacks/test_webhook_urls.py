"""Finding 12: webhook URLs were not checked, and stop-payment POSTs with account numbers
in clear reached an internal port. Replayed at registration over HTTP, and at delivery
against real receivers on loopback (which stand for the center's internal ports)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fanzha.partners.destinations import DestinationRefused, WebhookPolicy
from fanzha.partners.registry import DEFAULT_SCOPES, Partner, PartnerType
from fanzha.partners.webhooks import Outbox, Target, httpx_sender

T = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ACCOUNT = "6222020200112233445"

REFUSED_BY_DEFAULT = [
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "ftp://partner.example/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/hook",
    "http://127.0.0.1:5432/",
    "http://localhost:8000/v1/partners",
    "http://[::1]:8000/",
    "http://[::ffff:127.0.0.1]:8000/",
    "http://0.0.0.0:8000/",
    "http://10.0.0.5/hook",
    "http://192.168.1.1/hook",
    "http://user:pw@93.184.216.34/hook",
    "not a url",
]


def test_registration_refuses_urls_outside_the_partner_networks(server: Any) -> None:
    admin = server.login("admin")
    for url in REFUSED_BY_DEFAULT:
        answer = admin.post(
            "/v1/partners",
            json={
                "partner_id": "icbc",
                "name": "icbc",
                "type": "bank",
                "source": "bank:icbc",
                "webhook_url": url,
            },
        )
        assert answer.status_code == 422, (url, answer.text)
        assert "webhook" in answer.json()["detail"]
    assert admin.get("/v1/partners").json() == []


def test_partner_networks_from_settings_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    from fanzha.settings import get_settings

    monkeypatch.setenv("FANZHA_WEBHOOK_NETWORKS", '["10.8.0.0/16"]')
    get_settings.cache_clear()
    try:
        policy = WebhookPolicy.from_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert policy.check("https://10.8.3.4:8443/hook")
    for refused in ("http://10.9.0.1/", "http://93.184.216.34/", "http://127.0.0.1:9/"):
        with pytest.raises(DestinationRefused):
            policy.check(refused)
    assert not WebhookPolicy().allow_loopback  # loopback only when asked for


class Hook:
    """A real receiver; ``redirect`` makes it answer 302 to another URL."""

    def __init__(self, redirect: str | None = None) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append((dict(self.headers), body))
                self.send_response(302 if redirect else 204)
                if redirect:
                    self.send_header("Location", redirect)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def internal() -> Any:
    hook = Hook()
    yield hook
    hook.close()


def test_a_stored_internal_url_gets_no_stop_payment(server: Any, internal: Hook) -> None:
    """A partner saved before the check (or edited in the store) still gets nothing."""
    partners = server.context.partners
    bank = Partner(
        partner_id="icbc",
        name="icbc",
        type=PartnerType.BANK,
        source="bank:icbc",
        scopes=DEFAULT_SCOPES[PartnerType.BANK],
        webhook_url=internal.url,
        webhook_secret="k",
    )
    partners.store.save(bank)
    partners.reload()
    assert partners.push_stop_payment("icbc", {"account_id": ACCOUNT, "amount_fen": 5_000_00}) == 1
    partners.deliver_due()
    assert internal.received == []
    (pending,) = partners.outbox.pending_for("icbc")
    error = pending.last_error or ""
    assert error.startswith("refused")
    assert str(internal.port) not in error and "127.0.0.1" not in error and "loopback" not in error
    # The bank can still pull it; nothing is lost.
    assert pending.payload["account_id"] == ACCOUNT


def test_a_name_that_resolves_inside_at_delivery_is_refused(internal: Hook) -> None:
    answers = {"hook.partner.example": ["93.184.216.34"]}
    policy = WebhookPolicy(resolver=lambda host, port: answers[host])
    url = f"http://hook.partner.example:{internal.port}/hook"
    assert policy.check(url) == url  # public at registration
    answers["hook.partner.example"] = ["93.184.216.34", "127.0.0.1"]  # rebound since
    outbox = Outbox()
    delivery = outbox.enqueue("icbc", "stop_payment", {"account_id": ACCOUNT}, T)
    outbox.run_due({"icbc": Target(url, "k")}, httpx_sender(2, policy=policy), T)
    assert internal.received == []
    assert delivery.last_error is not None and str(internal.port) not in delivery.last_error


def test_delivery_goes_to_the_address_checked_with_the_partners_host(internal: Hook) -> None:
    """Allowed loopback (the tests' receiver): the send goes to the resolved address,
    the Host header stays the partner's name."""
    policy = WebhookPolicy(allow_loopback=True, resolver=lambda host, port: ["127.0.0.1"])
    outbox = Outbox()
    outbox.enqueue("icbc", "warning", {"w": 1}, T)
    url = f"http://hook.partner.example:{internal.port}/hook"
    outbox.run_due({"icbc": Target(url, "k")}, httpx_sender(2, policy=policy), T)
    ((headers, body),) = internal.received
    assert headers["Host"] == f"hook.partner.example:{internal.port}"
    assert json.loads(body)["payload"] == {"w": 1}


def test_redirects_are_not_followed(internal: Hook) -> None:
    bouncer = Hook(redirect=internal.url)
    try:
        outbox = Outbox()
        delivery = outbox.enqueue("icbc", "stop_payment", {"account_id": ACCOUNT}, T)
        sender = httpx_sender(2, policy=WebhookPolicy(allow_loopback=True))
        outbox.run_due({"icbc": Target(bouncer.url, "k")}, sender, T)
    finally:
        bouncer.close()
    assert len(bouncer.received) == 1 and internal.received == []
    assert delivery.last_error == "HTTP 302"


def test_refused_connections_say_nothing_about_ports() -> None:
    outbox = Outbox()
    delivery = outbox.enqueue("x", "warning", {}, T)
    sender = httpx_sender(1, policy=WebhookPolicy(allow_loopback=True))
    outbox.run_due({"x": Target("http://127.0.0.1:9/none", "k")}, sender, T)
    assert delivery.last_error == "could not connect"
