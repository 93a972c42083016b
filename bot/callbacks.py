"""Callback data as typed, bounded, versioned values: one codec for every button of the bot.

A button's data must survive restarts (it sits in old messages) and can be forged by any client,
so it is neither pickled objects (PTB's arbitrary callback data) nor ``split("|")`` by position in
each handler. Each kind of button is a class that :func:`button` makes a frozen dataclass and
registers::

    @button("budget.node", access=Access.READ)
    class BudgetNode(Button):
        year: Year
        node: RowId
        page: Page

    encode(BudgetNode(2022, 15, 0))   ->  "budget.node:1|2022|15|0"
    decode("budget.node:1|2022|15|0") ->  BudgetNode(year=2022, node=15, page=0)

The prefix names the journey and the action in words a reader of the logs understands; the
version after the colon changes when a button's fields change, so a button sent by an older
release is answered as stale instead of being misread. Field types bound what decoding accepts:
``RowId``/``Year``/``Page``/``Month`` fit a PostgreSQL INTEGER, ``TelegramId`` a BIGINT, ``bool``
is ``0``/``1``, a ``StrEnum`` its value, ``str`` free text (last field only; cut to fit Telegram's
64 bytes when encoding). Anything else decodes to :class:`StaleButton`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Annotated, Any, ClassVar, TypeVar, dataclass_transform

MAX_BYTES = 64  # Telegram's limit for callback_data
SEPARATOR = "|"


class Access(StrEnum):
    """Who may press a kind of button before any handler looks at it (the access gate)."""

    PUBLIC = "public"  # anyone: the handler checks the presser itself (group admins)
    READ = "read"  # registered users, or everyone when LAKIP_OPEN_READ is set
    MEMBER = "member"  # registered users; the handler checks the role


class StaleButton(Exception):
    """Callback data that does not (or no longer) match anything: forged, old or mangled."""


@dataclasses.dataclass(frozen=True)
class Bound:
    """The largest number a field accepts (the column that stores it must hold it)."""

    maximum: int
    minimum: int = 0


# Row ids, years, months and pages live in INTEGER columns, which PostgreSQL keeps in 32 bits (a
# larger number is an error there, not "no such row"); Telegram ids in BIGINT, below 2**53.
MAX_KEY = 2**31 - 1
MAX_TELEGRAM_ID = 2**53 - 1
RowId = Annotated[int, Bound(MAX_KEY)]
Page = Annotated[int, Bound(MAX_KEY)]
Year = Annotated[int, Bound(MAX_KEY)]
Month = Annotated[int, Bound(12, 1)]
Quarter = Annotated[int, Bound(4, 0)]  # 0: the whole year
TelegramId = Annotated[int, Bound(MAX_TELEGRAM_ID)]


class Button:
    """Base of every kind of callback data; subclasses are frozen dataclasses."""

    prefix: ClassVar[str]
    version: ClassVar[int]
    access: ClassVar[Access]
    _fields: ClassVar[tuple[tuple[str, Callable[[str], Any], Callable[[Any], str]], ...]]
    _text_last: ClassVar[bool]  # the last field is free text, which may be cut to fit

    def data(self) -> str:
        return encode(self)


B = TypeVar("B", bound=type[Button])
_REGISTRY: dict[str, type[Button]] = {}


@dataclass_transform(frozen_default=True)
def button(prefix: str, *, access: Access = Access.MEMBER, version: int = 1) -> Callable[[B], B]:
    """Make ``cls`` a frozen dataclass and register it as a kind of button (module docstring)."""
    if SEPARATOR in prefix or ":" in prefix:
        raise ValueError(f"a button prefix cannot contain '|' or ':': {prefix!r}")

    def register(cls: B) -> B:
        dataclasses.dataclass(frozen=True)(cls)  # in place: the same class, now a dataclass
        if prefix in _REGISTRY:
            raise ValueError(f"button prefix {prefix!r} is used twice")
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        codecs = []
        for index, field in enumerate(fields):
            codec = _codec(hints[field.name], last=index == len(fields) - 1, owner=cls.__name__)
            codecs.append((field.name, *codec))
        cls.prefix, cls.version, cls.access = prefix, version, access
        cls._fields = tuple(codecs)
        cls._text_last = bool(fields) and _is_text(hints[fields[-1].name])
        _REGISTRY[prefix] = cls
        return cls

    return register


def _codec(
    hint: Any, *, last: bool, owner: str
) -> tuple[Callable[[str], Any], Callable[[Any], str]]:
    """(decode, encode) of one field, from its annotation."""
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"{owner}: only X | None unions are supported")
        hint, optional = args[0], True
    bound = None
    if typing.get_origin(hint) is Annotated:
        base, *extras = typing.get_args(hint)
        bound = next((e for e in extras if isinstance(e, Bound)), None)
        hint = base
    if hint is bool:
        decode: Callable[[str], Any] = _decode_bool
        encode: Callable[[Any], str] = lambda v: "1" if v else "0"  # noqa: E731
    elif hint is int:
        if bound is None:
            raise TypeError(f"{owner}: an int field needs a bound (RowId, Page, TelegramId, …)")
        decode, encode = _int_decoder(bound), str
    elif isinstance(hint, type) and issubclass(hint, Enum):
        decode, encode = _enum_decoder(hint), lambda v: str(v.value)
    elif hint is str:
        if not last:
            raise TypeError(f"{owner}: free text must be the last field")
        decode, encode = (lambda s: s), str
    else:
        raise TypeError(f"{owner}: unsupported field type {hint!r}")
    if optional:
        inner_decode, inner_encode = decode, encode
        decode = lambda s: None if s == "" else inner_decode(s)  # noqa: E731
        encode = lambda v: "" if v is None else inner_encode(v)  # noqa: E731
    return decode, encode


def _is_text(hint: Any) -> bool:
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return hint is str or (union and str in typing.get_args(hint))


def _decode_bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise StaleButton
    return text == "1"


def _int_decoder(bound: Bound) -> Callable[[str], int]:
    def decode(text: str) -> int:
        # isdigit alone would let "²" through to int(), which raises; an unbounded int() would
        # let a number no column holds reach the database driver, which fails on it.
        if not (text.isascii() and text.isdigit()) or len(text) > 20:
            raise StaleButton
        value = int(text)
        if not bound.minimum <= value <= bound.maximum:
            raise StaleButton
        return value

    return decode


def _enum_decoder(enum: type[Enum]) -> Callable[[str], Any]:
    def decode(text: str) -> Any:
        try:
            return enum(text)
        except ValueError:
            raise StaleButton from None

    return decode


def _head(cls: type[Button]) -> str:
    return f"{cls.prefix}:{cls.version}"


def encode(value: Button) -> str:
    """The callback data of ``value``; free text is cut to fit 64 bytes, numbers never are."""
    cls = type(value)
    parts = [_head(cls)] + [enc(getattr(value, name)) for name, _, enc in cls._fields]
    data = SEPARATOR.join(parts)
    if len(data.encode()) <= MAX_BYTES:
        return data
    fixed = SEPARATOR.join(parts[:-1]) + SEPARATOR
    room = MAX_BYTES - len(fixed.encode())
    if not cls._text_last or room <= 0:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return fixed + parts[-1].encode()[:room].decode(errors="ignore")


def decode(data: str | None) -> Button:
    """The button behind ``data``, or :class:`StaleButton` for anything we did not send."""
    if not data:
        raise StaleButton
    head, _, rest = data.partition(SEPARATOR)
    prefix, _, version = head.partition(":")
    cls = _REGISTRY.get(prefix)
    if cls is None or version != str(cls.version):
        raise StaleButton
    fields = cls._fields
    if not fields:
        if data != head:
            raise StaleButton
        return cls()
    raw = rest.split(SEPARATOR, len(fields) - 1) if rest or data != head else []
    if len(raw) != len(fields):
        raise StaleButton
    return cls(**{name: dec(text) for (name, dec, _), text in zip(fields, raw, strict=True)})


def prefix_of(data: str | None) -> str:
    """The prefix of callback data (no validation): what the access gate looks at."""
    return (data or "").partition(SEPARATOR)[0].partition(":")[0]


def access_of(data: str | None) -> Access | None:
    cls = _REGISTRY.get(prefix_of(data))
    return cls.access if cls is not None else None


def pattern(*kinds: type[Button]) -> Callable[[object], bool]:
    """A ``CallbackQueryHandler`` pattern that takes the buttons of ``kinds``, stale or not.

    Matching by prefix only (not by full decoding) lets the handler answer a mangled button of
    its own as stale, instead of another handler or the fallback seeing it.
    """
    prefixes = frozenset(k.prefix for k in kinds)

    def matches(data: object) -> bool:
        return isinstance(data, str) and prefix_of(data) in prefixes

    return matches


T = TypeVar("T", bound=Button)


def expect(data: str | None, *kinds: type[T]) -> T:
    """Decode ``data`` as one of ``kinds``, else :class:`StaleButton`."""
    value = decode(data)
    if not isinstance(value, kinds):
        raise StaleButton
    return value
