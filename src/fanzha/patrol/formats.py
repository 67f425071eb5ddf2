"""Reading and writing blocklists in the formats resolvers and partners use.

Imports: plain lists (one indicator a line), hosts files (``0.0.0.0 evil.com``),
adblock rules (``||evil.com^``), RPZ zones (``evil.com CNAME .`` and ``*.evil.com``).
Exports: an RPZ zone (BIND ``response-policy``, Unbound ``rpz:``), a hosts file,
and a STIX 2.1 bundle of indicators for partner exchange.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Literal, TextIO

ImportFormat = Literal["plain", "hosts", "adblock", "rpz"]
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


def write_rpz(domains: Iterable[str], out: TextIO, zone: str, serial: int) -> int:
    """A loadable RPZ zone: each domain and its sub-domains answer NXDOMAIN."""
    out.write(f"$TTL 300\n@ IN SOA localhost. hostmaster.{zone}. {serial} 3600 600 86400 300\n")
    out.write("@ IN NS localhost.\n")
    count = 0
    for domain in domains:
        out.write(f"{domain} CNAME .\n*.{domain} CNAME .\n")
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


def stix_pattern(kind: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    if kind == "domain":
        return f"[domain-name:value = '{escaped}']"
    if kind == "url":
        return f"[url:value = 'http://{escaped}']"
    if kind == "phone":
        return f"[x-fanzha-phone:value = '{escaped}']"
    return f"[software:x_fanzha_app_id = '{escaped}']"


def write_stix(
    indicators: Iterable[tuple[str, str, str, str, datetime]], out: TextIO, created: datetime
) -> int:
    """A STIX 2.1 bundle; each (kind, value, reason, typology, valid_from) one Indicator.

    Built with the ``stix2`` library so partners' validators accept it.
    """
    import stix2

    objects = []
    for kind, value, reason, typology, valid_from in indicators:
        objects.append(
            stix2.Indicator(
                name=f"{kind} {value}",
                description=reason or None,
                pattern=stix_pattern(kind, value),
                pattern_type="stix",
                valid_from=valid_from,
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
