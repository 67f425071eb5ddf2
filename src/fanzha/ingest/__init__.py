"""Loading event files into the store: streaming, batched, idempotent."""

from fanzha.ingest.loader import FileSummary, ingest_file, ingest_files

__all__ = ["FileSummary", "ingest_file", "ingest_files"]
