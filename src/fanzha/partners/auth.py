"""Who is asking: partners' keys, addresses, rate limits, signatures and replays.

One job: turn a request's key, address, headers and body into a ``Partner`` or
an ``AuthError`` carrying the HTTP status to answer. The registry is held in
memory (partners are few, requests many) and reloaded when a key is not found,
since another process or the CLI may have issued it since.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping

from fanzha.clock import Clock
from fanzha.partners.destinations import WebhookPolicy
from fanzha.partners.kinds import PartnerKinds, partner_kinds
from fanzha.partners.ratelimit import TokenBucket
from fanzha.partners.registry import (
    DEFAULT_SCOPES,
    AuthError,
    Partner,
    PartnerRegistry,
    PartnerType,
    issue_key,
    rotate_key,
)
from fanzha.partners.repository import PartnerStore
from fanzha.partners.signing import NonceStore, ReplayGuard, SignatureError, is_signed


class PartnerAuth:
    def __init__(
        self,
        store: PartnerStore,
        nonces: NonceStore,
        clock: Clock,
        webhooks: Callable[[], WebhookPolicy],
        kinds: PartnerKinds | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.webhooks = webhooks
        """Where webhooks may go, asked at registration (the outbox's current policy)."""
        self.guard = ReplayGuard(nonces=nonces)
        self.kinds: PartnerKinds = kinds or partner_kinds()
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()
        self._registry = store.registry()

    def registry(self) -> PartnerRegistry:
        return self._registry

    def reload(self) -> None:
        """Pick up partners added or rotated by another process (or the CLI)."""
        with self._lock:
            self._registry = self.store.registry()

    def add_partner(
        self,
        partner_id: str,
        name: str,
        type: PartnerType,
        source: str,
        webhook_url: str | None = None,
        ip_allowlist: list[str] | None = None,
        rate_limit_per_s: float = 200.0,
        require_signature: bool = False,
    ) -> tuple[Partner, str]:
        """A new partner and its first API key (shown once; only its hash is kept).

        ``ValueError`` when its source does not fit its type or its webhook URL
        is not allowed (``destinations.DestinationRefused``)."""
        refused = self.kinds.source_refusal(type, source)
        if refused is not None:
            raise ValueError(f"source: {refused}")
        if webhook_url is not None:
            self.webhooks().check(webhook_url)
        partner = Partner(
            partner_id=partner_id,
            name=name,
            type=type,
            source=source,
            scopes=DEFAULT_SCOPES[type],
            ip_allowlist=ip_allowlist or [],
            rate_limit_per_s=rate_limit_per_s,
            webhook_url=webhook_url,
            webhook_secret=secrets.token_urlsafe(32),
            require_signature=require_signature,
        )
        key = issue_key(partner, self.clock.now())
        self.store.save(partner)
        self.reload()
        return partner, key

    def rotate(self, partner_id: str) -> str:
        """A new key; the old ones keep working for the grace period. ``KeyError`` if unknown."""
        partner = self.store.registry().get(partner_id)
        key = rotate_key(partner, self.clock.now())
        self.store.save(partner)
        self.reload()
        return key

    def authenticate(
        self,
        key: str | None,
        address: str,
        headers: Mapping[str, str],
        body: bytes,
        must_sign: bool = False,
    ) -> Partner:
        """The partner behind a request: key, address, rate, and the signature — which
        a partner registered with ``require_signature`` must send (every partner, where
        ``must_sign``: an answer to a measure order), and which is checked whenever any
        of its headers is sent."""
        if not key:
            raise AuthError("send the partner API key in X-Api-Key")
        now = self.clock.now()
        try:
            partner = self._registry.authenticate(key, address, now)
        except AuthError:
            self.reload()  # a key issued by another process since we loaded
            partner = self._registry.authenticate(key, address, now)
        self._take(partner)
        signed = is_signed(dict(headers))
        if (partner.require_signature or must_sign) and not signed:
            raise AuthError(
                f"partner {partner.partner_id} must sign its requests "
                "(X-Fanzha-Timestamp, X-Fanzha-Nonce, X-Fanzha-Signature)"
            )
        if signed:
            try:
                self.guard.verify(
                    partner.webhook_secret or "", dict(headers), body, now, partner.partner_id
                )
            except SignatureError as err:
                raise AuthError(f"bad signature: {err}") from err
        return partner

    def _take(self, partner: Partner) -> None:
        """One request from the partner's bucket, or a 429 saying when to come back."""
        with self._lock:
            bucket = self._buckets.get(partner.partner_id)
            if bucket is None:
                bucket = TokenBucket(partner.rate_limit_per_s, self.clock)
                self._buckets[partner.partner_id] = bucket
            if not bucket.take():
                error = AuthError(f"rate limit of {partner.rate_limit_per_s:g}/s", status=429)
                error.retry_after_s = bucket.retry_after_s()  # type: ignore[attr-defined]
                raise error
