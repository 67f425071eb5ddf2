"""The ``fanzha partners`` typer sub-app: argument parsing only, lazy imports.

It lives in the CLI layer, not in ``partners``: the capability knows nothing of
typer, and this module wires the partner service on the SQL store as the
server does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fanzha.partners.service import PartnerService

partners_app = typer.Typer(
    help="Partners: banks, telecoms, platforms, gold sellers (警企, 警银, 警邮).",
    no_args_is_help=True,
)
UrlOption = Annotated[str | None, typer.Option(help="SQLAlchemy URL; default from settings")]


def _service(database_url: str | None) -> PartnerService:
    from fanzha.clock import SystemClock
    from fanzha.partners.service import PartnerService
    from fanzha.partners.sql import sql_repository
    from fanzha.settings import get_settings
    from fanzha.store import engine, migrate

    url = database_url or get_settings().effective_database_url
    migrate(url)
    return PartnerService(sql_repository(engine(url)), SystemClock())


@partners_app.command("add")
def add(
    partner_id: Annotated[str, typer.Argument(help="short id, e.g. icbc-wuhan")],
    type: Annotated[
        str, typer.Option(help="bank, telecom, ride_hailing, freight, express, gold_seller")
    ],
    source: Annotated[str, typer.Option(help="the source its events carry, e.g. bank:icbc")],
    name: Annotated[str, typer.Option(help="display name")] = "",
    webhook_url: Annotated[str | None, typer.Option(help="where warnings are pushed")] = None,
    ip: Annotated[list[str] | None, typer.Option(help="allowed address block (CIDR)")] = None,
    rate: Annotated[float, typer.Option(help="requests per second allowed")] = 200.0,
    require_signature: Annotated[
        bool, typer.Option(help="refuse its requests unless HMAC-signed")
    ] = False,
    database_url: UrlOption = None,
) -> None:
    """Register a partner; prints its API key and webhook secret once."""
    from fanzha.partners.registry import PartnerType

    try:
        partner, key = _service(database_url).add_partner(
            partner_id,
            name or partner_id,
            PartnerType(type),
            source,
            webhook_url,
            ip or [],
            rate,
            require_signature,
        )
    except ValueError as err:
        typer.echo(f"partner {partner_id} not saved: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"partner {partner.partner_id} ({partner.type}) saved")
    typer.echo(f"API key (shown once): {key}")
    typer.echo(f"webhook secret (shown once): {partner.webhook_secret}")


@partners_app.command("rotate-key")
def rotate(partner_id: str, database_url: UrlOption = None) -> None:
    """A new API key; the old one keeps working for a week."""
    typer.echo(f"new API key (shown once): {_service(database_url).rotate(partner_id)}")


@partners_app.command("list")
def list_(database_url: UrlOption = None) -> None:
    for p in _service(database_url).registry():
        keys = ", ".join(k.key_id for k in p.keys)
        typer.echo(f"{p.partner_id:16} {p.type:13} {p.source:20} keys: {keys}")


@partners_app.command("measure")
def measure(
    events: Annotated[Path, typer.Argument(help="a simulated city's events.jsonl")],
    truth: Annotated[Path, typer.Option(help="its truth.json")],
) -> None:
    """How the order and gold checks do on a simulated city (cash couriers, gold by mail)."""
    from fanzha.contract.readers import read_events_deduplicated
    from fanzha.partners.measure import measure_checks

    answer = json.loads(truth.read_text(encoding="utf-8"))
    figures = measure_checks((a.event for a in read_events_deduplicated([events])), answer)
    typer.echo(
        f"impersonate_police cash-courier orders and gold-by-mail purchases warned or held: "
        f"{figures.scam_flagged}/{figures.scam_checked} ({figures.scam_share:.0%})"
    )
    typer.echo(
        f"benign item-only orders and gifted gold warned or held: "
        f"{figures.benign_flagged}/{figures.benign_checked} ({figures.benign_share:.2%})"
    )
    if figures.scam_missed:
        typer.echo(f"missed: {', '.join(figures.scam_missed)}")
