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
StoreOption = Annotated[
    Path | None, typer.Option(help="blocklist directory; default DATA_DIR/patrol/blocklist")
]


@patrol_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="list to import")],
    fmt: Annotated[str, typer.Option("--format", help="plain, hosts, adblock, rpz")] = "plain",
    kind: Annotated[str, typer.Option(help="domain, url, app, phone")] = "domain",
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
    if kind not in ("domain", "url", "app", "phone"):
        raise typer.BadParameter(f"unknown kind {kind!r}", param_hint="--kind")
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


@patrol_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="file to write")],
    fmt: Annotated[str, typer.Option("--format", help="rpz, hosts, stix")] = "rpz",
    zone: Annotated[str, typer.Option(help="RPZ zone name")] = "rpz.fanzha.local",
    store: StoreOption = None,
) -> None:
    """Write an RPZ zone or hosts file for resolvers, or a STIX 2.1 bundle for partners."""
    from fanzha.patrol.command import run_export

    typer.echo(f"{run_export(fmt, out, store, zone)} entries written to {out}")


@patrol_app.command("compact")
def compact(store: StoreOption = None) -> None:
    """Merge the delta segments into the base segment."""
    from fanzha.patrol.command import run_compact

    typer.echo(f"{run_compact(store)} entries in the base segment")


@patrol_app.command("lookup")
def lookup(
    values: Annotated[list[str], typer.Argument(help="domains, URLs, app ids or phones")],
    kind: Annotated[str, typer.Option(help="domain, url, app, phone")] = "domain",
    store: StoreOption = None,
) -> None:
    """Is it blocked, and by which rule."""
    from fanzha.patrol.command import run_lookup

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
        typer.Option(help="captures (fanzha.sim.captures; default when present) or own"),
    ] = None,
    per_verdict: Annotated[int, typer.Option(help="held-out pages per verdict")] = 100,
    seed: Annotated[int, typer.Option(help="seed of the held-out generator")] = 2,
) -> None:
    """Precision and recall per page verdict and of look-alikes, on held-out pages."""
    from fanzha.patrol.command import run_evaluate

    if holdout not in (None, "captures", "own"):
        raise typer.BadParameter(f"unknown holdout {holdout!r}", param_hint="--holdout")
    try:
        run_evaluate(holdout, per_verdict, seed)
    except LookupError as err:
        raise typer.BadParameter(str(err), param_hint="--holdout") from err
