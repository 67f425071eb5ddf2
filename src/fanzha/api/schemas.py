"""Request and response bodies of the HTTP API (they make the OpenAPI spec)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from fanzha.dissuade.models import AttemptResult, Channel, Level, Outcome, TaskState, Tier


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
