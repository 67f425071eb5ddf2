from datetime import UTC, datetime, timedelta

import pytest

from fanzha.clock import ManualClock
from fanzha.partners.ratelimit import TokenBucket
from fanzha.partners.registry import (
    DEFAULT_SCOPES,
    AuthError,
    Partner,
    PartnerRegistry,
    PartnerType,
    Scope,
    issue_key,
    rotate_key,
)
from fanzha.partners.signing import ReplayGuard, SignatureError, sign_headers

T = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def partner(pid: str, kind: PartnerType, allow: list[str] | None = None) -> Partner:
    return Partner(
        partner_id=pid,
        name=pid,
        type=kind,
        source=f"platform:{pid}",
        scopes=DEFAULT_SCOPES[kind],
        ip_allowlist=allow or [],
    )


def test_keys_are_stored_hashed_and_authenticate_their_owner() -> None:
    a = partner("huolala", PartnerType.FREIGHT)
    b = partner("icbc", PartnerType.BANK)
    registry = PartnerRegistry([a, b])
    key_a, key_b = issue_key(a, T), issue_key(b, T)
    assert key_a not in str(a.keys)
    assert registry.authenticate(key_a, "127.0.0.1", T) is a
    assert registry.authenticate(key_b, "127.0.0.1", T) is b
    with pytest.raises(AuthError):
        registry.authenticate(key_a + "x", "127.0.0.1", T)


def test_scopes_follow_partner_type() -> None:
    bank = partner("icbc", PartnerType.BANK)
    PartnerRegistry.require(bank, Scope.CHECK_GOLD)
    with pytest.raises(AuthError) as err:
        PartnerRegistry.require(bank, Scope.CHECK_ORDER)
    assert err.value.status == 403


def test_ip_allowlist() -> None:
    a = partner("didi", PartnerType.RIDE_HAILING, allow=["10.8.0.0/16"])
    registry = PartnerRegistry([a])
    key = issue_key(a, T)
    assert registry.authenticate(key, "10.8.3.4", T) is a
    with pytest.raises(AuthError, match="not allowed"):
        registry.authenticate(key, "10.9.0.1", T)


def test_rotation_keeps_old_key_during_grace_then_refuses_it() -> None:
    a = partner("sf", PartnerType.EXPRESS)
    registry = PartnerRegistry([a])
    old = issue_key(a, T)
    new = rotate_key(a, T + timedelta(days=1), grace=timedelta(days=7))
    assert registry.authenticate(old, "127.0.0.1", T + timedelta(days=2)) is a
    assert registry.authenticate(new, "127.0.0.1", T + timedelta(days=2)) is a
    with pytest.raises(AuthError, match="expired"):
        registry.authenticate(old, "127.0.0.1", T + timedelta(days=9))
    assert registry.authenticate(new, "127.0.0.1", T + timedelta(days=9)) is a


def test_signed_request_verifies_once_and_replay_is_refused() -> None:
    guard = ReplayGuard()
    body = b'{"order_id": "HL1"}'
    headers = sign_headers("s3cret", body, T)
    guard.verify("s3cret", headers, body, T + timedelta(seconds=2))
    with pytest.raises(SignatureError, match="replayed"):
        guard.verify("s3cret", headers, body, T + timedelta(seconds=3))
    with pytest.raises(SignatureError, match="does not match"):
        guard.verify("s3cret", sign_headers("s3cret", body, T), body + b" ", T)
    with pytest.raises(SignatureError, match="window"):
        guard.verify("s3cret", sign_headers("s3cret", body, T), body, T + timedelta(minutes=6))


def test_token_bucket_limits_rate() -> None:
    clock = ManualClock(T)
    bucket = TokenBucket(rate_per_s=10, clock=clock)
    assert sum(bucket.take() for _ in range(25)) == 10
    clock.advance(timedelta(seconds=0.5))
    assert sum(bucket.take() for _ in range(25)) == 5
