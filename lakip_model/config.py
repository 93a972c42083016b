"""The domain's settings, read once from the environment and `.env` (pydantic-settings).

The database, the time zone of periods and deadlines, the agency served and its first admins:
what the domain, the seed loader and the command line need. The Telegram side adds its own
(token, webhook, conversations) in ``bot.settings``. Nothing else in the project reads
``os.environ``; every knob is documented in ``.env.example``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'lakip.db'}"


class Settings(BaseSettings):
    """Configuration of the database and the domain rules."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    admin_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=(), alias="LAKIP_ADMIN_IDS")
    timezone: str = Field(default="Asia/Jakarta", alias="LAKIP_TIMEZONE")
    agency_code: str | None = Field(default=None, alias="LAKIP_AGENCY")
    reminder_grace_hours: float = Field(default=6, ge=0, le=72, alias="LAKIP_REMINDER_GRACE_HOURS")
    reminder_lease_minutes: float = Field(
        default=5, ge=1, le=60, alias="LAKIP_REMINDER_LEASE_MINUTES"
    )
    # The quarterly digest's absorption norm: cumulative percent of the pagu expected absorbed by
    # the end of TW I-IV (lakip_model.digest.parse_norm; docs/deadlines.md).
    absorption_norm: str = Field(default="25,50,75,100", alias="LAKIP_ABSORPTION_NORM")
    # The city's group chats: the city digest (lakip_model.city) goes to each at a quarter's start.
    city_chat_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(), alias="LAKIP_CITY_CHAT_IDS"
    )

    @field_validator("admin_ids", "city_chat_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept "1,2, 3" as well as a list, so the variable reads naturally in `.env`."""
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return tuple(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("must be comma-separated Telegram ids") from exc
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("absorption_norm")
    @classmethod
    def _valid_norm(cls, value: str) -> str:
        from lakip_model.digest import parse_norm  # the digest owns the format

        try:
            parse_norm(value)
        except ValueError as exc:
            raise ValueError(
                "LAKIP_ABSORPTION_NORM must be four cumulative percentages, e.g. 25,50,75,100"
            ) from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, at start-up rather than at the first reminder
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
