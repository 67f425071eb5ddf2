"""rings and linked cases: rings, their members, analysts' merges and splits

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rings",
        sa.Column("ring_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("ring_id", name=op.f("pk_rings")),
    )
    with op.batch_alter_table("rings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rings_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_rings_updated"), ["updated"], unique=False)
    op.create_table(
        "ring_members",
        sa.Column("ring_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("member", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("ring_id", "kind", "member", name=op.f("pk_ring_members")),
    )
    with op.batch_alter_table("ring_members", schema=None) as batch_op:
        batch_op.create_index("ix_ring_members_member", ["kind", "member"], unique=False)
    op.create_table(
        "ring_decisions",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_ring_decisions")),
        sa.UniqueConstraint("seq", name=op.f("uq_ring_decisions_seq")),
    )
    with op.batch_alter_table("ring_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ring_decisions_ts"), ["ts"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ring_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ring_decisions_ts"))
    op.drop_table("ring_decisions")
    with op.batch_alter_table("ring_members", schema=None) as batch_op:
        batch_op.drop_index("ix_ring_members_member")
    op.drop_table("ring_members")
    with op.batch_alter_table("rings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rings_updated"))
        batch_op.drop_index(batch_op.f("ix_rings_state"))
    op.drop_table("rings")
