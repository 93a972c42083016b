"""Bot API error answers, worded as Telegram words them.

Every module of the emulator raises :class:`ApiError`; the server turns it into the answer
``{"ok": false, "error_code": N, "description": "...", "parameters": {...}}`` with HTTP status N.
"""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]  # a Bot API object as decoded JSON


class ApiError(Exception):
    """A Bot API error answer: HTTP status = ``error_code``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )
