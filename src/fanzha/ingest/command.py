"""The ``fanzha ingest`` command's body: progress, summary, exit code."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from fanzha.ingest.loader import FileSummary, ingest_file
from fanzha.settings import get_settings
from fanzha.store.db import engine, migrate


def run_ingest(files: list[Path], database_url: str | None, dead_letter_dir: Path | None) -> int:
    """Exit code 0 when every file was read (bad lines are reported, not fatal);
    1 when a file could not be read at all."""
    settings = get_settings()
    url = database_url or settings.effective_database_url
    letters = dead_letter_dir or settings.data_dir / "dead-letter"
    err = Console(stderr=True)
    migrate(url)
    db = engine(url)
    summaries: list[FileSummary] = []
    status = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} events"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        for path in files:
            if not path.exists():
                err.print(f"[red]{path}: no such file[/red]")
                status = 1
                continue
            task = progress.add_task(f"loading {path.name}", total=None)
            summary = ingest_file(
                db,
                path,
                letters / f"{path.name}.rejected.jsonl",
                on_batch=partial(progress.advance, task),
            )
            summaries.append(summary)
    for summary in summaries:
        for line in summary.first_errors:
            err.print(f"[yellow]rejected[/yellow] {line}")
        if summary.rejected > len(summary.first_errors):
            err.print(f"… and {summary.rejected - len(summary.first_errors):,} more rejected lines")
        if summary.dead_letter:
            err.print(f"rejected lines with their raw text: {summary.dead_letter}")
    _print_table(summaries, url)
    return status


def _print_table(summaries: list[FileSummary], url: str) -> None:
    out = Console()
    table = Table(title=f"ingest into {url.split('://')[0]}")
    for column in ("file", "accepted", "new", "duplicates", "rejected"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for s in summaries:
        table.add_row(
            s.file, f"{s.accepted:,}", f"{s.new:,}", f"{s.duplicates:,}", f"{s.rejected:,}"
        )
    out.print(table)
    kinds: dict[str, int] = {}
    for s in summaries:
        for kind, count in s.per_kind.items():
            kinds[kind] = kinds.get(kind, 0) + count
    if kinds:
        out.print(
            "new events by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items()))
        )
