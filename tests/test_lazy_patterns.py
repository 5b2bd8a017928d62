"""Patterns compiled on first use behave as the compiled pattern does, and are compiled only
when used (so start-up does not pay for the ones a message never reaches)."""

from __future__ import annotations

import copy
import re

from mailguard.content import personal
from mailguard.patterns import on_first_use

SAMPLES = ["", "カード番号 4111 1111 1111 1111", "Card: 5500-0000-0000-0004", "氏名 山田 太郎", "no digits"]


def test_every_method_answers_as_the_compiled_pattern() -> None:
    source, flags = r"(?P<label>カード|card)\D{0,3}(\d{4})[ \-]?(\d{4})", re.IGNORECASE
    lazy, compiled = on_first_use(source, flags), re.compile(source, flags)
    for text in SAMPLES:
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert bool(lazy.search(text)) == bool(compiled.search(text))
        assert bool(lazy.match(text)) == bool(compiled.match(text))
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.sub("#", text) == compiled.sub("#", text)
        assert lazy.split(text) == compiled.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )


def test_it_compiles_on_first_use_only() -> None:
    lazy = on_first_use(r"x{2,}")
    assert lazy._compiled is None  # type: ignore[attr-defined]
    assert lazy.search("axxb") is not None
    first = lazy._compiled  # type: ignore[attr-defined]
    assert isinstance(first, re.Pattern)
    assert lazy.fullmatch("xxx") is not None
    assert lazy._compiled is first  # type: ignore[attr-defined]


def test_a_rare_detector_pattern_waits_for_its_first_message() -> None:
    # The payment-card prefix is looked at only when a 15-19 digit run shows up.
    assert "_CARD_PREFIX" in vars(personal)
    assert isinstance(personal._CARD_PREFIX, type(on_first_use("")))


def test_copies_and_repr_do_not_recurse() -> None:
    lazy = on_first_use(r"\d+")
    assert "on_first_use" in repr(lazy)
    twin = copy.copy(lazy)
    assert twin.search("a12") is not None
    assert copy.deepcopy(lazy).findall("1 22") == ["1", "22"]
