"""Request and response bodies of the HTTP API (they make the OpenAPI spec)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from pydantic import BaseModel, Field

from fanzha.dissuade.models import AttemptResult, Channel, Level, Outcome, TaskState, Tier
from fanzha.flows.intake import Intake
from fanzha.security.masking import mask_value
from fanzha.security.roles import Principal
from fanzha.trace import holds as rules
from fanzha.trace.bank_names import bank_names
from fanzha.trace.holds import Hold


class LoginIn(BaseModel):
    user_id: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class LoginOut(BaseModel):
    token: str
    user_id: str
    role: str
    district: str | None
    expires_in_s: int
    abilities: list[str] = []
    """The pages and actions this role may use: the UI builds its menu and forms from it."""


class RejectedLine(BaseModel):
    line: int
    field: str | None
    error: str


class ConflictLine(BaseModel):
    """An event whose ``source`` + ``id`` is stored already with other content."""

    line: int
    source: str
    id: str
    fields: list[str] = Field(description="fields that differ from the stored event")


class EventsOut(BaseModel):
    accepted: int
    new: int = Field(description="accepted events not seen before (duplicates are not new)")
    duplicates: int = Field(0, description="exact re-sends of stored events: nothing changed")
    conflicts: list[ConflictLine] = Field(
        default_factory=list,
        description="stored already under the same source + id with other content: the "
        "stored event is kept, this version recorded for an analyst",
    )
    rejected: list[RejectedLine]
    warnings: int
    tasks: list[str]
    detection: Literal["done", "queued"] = Field(
        "done", description="`queued` with `wait=stored`: warnings and tasks follow"
    )


class AttemptOut(BaseModel):
    channel: Channel
    ts: datetime
    officer: str
    result: AttemptResult
    note: str


class HistoryLine(BaseModel):
    ts: datetime
    by: str
    what: str
    """The line as the workflow recorded it (stable, English)."""
    by_zh: str = ""
    by_en: str = ""
    what_zh: str = ""
    """What the officer reads (``fanzha.dissuade.history``); ``what_en`` in English mode."""
    what_en: str = ""


class EvidenceOut(BaseModel):
    """One event a warning rests on, as this role may see it (numbers masked)."""

    id: str
    kind: str
    ts: datetime
    source: str
    fields: dict[str, Any]


class WarningOut(BaseModel):
    warning_id: str
    ts: datetime
    level: Level
    typology: str
    score: float
    reasons_zh: list[str]
    reasons_en: list[str]
    evidence: list[str]
    """Event ids; resolved to the events in ``TaskOut.evidence``."""
    amount_at_risk_fen: int | None
    payee: str | None
    """The payee account, masked for roles that do not see account numbers."""
    rules_version: str
    model_version: str
    source: str = ""
    """A warning order's source (national, province, city_model, 110, manual); empty for
    the city's own detection."""
    source_zh: str = ""
    order_id: str = ""
    deadline: datetime | None = None
    phone: str | None = None
    id_number: str | None = None
    """Whom the order named, masked for the role."""


class DueStepOut(BaseModel):
    index: int
    due: datetime
    channel: Channel
    action_zh: str
    action_en: str


class DeadlineOut(BaseModel):
    name: str
    due: datetime


class GuideOut(BaseModel):
    """What to do now: the playbook's due steps, the running deadline, the call script."""

    now: datetime
    playbook_zh: str
    playbook_en: str
    due_steps: list[DueStepOut]
    next_deadline: DeadlineOut | None
    script_zh: list[str]
    script_en: list[str]


class TaskOut(BaseModel):
    task_id: str
    warning_id: str
    person_id: str
    level: Level
    typology: str
    district: str | None
    station: str | None
    tier: Tier
    state: TaskState
    officer: str | None
    created: datetime
    signed_at: datetime | None
    first_contact_at: datetime | None
    on_site_at: datetime | None
    resolved_at: datetime | None
    outcome: Outcome | None
    breaches: list[str]
    version: int
    attempts: list[AttemptOut]
    history: list[HistoryLine]
    person: dict[str, Any] | None = None
    rules_version: str = ""
    """The rule set (file, version, hash) whose warning made or last upgraded the task."""
    warnings: list[WarningOut] = []
    """The warnings behind the task, newest first (one task: ``GET /v1/tasks/{id}``)."""
    reasons_zh: list[str] = []
    reasons_en: list[str] = []
    """Why, from every warning on the task, newest first, each reason once."""
    evidence: list[EvidenceOut] = []
    guide: GuideOut | None = None
    cases: list[str] = []
    """Cases opened from this task (an officer stopped a transfer)."""


class ActionIn(BaseModel):
    expected_version: int | None = Field(
        default=None, ge=0, le=2**31 - 1, description="The version you read; a stale one gets 409."
    )


class AttemptIn(ActionIn):
    channel: Channel
    result: AttemptResult
    note: str = Field(default="", max_length=2000)


class EscalateIn(ActionIn):
    reason: str = Field(default="manual", max_length=500)


class ResolveIn(ActionIn):
    outcome: Outcome


class AuditOut(BaseModel):
    seq: int
    ts: datetime
    user_id: str
    role: str
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]
    hash: str


class VerifyOut(BaseModel):
    intact: bool
    entries: int
    broken_at: int | None = None
    """The first entry that fails; 0 when the trail as a whole does (key, checkpoint)."""
    reason: str | None = None
    reason_zh: str | None = None


def events_answer(intake: Intake, rejected: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer to a batch of events, as plain data in ``EventsOut``'s shape: what
    intake made of it, and the lines refused. ``POST /v1/events`` encodes it with
    msgspec as it is (its hot path builds no model); other routes validate it."""
    return {
        "accepted": intake.accepted,
        "new": intake.new,
        "duplicates": intake.duplicates,
        "conflicts": [
            {
                "line": c.accepted.line,
                "source": c.accepted.event.source,
                "id": c.accepted.event.id,
                "fields": c.fields,
            }
            for c in intake.conflicts
        ],
        "rejected": rejected,
        "warnings": intake.warnings,
        "tasks": intake.tasks,
        "detection": intake.detection,
    }


def events_out(intake: Intake, rejected: list[RejectedLine] | None = None) -> EventsOut:
    """The answer to a batch of events as the documented model."""
    lines = [r.model_dump() for r in rejected or []]
    return EventsOut.model_validate(events_answer(intake, lines))


class ClaimOut(BaseModel):
    case_id: str
    amount_fen: int
    hop: int
    path: list[str]
    returned_fen: int


class BankAnswerOut(BaseModel):
    at: datetime
    actor: str
    accepted: bool
    reason: str | None


class HoldOut(BaseModel):
    hold_id: str
    account_id: str
    bank: str | None
    bank_name: str | None
    bank_name_en: str | None
    holder_name: str | None
    state: str
    requested_fen: int
    stops: int
    stopped_fen: int
    stop_expires: datetime | None
    frozen_fen: int
    freeze_expires: datetime | None
    renewals: int
    balance_fen: int | None
    bank_reason: str | None
    notice_at: datetime | None
    claims: list[ClaimOut]
    version: int
    history: list[tuple[datetime, str, str]]
    bank_answers: list[BankAnswerOut]


def hold_out(hold: Hold, principal: Principal) -> HoldOut:
    return HoldOut(
        hold_id=hold.hold_id,
        account_id=mask_value(principal, "account", hold.account_id),
        bank=hold.bank,
        **bank_names(hold.bank),
        holder_name=mask_value(principal, "name", hold.holder_name),
        state=str(hold.state),
        requested_fen=hold.requested_fen,
        stops=hold.stops,
        stopped_fen=hold.stopped_fen,
        stop_expires=hold.stop_expires,
        frozen_fen=hold.frozen_fen,
        freeze_expires=hold.freeze_expires,
        renewals=hold.renewals,
        balance_fen=hold.balance_fen,
        bank_reason=hold.bank_reason,
        notice_at=hold.notice_at,
        claims=[
            ClaimOut(
                **{f: getattr(c, f) for f in ClaimOut.model_fields if f != "path"},
                path=mask_value(principal, "account", c.path),
            )
            for c in hold.claims
        ],
        version=hold.version,
        history=hold.history,
        bank_answers=[BankAnswerOut(**msgspec.structs.asdict(a)) for a in rules.answers(hold)],
    )


class CheckReason(BaseModel):
    code: str
    zh: str
    en: str


class CheckOut(BaseModel):
    check_id: str
    decision: Literal["allow", "warn", "hold"]
    score: float
    reasons: list[CheckReason]
    display_text: str
    """Show this to the driver, courier or clerk (Chinese)."""
