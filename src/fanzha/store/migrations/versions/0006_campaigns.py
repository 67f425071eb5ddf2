"""campaigns

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("campaign_id", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=True),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_campaigns")),
    )
    op.create_index(op.f("ix_campaigns_district"), "campaigns", ["district"])
    op.create_index(op.f("ix_campaigns_start"), "campaigns", ["start"])


def downgrade() -> None:
    op.drop_index(op.f("ix_campaigns_start"), table_name="campaigns")
    op.drop_index(op.f("ix_campaigns_district"), table_name="campaigns")
    op.drop_table("campaigns")
