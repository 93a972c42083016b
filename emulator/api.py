"""Bot API methods: the registry the server routes by, the request being served, and
access to a method's parameters with Telegram's answers when one is missing or malformed."""

from __future__ import annotations

import contextvars
import json
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web

from emulator.errors import JSON, bad_request

_F = TypeVar("_F", bound=Callable[..., Any])
# Bot API method name (lower case) -> the name of the emulator's coroutine method serving it.
API_METHODS: dict[str, str] = {}
current_request: contextvars.ContextVar[web.Request | None] = contextvars.ContextVar(
    "current_request", default=None
)


def api_method(name: str) -> Callable[[_F], _F]:
    """Register a coroutine method as the implementation of Bot API method ``name``."""

    def register(function: _F) -> _F:
        API_METHODS[name.lower()] = function.__name__
        return function

    return register


def client_gone() -> bool:
    """Whether the client of the request being served has closed its connection."""
    request = current_request.get()
    return request is not None and (request.transport is None or request.transport.is_closing())


# --- parameter access --------------------------------------------------------------------------


def int_param(params: JSON, name: str, *, required: bool = True) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(f"{name} is empty")
        return None
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def require_int(params: JSON, name: str) -> int:
    value = int_param(params, name)
    assert value is not None
    return value


def flag(params: JSON, name: str) -> bool:
    value = params.get(name)
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


def str_param(params: JSON, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)
