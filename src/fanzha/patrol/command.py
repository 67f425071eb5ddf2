"""The ``fanzha patrol`` commands: one function each, called by the thin CLI."""

from __future__ import annotations

import json
import sys
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from fanzha.clock import SystemClock
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.formats import (
    ExportFormat,
    ImportFormat,
    read_indicators,
    write_firewall,
    write_hosts,
    write_plain,
    write_rpz,
    write_stix,
)
from fanzha.patrol.indicators import default_store_path
from fanzha.patrol.names import KINDS, IndicatorKind


def run_import(
    path: Path,
    fmt: ImportFormat,
    kind: IndicatorKind,
    source: str,
    reason: str,
    typology: str,
    expires_days: int | None,
    store: Path | None,
    allow: bool = False,
) -> int:
    """Add one file as a delta segment (or to the allowlist); returns entries kept."""
    blocklist = Blocklist(store or default_store_path())
    now = SystemClock().now()
    values = read_indicators(path, fmt)
    if allow:
        listed = list(values)
        blocklist.allow(kind, listed)
        return len(listed)
    expires = now + timedelta(days=expires_days) if expires_days else None
    entries = (Entry(kind, v, source, reason, typology, now, now, expires) for v in values)
    return blocklist.add(entries, now)


class ExportMismatch(ValueError):
    """A format that cannot hold the kind asked for (an RPZ zone of phone numbers)."""


_FORMAT_KINDS: dict[str, tuple[IndicatorKind, ...]] = {
    "rpz": ("domain", "ip"),
    "hosts": ("domain",),
    "firewall": ("ip", "ipport"),
}


def export_kinds(fmt: ExportFormat, kind: IndicatorKind | None) -> tuple[IndicatorKind, ...]:
    """The kinds an export writes. ``--kind ip`` means addresses, ranges and IP:port
    pairs alike: a firewall blocks them all."""
    wanted: tuple[IndicatorKind, ...] = (
        KINDS if kind is None else ("ip", "ipport") if kind == "ip" else (kind,)
    )
    if fmt == "plain" and kind is None:
        raise ExportMismatch("a plain list holds one kind: give --kind")
    allowed = _FORMAT_KINDS.get(fmt, KINDS)
    chosen = tuple(k for k in wanted if k in allowed)
    if not chosen:
        raise ExportMismatch(f"{fmt} cannot hold {kind} entries (it holds {', '.join(allowed)})")
    return chosen


def run_export(
    fmt: ExportFormat,
    out: Path,
    store: Path | None,
    zone: str = "rpz.fanzha.local",
    now: datetime | None = None,
    kind: IndicatorKind | None = None,
) -> int:
    """Write the live entries; ``now`` decides which have expired (the service's clock)."""
    kinds = export_kinds(fmt, kind)
    blocklist = Blocklist(store or default_store_path())
    now = now or SystemClock().now()

    def live(k: IndicatorKind) -> Iterator[Entry]:
        return blocklist.entries(now, k) if k in kinds else iter(())

    with out.open("w", encoding="utf-8") as handle:
        if fmt == "rpz":
            domains = (e.value for e in live("domain"))
            addresses = (e.value for e in live("ip"))
            return write_rpz(domains, handle, zone, int(now.timestamp()), addresses)
        if fmt == "hosts":
            return write_hosts((e.value for e in live("domain")), handle)
        if fmt == "firewall":
            pairs = ((e.kind, e.value) for k in kinds for e in live(k))
            return write_firewall(pairs, handle)
        if fmt == "plain":
            return write_plain((e.value for k in kinds for e in live(k)), handle)
        rows = (
            (e.kind, e.value, e.reason, e.typology, e.first_seen or now, e.expires)
            for k in kinds
            for e in live(k)
        )
        return write_stix(rows, handle, now)


def run_compact(store: Path | None) -> int:
    blocklist = Blocklist(store or default_store_path())
    blocklist.compact()
    return len(blocklist)


def run_lookup(kind: IndicatorKind, values: list[str], store: Path | None) -> list[str]:
    blocklist = Blocklist(store or default_store_path())
    now = SystemClock().now()
    lines = []
    for value in values:
        entry = blocklist.match(kind, value, now)
        if entry is None:
            lines.append(f"{value}\tnot blocked")
        else:
            lines.append(f"{value}\tblocked by {entry.value}\t{entry.source}\t{entry.typology}")
    return lines


def run_domains(path: Path, as_json: bool, threshold: float) -> None:
    """Score a feed of newly seen domains; print the ones at or above the threshold."""
    from fanzha.patrol.lookalike import score_domain

    with path.open(encoding="utf-8") as feed:
        for line in feed:
            domain = line.strip()
            if not domain or domain.startswith("#"):
                continue
            result = score_domain(domain)
            if result.score < threshold:
                continue
            if as_json:
                record = {
                    "domain": result.domain,
                    "score": round(result.score, 3),
                    "brand": result.brand,
                    "reasons": result.reasons,
                }
                print(json.dumps(record, ensure_ascii=False))
            else:
                reasons = "; ".join(result.reasons)
                print(f"{result.domain}\t{result.score:.2f}\t{result.brand}\t{reasons}")


def read_page(file_or_url: str) -> str:
    """A local file, or an http://localhost URL (the intranet tests; no internet)."""
    if file_or_url.startswith(("http://", "https://")):
        with urllib.request.urlopen(file_or_url, timeout=10) as response:
            raw: bytes = response.read()
            charset = response.headers.get_content_charset() or "utf-8"
        return raw.decode(charset, errors="replace")
    return Path(file_or_url).read_text(encoding="utf-8", errors="replace")


def run_page(file_or_url: str, as_json: bool) -> None:
    from fanzha.patrol.classify import classify_page

    verdict = classify_page(read_page(file_or_url))
    if as_json:
        print(json.dumps(verdict.as_dict(), ensure_ascii=False))
    else:
        print(f"{verdict.verdict}\t{verdict.score:.2f}")
        for reason in verdict.reasons:
            print(f"  - {reason}")


def run_evaluate(holdout: str | None = None, per_verdict: int = 100, seed: int = 2) -> None:
    from fanzha.patrol.corpus import VERDICTS
    from fanzha.patrol.evaluate import evaluate_lookalikes, evaluate_pages

    report = evaluate_pages(per_verdict, seed, holdout)  # type: ignore[arg-type]
    print(f"page verdicts on pages the model was not trained on ({report.source})")
    print(f"{'verdict':12} {'precision':>9} {'recall':>7} {'n':>5}")
    for f in report.figures:
        print(f"{f.label:12} {f.precision:9.3f} {f.recall:7.3f} {f.support:5}")
    print(f"harmful pages caught (any harmful verdict): {report.harmful_recall:.1%}")
    print(f"benign pages judged benign:                 {report.benign_kept:.1%}")
    print("confusion (rows: truth, columns: verdict given):")
    print(" " * 12 + "".join(f"{v:>10}" for v in VERDICTS))
    for truth in VERDICTS:
        row = "".join(f"{report.confusion.get((truth, got), 0):>10}" for got in VERDICTS)
        print(f"{truth:12}{row}")
    print("by kind (right / pages):")
    for kind, (total, right) in report.by_kind.items():
        print(f"  {kind:32} {right:4}/{total:<4}")
    print("look-alike domains (held-out generated domains, seed 2, score >= 0.5)")
    for f in evaluate_lookalikes():
        print(f"{f.label:12} {f.precision:9.3f} {f.recall:7.3f} {f.support:5}")
    sys.stdout.flush()


def now_utc() -> datetime:
    return SystemClock().now()


def run_hits(
    logs: list[Path],
    store: Path | None,
    top: int,
    csv_out: Path | None,
    json_out: Path | None,
    save: bool = True,
) -> list[str]:
    """Count resolver logs into per-rule hits (stored unless ``save`` is off); print the
    top rules over every channel; write the full table as CSV and/or JSON."""
    from fanzha.patrol.counts import HitCounts
    from fanzha.patrol.querylogs import count_logs

    blocklist = Blocklist(store or default_store_path())
    hits = HitCounts(blocklist.path) if save else None
    result = count_logs(logs, blocklist, hits, SystemClock().now())
    lines = [
        f"{result.queries:,} queries, {result.matched:,} hit a rule, "
        f"{len(result.rules):,} rules hit; {result.passed:,} other resolver lines passed over, "
        f"{result.bad:,} bad lines skipped"
    ]
    lines += [f"bad line {path}:{number}: {text}" for path, number, text in result.bad_lines]
    lines += [f"{path}: counted before, not counted again" for path in result.skipped_logs]
    if hits is not None:
        table = [(r.kind, r.value, r.by_channel, r.total) for r in hits.top()]
    else:
        table = [
            (kind, value, {"resolver": n}, n) for (kind, value), n in result.rules.most_common()
        ]
    lines.append(f"{'hits':>10} {'resolver':>10} {'detection':>10} {'lookup':>8}  kind    rule")
    for kind, value, by, total in table[:top]:
        lines.append(
            f"{total:>10,} {by.get('resolver', 0):>10,} {by.get('detection', 0):>10,} "
            f"{by.get('lookup', 0):>8,}  {kind:7} {value}"
        )
    labels: dict[tuple[str, str], Entry] = {(e.kind, e.value): e for e in result.entries.values()}
    if csv_out is not None:
        _hits_csv(csv_out, table, labels)
    if json_out is not None:
        records = [{"kind": k, "rule": v, "hits": t, **by} for k, v, by, t in table]
        json_out.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return lines


def _hits_csv(
    out: Path,
    table: list[tuple[str, str, dict[str, int], int]],
    labels: dict[tuple[str, str], Entry],
) -> None:
    """UTF-8 with a BOM so Excel reads Chinese; cells that would start a formula as text."""
    import csv

    def cell(text: str) -> str:
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text

    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "rule", "hits", "resolver", "detection", "lookup", "typology"])
        for kind, value, by, total in table:
            entry = labels.get((kind, value))
            writer.writerow(
                [
                    kind,
                    cell(value),
                    total,
                    by.get("resolver", 0),
                    by.get("detection", 0),
                    by.get("lookup", 0),
                    cell(entry.typology if entry else ""),
                ]
            )
