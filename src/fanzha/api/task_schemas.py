"""Tasks as the API shows them: the queue's rows, the task page, the stop-payment form.

One task as its page shows it: why (warnings, evidence), what to do now, what was done.

The queue lists tasks bare; the task page needs the warnings behind the task,
their evidence resolved to the events (masked for the role), the playbook's due
step, the running deadline and the call script, and a history an officer reads.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import msgspec
from pydantic import BaseModel, Field, model_validator

from fanzha.api.schemas import (
    ActionIn,
    DeadlineOut,
    DueStepOut,
    EvidenceOut,
    GuideOut,
    HistoryLine,
    HoldOut,
    TaskOut,
    WarningOut,
)
from fanzha.api.task_json import history_line
from fanzha.contract.kinds import Event
from fanzha.contract.limits import MAX_FEN
from fanzha.dissuade.deadlines import next_deadline
from fanzha.dissuade.models import Task
from fanzha.dissuade.orders import source_words
from fanzha.dissuade.playbooks import PlaybookBook, due_steps
from fanzha.dissuade.scripts import ScriptBook
from fanzha.dissuade.warnings import WarningRecord
from fanzha.security.masking import mask_value
from fanzha.security.roles import Principal
from fanzha.services import PersonDetails, Services

FIELD_CLASS = {
    "caller": "phone", "callee": "phone", "receiver": "phone", "phone": "phone",
    "requester": "phone", "phones": "phone",
    "from_account": "account", "to_account": "account", "account_id": "account",
    "address": "address", "address_on_file": "address", "receiver_address": "address",
    "delivery_address": "address", "location": "address", "name": "name",
}  # fmt: skip
"""Which fields of an event are personal data, and of which class (for masking)."""
PERSON_FIELDS = {"name": "name", "phones": "phone", "address": "address", "id_number": "id_number"}
"""The person fields shown with a task, and their class (for masking)."""


@cache
def playbooks() -> PlaybookBook:
    return PlaybookBook.load()


@cache
def scripts() -> ScriptBook:
    return ScriptBook.load()


def history_lines(task: Task) -> list[HistoryLine]:
    return [HistoryLine(**history_line(ts, by, what)) for ts, by, what in task.history]


def masked_fields(principal: Principal, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, dict):
            out[key] = masked_fields(principal, value)
        elif key in FIELD_CLASS:
            out[key] = mask_value(principal, FIELD_CLASS[key], value)
        else:
            out[key] = value
    return out


def evidence_out(principal: Principal, events: list[Event]) -> list[EvidenceOut]:
    out = []
    for event in events:
        data = msgspec.to_builtins(event)
        fields = {k: v for k, v in data.items() if k not in ("kind", "id", "ts", "source")}
        out.append(
            EvidenceOut(
                id=event.id,
                kind=str(data["kind"]),
                ts=event.ts,
                source=event.source,
                fields=masked_fields(principal, fields),
            )
        )
    return out


def warning_out(principal: Principal, record: WarningRecord) -> WarningOut:
    return WarningOut(
        warning_id=record.warning_id,
        ts=record.ts,
        level=record.level,  # type: ignore[arg-type]
        typology=record.typology,
        score=record.score,
        reasons_zh=record.reasons_zh,
        reasons_en=record.reasons_en,
        evidence=record.evidence,
        amount_at_risk_fen=record.amount_at_risk_fen,
        payee=mask_value(principal, "account", record.payee),
        rules_version=record.rules_version,
        model_version=record.model_version,
        source=record.source,
        source_zh=source_words(record.source)[0] if record.source else "",
        order_id=record.order_id,
        deadline=record.deadline,
        phone=mask_value(principal, "phone", record.phone),
        id_number=mask_value(principal, "id_number", record.id_number),
    )


def guide(context: Services, task: Task) -> GuideOut:
    now = context.clock.now()
    _, playbook = playbooks().for_level(task.level)
    due = []
    for step in due_steps(task, playbook, now):
        zh, _, en = step.step.action.partition(" / ")
        due.append(
            DueStepOut(
                index=step.index,
                due=step.due,
                channel=step.step.channel,
                action_zh=zh.strip(),
                action_en=(en or zh).strip(),
            )
        )
    deadline = next_deadline(task, context.tasks.policy)
    script = scripts().for_typology(task.typology, task.district)
    return GuideOut(
        now=now,
        playbook_zh=playbook.name_zh,
        playbook_en=playbook.name_en,
        due_steps=due,
        next_deadline=DeadlineOut(name=deadline[0], due=deadline[1]) if deadline else None,
        script_zh=script.zh,
        script_en=script.en,
    )


def detail(context: Services, principal: Principal, task: Task) -> dict[str, Any]:
    """The task page's extra fields (the caller has checked the task is visible)."""
    records = context.tasks.warnings.for_task(task.task_id)
    reasons_zh: list[str] = []
    reasons_en: list[str] = []
    ids: list[str] = []
    for record in records:
        for zh, en in zip(record.reasons_zh, record.reasons_en, strict=False):
            if zh not in reasons_zh:
                reasons_zh.append(zh)
                reasons_en.append(en)
        ids += [i for i in record.evidence if i not in ids]
    links = context.task_cases
    return {
        "warnings": [warning_out(principal, r) for r in records],
        "reasons_zh": reasons_zh,
        "reasons_en": reasons_en,
        "evidence": evidence_out(principal, context.events_by_id(ids)),
        "guide": guide(context, task),
        "cases": links.cases_of(task.task_id) if links is not None else [],
    }


def task_out(
    task: Task, person: dict[str, Any] | None = None, extra: dict[str, Any] | None = None
) -> TaskOut:
    data = msgspec.to_builtins(task)
    data["history"] = history_lines(task)
    data["person"] = person
    return TaskOut.model_validate({**data, **(extra or {})})


def vulnerability_tags(details: PersonDetails, earlier_tasks: int, year: int) -> list[str]:
    """Why an officer should take extra care: age, and warnings before this one."""
    tags = []
    born = details["birth_year"]
    if born is not None and year - born >= 60:
        tags.append("老年人 elderly")
    if born is not None and year - born <= 22:
        tags.append("学生/青年 young")
    if earlier_tasks >= 1:
        tags.append(f"曾被预警{earlier_tasks}次 warned {earlier_tasks}× before")
    return tags


class StopTransferIn(ActionIn):
    """Either a transfer already known (``transfer_id``, from the task's list), or the one
    the victim describes: the payee account, the amount, when (and from which account)."""

    transfer_id: str | None = Field(default=None, min_length=1, max_length=128)
    to_account: str | None = Field(default=None, min_length=4, max_length=64, pattern=r"^\w+$")
    amount_fen: int | None = Field(default=None, gt=0, le=MAX_FEN)
    at: datetime | None = Field(default=None, description="when the money left (with zone)")
    from_account: str | None = Field(default=None, min_length=4, max_length=64, pattern=r"^\w+$")

    @model_validator(mode="after")
    def _one_way(self) -> StopTransferIn:
        typed = (self.to_account, self.amount_fen, self.at)
        if self.transfer_id is None and None in typed:
            raise ValueError("give transfer_id, or to_account, amount_fen and at")
        if self.transfer_id is not None and any(v is not None for v in typed):
            raise ValueError("give transfer_id or the typed transfer, not both")
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError("at: give the time zone (e.g. +08:00)")
        return self


class PaymentOut(BaseModel):
    """A payment of the person the officer may pick to stop."""

    transfer_id: str
    ts: datetime
    from_account: str
    to_account: str
    amount_fen: int
    channel: str
    case_id: str | None = None
    """The case already opened from this task for this transfer (stopped before)."""


class StopTransferOut(BaseModel):
    task: TaskOut
    case_id: str
    holds: list[HoldOut]
    banks_notified: int
    """Bank partners the stop-payments were pushed to (0: none is connected; the
    holds are still requested and listed on the case page)."""
