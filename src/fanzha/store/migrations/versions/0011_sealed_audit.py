"""sealed audit chain: keyed entries, a chain id for the checkpoint outside the database

Entries written before this revision were chained with plain SHA-256, which
anyone able to write the database can recompute. They are moved, unchanged, to
``audit_log_legacy`` (kept, not verified) and the keyed chain starts at entry 1
in ``audit_log``. ``audit_chain`` holds a random id naming this database's chain,
under which its signed checkpoint is kept beside the audit key.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_COLUMNS = "seq, ts, user_id, role, action, object_type, object_id, detail, prev_hash, hash"


def upgrade() -> None:
    chain = op.create_table(
        "audit_chain",
        sa.Column("chain_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain_id", name=op.f("pk_audit_chain")),
    )
    op.bulk_insert(chain, [{"chain_id": uuid.uuid4().hex}])
    op.create_table(
        "audit_log_legacy",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=160), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log_legacy")),
    )
    op.execute(f"INSERT INTO audit_log_legacy ({_COLUMNS}) SELECT {_COLUMNS} FROM audit_log")
    op.execute("DELETE FROM audit_log")


def downgrade() -> None:
    op.execute("DELETE FROM audit_log")
    op.execute(f"INSERT INTO audit_log ({_COLUMNS}) SELECT {_COLUMNS} FROM audit_log_legacy")
    op.drop_table("audit_log_legacy")
    op.drop_table("audit_chain")
