"""Limits: which deployer's key published a set and how big it is (publishing is
limited per key and hour), and the wrong keys tried on a set (a lockout).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_sets") as table:  # SQLite alters by copying
        # sha256 of the deployer's key (keys are long and random): not the key, and
        # nothing that names a person
        table.add_column(sa.Column("key_id", sa.String(16), nullable=True))
        table.add_column(sa.Column("n_bytes", sa.Integer, nullable=True))
        table.create_index("ix_class_sets_key_time", ["key_id", "created_at"])
    op.create_table(
        "key_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("set_id", sa.String(16), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),  # an address, hashed
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_key_failures_set", "key_failures", ["set_id", "at"])
    op.create_index("ix_key_failures_client", "key_failures", ["client", "at"])


def downgrade() -> None:
    op.drop_table("key_failures")
    with op.batch_alter_table("class_sets") as table:
        table.drop_index("ix_class_sets_key_time")
        table.drop_column("n_bytes")
        table.drop_column("key_id")
