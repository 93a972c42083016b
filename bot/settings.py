"""The bot's settings: the domain's (``lakip_model.config``) and what only Telegram needs.

One pydantic-settings class, read once from the environment and `.env`; every variable is
documented in ``.env.example``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator

from lakip_model.config import PROJECT_ROOT, Settings

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class BotSettings(Settings):
    """Token, Bot API endpoints, webhook, and the knobs of conversations and reading."""

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_BASE_URL"
    )
    telegram_base_file_url: str | None = Field(default=None, alias="TELEGRAM_BASE_FILE_URL")
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_listen: str = Field(default="127.0.0.1:8443", alias="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_secret: SecretStr | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    open_read: bool = Field(default=False, alias="LAKIP_OPEN_READ")
    conversation_timeout: int = Field(default=15 * 60, ge=10, alias="LAKIP_CONVERSATION_TIMEOUT")
    # updates one person may send in 10 s (bot.ratelimit; on PostgreSQL for all processes)
    flood_limit: int = Field(default=20, ge=1, alias="LAKIP_FLOOD_LIMIT")
    chat_output_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "chat-files", alias="LAKIP_CHAT_OUTPUT_DIR"
    )

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1-256 of A-Z, a-z, 0-9, _ and -; empty means not set."""
        if value is None or not value.get_secret_value():
            return None
        if not SECRET_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
            )
        return value

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


@lru_cache
def get_settings() -> BotSettings:
    return BotSettings()
