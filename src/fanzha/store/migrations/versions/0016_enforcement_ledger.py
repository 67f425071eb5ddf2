"""the enforcement ledger: takedowns with their versions, case closures, gold notices

Revision ID: 0016
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "takedowns",
        sa.Column("takedown_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("ring_id", sa.String(length=128), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("suspects", sa.Integer(), nullable=False),
        sa.Column("cash_fen", sa.BigInteger(), nullable=False),
        sa.Column("gold_mg", sa.BigInteger(), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("takedown_id", name=op.f("pk_takedowns")),
        sa.UniqueConstraint("ring_id", "taken_on", name="uq_takedowns_ring_day"),
    )
    with op.batch_alter_table("takedowns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedowns_ring_id"), ["ring_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_takedowns_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_takedowns_taken_on"), ["taken_on"], unique=False)
    op.create_table(
        "takedown_versions",
        sa.Column("takedown_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("takedown_id", "version", name=op.f("pk_takedown_versions")),
    )
    op.create_table(
        "case_closures",
        sa.Column("case_id", sa.String(length=128), nullable=False),
        sa.Column("takedown_id", sa.String(length=64), nullable=False),
        sa.Column("ring_id", sa.String(length=128), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_closures")),
    )
    with op.batch_alter_table("case_closures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_closures_takedown_id"), ["takedown_id"], unique=False
        )
    op.create_table(
        "gold_notices",
        sa.Column("notice_id", sa.String(length=64), nullable=False),
        sa.Column("shop_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", name=op.f("pk_gold_notices")),
        sa.UniqueConstraint("shop_id", "issued_on", name="uq_gold_notices_shop_day"),
    )
    with op.batch_alter_table("gold_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gold_notices_shop_id"), ["shop_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_gold_notices_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_gold_notices_issued_on"), ["issued_on"], unique=False)


def downgrade() -> None:
    for table, columns in (
        ("gold_notices", ("shop_id", "district", "issued_on")),
        ("case_closures", ("takedown_id",)),
        ("takedowns", ("ring_id", "district", "taken_on")),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
    op.drop_table("gold_notices")
    op.drop_table("case_closures")
    op.drop_table("takedown_versions")
    op.drop_table("takedowns")
