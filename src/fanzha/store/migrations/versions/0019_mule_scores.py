"""mule scores: each account's latest 断卡 score, reasons and evidence

Revision ID: 0019
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mule_scores",
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("bank", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("first_flagged", sa.DateTime(timezone=True), nullable=True),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_mule_scores")),
    )
    with op.batch_alter_table("mule_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mule_scores_listed"), ["listed"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mule_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mule_scores_listed"))
    op.drop_table("mule_scores")
