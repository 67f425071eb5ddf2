"""The ``fanzha trace`` command's body: read, trace every report, write, draw, export."""

from __future__ import annotations

import json
import time
from pathlib import Path

import msgspec
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fanzha.contract.readers import read_events
from fanzha.trace.config import TraceConfig
from fanzha.trace.draw import draw_case, yuan
from fanzha.trace.export import case_network, ftm_entities, write_network
from fanzha.trace.freeze import FreezeRequest
from fanzha.trace.judge import judge_at_arrival, judge_freeze_list, judge_reported
from fanzha.trace.rounds import BankRecords, trace_in_rounds
from fanzha.trace.tracer import Tracer


def run_trace(
    files: list[Path],
    out: Path,
    config_path: Path | None,
    answers: list[Path],
    case_id: str | None,
    svg: Path | None,
    ftm: Path | None,
    network: Path | None,
    truth: Path | None,
    at_report: bool = False,
    records: Path | None = None,
    answer_hours: tuple[float, float] = (1.0, 6.0),
) -> int:
    err = Console(stderr=True)
    config = TraceConfig.load(config_path)
    began = time.perf_counter()
    rejected = 0

    def count(_: object) -> None:
        nonlocal rejected
        rejected += 1

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        reading = progress.add_task("reading events", total=None)
        tracer = Tracer.from_accepted(read_events([*files, *answers], count), config)
        progress.update(reading, total=1, completed=1)
        cases = tracer.cases()
        tracing = progress.add_task("tracing reports", total=len(cases))
        if records is None:
            results = tracer.trace_all(
                cases, on_case=lambda: progress.advance(tracing), at_report=at_report
            )
        else:
            kept = BankRecords.read(read_events([records], count))
            results = trace_in_rounds(tracer, cases, kept, config.query_rounds, answer_hours)
            progress.update(tracing, completed=len(cases))
    requests = [r for _, _, rows in results for r in rows]
    encoder = msgspec.json.Encoder()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        for request in requests:
            handle.write(encoder.encode(request) + b"\n")
    seconds = time.perf_counter() - began
    stolen = sum(t.stolen for _, t, _ in results)
    held = sum(r.amount_fen for r in requests)
    queries = sum(1 for r in requests if r.action != "freeze")
    err.print(
        f"{len(tracer.graph):,} money movements, {len(results):,} reports traced "
        f"({config.policy}) in {seconds:.1f} s: stolen {yuan(stolen)}, still held {yuan(held)} "
        f"in {len(requests) - queries:,} freeze and {queries:,} other requests "
        f"(stop+query, query, hold) → {out}"
        + (f"; {rejected:,} bad lines skipped" if rejected else "")
    )
    if truth is not None:
        _print_score(err, tracer, requests, truth)
    if case_id is not None:
        found = [(c, t, r) for c, t, r in results if c.case_id == case_id]
        if not found:
            err.print(f"[red]no report with id {case_id}[/red]")
            return 1
        _, traced, rows = found[0]
        if svg is not None:
            svg.write_text(draw_case(tracer.graph, traced, rows, tracer.issuers), encoding="utf-8")
            err.print(f"money flow of {case_id} drawn to {svg}")
        if ftm is not None:
            with ftm.open("w", encoding="utf-8") as lines:
                for entity in ftm_entities(tracer.graph, traced, tracer.issuers):
                    lines.write(json.dumps(entity, ensure_ascii=False) + "\n")
            err.print(f"FollowTheMoney entities of {case_id} → {ftm}")
        if network is not None:
            write_network(case_network(tracer.graph, traced, rows, tracer.issuers), network)
            err.print(f"network of {case_id} → {network}")
    elif svg or ftm or network:
        err.print("[red]--svg, --ftm and --network need --case ID[/red]")
        return 2
    return 0


def _print_score(err: Console, tracer: Tracer, requests: list[FreezeRequest], path: Path) -> None:
    truth = json.loads(path.read_text(encoding="utf-8"))
    graph = tracer.graph
    payees = {graph.transfer_id(i): graph.names[int(d)] for i, d in enumerate(graph.dst.tolist())}
    everything = judge_freeze_list(requests, truth)
    reported = judge_reported(requests, truth, payees)
    timed = any("moves" in c for c in truth.get("cases") or [])
    sent = judge_at_arrival(requests, truth) if timed else None
    table = Table(title="freeze list against the city's truth")
    table.add_column("figure")
    table.add_column("reported cases", justify="right")
    if sent is not None:
        table.add_column("counted when sent", justify="right")
    table.add_column("all recoverable", justify="right")

    def row(name: str, *cells: str) -> None:
        table.add_row(name, *(cells if sent is not None else (cells[0], cells[-1])))

    row(
        "money covered",
        f"{reported.coverage:.1%}",
        f"{sent.coverage:.1%}" if sent else "",
        f"{everything.coverage:.1%}",
    )
    row("money (truth)", yuan(reported.recoverable_fen), "", yuan(everything.recoverable_fen))
    for kind, (money, covered) in reported.by_kind.items():
        share = f"{covered / money:.1%}" if money else "-"
        timed_share = ""
        if sent is not None and money:
            timed_share = f"{sent.by_kind.get(kind, (0, 0))[1] / money:.1%}"
        row(f"  {kind} mules", f"{share} of {yuan(money)}", timed_share, "")
    row(
        "stopped accounts that are mules",
        f"{reported.mule_accounts}/{reported.listed_accounts}",
        "",
        f"{reported.mule_share:.1%}",
    )
    row(
        "gold sellers, merchants, institutions stopped or held",
        str(len(reported.exits_stopped)),
        "",
        "",
    )
    others = len(set(reported.hubs_listed) - set(reported.exits_stopped))
    row("other hubs stopped", str(others), "", "")
    row("OTC traders held (hold_amount)", str(reported.otc_held), "", "")
    row("other innocent accounts held (hold_amount)", str(reported.innocent_held), "", "")
    row("OTC traders given more than hold_amount", str(len(reported.otc_misused)), "", "")
    row("requests without a bank", str(reported.without_bank), "", "")
    err.print(table)
