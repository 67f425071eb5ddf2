"""events keep their counterpart (caller, sender, payee, host, app); 反查 warnings once

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_FIELD = {"call": "caller", "sms": "sender", "transfer": "to_account", "app": "app",
          "parcel": "receiver"}  # fmt: skip
_BATCH = 5_000


def _counterpart(kind: str, raw: str) -> str | None:
    """As ``ingest.rows.counterpart`` computes it for new events (kept here: a migration
    must not change when the code it was written beside changes)."""
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    if kind == "web":
        url = str(doc.get("url") or "")
        try:
            found = urlsplit(url if "//" in url else f"//{url}").hostname or ""
        except ValueError:
            return None
    else:
        found = str(doc.get(_FIELD[kind]) or "")
    return found[:255] or None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("counterpart", sa.String(length=255), nullable=True))
    op.create_index("ix_events_counterpart_ts", "events", ["counterpart", "ts"])
    op.create_table(
        "list_rescans",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("warning_id", sa.String(length=160), nullable=False),
        sa.Column("warned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "value", "person_id", name=op.f("pk_list_rescans")),
    )
    # Events stored before this revision get their counterpart too, a batch at a time.
    conn = op.get_bind()
    events = sa.table(
        "events",
        sa.column("source"),
        sa.column("id"),
        sa.column("kind"),
        sa.column("raw"),
        sa.column("counterpart"),
    )
    kinds = [*_FIELD, "web"]
    rows = conn.execute(
        sa.select(events.c.source, events.c.id, events.c.kind, events.c.raw).where(
            events.c.kind.in_(kinds)
        )
    ).fetchall()
    update = (
        sa.update(events)
        .where(events.c.source == sa.bindparam("k_source"), events.c.id == sa.bindparam("k_id"))
        .values(counterpart=sa.bindparam("k_counterpart"))
    )
    for start in range(0, len(rows), _BATCH):
        batch_rows = [
            {"k_source": s, "k_id": i, "k_counterpart": _counterpart(k, raw)}
            for s, i, k, raw in rows[start : start + _BATCH]
        ]
        if batch_rows:
            conn.execute(update, batch_rows)


def downgrade() -> None:
    op.drop_table("list_rescans")
    op.drop_index("ix_events_counterpart_ts", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("counterpart")
