"""Loading event files into the store: streaming, batched, idempotent."""

from fanzha.ingest.loader import FileSummary, ingest_file

__all__ = ["FileSummary", "ingest_file"]
