"""ledger indexes: entries of given rows by status, and the entries that replace another

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 18:00:00

Without statistics SQLite preferred ix_realizationentry_status (almost every entry is
approved), so the year's sums and every "not replaced by an approved entry" check read the
approved entries of all agencies and years. See docs/performance.md.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("realizationentry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_realizationentry_node_id_status", ["node_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_realizationentry_status_replaces_id", ["status", "replaces_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("realizationentry", schema=None) as batch_op:
        batch_op.drop_index("ix_realizationentry_status_replaces_id")
        batch_op.drop_index("ix_realizationentry_node_id_status")
