"""shared limits: flood buckets per user and the outgoing send pace

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 11:30:00

Issue 18, item 4: several bot processes on one PostgreSQL database keep the per-user flood
limit and Telegram's outgoing bound together (``lakip_model.throttle``, docs/processes.md).
SQLite creates the tables too (one schema), but only PostgreSQL uses them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "floodbucket",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("warned", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "sendpace",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("sendpace")
    op.drop_table("floodbucket")
