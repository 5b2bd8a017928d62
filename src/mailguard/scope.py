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
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

A = TypeVar("A", bound=Hashable)
R = TypeVar("R")

_MESSAGE: ContextVar[dict[object, dict[Any, Any]] | None] = ContextVar("mailguard_message_scope", default=None)
_RUN: ContextVar[dict[str, dict[Any, Any]] | None] = ContextVar("mailguard_run_scope", default=None)


@contextmanager
def message_scope() -> Iterator[None]:
    """Remember :func:`per_message` results until the end of this block (nested: the
    outermost block decides)."""
    if _MESSAGE.get() is not None:
        yield
        return
    token = _MESSAGE.set({})
    try:
        yield
    finally:
        _MESSAGE.reset(token)


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
        elif argument in cache:
            found: R = cache[argument]
            return found
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
