"""Finding 11: oversized bodies were read whole before they were refused.

256 MB posted to the unauthenticated ``/v1/auth/login`` raised the server's
memory by 1.5 GB. Now each route's limit (settings) is enforced while the body
streams in: a real ``fanzha serve`` process is sent huge chunked and declared
bodies, and its resident memory, read from /proc, must not grow by more than a
few MB (a behavioural bound, not a timing).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from fanzha.api.limits import BodyLimits
from fanzha.settings import Settings, get_settings

from ._intake_support import ServeProcess, post_streaming, serve_process
from .conftest import serve as serve_in_thread

HUGE = 256 << 20
LOGIN_LIMIT = Settings().body_limits["/v1/auth/"]
ALLOWED_GROWTH_KIB = 8 << 10
"""8 MB: a request's buffers and allocator noise, far from the 256 MB sent."""


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    tmp = tmp_path_factory.mktemp("limits")
    with serve_process(tmp, f"sqlite:///{tmp / 'fanzha.db'}") as server:
        yield server


def _warm(serve: ServeProcess) -> int:
    """Memory after the first requests of each kind have loaded their code."""
    for _ in range(2):
        post_streaming(serve.url, "/v1/auth/login", LOGIN_LIMIT * 4, chunk=4096)
        serve.login().close()
    return serve.rss_kib()


def test_huge_chunked_login_is_refused_without_memory_growth(serve: ServeProcess) -> None:
    before = _warm(serve)
    answer = post_streaming(serve.url, "/v1/auth/login", HUGE)
    after = serve.rss_kib()
    assert answer.status == 413
    detail = json.loads(answer.body)["detail"]
    assert "请求体过大" in detail and "too large" in detail and f"{LOGIN_LIMIT:,}" in detail
    assert answer.sent < HUGE  # refused while it streamed, not after
    assert after - before < ALLOWED_GROWTH_KIB, (before, after)
    serve.login().close()  # and the server still serves


def test_declared_huge_length_is_refused_before_reading(serve: ServeProcess) -> None:
    before = _warm(serve)
    answer = post_streaming(serve.url, "/v1/auth/login", HUGE, declare_length=True)
    assert answer.status == 413
    assert answer.sent < HUGE
    assert serve.rss_kib() - before < ALLOWED_GROWTH_KIB


def test_limits_are_per_route(serve: ServeProcess) -> None:
    """The same 1 MB that the login refuses is a normal batch for ``/v1/events``."""
    analyst = serve.login()
    call = {
        "kind": "call",
        "source": "telecom:cmcc",
        "ts": "2025-03-03T09:00:00+08:00",
        "caller": "+8613800000001",
        "callee": "+8613800000002",
        "duration_s": 60,
    }
    lines = [json.dumps({**call, "id": f"c{i}"}) for i in range(6000)]
    body = "\n".join(lines).encode()
    assert LOGIN_LIMIT < len(body) < 16 << 20
    answer = analyst.post(
        "/v1/events", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert answer.status_code == 200 and answer.json()["new"] == 6000
    refused = post_streaming(serve.url, "/v1/auth/login", len(body), declare_length=True)
    assert refused.status == 413
    over = post_streaming(
        serve.url,
        "/v1/events",
        (16 << 20) + 1,
        headers={"Authorization": analyst.headers["Authorization"]},
    )
    assert over.status == 413 and "16,777,216" in json.loads(over.body)["detail"]


def test_limits_come_from_settings(
    sqlite_url: str, serve: ServeProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator sets a route's limit with FANZHA_BODY_LIMITS; the rest keep the default."""
    assert post_streaming(serve.url, "/v1/auth/login", 2000, declare_length=True).status != 413
    monkeypatch.setenv("FANZHA_BODY_LIMITS", json.dumps({"/v1/auth/": 1024}))
    get_settings.cache_clear()
    try:
        for small in serve_in_thread(sqlite_url):
            answer = post_streaming(small.url, "/v1/auth/login", 2000, declare_length=True)
            assert answer.status == 413 and "1,024" in json.loads(answer.body)["detail"]
            small.login("analyst").close()  # a real login fits
    finally:
        get_settings.cache_clear()
    chosen = BodyLimits(4096, {"/v1/auth/": 1024, "/v1/auth/x": 9})
    assert chosen.for_path("/v1/auth/login") == 1024
    assert chosen.for_path("/v1/auth/xy") == 9  # the longest prefix wins
    assert chosen.for_path("/v1/tasks/t1/attempts") == 4096
