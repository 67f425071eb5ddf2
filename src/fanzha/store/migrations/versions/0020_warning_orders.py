"""warning orders: 预警指令 by source and order id, and ID numbers learned for persons

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warning_orders",
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("task_id", sa.String(length=160), nullable=True),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("source", "order_id", name=op.f("pk_warning_orders")),
    )
    with op.batch_alter_table("warning_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warning_orders_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_warning_orders_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_warning_orders_task_id"), ["task_id"], unique=False)
    op.create_table(
        "person_id_numbers",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_person_id_numbers")),
    )
    with op.batch_alter_table("person_id_numbers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_id_numbers_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("person_id_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_id_numbers_person_id"))
    op.drop_table("person_id_numbers")
    with op.batch_alter_table("warning_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warning_orders_task_id"))
        batch_op.drop_index(batch_op.f("ix_warning_orders_person_id"))
        batch_op.drop_index(batch_op.f("ix_warning_orders_status"))
    op.drop_table("warning_orders")
