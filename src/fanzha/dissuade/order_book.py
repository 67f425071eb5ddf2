"""Warning orders into tasks, a chunk at a time: set-based lookups, one transaction each.

A province sends thirteen thousand orders in a morning; per-order round trips
(look the person up, look for their open task, write the task, write the
warning, write the audit) would take minutes. Here each chunk is looked up
with one query per key kind (person ids, phones, learned ID numbers, open
tasks, orders already received) and written in one transaction; the audit
gets one entry per chunk naming every task it made or fed.

What an order becomes:
- ``duplicate``: its source and order id were received before (nothing changes);
- ``merged``: the person has an open task: the order is added to it (its level
  raised if the order's is higher), and the task lists every order that fed it;
- ``created``: a new task in the person's district, routed to a station;
- ``pending`` (待核查): nobody matches; an analyst links it to a person or gives
  it a district by hand (``resolve``). No task is ever made without a district.

A task an officer saves while its chunk is being written makes the chunk's
compare-and-set fail: the whole chunk is rolled back and read again.

The store's side — the set-based look-ups and writes — is ``dissuade.sql_orders``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import msgspec

from fanzha.dissuade.orders import WarningOrder, source_words
from fanzha.dissuade.warnings import WarningRecord

CHUNK: Final = 1000
"""Orders per transaction."""


class OrderResult(msgspec.Struct, frozen=True, kw_only=True):
    line: int
    source: str
    order_id: str
    outcome: str
    """``created``, ``merged``, ``duplicate`` or ``pending``."""
    task_id: str | None = None
    district: str | None = None


class Pending(msgspec.Struct, frozen=True, kw_only=True):
    order: WarningOrder
    received_at: datetime
    uploaded_by: str


class ResolveError(ValueError):
    """The resolution names nobody, or a district or person that does not exist."""


def warning_of(order: WarningOrder, task_id: str, person_id: str, now: datetime) -> WarningRecord:
    """The order as a warning beside its task: the page shows why and from whom."""
    zh, en = source_words(order.source)
    note_zh, note_en = (f"：{order.note}", f": {order.note}") if order.note else ("", "")
    return WarningRecord(
        warning_id=order.warning_id,
        task_id=task_id,
        person_id=person_id,
        ts=now,
        level=str(order.level),
        typology=order.typology,
        score=1.0,
        reasons_zh=[f"{zh}预警指令 {order.order_id}{note_zh}"],
        reasons_en=[f"{en} warning order {order.order_id}{note_en}"],
        received_at=now,
        source=order.source,
        order_id=order.order_id,
        deadline=order.deadline,
        phone=order.phone,
        id_number=order.id_number,
    )


__all__ = ["CHUNK", "OrderResult", "Pending", "ResolveError", "warning_of"]
