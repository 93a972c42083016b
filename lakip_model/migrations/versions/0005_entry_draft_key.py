"""entry draft key: a draft saved twice (after a crash) is one entry

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:00:00

Issue "Nothing lost, nothing crashed, nobody in", item 4: ``draft_key`` is the idempotency key
of the /lapor draft an entry was saved from (nullable: the report's entries, withdrawals and
the entries saved before this migration have none; a unique index allows many NULLs on SQLite
and PostgreSQL alike). ``lakip_model.ledger.save`` returns the entry that holds the key instead
of appending a second one. See docs/security.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("realizationentry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_key", sa.String(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_realizationentry_draft_key"), ["draft_key"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("realizationentry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realizationentry_draft_key"))
        batch_op.drop_column("draft_key")
