"""Regular expressions compiled on first use, for the ones most messages never reach.

Compiling is the largest part of mailguard's own start-up: CPython's ``re`` compiler is Python
code, and a character class with a wide range (``[\\u3400-\\u9fff]``) or a character past
U+00FF fills a table character by character. A pattern that only a rare message meets (a
forgotten-attachment phrase after 添付, a payment card's prefix, a labelled organisation
cell) is therefore defined with :func:`on_first_use`: it is compiled the first time one of its
methods is looked up, so ``mailguard check one.eml`` does not pay for it.

Which patterns qualify was measured, not guessed: those used by fewer than one message in ten
of the evaluation set, the examples and a sample of the shared corpus. A pattern most messages
use stays an ordinary ``re.compile`` (laziness would only move its cost). The object stands
for a compiled pattern in method calls and attribute reads only: it is not a ``re.Pattern``
to ``isinstance`` or to ``re.sub(pattern, ...)``, so use ``pattern.sub(...)``.
"""

from __future__ import annotations

import re
from typing import Any, cast


def on_first_use(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[str]", _CompiledOnUse(source, flags))


def on_first_use_pattern(value: object) -> bool:
    """Whether ``value`` is a pattern made by :func:`on_first_use` (for tools that list a
    module's patterns, such as ``benchmarks/patterns.py``)."""
    return isinstance(value, _CompiledOnUse)


class _CompiledOnUse:
    """Compiles on the first attribute lookup, then keeps each looked-up attribute (the
    compiled pattern's bound methods) on itself: later uses are a plain attribute read, with
    no call through here. It holds only the pattern, never any text it was applied to."""

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _OWN:  # protocol probes; a copy made without __init__
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"on_first_use({self._source!r}, {self._flags!r})"


_OWN = frozenset({"_source", "_flags", "_compiled"})
