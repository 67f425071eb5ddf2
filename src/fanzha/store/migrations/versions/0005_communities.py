"""communities with their fraud-free status, and the propaganda that reached households

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "communities",
        sa.Column("community_id", sa.String(length=128), nullable=False),
        sa.Column("district", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_communities")),
    )
    op.create_index(op.f("ix_communities_district"), "communities", ["district"])
    op.create_index(op.f("ix_communities_status"), "communities", ["status"])
    op.create_table(
        "propaganda",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.String(length=128), nullable=False),
        sa.Column("household", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propaganda")),
    )
    op.create_index(op.f("ix_propaganda_community_id"), "propaganda", ["community_id"])
    op.create_index(op.f("ix_propaganda_ts"), "propaganda", ["ts"])


def downgrade() -> None:
    op.drop_index(op.f("ix_propaganda_ts"), table_name="propaganda")
    op.drop_index(op.f("ix_propaganda_community_id"), table_name="propaganda")
    op.drop_table("propaganda")
    op.drop_index(op.f("ix_communities_status"), table_name="communities")
    op.drop_index(op.f("ix_communities_district"), table_name="communities")
    op.drop_table("communities")
