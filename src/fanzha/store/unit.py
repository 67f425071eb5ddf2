"""One transaction across repositories: a unit of work.

Why: a request with an Idempotency-Key must commit its effect (a task signed,
a stop-payment asked, an audit entry) and the answer remembered for its retries
together, or neither — otherwise a crash between the two makes the retry run
the write a second time (issue 15, finding 6). Each repository opens its
connections through ``begin``/``connect`` here: outside a unit they are the
engine's own, as before; inside ``unit_of_work`` on this thread they are the
unit's one connection, and each repository's ``begin`` becomes a savepoint, so
a repository that catches a conflict and reads again still can.

On SQLite the unit starts with ``BEGIN IMMEDIATE``: it takes the write lock at
once (waiting ``busy_timeout`` for it), so no other writer can slip in between
its reads and its writes, and the savepoints nest inside a real transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection, Engine

_UNIT: ContextVar[tuple[Engine, Connection] | None] = ContextVar("fanzha_unit", default=None)
_AFTER_COMMIT: ContextVar[list[Callable[[], None]] | None] = ContextVar(
    "fanzha_after_commit", default=None
)


def _joined(engine: Engine) -> Connection | None:
    unit = _UNIT.get()
    return unit[1] if unit is not None and unit[0] is engine else None


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Connection]:
    """A transaction that every repository on ``engine`` joins until it commits."""
    if _UNIT.get() is not None:
        raise RuntimeError("a unit of work is already open on this thread")
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        token = _UNIT.set((engine, conn))
        pending: list[Callable[[], None]] = []
        hooks = _AFTER_COMMIT.set(pending)
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            _UNIT.reset(token)
            _AFTER_COMMIT.reset(hooks)
        for action in pending:
            action()


def after_commit(engine: Engine, action: Callable[[], None]) -> None:
    """Run ``action`` once what this thread wrote on ``engine`` is committed.

    Outside a unit of work that is now (the caller's ``begin`` block has ended);
    inside one it is when the unit commits, and never if it rolls back — so a
    record kept outside the database (the audit checkpoint) is never ahead of it.
    """
    pending = _AFTER_COMMIT.get()
    if _joined(engine) is None or pending is None:
        action()
    else:
        pending.append(action)


@contextmanager
def begin(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()``, or a savepoint of the unit of work this thread is in."""
    unit = _joined(engine)
    if unit is None:
        with engine.begin() as conn:
            yield conn
        return
    with unit.begin_nested():
        yield unit


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    """``engine.connect()`` for reading, or the unit's connection (it sees the unit's writes)."""
    unit = _joined(engine)
    if unit is None:
        with engine.connect() as conn:
            yield conn
        return
    yield unit


@contextmanager
def unit_or_joined(engine: Engine) -> Iterator[Connection | None]:
    """A unit of work, or the one this thread is already in (then nothing opens here):
    for a flow whose writes must commit together whether or not its caller opened one."""
    if _joined(engine) is not None:
        yield None
        return
    with unit_of_work(engine) as conn:
        yield conn
