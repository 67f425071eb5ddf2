"""Where webhooks may go: http(s) to partner networks, never into the center itself.

A webhook URL is chosen by whoever registers the partner, and stop-payment
requests carry account numbers in clear, so an unchecked URL lets anyone with
that right make the center POST them to its own internal ports
(``http://127.0.0.1:5432``), to cloud metadata (``169.254.169.254``) or read
files (``file://``). The policy is checked twice: when the URL is registered,
and at every delivery *after* resolving the name — a name may point elsewhere
by then (DNS rebinding) — and the request then goes to the very address that
was checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Final

import httpx

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
SCHEMES: Final = frozenset({"http", "https"})


class DestinationRefused(ValueError):
    """A webhook URL or the address it resolves to is not allowed (the reason says why,
    for the admin registering it; delivery errors do not repeat it)."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class WebhookPolicy:
    """The partner networks webhooks may reach (settings ``FANZHA_WEBHOOK_*``)."""

    def __init__(
        self,
        networks: list[str] | tuple[str, ...] = (),
        allow_loopback: bool = False,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.networks = tuple(ipaddress.ip_network(n, strict=False) for n in networks)
        self.allow_loopback = allow_loopback
        self.resolver = resolver

    @classmethod
    def from_settings(cls) -> WebhookPolicy:
        from fanzha.settings import get_settings

        settings = get_settings()
        return cls(settings.webhook_networks, settings.webhook_allow_loopback)

    def refusal(self, address: IpAddress) -> str | None:
        """Why webhooks may not go to ``address``, or None when they may."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if address.is_loopback:
            return None if self.allow_loopback else "is this machine (loopback)"
        if address.is_link_local or address.is_multicast or address.is_unspecified:
            return "is link-local, multicast or unspecified"
        if self.networks:
            if any(address in network for network in self.networks):
                return None
            return "is not in the partner networks (FANZHA_WEBHOOK_NETWORKS)"
        if not address.is_global:
            return "is not a public address and no partner networks are configured"
        return None

    def parse(self, url: str) -> httpx.URL:
        """The URL if its form is allowed: http(s), a host, no credentials."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as err:
            raise DestinationRefused(f"webhook_url is not a URL: {err}") from err
        if parsed.scheme not in SCHEMES:
            raise DestinationRefused("webhook_url must be http:// or https://")
        if not parsed.host:
            raise DestinationRefused("webhook_url has no host")
        if parsed.userinfo:
            raise DestinationRefused("webhook_url must not carry a user name or password")
        return parsed

    def resolve(self, url: str) -> tuple[httpx.URL, str]:
        """The URL and the one address to send to; every address the name has must be
        allowed (a name that also points inside is refused as a whole)."""
        parsed = self.parse(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            literal: IpAddress | None = ipaddress.ip_address(parsed.host)
        except ValueError:
            literal = None
        try:
            found = [str(literal)] if literal is not None else self.resolver(parsed.host, port)
        except OSError as err:
            raise DestinationRefused(f"webhook host {parsed.host} cannot be resolved") from err
        if not found:
            raise DestinationRefused(f"webhook host {parsed.host} cannot be resolved")
        for text in found:
            why = self.refusal(ipaddress.ip_address(text.split("%")[0]))
            if why is not None:
                raise DestinationRefused(f"webhook host {parsed.host} {why}")
        return parsed, found[0]

    def check(self, url: str) -> str:
        """For registration: the URL as given, or ``DestinationRefused``."""
        self.resolve(url)
        return url


__all__ = ["DestinationRefused", "Resolver", "WebhookPolicy", "system_resolver"]
