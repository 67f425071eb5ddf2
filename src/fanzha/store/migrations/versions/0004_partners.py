"""partners, webhook deliveries, and the log of checks, clues and feedback

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_partners")),
    )
    op.create_table(
        "partner_deliveries",
        sa.Column("delivery_id", sa.String(length=32), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("next_try", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", name=op.f("pk_partner_deliveries")),
    )
    op.create_index(op.f("ix_partner_deliveries_partner_id"), "partner_deliveries", ["partner_id"])
    op.create_index(op.f("ix_partner_deliveries_state"), "partner_deliveries", ["state"])
    op.create_table(
        "partner_log",
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_partner_log")),
    )
    for column in ("partner_id", "kind", "ts", "person_id"):
        op.create_index(op.f(f"ix_partner_log_{column}"), "partner_log", [column])


def downgrade() -> None:
    for column in ("partner_id", "kind", "ts", "person_id"):
        op.drop_index(op.f(f"ix_partner_log_{column}"), table_name="partner_log")
    op.drop_table("partner_log")
    op.drop_index(op.f("ix_partner_deliveries_state"), table_name="partner_deliveries")
    op.drop_index(op.f("ix_partner_deliveries_partner_id"), table_name="partner_deliveries")
    op.drop_table("partner_deliveries")
    op.drop_table("partners")
