"""Every way a domain operation refuses: a stable code and the data to word it, never prose.

The domain does not speak to users; the Telegram layer turns ``code`` and ``data`` into an
Indonesian sentence (``bot/texts/errors.py``), the command line into its own. Callers catch by
base class, as httpx's ``_exceptions`` are caught:

- :class:`DomainError` — anything the domain refused; ``code`` says which rule, ``data`` the values;
- :class:`NotFound` — a row that was asked for does not exist (an old button, a wrong code);
- :class:`PermissionDenied` — who asks may not do this;
- :class:`InvalidInput` — a value typed or chosen is not acceptable (a number, a day, a reason);
- :class:`Conflict` — the state has moved on (already decided, already exists, closed year).

Codes are dotted, area first (``entry.year_closed``, ``user.last_admin``); tests and the text
catalogue refer to them, so a code is renamed only together with its sentence.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A refusal of the domain: ``code`` names the rule, ``data`` holds what the sentence cites."""

    default_code: ClassVar[str] = "domain"

    def __init__(self, code: str | None = None, /, **data: Any) -> None:
        self.code = code or self.default_code
        self.data = data
        super().__init__(self.code, data)

    def __str__(self) -> str:  # for logs and tracebacks; users see bot/texts/errors.py
        if not self.data:
            return self.code
        return f"{self.code} {self.data!r}"


class NotFound(DomainError, LookupError):
    default_code = "not_found"


class PermissionDenied(DomainError, PermissionError):
    default_code = "permission.denied"


class InvalidInput(DomainError, ValueError):
    default_code = "input.invalid"


class Conflict(DomainError):
    default_code = "conflict"
