"""Webhook mode: no start without a secret, no update without it; the token never in a repr."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.app import Webhook, WebhookConfigError, build_application, run_bot
from bot.settings import BotSettings
from emulator import BotApiEmulator, EmuUser
from lakip_model.db import session_scope
from lakip_model.models import Role
from lakip_model.users import set_user

SECRET = "rahasia_Webhook-123"
USER_ID = 7101
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _settings(db_url: str, **extra: object) -> BotSettings:
    return BotSettings(  # type: ignore[call-arg]
        DATABASE_URL=db_url,
        TELEGRAM_BOT_TOKEN="123456:webhook-test-token",
        TELEGRAM_WEBHOOK_URL="https://lakip.example/telegram",
        **extra,
    )


def test_webhook_mode_refuses_to_start_without_a_secret(db_url: str, engine: Engine) -> None:
    settings = _settings(db_url)
    with pytest.raises(WebhookConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        run_bot(settings, engine)


def test_the_command_line_refuses_webhook_mode_without_a_secret(db_url: str) -> None:
    """``lakip-bot run`` stops before preparing the database or listening anywhere."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "LAKIP_"))},
        "DATABASE_URL": db_url,
        "TELEGRAM_BOT_TOKEN": "123456:webhook-test-token",
        "TELEGRAM_WEBHOOK_URL": "https://lakip.example/telegram",
        "TELEGRAM_WEBHOOK_SECRET": "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET is required" in done.stderr
    assert "webhook-test-token" not in done.stderr + done.stdout


@pytest.mark.parametrize("secret", ["with space", "x" * 257, "ümlaut"])
def test_a_secret_telegram_would_refuse_is_refused_at_start(db_url: str, secret: str) -> None:
    with pytest.raises(ValueError, match="1-256 characters"):
        _settings(db_url, TELEGRAM_WEBHOOK_SECRET=secret)


@pytest.fixture
async def webhook_bot(
    db_url: str, engine: Engine
) -> AsyncIterator[tuple[BotApiEmulator, EmuUser, int]]:
    """The real bot listening for webhook POSTs on loopback, registered with the emulator."""
    with session_scope(engine) as session:
        set_user(session, None, USER_ID, Role.PIMPINAN, name="Kepala Dinas")
    port = _free_port()
    settings = _settings(
        db_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )
    webhook = Webhook.of(settings)
    assert webhook is not None
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emu:
        app = build_application(settings, engine, api=emu, rate_limiter=False)
        user = emu.user(USER_ID, "Kepala Dinas")
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_webhook(**webhook.options())
        await app.start()
        try:
            assert emu.webhook["url"] == "https://lakip.example/telegram"
            assert emu.webhook["secret_token"] == SECRET
            yield emu, user, port
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


async def _post(port: int, update: dict[str, object], secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"http://127.0.0.1:{port}/", json=update, headers=headers) as response,
    ):
        return response.status


async def test_an_update_without_the_secret_header_is_refused(
    webhook_bot: tuple[BotApiEmulator, EmuUser, int],
) -> None:
    emu, user, port = webhook_bot
    update = await emu.send_text(user, "/bantuan")  # the update as Telegram would post it
    since = emu.mark()
    assert await _post(port, update, None) == 403
    assert await _post(port, update, "not-the-secret") == 403
    assert await _post(port, update, SECRET) == 200
    await emu.wait_for(lambda: bool(emu.outputs_since(since)), timeout=10)
    await asyncio.sleep(0.5)  # time for answers to the refused posts, had they got through
    [answer] = emu.outputs_since(since)  # one answer: only the post with the secret was handled
    assert answer.chat_id == USER_ID and answer.kind == "send"


async def test_the_token_is_in_no_repr(db_url: str, engine: Engine) -> None:
    token = "424242:AAE-secret-token-that-must-not-leak"
    settings = BotSettings(  # type: ignore[call-arg]
        DATABASE_URL=db_url, TELEGRAM_BOT_TOKEN=token, TELEGRAM_WEBHOOK_SECRET=SECRET
    )
    app = build_application(settings, engine, rate_limiter=False)
    shown = [repr(app), str(app), repr(app.bot), str(app.bot), f"{app.bot!r}", repr(settings)]
    shown.append(str(settings.model_dump()))
    with pytest.raises(AssertionError) as failed:
        assert app.bot is None, settings
    shown.append(str(failed.value))
    for text in shown:
        assert token not in text
        assert token.split(":")[1] not in text
        assert SECRET not in text
