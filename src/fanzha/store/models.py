"""The tables. Events are kept whole (the raw line); hot fields get columns.

Why both: the raw JSON keeps every field a partner sent, known or not (the
contract forbids dropping any), while typed columns let SQL and DuckDB answer
"transfers out of this account after 10:21" without parsing JSON.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware in, UTC-aware out, on every backend.

    SQLite has no time zone type: without this, an event at 10:21+08:00 would
    come back as a naive 10:21 and compare wrongly with UTC times.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: fanzha stores timezone-aware times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime}  # noqa: RUF012 (SQLAlchemy convention)


class EventRow(Base):
    """Every accepted event, once per (source, id)."""

    __tablename__ = "events"
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    person_id: Mapped[str | None] = mapped_column(String(64), index=True)
    """The person the event names (person, report), for look-ups by person."""
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    """The phone of the person the event is about (call/sms receiver, app and
    web user, ride requester, parcel sender, reporter): the possible victim."""
    account: Mapped[str | None] = mapped_column(String(64), index=True)
    """The account money leaves (transfer, withdrawal, gold purchase) or the
    account itself (account events)."""
    counterpart: Mapped[str | None] = mapped_column(String(255))
    """Who or what the possible victim dealt with (caller, SMS sender, payee, site
    host, app, parcel receiver): 反查 of a new list entry searches it."""
    raw: Mapped[str] = mapped_column(Text)
    """The line as received: every field, also those contract v1 does not model."""

    __table_args__ = (
        Index("ix_events_counterpart_ts", "counterpart", "ts"),
        Index("ix_events_id", "id"),  # a warning's evidence names events by id alone
    )


class ListRescanRow(Base):
    """A resident warned by the 反查 of a list entry: once per entry and person,
    so adding the same number again warns nobody twice."""

    __tablename__ = "list_rescans"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(255), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    warning_id: Mapped[str] = mapped_column(String(160))
    warned_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PersonRow(Base):
    """Latest ``person`` reference event per person (by event time)."""

    __tablename__ = "persons"
    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    district: Mapped[str] = mapped_column(String(32), index=True)
    district_code: Mapped[str | None] = mapped_column(String(6))
    address: Mapped[str] = mapped_column(Text)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(64))
    phones: Mapped[str] = mapped_column(Text)
    """Comma-separated E.164 numbers."""
    community: Mapped[str | None] = mapped_column(String(128), index=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class PhoneRow(Base):
    """Which person a phone number belongs to, per the newest person event
    naming it (numbers are reassigned; a late old event must not steal one)."""

    __tablename__ = "phones"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class AccountRow(Base):
    __tablename__ = "accounts"
    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bank: Mapped[str] = mapped_column(String(32), index=True)
    holder: Mapped[str | None] = mapped_column(String(64), index=True)
    address_on_file: Mapped[str | None] = mapped_column(Text)
    opened: Mapped[date | None] = mapped_column(Date)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class TransferRow(Base):
    """Transfers as typed rows: tracing and statistics read them constantly."""

    __tablename__ = "transfers"
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    from_account: Mapped[str] = mapped_column(String(64))
    to_account: Mapped[str] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    channel: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_transfers_from_ts", "from_account", "ts"),
        Index("ix_transfers_to_ts", "to_account", "ts"),
    )


class IngestRun(Base):
    """Provenance: which file was loaded when, and what came of it."""

    __tablename__ = "ingest_runs"
    run_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file: Mapped[str] = mapped_column(Text)
    started: Mapped[datetime] = mapped_column(UtcDateTime)
    finished: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    """Lines whose ``source`` + ``id`` was stored already with other content."""


class EventConflictRow(Base):
    """An event re-sent under a stored ``source`` + ``id`` but with other content.

    The stored event stays as it was (the first word counts, and detection
    ran on it); the other version is kept here for an analyst to judge: a
    partner's correction, a reused id, or tampering.
    """

    __tablename__ = "event_conflicts"
    conflict_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    id: Mapped[str] = mapped_column(String(128))
    received: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    origin: Mapped[str] = mapped_column(Text)
    """Where the other version came from: a file path, or ``request``."""
    line: Mapped[int] = mapped_column(Integer)
    fields: Mapped[str] = mapped_column(Text)
    """Comma-separated names of the fields that differ from the stored event."""
    raw: Mapped[str] = mapped_column(Text)


# --- the service's own tables ------------------------------------------------


class UserRow(Base):
    __tablename__ = "users"
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(32))
    station: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SessionRow(Base):
    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    expires: Mapped[datetime] = mapped_column(UtcDateTime)


class LoginThrottleRow(Base):
    """Failed logins per user name or address (``fanzha.security.logins``): kept in the
    store so a lockout holds across server processes and restarts."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    """``user:<user_id>`` or ``addr:<address>``."""
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(UtcDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TaskRow(Base):
    """A task as a document, plus the columns queues filter on and the version.

    A year is millions of tasks, almost all closed: the queue is read in index
    order (``queue``: open before closed, high before low; then ``created``,
    ``task_id``) a page at a time, per district or state by the composite
    indexes; the dashboard's "at risk" reads ``due_at`` and the deadline sweep
    ``sweep_at`` (both null once nothing is due), so neither decodes every task.
    """

    __tablename__ = "tasks"
    task_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    district: Mapped[str | None] = mapped_column(String(32))
    station: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(8))
    created: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    version: Mapped[int] = mapped_column(Integer)
    doc: Mapped[bytes] = mapped_column(LargeBinary)
    typology: Mapped[str | None] = mapped_column(String(64))
    queue: Mapped[int] = mapped_column(Integer, default=0)
    """0–2 open high/medium/low, 3–5 closed (``fanzha.dissuade.queries.queue_key``)."""
    outcome: Mapped[str | None] = mapped_column(String(24))
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    sweep_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    __table_args__ = (
        Index("ix_tasks_queue_order", "queue", "created", "task_id"),
        Index("ix_tasks_district_order", "district", "queue", "created", "task_id"),
        Index("ix_tasks_state_order", "state", "queue", "created", "task_id"),
    )


class TaskOutcomeCountRow(Base):
    """How many tasks ended with each outcome, per district and station ('' for none):
    kept up to date by every task write, so the dashboard reads 13×n rows, not a year."""

    __tablename__ = "task_outcome_counts"
    district: Mapped[str] = mapped_column(String(32), primary_key=True)
    station: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class WarningRow(Base):
    """A warning that made or upgraded a task (``fanzha.dissuade.warnings``), kept whole:
    the task page says why, on what evidence and how much is at risk."""

    __tablename__ = "warnings"
    warning_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(160), index=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    level: Mapped[str] = mapped_column(String(8))
    typology: Mapped[str] = mapped_column(String(64))
    amount_at_risk_fen: Mapped[int | None] = mapped_column(BigInteger)
    payee: Mapped[str | None] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(255))
    model_version: Mapped[str] = mapped_column(String(255))
    doc: Mapped[bytes] = mapped_column(LargeBinary)
    """The whole record (reasons in both languages, evidence ids), msgpack."""


class WarningOrderRow(Base):
    """A warning order (预警指令) as received: the source's key makes a re-send a no-op;
    ``task_id`` is null while the person is unknown (the 待核查 queue)."""

    __tablename__ = "warning_orders"
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    """``task`` (made or merged into one) or ``pending`` (待核查: nobody matched)."""
    person_id: Mapped[str | None] = mapped_column(String(64), index=True)
    task_id: Mapped[str | None] = mapped_column(String(160), index=True)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    doc: Mapped[bytes] = mapped_column(LargeBinary)
    """The order whole (``fanzha.dissuade.orders.WarningOrder``), msgpack."""


class PersonIdNumberRow(Base):
    """An ID number an analyst linked to a person while resolving a 待核查 order, kept
    as a digest: the next order with that number finds the person by itself."""

    __tablename__ = "person_id_numbers"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class TaskCaseRow(Base):
    """A case opened from a task (the officer stopped a transfer): each links to the other."""

    __tablename__ = "task_cases"
    case_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(160), index=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    """Append-only, hash-chained. ``seq`` is the primary key, so two writers
    racing for the same place cannot both succeed: the chain never forks."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(160), index=True)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    """HMAC-SHA256 under the audit key kept outside the database."""


class AuditChainRow(Base):
    """The one row naming this database's audit chain, so that its checkpoint outside
    the database (a file beside the audit key) is found again."""

    __tablename__ = "audit_chain"
    chain_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class AuditLegacyRow(Base):
    """Entries written before they were sealed with a key (unkeyed SHA-256), kept as
    they were and not verified: the sealed chain starts afresh in ``audit_log``."""

    __tablename__ = "audit_log_legacy"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(160))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RestrictionRow(Base):
    """An art. 32 restriction with its notice and appeal, as a document."""

    __tablename__ = "restrictions"
    restriction_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    doc: Mapped[bytes] = mapped_column(LargeBinary)
    expires: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    """When the measure lapses (the sweep's question); the document has the rest."""


class MeasureOrderRow(Base):
    """Which restriction an order sent to a partner belongs to: a partner acknowledges
    an order by its id, and the order itself lives in the restriction's document."""

    __tablename__ = "measure_orders"
    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    restriction_id: Mapped[str] = mapped_column(String(64), index=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)


class IdempotencyRow(Base):
    __tablename__ = "idempotency_keys"
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    stored: Mapped[datetime] = mapped_column(UtcDateTime)


class MuleScoreRow(Base):
    """An account's latest mule score (``fanzha mules … --load``): what the 涉案账户 list
    and ``GET /v1/checks/account/{id}`` read. ``doc`` holds reasons and evidence (JSON)."""

    __tablename__ = "mule_scores"
    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    bank: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    listed: Mapped[bool] = mapped_column(Boolean, index=True)
    first_flagged: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    model: Mapped[str] = mapped_column(String(64))
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


__all__ = [
    "AccountRow",
    "AuditRow",
    "Base",
    "EventRow",
    "IdempotencyRow",
    "IngestRun",
    "LoginThrottleRow",
    "MeasureOrderRow",
    "MuleScoreRow",
    "PersonRow",
    "PhoneRow",
    "RestrictionRow",
    "SessionRow",
    "TaskRow",
    "TransferRow",
    "UserRow",
]


class HoldRow(Base):
    """A stop-payment / freeze of one account (``fanzha.trace.holds.Hold``), as a document."""

    __tablename__ = "holds"
    hold_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class HoldClaimRow(Base):
    """Which cases claim money in which hold: the case page's index."""

    __tablename__ = "hold_claims"
    hold_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)


class PartnerRow(Base):
    """A partner (``fanzha.partners.registry.Partner``): type, scopes, key hashes, webhook."""

    __tablename__ = "partners"
    partner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class DeliveryRow(Base):
    """A webhook delivery to a partner: pending, delivered or dead (after the last try)."""

    __tablename__ = "partner_deliveries"
    delivery_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    next_try: Mapped[datetime] = mapped_column(UtcDateTime)
    created: Mapped[datetime] = mapped_column(UtcDateTime)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class PartnerLogRow(Base):
    """What partners did: checks with their decision, clues, feedback. Statistics read it."""

    __tablename__ = "partner_log"
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    """``check_order``, ``check_gold``, ``check_parcel``, ``clue`` or ``feedback``."""
    ts: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    person_id: Mapped[str | None] = mapped_column(String(64), index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    """A check's decision (allow/warn/hold) or feedback's outcome."""
    doc: Mapped[str] = mapped_column(Text)
    """The record as JSON: reasons, what the partner sent, the note."""


class CommunityRow(Base):
    """A community (小区 or village) and its fraud-free status history, as a document."""

    __tablename__ = "communities"
    community_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    district: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class PropagandaRow(Base):
    """Anti-fraud propaganda that reached a household: a visit, an app install, an event."""

    __tablename__ = "propaganda"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(128), index=True)
    household: Mapped[str] = mapped_column(Text)
    """The household's address."""
    kind: Mapped[str] = mapped_column(String(16))
    ts: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class CampaignRow(Base):
    """An anti-fraud campaign (talk, light show, screen roll, video…) as a document."""

    __tablename__ = "campaigns"
    campaign_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    district: Mapped[str | None] = mapped_column(String(32), index=True)
    start: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class CommunityIncidentRow(Base):
    """A resident caught for fraud elsewhere, or a fraud den found: they cost the status."""

    __tablename__ = "community_incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    community_id: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """``suspect_caught`` or ``den_found``."""
    ts: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))


class ObservationRow(Base):
    """What a source said about a reference record it does not own (``contract.ownership``).

    Kept so analysts see it (a platform's newer address for a resident can be a
    lead), never applied: the owner's value stays in ``persons``/``accounts``.
    """

    __tablename__ = "observations"
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(128), index=True)
    """The record it is about: a ``person_id`` or an ``account_id``."""
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    fields: Mapped[str] = mapped_column(Text)
    """The fields it would have changed, as JSON."""


class PartnerNonceRow(Base):
    """Nonces of signed partner requests, kept past the allowed clock skew: a replay
    is refused after a restart and on every server sharing the store."""

    __tablename__ = "partner_nonces"
    partner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class TakedownRow(Base):
    """A ring's takedown as it stands now (the latest version); the typed columns are what
    the year report adds up. One takedown per ring and day: a second record of the same
    raid is refused, so the report never counts it twice."""

    __tablename__ = "takedowns"
    __table_args__ = (UniqueConstraint("ring_id", "taken_on", name="uq_takedowns_ring_day"),)
    takedown_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    ring_id: Mapped[str] = mapped_column(String(128), index=True)
    district: Mapped[str] = mapped_column(String(32), index=True)
    taken_on: Mapped[date] = mapped_column(Date, index=True)
    suspects: Mapped[int] = mapped_column(Integer)
    cash_fen: Mapped[int] = mapped_column(BigInteger)
    gold_mg: Mapped[int] = mapped_column(BigInteger)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class TakedownVersionRow(Base):
    """Every version of every takedown, the first included: corrections keep history."""

    __tablename__ = "takedown_versions"
    takedown_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class CaseClosureRow(Base):
    """A case solved (破案) by a takedown; a case is closed by one takedown at most."""

    __tablename__ = "case_closures"
    case_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    takedown_id: Mapped[str] = mapped_column(String(64), index=True)
    ring_id: Mapped[str] = mapped_column(String(128))
    closed_on: Mapped[date] = mapped_column(Date)


class GoldNoticeRow(Base):
    """A risk notice to a gold merchant (风险告知书); one per shop and day."""

    __tablename__ = "gold_notices"
    __table_args__ = (UniqueConstraint("shop_id", "issued_on", name="uq_gold_notices_shop_day"),)
    notice_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    shop_id: Mapped[str] = mapped_column(String(64), index=True)
    merchant_name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(32), index=True)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class RingRow(Base):
    """A ring (串并案) with its members, links and history, as a document."""

    __tablename__ = "rings"
    ring_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    """``active``, or ``merged`` into another ring (kept for its history)."""
    version: Mapped[int] = mapped_column(Integer)
    updated: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    doc: Mapped[bytes] = mapped_column(LargeBinary)


class RingMemberRow(Base):
    """Which active ring a case, account, phone or address is in: lookups by member."""

    __tablename__ = "ring_members"
    ring_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    member: Mapped[str] = mapped_column(String(256), primary_key=True)
    __table_args__ = (Index("ix_ring_members_member", "kind", "member"),)


class RingDecisionRow(Base):
    """An analyst's merge or split, replayed whenever the rings are rebuilt or reloaded."""

    __tablename__ = "ring_decisions"
    decision_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    """The order decisions were taken in (two in one second must replay in that order)."""
    ts: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    doc: Mapped[bytes] = mapped_column(LargeBinary)
