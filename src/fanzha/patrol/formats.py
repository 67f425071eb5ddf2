"""Reading and writing blocklists in the formats resolvers and partners use.

Imports: plain lists (one indicator a line), hosts files (``0.0.0.0 evil.com``),
adblock rules (``||evil.com^``), RPZ zones (``evil.com CNAME .`` and ``*.evil.com``).
Exports, per kind: an RPZ zone (BIND ``response-policy``, Unbound ``rpz:``) — names
as QNAME triggers, addresses and ranges as ``rpz-ip`` response triggers; a hosts
file; a firewall list (``ip``, ``cidr`` or ``ip port`` a line, for ipset/nftables
scripts); a plain list of values; and a STIX 2.1 bundle of indicators for partners.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, TextIO

ImportFormat = Literal["plain", "hosts", "adblock", "rpz"]
ExportFormat = Literal["rpz", "hosts", "firewall", "plain", "stix"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("rpz", "hosts", "firewall", "plain", "stix")
_HOSTS_SINK = {"0.0.0.0", "127.0.0.1", "::", "::1", "0", "::0"}
_ADBLOCK = re.compile(r"^\|\|([^\^/$*|]+)\^?(\$.*)?$")


def read_plain(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text:
            yield text


def read_hosts(lines: Iterable[str]) -> Iterator[str]:
    """Hosts lines whose address is a sink; 'localhost' style names skipped."""
    for line in lines:
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and fields[0] in _HOSTS_SINK:
            for name in fields[1:]:
                if name not in {"localhost", "localhost.localdomain", "local", "broadcasthost"}:
                    yield name


def read_adblock(lines: Iterable[str]) -> Iterator[str]:
    """Only ``||domain^`` network rules; exceptions (``@@``) and cosmetic rules ignored."""
    for line in lines:
        match = _ADBLOCK.match(line.strip())
        if match:
            yield match.group(1)


def read_rpz(lines: Iterable[str], origin: str = "") -> Iterator[str]:
    """Owner names of policy records, made relative to $ORIGIN; wildcards fold into parents.

    Only block actions count (CNAME . / CNAME *. / A sinks); ``rpz-passthru.`` records
    are skipped. SOA and NS records of the zone itself are skipped.
    """
    last_owner = ""
    for raw in lines:
        line = raw.split(";", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("$ORIGIN"):
            origin = line.split()[1].rstrip(".")
            continue
        if line.startswith("$"):
            continue
        fields = line.split()
        owner = last_owner if raw[0] in " \t" else fields.pop(0)
        last_owner = owner
        upper = [f.upper() for f in fields]
        if "SOA" in upper or "NS" in upper or "rpz-passthru." in fields:
            continue
        if not owner or owner == "@":
            continue
        name = owner[:-1] if owner.endswith(".") else f"{owner}.{origin}" if origin else owner
        if origin and name.endswith("." + origin):
            name = name[: -len(origin) - 1]
        if name.startswith("*."):
            name = name[2:]
        yield name


def read_indicators(path: Path, fmt: ImportFormat) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        if fmt == "plain":
            yield from read_plain(handle)
        elif fmt == "hosts":
            yield from read_hosts(handle)
        elif fmt == "adblock":
            yield from read_adblock(handle)
        else:
            yield from read_rpz(handle)


def rpz_ip_owner(value: str) -> str:
    """The ``rpz-ip`` owner name of an address or range (RPZ draft, section 4.2):
    prefix length, then the address's labels reversed — v6 groups without leading
    zeros, the longest run of zero groups written ``zz``."""
    network = ipaddress.ip_network(value)
    if network.version == 4:
        labels = str(network.network_address).split(".")[::-1]
    else:
        groups = [format(int(g, 16), "x") for g in network.network_address.exploded.split(":")]
        best, run_start, best_len = -1, -1, 1
        for i, group in enumerate([*groups, "end"]):
            if group == "0" and run_start < 0:
                run_start = i
            elif group != "0" and run_start >= 0:
                if i - run_start > best_len:
                    best, best_len = run_start, i - run_start
                run_start = -1
        if best >= 0:
            groups = [*groups[:best], "zz", *groups[best + best_len :]]
        labels = groups[::-1]
    return f"{network.prefixlen}.{'.'.join(labels)}.rpz-ip"


def write_rpz(
    domains: Iterable[str], out: TextIO, zone: str, serial: int, addresses: Iterable[str] = ()
) -> int:
    """A loadable RPZ zone: each domain and its sub-domains answer NXDOMAIN; each address
    or range blocks any answer that resolves into it (``rpz-ip``)."""
    out.write(f"$TTL 300\n@ IN SOA localhost. hostmaster.{zone}. {serial} 3600 600 86400 300\n")
    out.write("@ IN NS localhost.\n")
    count = 0
    for domain in domains:
        out.write(f"{domain} CNAME .\n*.{domain} CNAME .\n")
        count += 1
    for address in addresses:
        out.write(f"{rpz_ip_owner(address)} CNAME .\n")
        count += 1
    return count


def write_firewall(entries: Iterable[tuple[str, str]], out: TextIO) -> int:
    """One rule a line, for scripts that feed ipset or nftables sets:
    ``203.0.113.5``, ``10.8.0.0/16``, or ``198.51.100.7 8443`` (address, then TCP/UDP port).
    ``(kind, value)`` pairs of kinds ip and ipport; others are skipped."""
    out.write("# fanzha firewall list: address | cidr | address port\n")
    count = 0
    for kind, value in entries:
        if kind == "ip":
            out.write(f"{value}\n")
        elif kind == "ipport":
            host, _, port = value.rpartition(":")
            out.write(f"{host.strip('[]')} {port}\n")
        else:
            continue
        count += 1
    return count


def write_plain(values: Iterable[str], out: TextIO) -> int:
    """One normalised value a line: what ``import --format plain`` reads back."""
    count = 0
    for value in values:
        out.write(f"{value}\n")
        count += 1
    return count


def write_hosts(domains: Iterable[str], out: TextIO) -> int:
    """Hosts files have no wildcards: only the listed names are sunk."""
    out.write("# fanzha blocklist\n")
    count = 0
    for domain in domains:
        out.write(f"0.0.0.0 {domain}\n")
        count += 1
    return count


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def stix_pattern(kind: str, value: str) -> str:
    """A STIX 2.1 pattern per kind; custom ``x-fanzha-*`` objects where STIX has no type."""
    if kind == "domain":
        return f"[domain-name:value = {_quoted(value)}]"
    if kind == "url":
        return f"[url:value = {_quoted('http://' + value)}]"
    if kind == "phone":
        return f"[x-fanzha-phone:value = {_quoted(value)}]"
    if kind == "account":
        return f"[x-fanzha-account:value = {_quoted(value)}]"
    if kind == "ip":
        version = ipaddress.ip_network(value).version
        return f"[ipv{version}-addr:value = {_quoted(value)}]"
    if kind == "ipport":
        host, _, port = value.rpartition(":")
        version = ipaddress.ip_address(host.strip("[]")).version
        return (
            f"[network-traffic:dst_ref.type = 'ipv{version}-addr' AND "
            f"network-traffic:dst_ref.value = {_quoted(host.strip('[]'))} AND "
            f"network-traffic:dst_port = {int(port)}]"
        )
    return f"[software:x_fanzha_app_id = {_quoted(value)}]"


StixRow = tuple[str, str, str, str, datetime, datetime | None]
"""(kind, value, reason, typology, valid_from, valid_until or None)."""


def write_stix(indicators: Iterable[StixRow], out: TextIO, created: datetime) -> int:
    """A STIX 2.1 bundle, one Indicator a row; ``valid_until`` from the rule's expiry.

    Built with the ``stix2`` library so partners' validators accept it.
    """
    import stix2

    objects = []
    for kind, value, reason, typology, valid_from, valid_until in indicators:
        until = valid_until if valid_until and valid_until > valid_from else None
        if valid_until and until is None:  # STIX wants until > from: keep the second
            until = valid_from + timedelta(seconds=1)
        objects.append(
            stix2.Indicator(
                name=f"{kind} {value}",
                description=reason or None,
                pattern=stix_pattern(kind, value),
                pattern_type="stix",
                valid_from=valid_from,
                valid_until=until,
                created=created,
                modified=created,
                indicator_types=["malicious-activity"],
                labels=[typology] if typology else None,
                allow_custom=True,
            )
        )
    bundle = stix2.Bundle(objects=objects, allow_custom=True)
    out.write(json.dumps(json.loads(bundle.serialize()), ensure_ascii=False, indent=1))
    return len(objects)
