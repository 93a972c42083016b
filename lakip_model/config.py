"""Settings read once from the environment and `.env` (pydantic-settings).

Nothing else in the project reads ``os.environ``: every knob is a field here, documented in
``.env.example``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'lakip.db'}"


class Settings(BaseSettings):
    """Configuration of the bot and its database."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_BASE_URL"
    )
    telegram_base_file_url: str | None = Field(default=None, alias="TELEGRAM_BASE_FILE_URL")
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_listen: str = Field(default="127.0.0.1:8443", alias="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_secret: SecretStr | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    admin_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=(), alias="LAKIP_ADMIN_IDS")
    timezone: str = Field(default="Asia/Jakarta", alias="LAKIP_TIMEZONE")
    agency_code: str | None = Field(default=None, alias="LAKIP_AGENCY")
    open_read: bool = Field(default=False, alias="LAKIP_OPEN_READ")
    reminder_grace_hours: float = Field(default=6, ge=0, le=72, alias="LAKIP_REMINDER_GRACE_HOURS")
    conversation_timeout: int = Field(default=15 * 60, ge=10, alias="LAKIP_CONVERSATION_TIMEOUT")
    chat_output_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "chat-files", alias="LAKIP_CHAT_OUTPUT_DIR"
    )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept "1,2, 3" as well as a list, so the variable reads naturally in `.env`."""
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return tuple(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError(
                    "LAKIP_ADMIN_IDS must be comma-separated Telegram user ids"
                ) from exc
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, at start-up rather than at the first reminder
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


@lru_cache
def get_settings() -> Settings:
    return Settings()
