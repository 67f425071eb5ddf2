"""Resolver query logs (BIND, unbound, dnsmasq) in, per-rule hit counts out.

The three formats, recognised line by line (a file may mix them, e.g. a syslog
that several resolvers write to)::

    BIND     03-Mar-2025 09:00:00.123 queries: info: client @0x7f.. 10.0.0.9#53421
             (www.evil.com): query: www.evil.com IN A +E(0)K (10.0.0.53)
    unbound  [1741000000] unbound[811:0] info: 10.0.0.9 www.evil.com. A IN
    dnsmasq  Mar  3 09:00:00 dnsmasq[920]: query[A] www.evil.com from 10.0.0.9

Lines a resolver writes besides queries (unbound's replies and start-up, dnsmasq's
forwarded/reply/cached) are passed over; lines of no known format are bad: counted,
and the first few reported with their numbers. Why names are counted before
they are looked up: a resolver sees the same few thousand names all day, so a
million queries are a few ten thousand distinct lookups, done in one batch.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.counts import HitCounts

_BIND = re.compile(r"query: (\S+) IN \S+")
_UNBOUND = re.compile(r"info: \S+ (\S+) \S+ IN\s*$")
_DNSMASQ = re.compile(r"dnsmasq\[\d+\]: (?:\d+ \S+ )?query\[[\w-]+\] (\S+) from ")
_PASSED = object()
"""A resolver's line that is not a query (a reply, a start-up message)."""
BAD_SHOWN = 5


@dataclass
class LogCount:
    """What reading some logs found; ``rules`` counts queries per (kind, rule value)."""

    queries: int = 0
    matched: int = 0
    passed: int = 0
    bad: int = 0
    bad_lines: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, line number, text) of the first few bad lines."""
    skipped_logs: list[str] = field(default_factory=list)
    """Logs counted before (same content): counting them again would double the hits."""
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)


def queried_name(line: str) -> str | object | None:
    """The name a query line asks for; ``_PASSED`` for a resolver's other lines; None if
    the line is of no known format."""
    if "query: " in line:
        found = _BIND.search(line)
        return found.group(1) if found else None
    if "dnsmasq[" in line:
        found = _DNSMASQ.search(line)
        return found.group(1) if found else _PASSED
    if "unbound" in line and "info: " in line:
        found = _UNBOUND.search(line)
        return found.group(1) if found else _PASSED
    if "unbound" in line or "named[" in line:
        return _PASSED
    return None


_FINDERS = (
    re.compile(r"query: (\S+) IN \S+"),
    re.compile(r"dnsmasq\[\d+\]: (?:\d+ \S+ )?query\[[\w-]+\] (\S+) from "),
    re.compile(r"unbound\S*:? [^\n]*?info: \S+ (\S+) \S+ IN[ \t\r]*$", re.M),
)
"""The three query forms, each searched over a whole block of the log: a literal
start lets the regular-expression engine skip ahead, where one match call a line
would take most of the time."""


def _chunks(path: Path, digest: Any) -> Iterator[str]:
    """The log a few megabytes at a time, cut at line ends."""
    opener = gzip.open if path.suffix == ".gz" else open
    rest = b""
    with opener(path, "rb") as raw:
        while block := raw.read(1 << 22):
            digest.update(block)
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            yield block[:cut].decode("utf-8", errors="replace")
    if rest:
        yield rest.decode("utf-8", errors="replace") + "\n"


def read_names(path: Path, result: LogCount) -> tuple[Counter[str], str]:
    """Queried names of one log, counted; also the log's content fingerprint.

    Queries are found block by block; only a block holding other lines too is read
    line by line, to tell a resolver's other messages from bad lines."""
    raw: Counter[str] = Counter()
    digest = hashlib.sha256()
    number = 0
    for text in _chunks(path, digest):
        found = 0
        for finder in _FINDERS:
            names = finder.findall(text)
            found += len(names)
            raw.update(names)
        if text.count("\n") == found:  # every line a query: nothing else to tell apart
            number += found
            continue
        lines = text.split("\n")[:-1]
        blank = lines.count("") + sum(1 for line in lines if line and line.isspace())
        if len(lines) - blank > found:
            for offset, line in enumerate(lines, start=number + 1):
                if not line.strip():
                    continue
                name = queried_name(line)
                if name is _PASSED:
                    result.passed += 1
                elif name is None:
                    result.bad += 1
                    if len(result.bad_lines) < BAD_SHOWN:
                        result.bad_lines.append((str(path), offset, line.rstrip("\r")[:200]))
        number += len(lines)
    names_out: Counter[str] = Counter()
    for name, n in raw.items():  # distinct names only: a few ten thousand
        names_out[name.rstrip(".").lower()] += n
    return names_out, digest.hexdigest()


def count_names(blocklist: Blocklist, names: Counter[str], now: datetime, result: LogCount) -> None:
    """Add each name's queries to the most specific rule blocking it (parents count)."""
    distinct = list(names)
    if not distinct:
        return
    weights = np.fromiter(names.values(), dtype=np.int64, count=len(distinct))
    codes = blocklist.domain_rules(distinct, now)
    hit = codes >= 0
    result.queries += int(weights.sum())
    result.matched += int(weights[hit].sum())
    found, inverse = np.unique(codes[hit], return_inverse=True)
    totals = np.bincount(inverse, weights=weights[hit]).astype(np.int64)
    entries = blocklist.rules_at(found.tolist())
    for entry, total in zip(entries, totals.tolist(), strict=True):
        key = (entry.kind, entry.value)
        result.rules[key] += total
        result.entries[key] = entry


def count_logs(
    paths: Iterable[Path], blocklist: Blocklist, hits: HitCounts | None, now: datetime
) -> LogCount:
    """Count each log into per-rule hits; with ``hits``, store them (a log once only)."""
    result = LogCount()
    for path in paths:
        names, fingerprint = read_names(path, result)
        if hits is not None and hits.counted_log(fingerprint):
            result.skipped_logs.append(str(path))
            continue
        before = Counter(result.rules)
        count_names(blocklist, names, now, result)
        if hits is not None:
            added = result.rules - before
            hits.add_many("resolver", ((k, v, n) for (k, v), n in added.items()))
            hits.mark_log(fingerprint, sum(names.values()))
    if hits is not None:
        hits.file.flush()
    return result
