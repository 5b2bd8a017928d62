"""Caches that live exactly as long as the work they serve: one message, or one run.

A process that checks mail for hours (the gateway) must not keep the text, names or
addresses of earlier messages. Module-level ``lru_cache`` did: it held bodies and names of
the last messages until evicted. Functions that are worth remembering within a check are
decorated with :func:`per_message`; the engine opens :func:`message_scope` around each check
and everything remembered is dropped when it ends (outside a check nothing is remembered).
A merge run may also open :func:`run_scope` for :func:`run_cache` (the same flyer attached to
every message of the run is read once); it ends with the run.

State is in context variables, so threads and asyncio tasks each see their own scope.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

A = TypeVar("A", bound=Hashable)
R = TypeVar("R")

_MESSAGE: ContextVar[dict[object, dict[Any, Any]] | None] = ContextVar("mailguard_message_scope", default=None)
_RUN: ContextVar[dict[str, dict[Any, Any]] | None] = ContextVar("mailguard_run_scope", default=None)


def message_scope() -> AbstractContextManager[None]:
    """Remember :func:`per_message` results until the end of this block (nested: the
    outermost block decides)."""
    return _MessageScope()


class _MessageScope:
    """The block of :func:`message_scope`: a class, not a generator, because every check
    enters two (reading, then the rules) and a generator's context manager costs several
    times as much to enter and leave."""

    __slots__ = ("token",)

    def __enter__(self) -> None:
        self.token = _MESSAGE.set({}) if _MESSAGE.get() is None else None

    def __exit__(self, *exc: object) -> None:
        if self.token is not None:
            _MESSAGE.reset(self.token)


@contextmanager
def run_scope() -> Iterator[None]:
    """Remember :func:`run_cache` entries until the end of this block (one merge run)."""
    if _RUN.get() is not None:
        yield
        return
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


_MISSING = object()


def per_message(function: Callable[[A], R]) -> Callable[[A], R]:
    """Cache a one-argument function within the current message's check only."""

    @functools.wraps(function)
    def remembered(argument: A) -> R:
        caches = _MESSAGE.get()
        if caches is None:
            return function(argument)
        cache = caches.get(remembered)
        if cache is None:
            cache = caches[remembered] = {}
        else:
            found = cache.get(argument, _MISSING)  # one lookup: tens of calls a message hit
            if found is not _MISSING:
                return cast(R, found)
        value = cache[argument] = function(argument)
        return value

    return remembered


def run_cache(name: str) -> dict[Any, Any] | None:
    """The run's cache called ``name`` (None outside a run: do not remember)."""
    caches = _RUN.get()
    return None if caches is None else caches.setdefault(name, {})


def active() -> bool:
    """Whether anything is being remembered now (for tests)."""
    return _MESSAGE.get() is not None or _RUN.get() is not None
