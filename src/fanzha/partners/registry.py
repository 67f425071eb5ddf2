"""Partner registry: types, scopes, hashed API keys, IP allowlists, rotation.

API keys are 256-bit random tokens, so a SHA-256 of the key is a safe and fast
stored form (unlike passwords, they cannot be guessed from a dictionary). A
partner may hold several keys at once: rotation issues a new key and gives the
old one a grace period, so the partner switches without downtime.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

import msgspec

from fanzha.security.roles import Principal, Role


class PartnerType(StrEnum):
    BANK = "bank"
    TELECOM = "telecom"
    RIDE_HAILING = "ride_hailing"
    FREIGHT = "freight"
    EXPRESS = "express"
    GOLD_SELLER = "gold_seller"


class Scope(StrEnum):
    EVENTS_WRITE = "events:write"
    CHECK_ORDER = "checks:order"
    CHECK_GOLD = "checks:gold"
    CHECK_PARCEL = "checks:parcel"
    CHECK_TRANSFER = "checks:transfer"
    """A bank asks before it executes a transfer (``POST /v1/checks/transfer``)."""
    CHECK_ACCOUNT = "checks:account"
    """A bank asks what the center thinks of one account (``GET /v1/checks/account/{id}``)."""
    CLUES_WRITE = "clues:write"
    WARNINGS_READ = "warnings:read"
    FEEDBACK_WRITE = "feedback:write"
    LOOKUP_READ = "lookup:read"
    """风险查询 of numbers, accounts, URLs and addresses (``GET /v1/lookup``)."""


DEFAULT_SCOPES: dict[PartnerType, frozenset[Scope]] = {
    PartnerType.BANK: frozenset(
        {
            Scope.EVENTS_WRITE,
            Scope.CHECK_GOLD,
            Scope.CHECK_TRANSFER,
            Scope.CHECK_ACCOUNT,
            Scope.CLUES_WRITE,
            Scope.WARNINGS_READ,
            Scope.FEEDBACK_WRITE,
            Scope.LOOKUP_READ,
        }
    ),
    PartnerType.TELECOM: frozenset(
        {Scope.EVENTS_WRITE, Scope.CLUES_WRITE, Scope.WARNINGS_READ, Scope.LOOKUP_READ}
    ),
    PartnerType.RIDE_HAILING: frozenset(
        {
            Scope.EVENTS_WRITE,
            Scope.CHECK_ORDER,
            Scope.CLUES_WRITE,
            Scope.WARNINGS_READ,
            Scope.FEEDBACK_WRITE,
            Scope.LOOKUP_READ,
        }
    ),
    PartnerType.FREIGHT: frozenset(
        {
            Scope.EVENTS_WRITE,
            Scope.CHECK_ORDER,
            Scope.CLUES_WRITE,
            Scope.WARNINGS_READ,
            Scope.FEEDBACK_WRITE,
            Scope.LOOKUP_READ,
        }
    ),
    PartnerType.EXPRESS: frozenset(
        {
            Scope.EVENTS_WRITE,
            Scope.CHECK_PARCEL,
            Scope.CLUES_WRITE,
            Scope.WARNINGS_READ,
            Scope.FEEDBACK_WRITE,
            Scope.LOOKUP_READ,
        }
    ),
    PartnerType.GOLD_SELLER: frozenset(
        {
            Scope.EVENTS_WRITE,
            Scope.CHECK_GOLD,
            Scope.CLUES_WRITE,
            Scope.WARNINGS_READ,
            Scope.FEEDBACK_WRITE,
            Scope.LOOKUP_READ,
        }
    ),
}


class ApiKey(msgspec.Struct, kw_only=True):
    key_id: str
    key_hash: str
    created: datetime
    expires: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.expires is None or now < self.expires


class Partner(msgspec.Struct, kw_only=True):
    partner_id: str
    name: str
    type: PartnerType
    source: str
    """The contract ``source`` its events carry, e.g. ``platform:huolala``."""
    scopes: frozenset[Scope]
    ip_allowlist: list[str] = []
    """CIDR blocks; empty means any address (for tests and loopback demos)."""
    rate_limit_per_s: float = 200.0
    webhook_url: str | None = None
    webhook_secret: str | None = None
    keys: list[ApiKey] = []
    require_signature: bool = False
    """Every request must carry a valid HMAC signature (``signing``), not only those
    that happen to send one: a stolen key alone is then not enough."""

    def allows_ip(self, address: str) -> bool:
        if not self.ip_allowlist:
            return True
        ip = ipaddress.ip_address(address)
        return any(ip in ipaddress.ip_network(block) for block in self.ip_allowlist)

    def principal(self) -> Principal:
        """How the partner's reads and answers appear in the audit log: a machine,
        named by its partner id."""
        return Principal(user_id=f"partner:{self.partner_id}", role=Role.ADMIN)


class AuthError(PermissionError):
    """Why a partner request was refused; ``status`` is the HTTP code to answer."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.status = status


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(partner: Partner, now: datetime) -> str:
    """A new key for the partner; the plaintext is returned once and never stored."""
    key_id = secrets.token_hex(4)
    key = f"fz_{key_id}_{secrets.token_urlsafe(32)}"
    partner.keys.append(ApiKey(key_id=key_id, key_hash=hash_key(key), created=now))
    return key


def rotate_key(partner: Partner, now: datetime, grace: timedelta = timedelta(days=7)) -> str:
    """Issue a new key; existing keys keep working for ``grace``, then expire."""
    for key in partner.keys:
        if key.active(now):
            key.expires = min(key.expires or now + grace, now + grace)
    return issue_key(partner, now)


def revoke_key(partner: Partner, key_id: str, now: datetime) -> None:
    for key in partner.keys:
        if key.key_id == key_id:
            key.expires = now


class PartnerRegistry:
    """In-process registry; the service loads it from the store and keeps it fresh."""

    def __init__(self, partners: list[Partner] | None = None) -> None:
        self._partners: dict[str, Partner] = {}
        for partner in partners or []:
            self.add(partner)

    def add(self, partner: Partner) -> None:
        self._partners[partner.partner_id] = partner

    def get(self, partner_id: str) -> Partner:
        return self._partners[partner_id]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._partners.values())

    def authenticate(self, key: str, address: str, now: datetime) -> Partner:
        """The partner owning ``key`` if it is active and ``address`` is allowed."""
        parts = key.split("_")
        key_id = parts[1] if len(parts) >= 3 and parts[0] == "fz" else ""
        digest = hash_key(key)
        for partner in self._partners.values():
            for stored in partner.keys:
                if stored.key_id == key_id and hmac.compare_digest(stored.key_hash, digest):
                    if not stored.active(now):
                        raise AuthError("API key expired or revoked")
                    if not partner.allows_ip(address):
                        raise AuthError(f"address {address} is not allowed", status=403)
                    return partner
        raise AuthError("unknown API key")

    @staticmethod
    def require(partner: Partner, scope: Scope) -> None:
        if scope not in partner.scopes:
            raise AuthError(f"partner {partner.partner_id} lacks scope {scope}", status=403)
