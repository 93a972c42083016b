"""quarterly digest and the indicators' reminder

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 11:30:00

Issue 15, item 5: a deadline rule may list the indicators still missing for a quarter
(``deadlinerule.needs_indicators``); ``digestsubscription`` records who subscribed to the
quarterly digest (or, for a pimpinan, opted out); a digest is delivered through
``reminderdelivery`` like a reminder, with no reminder subscription, so its ``subscription_id``
may be empty. See docs/deadlines.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deadlinerule", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("needs_indicators", sa.Boolean(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("reminderdelivery", schema=None) as batch_op:
        batch_op.alter_column("subscription_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "digestsubscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("subscribed", sa.Boolean(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agency_id", "telegram_id"),
    )
    with op.batch_alter_table("digestsubscription", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_digestsubscription_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_digestsubscription_telegram_id"), ["telegram_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("digestsubscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digestsubscription_telegram_id"))
        batch_op.drop_index(batch_op.f("ix_digestsubscription_agency_id"))
    op.drop_table("digestsubscription")
    op.execute("DELETE FROM reminderdelivery WHERE subscription_id IS NULL")
    with op.batch_alter_table("reminderdelivery", schema=None) as batch_op:
        batch_op.alter_column("subscription_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("deadlinerule", schema=None) as batch_op:
        batch_op.drop_column("needs_indicators")
