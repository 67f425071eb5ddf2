"""measures reach partners: a term on restrictions, and the orders sent to partners

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("restrictions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_restrictions_expires"), ["expires"], unique=False)
    op.create_table(
        "measure_orders",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("restriction_id", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_measure_orders")),
    )
    with op.batch_alter_table("measure_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measure_orders_restriction_id"), ["restriction_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_measure_orders_partner_id"), ["partner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("measure_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_orders_partner_id"))
        batch_op.drop_index(batch_op.f("ix_measure_orders_restriction_id"))
    op.drop_table("measure_orders")
    with op.batch_alter_table("restrictions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restrictions_expires"))
        batch_op.drop_column("expires")
