"""Live intake off the request's critical path: group commit, then detection in order.

``POST /v1/events`` hands its batch to ``IntakeLine.submit``. The writer
thread (``ingest.group``) commits whatever batches are waiting in one
transaction; after each commit the group goes, in commit order, to one
detection thread that runs the after-commit step (``after_commit``: detection,
tasks, partner pushes; with ``--bus``, publishing to the bus instead) — one
thread, so each person's events are detected in the order they were stored,
as a single ``fanzha detect`` would.

A request is answered after its commit (``wait="stored"``: detection queued)
or, by default, after its detection too, so the answer still names the tasks
it made. Either way the answer never comes before the events are durable.
The detection line is bounded: if detection falls behind, the writer waits
for it, the writer's line fills, and new requests get 503 (``IntakeBusy``).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Literal

import structlog

from fanzha.contract.readers import Accepted
from fanzha.flows.intake import AfterCommit, Intake, after_commit, intake_of
from fanzha.ingest.group import GroupCommit
from fanzha.ingest.loader import Written
from fanzha.services import Services

Wait = Literal["stored", "detected"]
_Job = tuple["Future[Intake] | None", list[Accepted], Written]
log = structlog.get_logger(__name__)

MAX_DETECTION_WAITING = 4000
"""Committed groups waiting for detection before the writer itself waits."""


class IntakeLine:
    """One writer and one detector thread per process, started on first use."""

    def __init__(self, services: Services, after_commit: AfterCommit = after_commit) -> None:
        self.services = services
        self.after_commit = after_commit
        self.writer: GroupCommit[Future[Intake] | None] = GroupCommit(
            lambda batch: services.store_events(batch), self._committed
        )
        self.detections: queue.Queue[list[_Job] | None] = queue.Queue(MAX_DETECTION_WAITING)
        self.detector = threading.Thread(target=self._detect, name="intake-detect", daemon=True)
        self.detector_started = threading.Lock()

    def submit(self, good: list[Accepted], wait: Wait = "detected") -> Future[Intake]:
        """A future of the batch's ``Intake``; raises ``IntakeBusy`` when the line is full.

        With a bus, the answer always waits for the bus's ack: the bus is where the
        events' detection lives, so "stored" alone would not be durable enough."""
        if self.services.bus is not None:
            wait = "detected"
        detected: Future[Intake] | None = Future() if wait == "detected" else None
        stored = self.writer.submit(good, detected)
        if detected is not None:
            return detected
        answer: Future[Intake] = Future()

        def answered(done: Future[Written]) -> None:
            if (error := done.exception()) is not None:
                answer.set_exception(error)
            else:
                answer.set_result(intake_of(good, done.result(), None))

        stored.add_done_callback(answered)
        return answer

    def close(self) -> None:
        """Store and detect what is queued, then stop both threads (server shutdown)."""
        self.writer.close()
        if self.detector.is_alive():
            self.detections.put(None)
            self.detector.join()

    def _committed(self, group: list[_Job]) -> None:
        with self.detector_started:
            if not self.detector.is_alive() and self.detector.ident is None:
                self.detector.start()
        self.detections.put(group)  # bounded: a writer ahead of detection waits here

    def _detect(self) -> None:
        while (group := self.detections.get()) is not None:
            for answer, batch, written in group:
                try:
                    detected = self.after_commit(self.services, batch, written)
                except Exception as err:  # stored already: the caller learns detection failed
                    log.exception("detection after commit failed", events=len(batch))
                    if answer is not None:
                        answer.set_exception(err)
                    continue
                if answer is not None:
                    answer.set_result(intake_of(batch, written, detected))


__all__ = ["IntakeLine", "Wait"]
