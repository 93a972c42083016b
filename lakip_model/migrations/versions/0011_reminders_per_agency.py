"""reminders per agency: subscriptions and deliveries carry the agency they are of

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:00:00

Issue 18, item 3: one deployment serves every agency, so a group's subscription says whose rule,
units and outstanding counts its reminders carry, and whose admins hear about the group; a
delivery (a reminder or a quarterly digest) is once per agency too, so that a group following
two agencies' monthly report gets each, and two agencies' rows never collide.

Backfill: a subscription of one unit is of that unit's agency; one of every unit (unit_id NULL)
of the first agency, the only one before this revision. A reminder's delivery takes its
subscription's agency; a digest's (no subscription) its recipient's, else the first agency.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_AGENCY = "(SELECT MIN(id) FROM agency)"
OLD_DELIVERY_KEY = ["chat_id", "rule_code", "unit_key", "period_key", "lead_days"]
OLD_SUBSCRIPTION_KEY = ["chat_id", "rule_code", "unit_key"]


# SQLite reflects 0002's unnamed constraints without a name; batch mode names them by this
# convention so that they can be dropped (alembic's documented way for unnamed constraints).
SQLITE_NAMES = {
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
}
# The deliveries' reference to their subscription, named as PostgreSQL named it in 0002.
SUBSCRIPTION_FK = "reminderdelivery_subscription_id_fkey"


def _old_subscription_key() -> str:
    """The name of 0002's unique key of a subscription, as the database has it."""
    for found in sa.inspect(op.get_bind()).get_unique_constraints("remindersubscription"):
        if found["column_names"] == OLD_SUBSCRIPTION_KEY and found["name"]:
            return str(found["name"])
    return "uq_remindersubscription_chat_id"  # unnamed (SQLite): the convention's name


def _subscription_fk() -> str:
    """The name of the deliveries' reference to their subscription, as the database has it."""
    for found in sa.inspect(op.get_bind()).get_foreign_keys("reminderdelivery"):
        if found["referred_table"] == "remindersubscription" and found["name"]:
            return str(found["name"])
    return "fk_reminderdelivery_subscription_id"  # unnamed (SQLite): the convention's name


def upgrade() -> None:
    for table in ("remindersubscription", "reminderdelivery"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("agency_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE remindersubscription SET agency_id = "
        "(SELECT unit.agency_id FROM unit WHERE unit.id = remindersubscription.unit_id) "
        "WHERE unit_id IS NOT NULL"
    )
    op.execute(
        f"UPDATE remindersubscription SET agency_id = {FIRST_AGENCY} WHERE agency_id IS NULL"
    )
    op.execute(
        "UPDATE reminderdelivery SET agency_id = (SELECT s.agency_id FROM remindersubscription s "
        "WHERE s.id = reminderdelivery.subscription_id) WHERE subscription_id IS NOT NULL"
    )
    op.execute(
        "UPDATE reminderdelivery SET agency_id = (SELECT MIN(u.agency_id) FROM appuser u "
        "WHERE u.telegram_id = reminderdelivery.chat_id) WHERE agency_id IS NULL"
    )
    op.execute(f"UPDATE reminderdelivery SET agency_id = {FIRST_AGENCY} WHERE agency_id IS NULL")
    # SQLite rebuilds a table to change its constraints, and dropping the old subscription
    # table under the deliveries' reference to it fails: the reference goes first and comes
    # back once the subscriptions are rebuilt.
    with op.batch_alter_table("reminderdelivery", naming_convention=SQLITE_NAMES) as batch:
        batch.drop_constraint(_subscription_fk(), type_="foreignkey")
        batch.drop_constraint("uq_delivery_once", type_="unique")
        batch.alter_column("agency_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_reminderdelivery_agency_id", "agency", ["agency_id"], ["id"])
        batch.create_index("ix_reminderdelivery_agency_id", ["agency_id"], unique=False)
        batch.create_unique_constraint("uq_delivery_once", ["agency_id", *OLD_DELIVERY_KEY])
    with op.batch_alter_table("remindersubscription", naming_convention=SQLITE_NAMES) as batch:
        batch.drop_constraint(_old_subscription_key(), type_="unique")
        batch.alter_column("agency_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            "fk_remindersubscription_agency_id", "agency", ["agency_id"], ["id"]
        )
        batch.create_index("ix_remindersubscription_agency_id", ["agency_id"], unique=False)
        batch.create_unique_constraint(
            "uq_subscription", ["agency_id", "chat_id", "rule_code", "unit_key"]
        )
    with op.batch_alter_table("reminderdelivery") as batch:
        batch.create_foreign_key(
            SUBSCRIPTION_FK, "remindersubscription", ["subscription_id"], ["id"]
        )


def downgrade() -> None:
    """Back to one agency's reminders: rows of any other agency are dropped (their keys would
    collide with the first agency's)."""
    op.execute(
        "DELETE FROM reminderdelivery WHERE subscription_id IN (SELECT id FROM "
        f"remindersubscription WHERE agency_id <> {FIRST_AGENCY})"
    )
    op.execute(f"DELETE FROM reminderdelivery WHERE agency_id <> {FIRST_AGENCY}")
    op.execute(f"DELETE FROM remindersubscription WHERE agency_id <> {FIRST_AGENCY}")
    with op.batch_alter_table("reminderdelivery") as batch:
        batch.drop_constraint(SUBSCRIPTION_FK, type_="foreignkey")
        batch.drop_constraint("uq_delivery_once", type_="unique")
        batch.drop_index("ix_reminderdelivery_agency_id")
        batch.drop_constraint("fk_reminderdelivery_agency_id", type_="foreignkey")
        batch.drop_column("agency_id")
        batch.create_unique_constraint("uq_delivery_once", OLD_DELIVERY_KEY)
    with op.batch_alter_table("remindersubscription") as batch:
        batch.drop_constraint("uq_subscription", type_="unique")
        batch.drop_index("ix_remindersubscription_agency_id")
        batch.drop_constraint("fk_remindersubscription_agency_id", type_="foreignkey")
        batch.drop_column("agency_id")
        batch.create_unique_constraint(
            "remindersubscription_chat_id_rule_code_unit_key_key", OLD_SUBSCRIPTION_KEY
        )
    with op.batch_alter_table("reminderdelivery") as batch:
        batch.create_foreign_key(
            SUBSCRIPTION_FK, "remindersubscription", ["subscription_id"], ["id"]
        )
