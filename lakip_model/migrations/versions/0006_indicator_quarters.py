"""indicator quarters: rencana aksi, indicator entries on the ledger, achievement scales

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:44:43

Issue "Performance through the year": an indicator carries its type of figure, its unit, how its
quarters add up, whether it is an IKU and the unit that reports it; ``indicatorplan`` holds the
quarterly targets (append-only); a ``realizationentry`` reports either a budget node or an
indicator (exactly one: a check constraint) per quarter; ``achievementband`` is an agency's own
scale of achievement categories (none: Permendagri 86/2017).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "achievementband",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("lower_bound", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agency_id", "lower_bound"),
    )
    with op.batch_alter_table("achievementband", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_achievementband_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "indicatorplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("target_text", sa.String(), nullable=False),
        sa.Column("target_value", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("target_max", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("set_by", sa.BigInteger(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_indicatorplan_quarter"),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("indicatorplan", schema=None) as batch_op:
        batch_op.create_index(
            "ix_indicatorplan_indicator_id_quarter", ["indicator_id", "quarter"], unique=False
        )

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("iku", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("measure", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("measure_unit", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("accumulation", sa.String(), nullable=False, server_default="kumulatif")
        )
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_indicator_unit_id"), ["unit_id"], unique=False)
        batch_op.create_foreign_key("fk_indicator_unit_id_unit", "unit", ["unit_id"], ["id"])
    # the defaults were for the rows already there; the models set the values from now on
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.alter_column("iku", server_default=None)
        batch_op.alter_column("accumulation", server_default=None)

    with op.batch_alter_table("realizationentry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indicator_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("quarter", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("causes", sa.String(), nullable=True))
        batch_op.alter_column("node_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            "ix_realizationentry_indicator_id_status", ["indicator_id", "status"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_realizationentry_indicator_id_indicator", "indicator", ["indicator_id"], ["id"]
        )
        batch_op.create_check_constraint(
            "ck_realizationentry_subject", "(node_id IS NULL) <> (indicator_id IS NULL)"
        )
        batch_op.create_check_constraint(
            "ck_realizationentry_quarter", "quarter IS NULL OR quarter BETWEEN 1 AND 4"
        )


def downgrade() -> None:
    op.execute(
        "DELETE FROM entryreview WHERE entry_id IN "
        "(SELECT id FROM realizationentry WHERE indicator_id IS NOT NULL)"
    )
    op.execute("DELETE FROM realizationentry WHERE indicator_id IS NOT NULL")
    with op.batch_alter_table("realizationentry", schema=None) as batch_op:
        batch_op.drop_constraint("ck_realizationentry_quarter", type_="check")
        batch_op.drop_constraint("ck_realizationentry_subject", type_="check")
        batch_op.drop_constraint("fk_realizationentry_indicator_id_indicator", type_="foreignkey")
        batch_op.drop_index("ix_realizationentry_indicator_id_status")
        batch_op.alter_column("node_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("causes")
        batch_op.drop_column("quarter")
        batch_op.drop_column("indicator_id")

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_constraint("fk_indicator_unit_id_unit", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_indicator_unit_id"))
        batch_op.drop_column("unit_id")
        batch_op.drop_column("accumulation")
        batch_op.drop_column("measure_unit")
        batch_op.drop_column("measure")
        batch_op.drop_column("iku")

    with op.batch_alter_table("indicatorplan", schema=None) as batch_op:
        batch_op.drop_index("ix_indicatorplan_indicator_id_quarter")
    op.drop_table("indicatorplan")
    with op.batch_alter_table("achievementband", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievementband_agency_id"))
    op.drop_table("achievementband")
