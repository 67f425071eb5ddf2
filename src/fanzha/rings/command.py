"""The ``fanzha rings`` command's body: read, group, write, and score against a truth."""

from __future__ import annotations

import json
import time
from pathlib import Path

import msgspec
from rich.console import Console
from rich.table import Table

from fanzha.contract.readers import read_events
from fanzha.rings.config import RingConfig
from fanzha.rings.evaluate import score_rings
from fanzha.rings.evidence import Evidence
from fanzha.rings.group import find_rings
from fanzha.rings.model import Ring
from fanzha.trace.config import TraceConfig


def rings_from_files(
    files: list[Path], trace_config: Path | None = None, config: Path | None = None
) -> tuple[list[Ring], Evidence, int]:
    """The rings of the event files, the evidence read, and how many bad lines were skipped."""
    rejected = 0

    def count(_: object) -> None:
        nonlocal rejected
        rejected += 1

    evidence = Evidence().extend_accepted(read_events(files, count))
    rings = find_rings(evidence, TraceConfig.load(trace_config), RingConfig.load(config))
    return rings, evidence, rejected


def write_rings(rings: list[Ring], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    encoder = msgspec.json.Encoder()
    with out.open("wb") as handle:
        for ring in rings:
            handle.write(encoder.encode(ring) + b"\n")


def read_rings(path: Path) -> list[Ring]:
    """Rings from a ``rings.jsonl``; a bad line is an error naming it."""
    decoder = msgspec.json.Decoder(Ring)
    rings = []
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rings.append(decoder.decode(line))
        except msgspec.ValidationError as error:
            raise ValueError(f"{path}:{number}: {error}") from error
    return rings


def load_into_store(rings: list[Ring], database_url: str | None, source: str) -> int:
    """Keep the rings in the service's database (analysts' decisions replayed); audited
    as the command line (``cli:rings``). Returns how many rings are active."""
    from fanzha.clock import SystemClock
    from fanzha.rings.service import RingService
    from fanzha.rings.sql import SqlRingRepository, stored_events
    from fanzha.security.roles import Principal, Role
    from fanzha.security.sql import SqlAuditLog
    from fanzha.settings import get_settings
    from fanzha.store import engine, migrate

    url = database_url or get_settings().effective_database_url
    migrate(url)
    db = engine(url)
    service = RingService(
        SqlRingRepository(db), lambda: stored_events(db), SystemClock(), SqlAuditLog(db)
    )
    return service.load(Principal(user_id="cli:rings", role=Role.CENTER_ANALYST), rings, source)


def run_rings(
    files: list[Path],
    out: Path,
    trace_config: Path | None,
    config: Path | None,
    truth: Path | None,
    load: bool = False,
    database_url: str | None = None,
) -> int:
    err = Console(stderr=True)
    began = time.perf_counter()
    rings, evidence, rejected = rings_from_files(files, trace_config, config)
    write_rings(rings, out)
    cases = sum(len(r.cases) for r in rings)
    err.print(
        f"{len(rings):,} rings holding {cases:,} cases, "
        f"{sum(len(r.accounts) for r in rings):,} accounts, "
        f"{sum(len(r.phones) for r in rings):,} phones and "
        f"{sum(len(r.addresses) for r in rings):,} addresses "
        f"in {time.perf_counter() - began:.1f} s → {out}"
        + (f"; {rejected:,} bad lines skipped" if rejected else "")
    )
    if load:
        active = load_into_store(rings, database_url, str(out))
        err.print(f"{active:,} rings kept in the database (analysts' merges and splits replayed)")
    if truth is not None:
        score = score_rings(
            rings, json.loads(truth.read_text(encoding="utf-8")), evidence.money.index
        )
        table = Table(title="rings against the city's truth")
        table.add_column("figure")
        table.add_column("value", justify="right")
        table.add_row("adjusted Rand index (all mule accounts)", f"{score.ari:.3f}")
        table.add_row(
            "adjusted Rand index (mule accounts in the events)", f"{score.ari_observed:.3f}"
        )
        table.add_row("rings (truth)", str(score.true_rings))
        table.add_row("rings (found)", str(score.found_rings))
        table.add_row("found rings mixing true rings", str(score.impure_rings))
        table.add_row("mule accounts in a found ring", f"{score.mules_in_rings}/{score.mules}")
        err.print(table)
        print(json.dumps(score.__dict__))
    return 0
