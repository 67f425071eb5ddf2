"""One task as its page shows it: why (warnings, evidence), what to do now, what was done.

The queue lists tasks bare; the task page needs the warnings behind the task,
their evidence resolved to the events (masked for the role), the playbook's due
step, the running deadline and the call script, and a history an officer reads.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec

from fanzha.api.schemas import (
    DeadlineOut,
    DueStepOut,
    EvidenceOut,
    GuideOut,
    HistoryLine,
    WarningOut,
)
from fanzha.contract.kinds import Event
from fanzha.dissuade import history
from fanzha.dissuade.deadlines import next_deadline
from fanzha.dissuade.models import Task
from fanzha.dissuade.orders import source_words
from fanzha.dissuade.playbooks import PlaybookBook, due_steps
from fanzha.dissuade.scripts import ScriptBook
from fanzha.dissuade.warnings import WarningRecord
from fanzha.security.masking import mask_value
from fanzha.security.roles import Principal
from fanzha.services import Services

FIELD_CLASS = {
    "caller": "phone", "callee": "phone", "receiver": "phone", "phone": "phone",
    "requester": "phone", "phones": "phone",
    "from_account": "account", "to_account": "account", "account_id": "account",
    "address": "address", "address_on_file": "address", "receiver_address": "address",
    "delivery_address": "address", "location": "address", "name": "name",
}  # fmt: skip
"""Which fields of an event are personal data, and of which class (for masking)."""


@cache
def playbooks() -> PlaybookBook:
    return PlaybookBook.load()


@cache
def scripts() -> ScriptBook:
    return ScriptBook.load()


def history_lines(task: Task) -> list[HistoryLine]:
    lines = []
    for ts, by, what in task.history:
        what_zh, what_en = history.describe(what)
        by_zh, by_en = history.actor(by)
        lines.append(
            HistoryLine(
                ts=ts, by=by, what=what, by_zh=by_zh, by_en=by_en, what_zh=what_zh, what_en=what_en
            )
        )
    return lines


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
