"""An offline Telegram Bot API server on loopback, for tests and the terminal chat.

:class:`BotApiEmulator` speaks the Bot API wire format (https://core.telegram.org/bots/api):
``POST|GET /bot<token>/<method>`` with JSON, url-encoded or multipart parameters, answered with
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": "...",
"parameters": {...}}``, and ``GET /file/bot<token>/<file_path>`` for downloads. The real
python-telegram-bot ``Application`` is pointed at it with ``base_url=emulator.base_url`` and
``base_file_url=emulator.base_file_url``; tests then act as Telegram users (``send_text``,
``press``, ``ask``, ``click``) and read what the bot did (``chat.messages``, ``calls``,
``callback_answers``).

It is deliberately as strict as Telegram where the bot can get things wrong:

* HTML is parsed like Telegram does (supported tags only, balanced, attributes checked) into
  plain ``text`` + ``entities``; the limits (4096 for text, 1024 for captions, 200 for callback
  answers) are counted in UTF-16 code units after parsing, as Telegram counts them.
  *Stricter than Telegram:* a ``&`` that does not start ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` or a
  numeric reference is rejected (Telegram keeps it literally) because it is always an escaping
  bug; pass ``strict_html=False`` for Telegram's leniency.
* Inline keyboards are validated (one action per button, callback data 1-64 bytes).
* Editing to identical content fails with "message is not modified", like Telegram.
* Blocked users, kicked bots, migrated groups and unknown chats fail with Telegram's codes.

Not emulated: webhook delivery (``setWebhook`` is only recorded, and makes ``getUpdates`` fail
with 409 like Telegram), inline mode, payments, media groups, URLs as files (the emulator is
offline), message-reaction updates. Unknown methods answer 404 ``Not Found: method not found``.

Fault injection (:meth:`BotApiEmulator.faults`, :meth:`BotApiEmulator.fail_next`,
:meth:`BotApiEmulator.flood_limits`) makes requests fail the way Telegram and networks do;
:meth:`BotApiEmulator.hold` keeps one request waiting until the test releases or drops it.

This module is the HTTP surface: routes, request parsing, answers, and the faults injected at
the door. The rest of the class lives by concept: what it holds in :mod:`emulator.state`, the
test-driving API in :mod:`emulator.driving`, the Bot API methods in :mod:`emulator.updates`,
:mod:`emulator.messages` and :mod:`emulator.chats`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiohttp import BodyPartReader, web

from emulator.api import API_METHODS, current_request
from emulator.chats import ChatMethods
from emulator.driving import Driving
from emulator.errors import JSON, ApiError, bad_request, too_many_requests
from emulator.faults import (
    FAULT_KINDS,
    FaultInjector,
    FaultPlan,
    FloodLimits,
    HeldRequest,
    Restorer,
)
from emulator.files import UPLOAD_LIMIT, UploadedFile
from emulator.messages import MessageMethods
from emulator.model import EmuChat, EmuUser, chat_key
from emulator.updates import UpdateMethods

log = logging.getLogger(__name__)

# Form fields that are plain strings on the wire; every other form field holds JSON.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "file_id",
        "photo",
        "document",
        "sticker",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "thumbnail",
        "action",
        "language_code",
        "secret_token",
        "ip_address",
        "name",
        "description",
        "short_description",
        "title",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "custom_title",
    }
)

_Handler = Callable[[JSON], Awaitable[Any]]
_METHOD_PATH = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)")


# --- request parsing ---------------------------------------------------------------------------


def _decode_field(name: str, raw: str) -> Any:
    """A form field: strings stay strings, everything else is JSON on the wire (PTB, curl)."""
    if name in STRING_FIELDS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def _read_params(request: web.Request) -> JSON:
    params: JSON = {name: _decode_field(name, value) for name, value in request.query.items()}
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.read()
        if body:
            try:
                data = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if not isinstance(data, dict):
                raise bad_request("JSON object expected")
            params.update(data)
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        params.update({name: _decode_field(name, str(value)) for name, value in form.items()})
    elif content_type.startswith("multipart/"):
        params.update(await _read_multipart(request))
    return params


async def _read_multipart(request: web.Request) -> JSON:
    params: JSON = {}
    files: dict[str, UploadedFile] = {}
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read())
        if part.filename is not None:
            content_type = part.headers.get("Content-Type")
            files[part.name] = UploadedFile(part.name, part.filename, content_type, data)
        else:
            params[part.name] = _decode_field(part.name, data.decode("utf-8"))
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            attached = files.pop(value[len("attach://") :], None)
            if attached is not None:
                params[name] = attached
    params.update(files)
    return params


# --- answers -----------------------------------------------------------------------------------


def _json_response(payload: JSON, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
    )


def _drop_connection(request: web.Request) -> web.Response:
    """Close the connection without an answer; the client sees a network error."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


class BotApiEmulator(Driving, UpdateMethods, MessageMethods, ChatMethods):
    """A Bot API server on 127.0.0.1 holding users, chats, messages and files in memory.

    Use ``async with BotApiEmulator() as emu:``; then ``emu.base_url``/``emu.base_file_url``
    and ``emu.token`` configure python-telegram-bot. See the module docstring for what is
    emulated and how strictly.
    """

    def __init__(
        self,
        *,
        bot_username: str = "LakipBinjaiBot",
        bot_name: str = "Bot LAKIP",
        bot_id: int = 7000000001,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        privacy_mode: bool = False,
        strict_html: bool = True,
        settle: float = 0.15,
    ) -> None:
        """``privacy_mode=True`` delivers only commands, replies to the bot and mentions of it
        in groups where the bot is not an admin (BotFather's default); ``settle`` is how long
        :meth:`ask`/:meth:`click` wait for quiet after the first reply."""
        super().__init__(bot_username, bot_name, bot_id, privacy_mode, strict_html, settle)
        self.token = token or f"{bot_id}:EMU{secrets.token_urlsafe(24)}"
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._faults = FaultInjector()
        self._methods: dict[str, _Handler] = {
            name: getattr(self, attribute) for name, attribute in API_METHODS.items()
        }

    # --- lifecycle ------------------------------------------------------------------------------

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one)."""
        app = web.Application(client_max_size=UPLOAD_LIMIT + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self._closing = False

    async def close(self) -> None:
        """Stop serving; pending long polls return at once."""
        self._closing = True
        self._faults.drop_holds()
        self._updates_signal.fire()
        self._activity.fire()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: ``http://127.0.0.1:PORT/bot``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``: ``http://127.0.0.1:PORT/file/bot``."""
        return f"http://{self.host}:{self.port}/file/bot"

    # --- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        current_request.set(request)
        file_match = _FILE_PATH.fullmatch(request.path)
        if file_match:
            return self._serve_file(*file_match.groups())
        match = _METHOD_PATH.fullmatch(request.path)
        if match is None:
            return _json_response(ApiError(404, "Not Found").payload(), 404)
        token, method = match.groups()
        name = method.lower()
        try:
            params = await _read_params(request)
        except ApiError as exc:
            self.calls.append((name, {}))
            return self._error(name, exc)
        self.calls.append((name, params))
        self.stats["calls"] += 1
        if token != self.token:
            return self._error(name, ApiError(401, "Unauthorized"))
        handler = self._methods.get(name)
        if handler is None:
            return self._error(name, ApiError(404, "Not Found: method not found"))
        held = self._faults.take_hold(name, params)
        if held is not None:  # not in progress while held: waiting for quiet does not wait for it
            self.stats["held"] += 1
            self._activity.fire()
            if await held.decision() == "dropped":
                return _drop_connection(request)
        tracked = name != "getupdates"
        if tracked:
            self._in_flight += 1
            self._activity.fire()
        try:
            return await self._execute(request, name, handler, params)
        finally:
            if tracked:
                self._in_flight -= 1
            self._activity.fire()

    async def _execute(
        self, request: web.Request, name: str, handler: _Handler, params: JSON
    ) -> web.StreamResponse:
        fault = self._faults.pick(name)
        try:
            if fault is not None:
                kind, retry_after = fault
                if not kind.isdigit():  # error answers are counted by their code
                    self.stats[kind] += 1
                if kind == "drop":
                    return _drop_connection(request)
                if kind == "slow":
                    await asyncio.sleep(self._faults.plan.slow_seconds)
                elif kind == "429":
                    raise too_many_requests(retry_after)
                elif kind in ("500", "502"):
                    phrase = "Internal Server Error" if kind == "500" else "Bad Gateway"
                    raise ApiError(int(kind), phrase)
            self._faults.check_flood(name, params)
            result = await handler(params)
            self._faults.count_flood(name, params)
        except ApiError as exc:
            return self._error(name, exc)
        except Exception as exc:  # a bug in the emulator: answer like Telegram's 500
            log.exception("emulator failed on %s", name)
            self.internal_errors.append(exc)
            return self._error(name, ApiError(500, "Internal Server Error"))
        if fault is not None and fault[0] == "drop_after":
            return _drop_connection(request)
        return _json_response({"ok": True, "result": result})

    def _error(self, method: str, exc: ApiError) -> web.Response:
        self.errors.append((method, exc.code, exc.description))
        self.stats[str(exc.code)] += 1
        return _json_response(exc.payload(), exc.code)

    def _serve_file(self, token: str, path: str) -> web.Response:
        stored = self._file_store.by_path.get(path)
        if token != self.token or stored is None:
            return _json_response(ApiError(404, "Not Found").payload(), 404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # --- fault injection --------------------------------------------------------------------

    def faults(
        self,
        rate: float = 0.2,
        kinds: Iterable[str] = ("429", "500", "drop", "slow"),
        *,
        methods: Iterable[str] | None = None,
        seed: int | None = 1,
        retry_after: int = 1,
        slow_seconds: float = 0.5,
        exempt: Iterable[str] = ("getupdates",),
    ) -> Restorer:
        """Fail each call of ``methods`` (all but ``exempt`` when None) with probability ``rate``.

        Kinds: ``"429"`` (Too Many Requests with ``parameters.retry_after``), ``"500"``/``"502"``,
        ``"drop"`` (connection closed without an answer; the call is NOT applied, so a retry is
        safe), ``"drop_after"`` (applied, then the answer is lost: a retry duplicates it, as on
        a real network), ``"slow"`` (answers normally after ``slow_seconds``). Applies at once;
        ``with emu.faults(...):`` restores the previous plan on exit. ``rate=0`` turns it off.
        """
        chosen = tuple(kinds)
        unknown = set(chosen) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {FAULT_KINDS}")
        plan = FaultPlan(
            rate=rate,
            kinds=chosen,
            methods=frozenset(m.lower() for m in methods) if methods is not None else None,
            exempt=frozenset(m.lower() for m in exempt),
            retry_after=retry_after,
            slow_seconds=slow_seconds,
            rng=random.Random(seed),
        )
        return self._faults.use_plan(plan)

    def fail_next(
        self, method: str, kind: str = "429", *, times: int = 1, retry_after: int = 1
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``kind`` (see :meth:`faults`)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {FAULT_KINDS}")
        self._faults.force(method, kind, times=times, retry_after=retry_after)

    def hold(
        self,
        method: str,
        *,
        chat: EmuChat | EmuUser | int | None = None,
        where: Callable[[JSON], bool] | None = None,
    ) -> HeldRequest:
        """Keep the bot's next call of ``method`` (to ``chat``, a user for their private chat;
        and for which ``where(params)`` is true, when given) waiting until the test decides.

        ``params = await held.arrival()`` returns once it has arrived; then ``held.release()``
        serves it, ``held.drop()`` closes its connection unanswered (nothing applied). It makes a
        window certain: hold the "saved" reply, kill the bot, drop the reply, and the write is
        committed while the user was never told. While held, a request is in ``calls`` but not
        in progress (``ask``/``idle`` do not wait for it); the bot's own read timeout runs
        meanwhile (python-telegram-bot's default: 5 s), so hold briefly. Closing the emulator
        drops whatever is still held.
        """
        chat_id = None if chat is None else chat.id if isinstance(chat, EmuUser) else chat_key(chat)
        return self._faults.hold(HeldRequest(method, chat_id, where))

    def flood_limits(
        self,
        per_chat_per_minute: int | None = 20,
        global_per_second: int | None = 30,
        *,
        per_chat_per_second: int | None = None,
    ) -> Restorer:
        """Answer 429 with ``retry_after`` when the bot sends faster than Telegram allows.

        Counts successful calls of sending/editing methods per chat and overall in sliding
        windows. Applies at once; ``with`` restores the previous limits on exit.
        """
        limits = FloodLimits(per_chat_per_minute, global_per_second, per_chat_per_second)
        return self._faults.use_flood_limits(limits)
