"""Helpers of the partner attacks: a partner on the test server, and servers of one store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from fanzha.api.app import create_app
from fanzha.clock import ManualClock
from fanzha.net import free_port
from fanzha.partners.registry import PartnerType
from fanzha.server.services import build_services
from fanzha.services import Services


def partner_client(
    server: Any, partner_id: str, kind: str, source: str, **extra: Any
) -> tuple[httpx.Client, dict[str, Any]]:
    """A partner registered by the admin over HTTP, and a client holding its key."""
    answer = server.login("admin").post(
        "/v1/partners",
        json={
            "partner_id": partner_id,
            "name": partner_id,
            "type": kind,
            "source": source,
            **extra,
        },
    )
    assert answer.status_code == 201, answer.text
    made = dict(answer.json())
    client = httpx.Client(
        base_url=server.url, headers={"X-Api-Key": made["api_key"]}, timeout=10, trust_env=False
    )
    return client, made


@contextmanager
def service_on(url: str, clock: ManualClock) -> Iterator[tuple[str, Services]]:
    """A server process's worth of fanzha (its own context, partner service and memory)
    on the store at ``url``, serving real HTTP on loopback until the block ends."""
    context = build_services(url, clock, None)
    port = free_port()
    uv = uvicorn.Server(
        uvicorn.Config(create_app(context), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", context
    finally:
        uv.should_exit = True
        thread.join(timeout=5)


def signing_partner(context: Services) -> tuple[str, str]:
    """A ride-hailing partner that must sign: (API key, signing secret)."""
    partner, key = context.partners.add_partner(
        "didi", "didi", PartnerType.RIDE_HAILING, "platform:didi", require_signature=True
    )
    return key, partner.webhook_secret or ""
