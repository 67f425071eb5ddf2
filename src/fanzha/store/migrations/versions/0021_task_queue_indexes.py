"""tasks at year scale: queue order, typology, outcome and deadline columns, composite
indexes, and kept outcome counters

Revision ID: 0021
Revises: 0019

The new columns are filled from the stored documents in batches (a year of
tasks takes a while once); ``due_at``/``sweep_at`` need the deadline policy,
so the server re-times the open tasks when it starts (``retime_deadlines``).
"""

from __future__ import annotations

import msgspec
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_OPEN_STATES = ("new", "signed", "contacting", "escalated", "on_site", "stop_payment", "follow_up")
_LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}
_BATCH = 5000


class _Doc(msgspec.Struct):
    """The fields of a stored task this migration reads (the rest are skipped)."""

    typology: str = ""
    outcome: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("typology", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("queue", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("outcome", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sweep_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index("ix_tasks_district")
        batch_op.drop_index("ix_tasks_state")
    _fill()
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_queue_order", ["queue", "created", "task_id"])
        batch_op.create_index(
            "ix_tasks_district_order", ["district", "queue", "created", "task_id"]
        )
        batch_op.create_index("ix_tasks_state_order", ["state", "queue", "created", "task_id"])
        batch_op.create_index("ix_tasks_due_at", ["due_at"])
        batch_op.create_index("ix_tasks_sweep_at", ["sweep_at"])
    op.create_table(
        "task_outcome_counts",
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "district", "station", "outcome", name=op.f("pk_task_outcome_counts")
        ),
    )
    op.execute(
        "INSERT INTO task_outcome_counts (district, station, outcome, n)"
        " SELECT COALESCE(district, ''), COALESCE(station, ''), outcome, COUNT(*)"
        " FROM tasks WHERE outcome IS NOT NULL"
        " GROUP BY COALESCE(district, ''), COALESCE(station, ''), outcome"
    )


def _fill() -> None:
    """Queue keys by SQL; typology and outcome from the documents, a batch at a time.
    Open tasks get ``sweep_at = created`` so the first sweep looks at each once."""
    tasks = sa.table(
        "tasks",
        sa.column("task_id", sa.String),
        sa.column("state", sa.String),
        sa.column("level", sa.String),
        sa.column("created", sa.DateTime),
        sa.column("doc", sa.LargeBinary),
        sa.column("typology", sa.String),
        sa.column("queue", sa.Integer),
        sa.column("outcome", sa.String),
        sa.column("sweep_at", sa.DateTime),
    )
    level = sa.case(_LEVEL_ORDER, value=tasks.c.level, else_=2)
    is_open = tasks.c.state.in_(_OPEN_STATES)
    op.execute(
        tasks.update().values(
            queue=sa.case((is_open, level), else_=level + 3),
            sweep_at=sa.case((is_open, tasks.c.created), else_=None),
        )
    )
    conn = op.get_bind()
    decoder = msgspec.msgpack.Decoder(_Doc)
    statement = (
        tasks.update()
        .where(tasks.c.task_id == sa.bindparam("id"))
        .values(typology=sa.bindparam("t"), outcome=sa.bindparam("o"))
    )
    last = ""
    while True:
        rows = conn.execute(
            sa.select(tasks.c.task_id, tasks.c.doc)
            .where(tasks.c.task_id > last)
            .order_by(tasks.c.task_id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        changes = []
        for task_id, doc in rows:
            found = decoder.decode(doc)
            changes.append({"id": task_id, "t": found.typology[:64], "o": found.outcome})
        conn.execute(statement, changes)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("task_outcome_counts")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_sweep_at")
        batch_op.drop_index("ix_tasks_due_at")
        batch_op.drop_index("ix_tasks_state_order")
        batch_op.drop_index("ix_tasks_district_order")
        batch_op.drop_index("ix_tasks_queue_order")
        batch_op.create_index("ix_tasks_state", ["state"])
        batch_op.create_index("ix_tasks_district", ["district"])
        batch_op.drop_column("sweep_at")
        batch_op.drop_column("due_at")
        batch_op.drop_column("outcome")
        batch_op.drop_column("queue")
        batch_op.drop_column("typology")
