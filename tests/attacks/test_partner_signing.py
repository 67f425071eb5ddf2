"""Finding 7: partner signing could be skipped (drop the X-Fanzha-* headers), replayed
after a restart (nonces lived in memory), and odd timestamps gave 500. Replayed over
real HTTP on SQLite and PostgreSQL; across two servers on one PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest

from fanzha.clock import ManualClock
from fanzha.partners.signing import NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign_headers

from ._partners_edge_support import service_on, signing_partner


def _order(clock: ManualClock, event_id: str) -> bytes:
    return json.dumps(
        {
            "kind": "order",
            "id": event_id,
            "ts": clock.now().isoformat(),
            "source": "platform:didi",
            "platform": "didi",
            "order_id": event_id,
            "requester": "+8613900000002",
            "pickup": {"district": "硚口区", "address": "硚口区中山大道"},
            "dropoff": {"district": "外地", "address": "孝感市某酒店"},
            "cross_city": True,
            "vehicle": "car",
            "passengers": 0,
            "item": "一个纸箱",
        }
    ).encode()


def _post(url: str, key: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/checks/order",
        content=body,
        headers={"X-Api-Key": key, "Content-Type": "application/json", **headers},
        timeout=10,
        trust_env=False,
    )


@pytest.fixture
def clock() -> ManualClock:
    from datetime import UTC, datetime

    return ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))


def test_a_partner_that_must_sign_cannot_drop_the_headers(db_url: str, clock: ManualClock) -> None:
    with service_on(db_url, clock) as (url, context):
        key, secret = signing_partner(context)
        body = _order(clock, "o-1")
        unsigned = _post(url, key, body, {})
        assert unsigned.status_code == 401 and "must sign" in unsigned.json()["detail"]
        signed = sign_headers(secret, body, clock.now())
        for dropped in (TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER):
            partial = {k: v for k, v in signed.items() if k != dropped}
            answer = _post(url, key, body, partial)
            assert answer.status_code == 401 and dropped in answer.json()["detail"]
        assert _post(url, key, body, signed).status_code == 200


BAD_TIMESTAMPS = {
    "not a number": "yesterday",
    "NaN": "NaN",
    "infinity": "inf",
    "negative": "-1700000000",
    "fraction": "1741000000.5",
    "exponent": "1.7e9",
    "huge": "9" * 400,
    "empty": "",
    "zero (1970)": "0",
}


@pytest.mark.parametrize("case", sorted(BAD_TIMESTAMPS))
def test_a_bad_timestamp_is_401_with_a_reason(
    sqlite_url: str, clock: ManualClock, case: str
) -> None:
    with service_on(sqlite_url, clock) as (url, context):
        key, secret = signing_partner(context)
        body = _order(clock, "o-2")
        headers = {
            **sign_headers(secret, body, clock.now()),
            TIMESTAMP_HEADER: BAD_TIMESTAMPS[case],
        }
        answer = _post(url, key, body, headers)
        assert answer.status_code == 401, answer.text
        assert TIMESTAMP_HEADER in answer.json()["detail"]


def test_far_future_and_far_past_are_refused_and_odd_signatures_are_401(
    sqlite_url: str, clock: ManualClock
) -> None:
    with service_on(sqlite_url, clock) as (url, context):
        key, secret = signing_partner(context)
        body = _order(clock, "o-3")
        for offset in (timedelta(minutes=6), -timedelta(minutes=6), timedelta(days=3650)):
            answer = _post(url, key, body, sign_headers(secret, body, clock.now() + offset))
            assert answer.status_code == 401 and "window" in answer.json()["detail"]
        for nonce in ("x", "a" * 500, "../../etc"):
            headers = {**sign_headers(secret, body, clock.now()), NONCE_HEADER: nonce}
            assert _post(url, key, body, headers).status_code == 401
        raw = {**sign_headers(secret, body, clock.now()), SIGNATURE_HEADER: "v1=\xe9" * 20}
        answer = httpx.post(
            f"{url}/v1/checks/order",
            content=body,
            headers=[
                (k.encode(), v.encode("latin-1")) for k, v in {"X-Api-Key": key, **raw}.items()
            ],
            trust_env=False,
        )
        assert answer.status_code == 401


def test_a_replay_after_a_restart_is_refused(db_url: str, clock: ManualClock) -> None:
    body = _order(clock, "o-4")
    with service_on(db_url, clock) as (url, context):
        key, secret = signing_partner(context)
        headers = sign_headers(secret, body, clock.now())
        assert _post(url, key, body, headers).status_code == 200
    clock.advance(timedelta(minutes=1))  # still inside the allowed window
    with service_on(db_url, clock) as (url, _):
        again = _post(url, key, body, headers)
    assert again.status_code == 401 and "replay" in again.json()["detail"]


def test_a_replay_to_another_server_of_the_same_store_is_refused(
    pg_url: str, clock: ManualClock
) -> None:
    body = _order(clock, "o-5")
    with service_on(pg_url, clock) as (first, context), service_on(pg_url, clock) as (second, _):
        key, secret = signing_partner(context)
        headers = sign_headers(secret, body, clock.now())
        assert _post(first, key, body, headers).status_code == 200
        replayed = _post(second, key, body, headers)
        assert replayed.status_code == 401 and "replay" in replayed.json()["detail"]
        fresh = sign_headers(secret, body, clock.now())  # a new nonce is fine on either
        assert _post(second, key, body, fresh).status_code == 200


def test_nonces_are_swept_once_out_of_the_window(sqlite_url: str, clock: ManualClock) -> Any:
    from sqlalchemy import func, select

    from fanzha.store import engine
    from fanzha.store.models import PartnerNonceRow

    with service_on(sqlite_url, clock) as (url, context):
        key, secret = signing_partner(context)
        nonces = context.partners.guard.nonces
        for n in range(3):
            body = _order(clock, f"o-s{n}")
            assert _post(url, key, body, sign_headers(secret, body, clock.now())).status_code == 200
        clock.advance(timedelta(minutes=11))
        nonces._claims = 0  # type: ignore[attr-defined]  # the next claim sweeps
        body = _order(clock, "o-s9")
        assert _post(url, key, body, sign_headers(secret, body, clock.now())).status_code == 200
    with engine(sqlite_url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(PartnerNonceRow)).scalar() == 1
