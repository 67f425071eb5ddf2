"""The ``fanzha patrol`` typer sub-app: argument parsing only, lazy imports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

if TYPE_CHECKING:
    from fanzha.patrol.formats import ImportFormat
    from fanzha.patrol.names import IndicatorKind

patrol_app = typer.Typer(
    help="Network patrol: blocklist, look-alike domains, page verdicts.", no_args_is_help=True
)
KIND_HELP = "domain, url, app, phone, account, ip (address or CIDR), ipport"
StoreOption = Annotated[
    Path | None, typer.Option(help="blocklist directory; default DATA_DIR/patrol/blocklist")
]


@patrol_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="list to import")],
    fmt: Annotated[str, typer.Option("--format", help="plain, hosts, adblock, rpz")] = "plain",
    kind: Annotated[str, typer.Option(help=KIND_HELP)] = "domain",
    source: Annotated[str, typer.Option(help="who reported these")] = "manual",
    reason: Annotated[str, typer.Option(help="why they are blocked")] = "",
    typology: Annotated[str, typer.Option(help="fraud typology")] = "",
    expires_days: Annotated[int | None, typer.Option(help="rule lifetime in days")] = None,
    allow: Annotated[bool, typer.Option(help="add to the allowlist instead")] = False,
    store: StoreOption = None,
) -> None:
    """Add a list as an incremental segment (no rebuild); `compact` merges segments."""
    from fanzha.patrol.command import run_import

    if fmt not in ("plain", "hosts", "adblock", "rpz"):
        raise typer.BadParameter(f"unknown format {fmt!r}", param_hint="--format")
    _check_kind(kind)
    count = run_import(
        file,
        cast("ImportFormat", fmt),
        cast("IndicatorKind", kind),
        source,
        reason,
        typology,
        expires_days,
        store,
        allow,
    )
    typer.echo(f"{count} entries added")


def _check_kind(kind: str | None) -> None:
    from fanzha.patrol.names import KINDS

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"unknown kind {kind!r}", param_hint="--kind")


@patrol_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="file to write")],
    fmt: Annotated[str, typer.Option("--format", help="rpz, hosts, firewall, plain, stix")] = "rpz",
    kind: Annotated[
        str | None, typer.Option(help=f"{KIND_HELP}; ip includes ipport; default all")
    ] = None,
    zone: Annotated[str, typer.Option(help="RPZ zone name")] = "rpz.fanzha.local",
    store: StoreOption = None,
) -> None:
    """RPZ zone or hosts file for resolvers, an IP list for firewalls (``ip``, ``cidr``,
    ``ip port`` lines), a plain list, or a STIX 2.1 bundle for partners."""
    from fanzha.patrol.command import ExportMismatch, run_export
    from fanzha.patrol.formats import EXPORT_FORMATS

    if fmt not in EXPORT_FORMATS:  # typer has no Literal choices here: checked by hand
        raise typer.BadParameter(f"unknown format {fmt!r}", param_hint="--format")
    _check_kind(kind)
    try:
        count = run_export(fmt, out, store, zone, kind=cast("IndicatorKind", kind))
    except ExportMismatch as err:
        raise typer.BadParameter(str(err), param_hint="--kind") from err
    typer.echo(f"{count} entries written to {out}")


@patrol_app.command("hits")
def hits(
    logs: Annotated[list[Path], typer.Argument(help="BIND, unbound or dnsmasq query logs")],
    top: Annotated[int, typer.Option(help="print this many rules")] = 20,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="write every rule as CSV")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="write every rule as JSON")
    ] = None,
    save: Annotated[bool, typer.Option(help="add the hits to the store's counters")] = True,
    store: StoreOption = None,
) -> None:
    """Per-rule hit counts from resolver query logs (sub-domains count for their rule).

    The format is recognised line by line; bad lines are counted and skipped. A log
    counted before (same content) is not counted again."""
    from fanzha.patrol.command import run_hits

    for path in logs:
        if not path.is_file():
            raise typer.BadParameter(f"no such log {path}", param_hint="LOGS")
    for line in run_hits(logs, store, top, csv_out, json_out, save):
        typer.echo(line)


@patrol_app.command("compact")
def compact(store: StoreOption = None) -> None:
    """Merge the delta segments into the base segment."""
    from fanzha.patrol.command import run_compact

    typer.echo(f"{run_compact(store)} entries in the base segment")


@patrol_app.command("lookup")
def lookup(
    values: Annotated[list[str], typer.Argument(help="domains, URLs, app ids, phones, …")],
    kind: Annotated[str, typer.Option(help=KIND_HELP)] = "domain",
    store: StoreOption = None,
) -> None:
    """Is it blocked, and by which rule."""
    from fanzha.patrol.command import run_lookup

    _check_kind(kind)

    for line in run_lookup(cast("IndicatorKind", kind), values, store):
        typer.echo(line)


@patrol_app.command("domains")
def domains(
    file: Annotated[Path, typer.Argument(help="newly seen domains, one a line")],
    json_: Annotated[bool, typer.Option("--json", help="one JSON object a line")] = False,
    threshold: Annotated[float, typer.Option(help="print scores at or above this")] = 0.5,
) -> None:
    """Score a feed of new domains for look-alikes of protected names."""
    from fanzha.patrol.command import run_domains

    run_domains(file, json_, threshold)


@patrol_app.command("page")
def page(
    file_or_url: Annotated[str, typer.Argument(help="HTML/text file or http://localhost URL")],
    json_: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Verdict for a page: fraud, gambling, porn_spam, hijacked or benign."""
    from fanzha.patrol.command import run_page

    run_page(file_or_url, json_)


@patrol_app.command("evaluate")
def evaluate(
    holdout: Annotated[
        str | None,
        typer.Option(
            help="captures (default), field or exam: generators written apart from the model;"
            " or own"
        ),
    ] = None,
    per_verdict: Annotated[int, typer.Option(help="held-out pages per verdict")] = 100,
    seed: Annotated[int, typer.Option(help="seed of the held-out generator")] = 2,
) -> None:
    """Precision and recall per page verdict and of look-alikes, on held-out pages."""
    from fanzha.patrol.command import run_evaluate

    if holdout not in (None, "captures", "field", "exam", "own"):
        raise typer.BadParameter(f"unknown holdout {holdout!r}", param_hint="--holdout")
    try:
        run_evaluate(holdout, per_verdict, seed)
    except LookupError as err:
        raise typer.BadParameter(str(err), param_hint="--holdout") from err
