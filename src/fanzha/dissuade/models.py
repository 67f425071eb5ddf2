"""The task an officer works on, and what they record on it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from fanzha.contract.warning import Level as Level  # re-exported: tasks carry it


class TaskState(StrEnum):
    NEW = "new"
    SIGNED = "signed"  # 签收
    CONTACTING = "contacting"
    ESCALATED = "escalated"
    ON_SITE = "on_site"  # 上门
    RESOLVED = "resolved"
    FOLLOW_UP = "follow_up"  # 回访
    CLOSED = "closed"
    STOP_PAYMENT = "stop_payment"  # money already left: a trace case is opened


OPEN_STATES = frozenset(set(TaskState) - {TaskState.CLOSED, TaskState.RESOLVED})
"""States of a task still being worked (follow-up included)."""


class Channel(StrEnum):
    SMS_12381 = "sms_12381"  # 12381 预警短信
    CALL_96110 = "call_96110"  # 96110 劝阻电话
    PHONE_CALL = "phone_call"  # 民警电话
    DOOR_VISIT = "door_visit"  # 上门劝阻
    FAMILY_CONTACT = "family_contact"  # 联系家属
    CANCEL_CALL_FORWARDING = "cancel_call_forwarding"  # 运营商取消呼叫转移


class AttemptResult(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    REFUSED = "refused"
    WRONG_NUMBER = "wrong_number"
    DONE = "done"


class Outcome(StrEnum):
    DISSUADED = "dissuaded"  # 劝阻成功, before paying
    PAID_STOPPED = "paid_stopped"  # paid, and the money was stopped
    PAID_CASE_FILED = "paid_case_filed"  # paid, not stopped: a criminal case is filed
    UNREACHABLE = "unreachable"
    REFUSED = "refused"  # the person would not listen
    NOT_FRAUD = "not_fraud"  # false alarm
    REPEAT_VICTIM = "repeat_victim"


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    channel: Channel
    ts: datetime
    officer: str
    result: AttemptResult
    note: str = ""


class Tier(StrEnum):
    """Who holds the task: it climbs this ladder when a deadline is missed."""

    STATION = "station"
    DISTRICT = "district"
    CENTER = "center"


class Task(msgspec.Struct, kw_only=True):
    """One warning turned into work for the district of the person at risk."""

    task_id: str
    warning_id: str
    person_id: str
    level: Level
    typology: str
    district: str | None
    created: datetime
    state: TaskState = TaskState.NEW
    tier: Tier = Tier.STATION
    station: str | None = None
    officer: str | None = None
    signed_at: datetime | None = None
    first_contact_at: datetime | None = None
    on_site_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: Outcome | None = None
    attempts: list[Attempt] = []
    history: list[tuple[datetime, str, str]] = []
    """(when, who, what) — the task's own timeline, shown on its page."""
    breaches: list[str] = []
    """Deadline names already breached, so a breach alerts once."""
    version: int = 0
    """Bumped on every change: the service refuses a write based on an old version."""
    rules_version: str = ""
    """The rule set (or model) whose warning made or last upgraded the task."""
