"""residents caught and dens found, per community

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_incidents")),
    )
    op.create_index(
        op.f("ix_community_incidents_community_id"), "community_incidents", ["community_id"]
    )
    op.create_index(op.f("ix_community_incidents_ts"), "community_incidents", ["ts"])


def downgrade() -> None:
    op.drop_index(op.f("ix_community_incidents_ts"), table_name="community_incidents")
    op.drop_index(op.f("ix_community_incidents_community_id"), table_name="community_incidents")
    op.drop_table("community_incidents")
