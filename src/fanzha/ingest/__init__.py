"""Loading event files into the store: streaming, batched, idempotent."""

from fanzha.ingest.loader import EventWriter, FileSummary, ingest_file

__all__ = ["EventWriter", "FileSummary", "ingest_file"]
