"""events re-sent with other content under a stored source + id

Revision ID: 0009
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_conflicts",
        sa.Column("conflict_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("conflict_id", name=op.f("pk_event_conflicts")),
    )
    op.create_index(op.f("ix_event_conflicts_source"), "event_conflicts", ["source"])
    op.create_index(op.f("ix_event_conflicts_received"), "event_conflicts", ["received"])
    with op.batch_alter_table("ingest_runs") as batch:
        batch.add_column(sa.Column("conflicts", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs") as batch:
        batch.drop_column("conflicts")
    op.drop_index(op.f("ix_event_conflicts_received"), table_name="event_conflicts")
    op.drop_index(op.f("ix_event_conflicts_source"), table_name="event_conflicts")
    op.drop_table("event_conflicts")
