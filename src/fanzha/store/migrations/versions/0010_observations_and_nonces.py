"""observations of reference data by non-owners; persisted partner nonces

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observations",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_observations")),
    )
    op.create_index(op.f("ix_observations_subject"), "observations", ["subject"])
    op.create_table(
        "partner_nonces",
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "nonce", name=op.f("pk_partner_nonces")),
    )
    op.create_index(op.f("ix_partner_nonces_expires"), "partner_nonces", ["expires"])


def downgrade() -> None:
    op.drop_index(op.f("ix_partner_nonces_expires"), table_name="partner_nonces")
    op.drop_table("partner_nonces")
    op.drop_index(op.f("ix_observations_subject"), table_name="observations")
    op.drop_table("observations")
