"""The ``fanzha`` command. Thin: each command parses arguments and calls a capability."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fanzha import __version__

app = typer.Typer(
    name="fanzha",
    help="反诈 fanzha — anti-telecom-fraud center platform.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """反诈 fanzha — anti-telecom-fraud center platform."""


@app.command()
def version() -> None:
    """Print the fanzha version."""
    typer.echo(__version__)


db_app = typer.Typer(help="Database: migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
) -> None:
    """Create or migrate the database to the newest schema."""
    from fanzha.store import migrate

    migrate(database_url)
    typer.echo("database is at the newest schema")


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="JSON Lines (.jsonl, .gz, .zst) or Parquet")],
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL; default from settings")
    ] = None,
    dead_letter_dir: Annotated[Path | None, typer.Option(help="where rejected lines go")] = None,
) -> None:
    """Load event files into the store. Running it twice adds nothing."""
    from fanzha.ingest.command import run_ingest

    raise typer.Exit(run_ingest(files, database_url, dead_letter_dir))
