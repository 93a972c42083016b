"""delivery lease: a claim expires, a retryable failure is taken again

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:00:00

Issue 14, item 3: ``lease_until`` (a claim held until then), ``attempts`` (claims so far; it
fences a finish), ``next_attempt_at`` (when a ``retry`` may be taken again). Claims left by a
dead process before this migration get a lease that has already expired (their claim time), so
a process takes them over if they are still inside the grace window. See docs/deadlines.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminderdelivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE reminderdelivery SET attempts = 1 WHERE status IN ('claimed', 'sent', 'failed')"
    )
    op.execute("UPDATE reminderdelivery SET lease_until = claimed_at WHERE status = 'claimed'")


def downgrade() -> None:
    # a retry becomes a failure again: claim-once never took one a second time
    op.execute("UPDATE reminderdelivery SET status = 'failed' WHERE status = 'retry'")
    with op.batch_alter_table("reminderdelivery", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("lease_until")
