"""Class sets: a teacher's published events and links, by an unguessable id.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_sets",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        # scrypt of the key that published it: who may delete it, never shown
        sa.Column("key_hash", sa.String(200), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),  # events and links, as checked
    )


def downgrade() -> None:
    op.drop_table("class_sets")
