"""The callback-data codec: what a button carries comes back typed, and nothing else gets in."""

from __future__ import annotations

import typing
from enum import Enum, StrEnum
from typing import Annotated, Any

import pytest

from bot import callbacks
from bot.callbacks import (
    MAX_BYTES,
    Access,
    Bound,
    Button,
    Month,
    Page,
    RowId,
    StaleButton,
    TelegramId,
    Year,
    button,
    decode,
    encode,
    expect,
)


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


@button("test.all", access=Access.READ)
class Everything(Button):
    year: Year
    month: Month
    user: TelegramId
    flag: bool
    colour: Colour
    unit: RowId | None
    text: str


@button("test.pair")
class Pair(Button):
    node: RowId
    page: Page


@button("test.bare", access=Access.PUBLIC)
class Bare(Button):
    pass


@button("test.versioned", version=2)
class Versioned(Button):
    node: RowId


def test_round_trip_of_every_field_type() -> None:
    value = Everything(2022, 12, 2**53 - 1, True, Colour.GREEN, None, "a|b c")
    data = value.data()
    assert data == "test.all:1|2022|12|9007199254740991|1|green||a|b c"
    assert decode(data) == value
    with_unit = Everything(2022, 1, 7, False, Colour.RED, 15, "")
    assert decode(encode(with_unit)) == with_unit
    assert decode(Bare().data()) == Bare()
    assert Bare().data() == "test.bare:1"


@pytest.mark.parametrize(
    "data",
    [
        "test.pair:1|2147483648|0",  # beyond PostgreSQL's INTEGER
        "test.pair:1|-1|0",
        "test.pair:1|²|0",  # str.isdigit() says yes, int() says no
        "test.pair:1|+5|0",
        "test.pair:1| 5|0",
        "test.pair:1|5",  # a field missing
        "test.pair:1|5|0|0",  # one too many
        "test.pair:1|5|",
        "test.pair:1",
        "test.all:1|2022|0|1|1|red||x",  # month 0
        "test.all:1|2022|13|1|1|red||x",
        "test.all:1|2022|1|9007199254740992|1|red||x",  # beyond 2**53 - 1
        "test.all:1|2022|1|1|2|red||x",  # a bool is 0 or 1
        "test.all:1|2022|1|1|1|blue||x",  # not a Colour
        "test.all:1|2022|1|1|1|red|x|x",  # an optional row id that is not a number
        "test.bare:1|x",
        "test.versioned:1|5",  # an older release's button
        "test.versioned|5",
        "test.nothing:1|5",  # an unknown prefix
        "ang|2022|5|0",  # the format before the codec
        "",
        None,
    ],
)
def test_what_we_did_not_send_is_stale(data: str | None) -> None:
    with pytest.raises(StaleButton):
        decode(data)


def test_versions() -> None:
    assert Versioned(5).data() == "test.versioned:2|5"
    assert decode("test.versioned:2|5") == Versioned(5)


def test_free_text_is_cut_to_64_bytes_between_characters() -> None:
    for char in ("a", "é", "€", "👍"):
        value = Everything(2022, 5, 7001, False, Colour.RED, 3, char * 80)
        data = value.data()
        assert len(data.encode()) <= MAX_BYTES
        assert len(data.encode()) > MAX_BYTES - 4  # cut at the last whole character
        back = decode(data)
        assert isinstance(back, Everything) and back.text and set(back.text) == {char}
        assert char * 80 != back.text and (char * 80).startswith(back.text)


def test_numbers_are_never_cut() -> None:
    @button("test.long.prefix.that.leaves.no.room.for.numbers")
    class TooLong(Button):
        first: TelegramId
        second: TelegramId

    with pytest.raises(ValueError):
        TooLong(2**53 - 1, 2**53 - 1).data()


def test_expect_and_pattern_take_only_their_kinds() -> None:
    data = Pair(5, 1).data()
    assert expect(data, Pair) == Pair(5, 1)
    assert expect(data, Bare, Pair) == Pair(5, 1)
    with pytest.raises(StaleButton):
        expect(data, Bare)
    matches = callbacks.pattern(Pair)
    assert matches(data) and matches("test.pair:1|x") and not matches(Bare().data())
    assert not matches(None) and not matches("test.pairs:1|5|0")


def test_access_is_read_from_the_kind() -> None:
    assert callbacks.access_of(Everything(2022, 1, 1, True, Colour.RED, None, "").data()) == (
        Access.READ
    )
    assert callbacks.access_of(Pair(1, 1).data()) == Access.MEMBER  # the default
    assert callbacks.access_of(Bare().data()) == Access.PUBLIC
    assert callbacks.access_of("ang|2022|5|0") is None


def test_kinds_that_cannot_be_decoded_safely_are_refused_when_defined() -> None:
    with pytest.raises(TypeError):

        @button("test.text.first")
        class TextFirst(Button):
            text: str
            node: RowId

    with pytest.raises(TypeError):

        @button("test.unbounded")
        class Unbounded(Button):
            node: int

    with pytest.raises(ValueError):
        button("test|bar")
    with pytest.raises(ValueError):

        @button("test.pair")
        class Again(Button):
            node: RowId


def _largest(hint: Any) -> Any:
    """The widest value a field of type ``hint`` can hold."""
    if typing.get_origin(hint) in (typing.Union, __import__("types").UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is Annotated:
        base, *extras = typing.get_args(hint)
        bound = next(e for e in extras if isinstance(e, Bound))
        return base(bound.maximum)
    if hint is bool:
        return True
    if isinstance(hint, type) and issubclass(hint, Enum):
        return max(hint, key=lambda member: len(str(member.value)))
    return "x" * 100


def test_every_button_of_the_bot_fits_telegram_with_its_largest_numbers() -> None:
    import bot.app  # noqa: F401  (registers every journey's kinds of button)

    for prefix, kind in callbacks._REGISTRY.items():
        if prefix.startswith("test."):
            continue
        hints = typing.get_type_hints(kind, include_extras=True)
        fields = {name: _largest(hints[name]) for name, _, _ in kind._fields}
        value = kind(**fields)
        assert len(value.data().encode()) <= MAX_BYTES, prefix
        assert decode(value.data()) == value or kind._text_last, prefix
