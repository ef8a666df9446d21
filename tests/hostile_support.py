"""What the hostile-input tests share: the house style every error must keep, and a value every conversion of
which fails."""

import re

HOUSE = re.compile(r"(?P<func>\w+): (?P<arg>[^;]+?) must (?P<rule>.+?); got (?P<got>.+?)\. (?P<fix>\S.*\.)", re.S)


def assert_house_style(message: str, func: str, args=()) -> None:
    """``message`` is "<func>: <argument> must <rule>; got <what>. <how to fix>.", names ``func`` and, when
    ``args`` are given, one of them (the argument names of the call: a hostile ``low`` may leave ``value``
    outside [low, high]); what it got is short, on one line, with no memory address."""
    match = HOUSE.fullmatch(message)
    assert match, f"not in the house pattern: {message!r}"
    assert match["func"] == func, f"names {match['func']}, not the function called, {func}: {message!r}"
    assert not args or any(re.search(rf"\b{arg}\b", match["arg"]) for arg in args), f"names none of {args}: {message!r}"
    assert len(match["got"]) <= 100 and "\n" not in message, f"what it got is not short: {message!r}"
    assert not re.search(r"0x[0-9a-f]{4,}", message), f"shows a memory address: {message!r}"


class Hostile:
    """An object every conversion of which raises, some with an empty message: NumPy, float(), int(), ==, repr(),
    str(), len(), bool()."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError()

    def __float__(self):
        raise ValueError()

    __int__ = __index__ = __float__

    def __eq__(self, other):
        raise TypeError("no ==")

    __hash__ = None

    def __repr__(self):
        raise RuntimeError("no repr")

    __str__ = __repr__

    def __len__(self):
        raise RuntimeError()

    def __bool__(self):
        raise RuntimeError()
