"""The warnings a task was made from, kept whole: why, on what evidence, how much.

An officer who calls a stranger must say why the center thinks they are being
defrauded, and a supervisor reviewing the call must see what the officer saw.
So every warning that makes or upgrades a task is stored beside it, with its
reasons (Chinese and English), the events it rests on, the money at risk and
the payee, and which rule set and model scored it.

The amount and the payee are read off the evidence: the money events
(transfers, gold purchases, withdrawals) among the warning's events. Detection
does not say them, and the evidence is what an officer can check.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

import msgspec

from fanzha.contract.kinds import Event, GoldPurchase, Transfer, Withdrawal


class WarningRecord(msgspec.Struct, kw_only=True):
    warning_id: str
    task_id: str
    person_id: str
    ts: datetime
    level: str
    typology: str
    score: float
    reasons_zh: list[str] = []
    reasons_en: list[str] = []
    evidence: list[str] = []
    """Event ids, in the order detection weighed them."""
    amount_at_risk_fen: int | None = None
    payee: str | None = None
    """The account the money went (or is going) to, as the bank names it."""
    rules_version: str = ""
    model_version: str = ""
    received_at: datetime | None = None
    source: str = ""
    """Where a warning order came from (``fanzha.dissuade.orders.OrderSource``); empty
    for the city's own detection."""
    order_id: str = ""
    """The source's own id of the order."""
    deadline: datetime | None = None
    """The time the source gave for handling it."""
    phone: str | None = None
    id_number: str | None = None
    """Whom the order named (shown masked per role): an order for a person the store does
    not know is worked from these alone."""


def split_reasons(reasons: Iterable[str]) -> tuple[list[str], list[str]]:
    """Detection writes each reason as ``中文 | English``; a line without the bar
    (a partner's or a 风险查询's) is the same text in both languages."""
    zh, en = [], []
    for line in reasons:
        left, bar, right = line.partition(" | ")
        zh.append(left.strip())
        en.append(right.strip() if bar else left.strip())
    return zh, en


def money_at_risk(events: Iterable[Event]) -> tuple[int | None, str | None]:
    """The fen the evidence moved or is about to move, and the newest payee."""
    total, payee, newest = 0, None, None
    seen = False
    for event in events:
        if isinstance(event, Transfer | GoldPurchase | Withdrawal):
            seen = True
            total += event.amount_fen
        if isinstance(event, Transfer) and (newest is None or event.ts >= newest):
            payee, newest = event.to_account, event.ts
    return (total if seen else None), payee


class WarningRepository(Protocol):
    def put(self, record: WarningRecord) -> None:
        """Store, replacing an earlier version of the same warning (an upgrade)."""

    def for_task(self, task_id: str) -> list[WarningRecord]: ...
    def for_person(self, person_id: str) -> list[WarningRecord]: ...


class InMemoryWarningRepository:
    def __init__(self) -> None:
        self._rows: dict[str, WarningRecord] = {}
        self._lock = threading.Lock()

    def put(self, record: WarningRecord) -> None:
        with self._lock:
            self._rows[record.warning_id] = record

    def for_task(self, task_id: str) -> list[WarningRecord]:
        return sorted((r for r in self._rows.values() if r.task_id == task_id), key=_newest)

    def for_person(self, person_id: str) -> list[WarningRecord]:
        return sorted((r for r in self._rows.values() if r.person_id == person_id), key=_newest)


def _newest(record: WarningRecord) -> tuple[float, str]:
    return (-record.ts.timestamp(), record.warning_id)
