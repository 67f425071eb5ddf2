"""Group commit: one writer thread stores what many requests queued, in one transaction.

Why: with one event per request, a transaction per request costs more than its
event (begin, insert, commit, a pooled connection, on PostgreSQL three round
trips). The writer takes whatever batches are waiting, stores them together
with one statement per table, and only then answers each: a request is
acknowledged after the commit that holds its events, never before, so a crash
loses nothing a caller was told is stored.

The line is bounded: when it is full ``submit`` raises ``IntakeBusy`` (the API
answers 503 with Retry-After) rather than queueing without end or dropping.
A batch that cannot be stored with others (a bad row fails the whole group)
is stored on its own, so one caller's error is not another's.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Generic, TypeVar

import structlog

from fanzha.contract.readers import Accepted
from fanzha.ingest.conflicts import Conflict
from fanzha.ingest.loader import Written

Tag = TypeVar("Tag")
log = structlog.get_logger(__name__)

MAX_WAITING = 2000
"""Requests that may wait for a commit; beyond it callers are told to come back."""
MAX_GROUP_EVENTS = 2000
"""Events in one transaction at most: a commit stays short even after a stall."""


class IntakeBusy(Exception):
    """The writer's line is full: try again shortly (nothing of this batch was stored)."""

    retry_after_s = 1.0

    def __str__(self) -> str:
        return "intake is busy: too many events waiting to be stored; retry shortly"


@dataclass
class _Pending(Generic[Tag]):
    batch: list[Accepted]
    tag: Tag
    stored: Future[Written]


Committed = Callable[[list[tuple[Tag, list[Accepted], Written]]], None]
"""Called on the writer thread after each commit, with the group in commit order."""


class GroupCommit(Generic[Tag]):
    """``submit`` a batch, get a future that resolves once its events are committed."""

    def __init__(
        self,
        store: Callable[[list[Accepted]], Written],
        committed: Committed[Tag] | None = None,
        max_waiting: int = MAX_WAITING,
    ) -> None:
        self.store = store
        self.committed = committed
        self.line: queue.Queue[_Pending[Tag] | None] = queue.Queue(maxsize=max_waiting)
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()

    def submit(self, batch: list[Accepted], tag: Tag) -> Future[Written]:
        self._start()
        pending = _Pending(batch, tag, Future())
        try:
            self.line.put_nowait(pending)
        except queue.Full:
            raise IntakeBusy() from None
        return pending.stored

    def close(self) -> None:
        """Store what is queued, then stop the writer (a server's shutdown)."""
        if self.thread is not None and self.thread.is_alive():
            self.line.put(None)
            self.thread.join()

    def _start(self) -> None:
        if self.thread is None:
            with self.start_lock:
                if self.thread is None:
                    self.thread = threading.Thread(
                        target=self._run, name="intake-writer", daemon=True
                    )
                    self.thread.start()

    def _run(self) -> None:
        while True:
            first = self.line.get()
            if first is None:
                return
            group, events, stop = [first], len(first.batch), False
            while events < MAX_GROUP_EVENTS:
                try:
                    more = self.line.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                group.append(more)
                events += len(more.batch)
            self._commit(group)
            if stop:
                return

    def _commit(self, group: list[_Pending[Tag]]) -> None:
        try:
            shares = split(group, self.store([a for p in group for a in p.batch]))
        except Exception as err:
            if len(group) == 1:
                group[0].stored.set_exception(err)
                return
            log.warning("group commit failed; storing its batches one by one", size=len(group))
            shares = {}
            for pending in group:
                try:
                    shares[id(pending)] = self.store(pending.batch)
                except Exception as err:
                    pending.stored.set_exception(err)
        done = [(p.tag, p.batch, shares[id(p)]) for p in group if id(p) in shares]
        if self.committed is not None and done:
            self.committed(done)
        for pending in group:
            if id(pending) in shares:
                pending.stored.set_result(shares[id(pending)])


def split(group: list[_Pending[Tag]], written: Written) -> dict[int, Written]:
    """Each request's share of a group's result: a key new to the group is new to the
    first request that sent it (a later copy, in the same group, is its duplicate)."""
    owner = {id(a): id(p) for p in group for a in p.batch}
    conflicts: dict[int, list[Conflict]] = {}
    for conflict in written.conflicts:
        conflicts.setdefault(owner[id(conflict.accepted)], []).append(conflict)
    claimed: set[tuple[str, str]] = set()
    shares: dict[int, Written] = {}
    for pending in group:
        new = {a.event.key for a in pending.batch if a.event.key in written.new} - claimed
        claimed |= new
        shares[id(pending)] = Written(new, conflicts.get(id(pending), []))
    return shares


__all__ = ["GroupCommit", "IntakeBusy", "split"]
