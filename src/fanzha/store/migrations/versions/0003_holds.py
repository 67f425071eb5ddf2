"""stop-payment and freeze holds, and the cases that claim them

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holds",
        sa.Column("hold_id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("hold_id", name=op.f("pk_holds")),
    )
    op.create_index(op.f("ix_holds_account_id"), "holds", ["account_id"])
    op.create_index(op.f("ix_holds_state"), "holds", ["state"])
    op.create_table(
        "hold_claims",
        sa.Column("hold_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("hold_id", "case_id", name=op.f("pk_hold_claims")),
    )
    op.create_index(op.f("ix_hold_claims_case_id"), "hold_claims", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_hold_claims_case_id"), table_name="hold_claims")
    op.drop_table("hold_claims")
    op.drop_index(op.f("ix_holds_state"), table_name="holds")
    op.drop_index(op.f("ix_holds_account_id"), table_name="holds")
    op.drop_table("holds")
