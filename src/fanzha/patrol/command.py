"""The ``fanzha patrol`` commands: one function each, called by the thin CLI."""

from __future__ import annotations

import json
import sys
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

from fanzha.clock import SystemClock
from fanzha.patrol.blocklist import Blocklist, Entry
from fanzha.patrol.formats import ImportFormat, read_indicators, write_hosts, write_rpz, write_stix
from fanzha.patrol.indicators import default_store_path
from fanzha.patrol.names import IndicatorKind


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


def run_export(
    fmt: str,
    out: Path,
    store: Path | None,
    zone: str = "rpz.fanzha.local",
    now: datetime | None = None,
) -> int:
    """Write the live entries; ``now`` decides which have expired (the service's clock)."""
    blocklist = Blocklist(store or default_store_path())
    now = now or SystemClock().now()
    with out.open("w", encoding="utf-8") as handle:
        if fmt == "rpz":
            domains = (e.value for e in blocklist.entries(now, "domain"))
            return write_rpz(domains, handle, zone, int(now.timestamp()))
        if fmt == "hosts":
            return write_hosts((e.value for e in blocklist.entries(now, "domain")), handle)
        rows = (
            (e.kind, e.value, e.reason, e.typology, e.first_seen or now)
            for e in blocklist.entries(now)
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
    from fanzha.patrol.pages import classify_page

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
