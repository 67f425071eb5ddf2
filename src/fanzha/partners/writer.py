"""Partner-log rows written after the answer, by one thread, in batches.

Why: the driver's popup must not wait for the store. A check answers at once;
its log row (and the checked event, for detection and tasks) is queued, and
one writer thread stores them in batches — no lock contention between request
threads. ``flush`` waits until everything queued so far is written.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

import structlog

from fanzha.partners.repository import PartnerLogStore

BATCH = 500
log = structlog.get_logger(__name__)


class LogWriter:
    def __init__(self, store: PartnerLogStore) -> None:
        self.store = store
        self.events_sink: Callable[[list[Any]], object] | None = None
        """Where checked events go after the answer (store, detection, tasks): the API's."""
        self._pending: queue.Queue[tuple[dict[str, Any], Any]] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._lock = threading.Lock()

    def record_later(self, row: dict[str, Any], accepted: Any) -> None:
        """Write the row and pass its event on (when there is one) *after* answering."""
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_loop, name="partner-check-writer", daemon=True
                )
                self._writer.start()
        self._pending.put((row, accepted))

    def flush(self) -> None:
        """Wait until every answered check is written (not from the writer itself)."""
        if self._writer is not None and threading.current_thread() is not self._writer:
            self._pending.join()

    def _write_loop(self) -> None:
        while True:
            batch = [self._pending.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._pending.get_nowait())
                except queue.Empty:
                    break
            try:
                self.store.add_many([row for row, _ in batch])
                events = [accepted for _, accepted in batch if accepted is not None]
                if events and self.events_sink is not None:
                    self.events_sink(events)
            except Exception:  # keep writing the next checks; this batch is in the log
                log.exception("writing partner checks failed", checks=len(batch))
            finally:
                for _ in batch:
                    self._pending.task_done()
