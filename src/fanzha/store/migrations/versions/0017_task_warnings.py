"""warnings kept beside their tasks, cases opened from tasks, events found by id

Revision ID: 0017
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warnings",
        sa.Column("warning_id", sa.String(length=160), nullable=False),
        sa.Column("task_id", sa.String(length=160), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("typology", sa.String(length=64), nullable=False),
        sa.Column("amount_at_risk_fen", sa.BigInteger(), nullable=True),
        sa.Column("payee", sa.String(length=64), nullable=True),
        sa.Column("rules_version", sa.String(length=255), nullable=False),
        sa.Column("model_version", sa.String(length=255), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("warning_id", name=op.f("pk_warnings")),
    )
    with op.batch_alter_table("warnings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warnings_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_warnings_person_id"), ["person_id"], unique=False)
    op.create_table(
        "task_cases",
        sa.Column("case_id", sa.String(length=128), nullable=False),
        sa.Column("task_id", sa.String(length=160), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_task_cases")),
    )
    with op.batch_alter_table("task_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_cases_task_id"), ["task_id"], unique=False)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_id", ["id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_id")
    with op.batch_alter_table("task_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_cases_task_id"))
    op.drop_table("task_cases")
    with op.batch_alter_table("warnings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warnings_person_id"))
        batch_op.drop_index(batch_op.f("ix_warnings_task_id"))
    op.drop_table("warnings")
