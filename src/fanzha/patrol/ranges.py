"""CIDR rules (``10.8.0.0/16``, ``2001:db8::/32``): a small table beside the hashed segments.

Why apart: a hashed segment answers "is this exact value listed", but an address
inside a blocked range has a value of its own. Ranges are few (thousands, not
millions), so they live in memory: one dict per prefix length, keyed by the
network's integer. A lookup masks the address once per prefix length in use
(at most 33 for v4, 129 for v6) and the longest prefix wins, as in a router's
table, so the cost does not grow with the number of ranges.

On disk, ``ranges.tsv`` is append-only, ``value<TAB>label<TAB>first<TAB>last<TAB>expires``
a line; a later line about the same network restates it (its first sighting kept).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class RangeRule:
    value: str
    label: int
    first_seen: int
    last_seen: int
    expires: int  # unix seconds, 0 = never

    def live(self, now_secs: int) -> bool:
        return self.expires == 0 or self.expires > now_secs


class RangeTable:
    """Longest-prefix match over the CIDR rules of one store directory."""

    def __init__(self, path: Path) -> None:
        self.file = path / "ranges.tsv"
        # (version, prefix length) -> network integer -> rule
        self._by_prefix: dict[tuple[int, int], dict[int, RangeRule]] = {}
        if self.file.exists():
            for line in self.file.read_text(encoding="utf-8").splitlines():
                value, label, first, last, expires = line.split("\t")
                self._keep(RangeRule(value, int(label), int(first), int(last), int(expires)))

    def __len__(self) -> int:
        return sum(len(table) for table in self._by_prefix.values())

    def _keep(self, rule: RangeRule) -> None:
        network = ipaddress.ip_network(rule.value)
        table = self._by_prefix.setdefault((network.version, network.prefixlen), {})
        key = int(network.network_address)
        earlier = table.get(key)
        if earlier is not None:
            rule = replace(rule, first_seen=min(rule.first_seen, earlier.first_seen))
        table[key] = rule

    def add(self, rules: Iterable[RangeRule]) -> int:
        kept = list(rules)
        if not kept:
            return 0
        with self.file.open("a", encoding="utf-8") as out:
            for rule in kept:
                out.write(
                    f"{rule.value}\t{rule.label}\t{rule.first_seen}\t{rule.last_seen}\t"
                    f"{rule.expires}\n"
                )
                self._keep(rule)
        return len(kept)

    def match(self, address: Address, now_secs: int) -> RangeRule | None:
        """The most specific live range holding the address, or None."""
        number, bits = int(address), address.max_prefixlen
        prefixes = sorted(
            (length for version, length in self._by_prefix if version == address.version),
            reverse=True,
        )
        for length in prefixes:
            masked = number >> (bits - length) << (bits - length)
            rule = self._by_prefix[(address.version, length)].get(masked)
            if rule is not None and rule.live(now_secs):
                return rule
        return None

    def rules(self, now_secs: int) -> Iterator[RangeRule]:
        """Every live range, v4 before v6, wider ranges first."""
        for version, length in sorted(self._by_prefix):
            for _, rule in sorted(self._by_prefix[(version, length)].items()):
                if rule.live(now_secs):
                    yield rule
