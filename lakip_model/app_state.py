"""Tables the application keeps beside the domain: the Telegram layer's conversation state.

Not domain data (nothing here is a figure of the report or an entry): ``bot.persistence`` is its
only user. It lives in this package because the schema has one Alembic history, and the domain
package must not import the bot to describe it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from lakip_model.models import utcnow


class PersistedData(SQLModel, table=True):
    """python-telegram-bot persistence (conversation states, user/chat data) as JSON rows."""

    __table_args__ = (UniqueConstraint("kind", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "conv:<name>", "user", "chat", "bot", "callback"
    key: str
    data: str  # JSON
    updated_at: datetime = Field(default_factory=utcnow)
