"""city: super admins (LAKIP_ADMIN_IDS) across the agencies of one deployment

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:00:00

Issue 18, items 1 and 2: one deployment serves every agency in its database. A user still
belongs to one agency; the super admins, synced from LAKIP_ADMIN_IDS at every start, manage
agencies and their admins. The city roles (bappeda, inspektorat, walikota) are new values of
the role column, which is free text, so they need no change here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appuser") as batch:
        batch.add_column(
            sa.Column("super_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("appuser") as batch:
        batch.drop_column("super_admin")
