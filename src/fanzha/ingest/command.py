"""The ``fanzha ingest`` command's body: progress, messages, summary, exit code.

Exit codes: 0 when every file could be read and at least one line was accepted
(or a file was simply empty), even if some lines were rejected — rejected
lines are reported and kept in the dead-letter file for replay, they do not
fail a load. 1 when a file is missing or cannot be read (e.g. a corrupt
archive), or when lines were read but not a single one was accepted (the
file is probably not contract v1 at all).
"""

from __future__ import annotations

import zlib
from pathlib import Path

from pyarrow import ArrowInvalid
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from zstandard import ZstdError

from fanzha.contract.readers import DeadLetterFile
from fanzha.ingest.loader import FileSummary, ingest_file
from fanzha.settings import get_settings
from fanzha.store.db import engine, migrate

SHOWN_ERRORS = 10
"""How many rejected lines are spelled out on stderr before only a count."""


def default_dead_letter(data_dir: Path, file: Path) -> Path:
    """``DATA_DIR/dead-letter/<file name>.jsonl``: one per input, rewritten per run."""
    return data_dir / "dead-letter" / f"{file.name}.jsonl"


def run_ingest(files: list[Path], database_url: str | None, dead_letter: Path | None) -> int:
    """Load ``files`` in order; returns the process exit code (see module doc)."""
    settings = get_settings()
    url = database_url or settings.effective_database_url
    err = Console(stderr=True, soft_wrap=True)  # whole lines: users grep and copy them
    migrate(url)
    db = engine(url)
    shared = None
    if dead_letter:
        dead_letter.unlink(missing_ok=True)  # only this run's rejections, if any
        shared = DeadLetterFile(dead_letter, append=False)
    summaries: list[FileSummary] = []
    status = 0
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[events]:,} events"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            for path in files:
                if not path.is_file():
                    err.print(f"[red]{escape(str(path))}: no such file[/red]")
                    status = 1
                    continue
                advance = _FileProgress(progress, path)
                letters = shared or default_dead_letter(settings.data_dir, path)
                try:
                    summary = ingest_file(db, path, letters, on_batch=advance)
                except (OSError, EOFError, zlib.error, ZstdError, ArrowInvalid) as error:
                    err.print(
                        f"[red]{escape(str(path))}: cannot be read: {escape(str(error))}[/red]"
                    )
                    status = 1
                    continue
                if summary.accepted == 0 and summary.rejected > 0:
                    status = 1
                summaries.append(summary)
    finally:
        if shared is not None:
            shared.close()
    _print_rejections(summaries, err)
    _print_table(summaries, url)
    return status


class _FileProgress:
    """A bar by bytes for plain JSON Lines; for compressed or Parquet a count only
    (their size on disk says little about how many lines remain)."""

    def __init__(self, progress: Progress, path: Path) -> None:
        self.progress = progress
        self.events = 0
        total = path.stat().st_size if path.suffix == ".jsonl" else None
        self.task: TaskID = progress.add_task(f"loading {path.name}", total=total, events=0)

    def __call__(self, events: int, line_bytes: int) -> None:
        self.events += events
        self.progress.update(self.task, advance=line_bytes, events=self.events)


def _print_rejections(summaries: list[FileSummary], err: Console) -> None:
    shown = 0
    total = sum(s.rejected for s in summaries)
    for summary in summaries:
        for line in summary.first_errors:
            if shown < SHOWN_ERRORS:
                err.print(f"[yellow]rejected[/yellow] {escape(line)}", highlight=False)
                shown += 1
    if total > shown:
        err.print(f"… and {total - shown:,} more rejected lines")
    conflicts = sum(s.conflicts for s in summaries)
    listed = [line for s in summaries for line in s.first_conflicts][:SHOWN_ERRORS]
    for line in listed:
        err.print(f"[yellow]conflict[/yellow] {escape(line)}", highlight=False)
    if conflicts > len(listed):
        err.print(f"… and {conflicts - len(listed):,} more conflicts")
    if conflicts:
        err.print("every conflicting version is kept in the table event_conflicts")
    for summary in summaries:
        if summary.dead_letter:
            err.print(
                f"rejected lines of {summary.file}, with their raw text: {summary.dead_letter}"
            )


def _print_table(summaries: list[FileSummary], url: str) -> None:
    out = Console()
    table = Table(title=f"ingest into {url.split('://')[0]}")
    for column in ("file", "accepted", "new", "duplicates", "conflicts", "rejected"):
        if column == "file":
            table.add_column(column, overflow="fold")  # long paths wrap, never cut
        else:
            table.add_column(column, justify="right")
    for s in summaries:
        table.add_row(
            s.file,
            *(f"{n:,}" for n in (s.accepted, s.new, s.duplicates, s.conflicts, s.rejected)),
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
