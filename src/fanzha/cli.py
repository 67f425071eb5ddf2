"""The ``fanzha`` command. Thin: each command parses arguments and calls a capability."""

from __future__ import annotations

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
