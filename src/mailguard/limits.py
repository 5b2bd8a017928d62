"""Resource limits for reading and checking a message.

Hitting a limit never passes silently: readers record it in ``Draft.incomplete`` and the
``not-fully-inspected`` rule turns that into a finding. Time is one :class:`Budget` per
message, enforced by :func:`time_limit` in any thread (a signal in the main thread, a
watchdog elsewhere) and by :func:`run_in_child` from outside for C calls.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, cast

T = TypeVar("T")
A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class Limits:
    max_input_bytes: int = 64 * 1024 * 1024
    max_parts: int = 2000
    max_depth: int = 20
    max_headers: int = 2000
    max_header_bytes: int = 2 * 1024 * 1024
    max_recipients: int = 50_000
    max_text_bytes: int = 16 * 1024 * 1024
    max_attachment_bytes: int = 32 * 1024 * 1024
    max_pdf_pages: int = 50
    max_archive_depth: int = 3
    max_archive_entries: int = 500
    max_expanded_bytes: int = 64 * 1024 * 1024
    max_compression_ratio: int = 200
    max_seconds: int = 20

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


class TimeLimit(BaseException):
    """Raised by :func:`time_limit` when work takes too long (a BaseException, so that a
    rule's own error handling cannot swallow it)."""


@dataclass(slots=True)
class Budget:
    """One message's time (``limits.max_seconds``): reading, every rule, the run facts.

    Each rule runs under its own :meth:`share`, so a slow rule cannot take the time of the
    rules after it; 0 seconds means no limit."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    @property
    def unlimited(self) -> bool:
        return self.seconds <= 0

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started) if self.seconds > 0 else float("inf")

    def share(self, rules_left: int) -> float:
        """The time the next rule may use: half of what is left while other rules wait (so
        however slow one rule is, the rest keep at least as much as it had), all of it for
        the last. Rules take milliseconds; only a hostile or broken input meets this."""
        if self.seconds <= 0:
            return 0.0
        left = max(self.seconds - (time.monotonic() - self.started), 0.0)
        return left if rules_left <= 1 else left / 2


def time_limit(seconds: float) -> AbstractContextManager[None]:
    """Interrupt the work in this thread with :class:`TimeLimit` after ``seconds``.

    Works in any thread, and limits nest (the nearest deadline wins, and an outer one still
    fires inside an inner one): in the main thread a real-time timer signal (which also
    stops the regular-expression engine); in any other thread a watchdog that raises the
    exception into the working thread between two bytecodes. Neither interrupts a C call that
    holds on (PDFium, zlib): :func:`run_in_child` bounds those from outside. ``seconds <= 0``
    is no limit. The host's own SIGALRM handler is restored on the way out.
    """
    if seconds <= 0:
        return _NO_LIMIT
    if _SIGNALS and threading.get_ident() == threading.main_thread().ident:
        return _SignalLimit(seconds)
    return _watchdog_limit(seconds)


deadline = time_limit  # the name shells and tests have used


class RuleClock:
    """The rules of one message in turn, each under its :meth:`Budget.share`, in this thread.

    The same limits as ``time_limit(budget.share(n))`` for each rule, for a fraction of the
    cost (the engine enters one per rule, tens per message): which kind of limit this thread
    takes is settled once, and in the main thread one deadline object is reused."""

    __slots__ = ("budget", "reused")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        main = _SIGNALS and threading.get_ident() == threading.main_thread().ident
        self.reused = _SignalLimit(0.0) if main else None

    def next(self, rules_left: int) -> AbstractContextManager[None]:
        """The limit for the next rule, ``rules_left`` rules (it included) still to run;
        :class:`TimeLimit` at once when the budget is spent.

        :meth:`Budget.share` written out with one clock reading for both the share and the
        deadline: this runs once per rule, and the method call and second reading were
        half of its cost."""
        budget = self.budget
        if budget.seconds <= 0:
            return _NO_LIMIT
        now = time.monotonic()
        left = budget.seconds - (now - budget.started)
        if left <= 0:
            raise TimeLimit()
        share = left if rules_left <= 1 else left / 2
        limit = self.reused
        if limit is None:
            return time_limit(share)
        limit.until, limit.outer, limit.install, limit.previous = now + share, None, False, None
        return limit


_NO_LIMIT: AbstractContextManager[None] = nullcontext()
_SIGNALS = hasattr(signal, "setitimer")
# The main thread's nested deadlines (monotonic), innermost last, each entry the nearest of
# itself and those around it: the one that counts is always the last.
_MAIN: list[float] = []
_SCOPES: list[Any] = []  # handlers that :func:`alarm_scope` replaced, innermost last


class _Timer:
    """When the real-time timer will fire (monotonic), or None when it is not armed.

    Invariant while a deadline is active: the timer fires no later than the nearest one.
    Firing *earlier* is harmless (:func:`_expire` re-arms), so a rule whose deadline is
    later than the armed one needs no system call at all: one message's rules, each under
    half of what is left, mostly share the first rule's timer."""

    armed_at: float | None = None

    @classmethod
    def arm(cls, until: float) -> None:
        now = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, max(until - now, 0.001))
        cls.armed_at = max(until, now + 0.001)

    @classmethod
    def disarm(cls) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        cls.armed_at = None


def alarm_scope() -> AbstractContextManager[None]:
    """Many time limits in a row under one SIGALRM handler (the rules of one message).

    Installing a signal handler costs more than a typical rule takes (the signal module
    converts every handler to and from an enum), so the engine installs it once per message
    and each rule's :func:`time_limit` only moves the timer when its deadline is nearer than
    the armed one. The timer is stopped and the host's handler restored on the way out.
    Outside the main thread (watchdogs) this does nothing."""
    return _AlarmScope()


class _AlarmScope:
    """The block of :func:`alarm_scope`: a class, not a generator, because a check enters
    two, nested in a run's (where they do nothing), and a generator's context manager
    costs several times as much to enter and leave."""

    __slots__ = ("installed",)

    def __enter__(self) -> None:
        self.installed = not (_SCOPES or not _SIGNALS or threading.get_ident() != threading.main_thread().ident)
        if not self.installed:
            return  # (nested: the outer scope's handler is in place)
        previous = signal.getsignal(signal.SIGALRM)
        signal.signal(signal.SIGALRM, _expire)
        _SCOPES.append(previous)

    def __exit__(self, *exc: object) -> None:
        if not self.installed:
            return
        previous = _SCOPES.pop()
        if not _MAIN:
            _Timer.disarm()
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


class _SignalLimit:
    """One main-thread deadline (a class, not a generator: the engine enters one per rule,
    so entering and leaving are kept to a few list and attribute operations)."""

    __slots__ = ("install", "outer", "previous", "until")

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds
        self.outer: float | None = None
        self.install = False
        self.previous: Any = None

    def __enter__(self) -> None:
        until = self.until
        if _MAIN:
            self.outer = outer = _MAIN[-1]
            if outer < until:
                until = outer
        elif not _SCOPES:
            self.install = True
            self.previous = signal.getsignal(signal.SIGALRM)
            signal.signal(signal.SIGALRM, _expire)
        _MAIN.append(until)
        armed = _Timer.armed_at
        if armed is None or armed > until:
            _Timer.arm(until)

    def __exit__(self, *exc: object) -> None:
        _MAIN.pop()
        if _MAIN:
            nearest = _MAIN[-1]  # re-armed for the outer deadline if this one fired
            armed = _Timer.armed_at
            if armed is None or armed > nearest:
                _Timer.arm(nearest)
        elif not _SCOPES:
            _Timer.disarm()  # (inside a scope the timer may stay: it fires into nothing)
        if self.install:
            signal.signal(signal.SIGALRM, self.previous if self.previous is not None else signal.SIG_DFL)
        if self.outer is not None and time.monotonic() >= self.outer:
            raise TimeLimit()  # the outer deadline passed while the inner work ended


def _expire(signum: int, frame: object) -> None:
    """Raise :class:`TimeLimit` only while a deadline is active and has passed: a signal
    that arrives late (after its limit ended, between two rules of an :func:`alarm_scope`)
    or early (armed for an earlier rule) must never interrupt work that is within its time."""
    _Timer.armed_at = None  # the timer is one-shot: it has fired
    if not _MAIN:
        return
    until = _MAIN[-1]
    if time.monotonic() < until:
        _Timer.arm(until)
        return
    raise TimeLimit()


_THREADS = threading.local()  # per-thread nested deadlines of non-main threads


@contextmanager
def _watchdog_limit(seconds: float) -> Iterator[None]:
    stack: list[float] = getattr(_THREADS, "stack", None) or []
    _THREADS.stack = stack
    until = time.monotonic() + seconds
    stack.append(until)
    watchdog = _Watchdog(threading.get_ident(), min(stack))
    try:
        yield
    finally:
        fired = watchdog.stop()
        stack.pop()
        if fired or (stack and time.monotonic() >= min(stack)):
            raise TimeLimit()


class _Watchdog:
    """Raises TimeLimit into one thread at a deadline, unless stopped first. ``stop`` clears
    an exception that was set but not yet delivered, so it can never surface later."""

    def __init__(self, thread_id: int, until: float) -> None:
        self.thread_id = thread_id
        self.lock = threading.Lock()
        self.active = True
        self.fired = False
        self.timer = threading.Timer(max(until - time.monotonic(), 0.001), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if self.active:
                self.fired = True
                _async_raise(self.thread_id, TimeLimit)

    def stop(self) -> bool:
        self.timer.cancel()
        with self.lock:
            self.active = False
            if self.fired:
                _async_raise(self.thread_id, None)
            return self.fired


def _async_raise(thread_id: int, exception: type[BaseException] | None) -> None:
    import ctypes

    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target)


def run_in_child(function: Callable[..., T], *args: object, seconds: float) -> T:
    """``function(*args)`` in a forked child process that is killed after ``seconds``: the
    bound for work that may sit in a C call no signal reaches (PDFium, zlib). The result
    comes back pickled; an exception in the child comes back as its type's name in a
    RuntimeError; running out of time is :class:`TimeLimit`. Without fork, it runs here
    under :func:`time_limit`."""
    outcome = next(map_in_child(lambda _: function(*args), [None], seconds))
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def map_in_child(function: Callable[[A], T], items: Sequence[A], seconds: float) -> Iterator[T | BaseException]:
    """``function(item)`` for each item, in order, in one forked child process: the outcome
    of each is its value, :class:`TimeLimit` when it took longer than ``seconds`` (the child
    is killed and a new one goes on with the next item), or a RuntimeError naming the
    exception it raised or how the child ended. One fork for a whole run of messages.

    A bare ``os.fork`` and a pipe of length-prefixed pickles, not ``multiprocessing`` (whose
    start, join and exit handlers cost more than a check): the child leaves with
    ``os._exit`` (no exit handlers, no flushing of the parent's buffers) and dies with its
    parent. Without fork (or with no limit) the items run here under :func:`time_limit`."""
    if not hasattr(os, "fork") or seconds <= 0:
        yield from _map_here(function, items, seconds)
        return
    _prctl()  # loaded before the fork (ctypes costs ~17 ms: never in each child)
    import pickle  # noqa: F401  (likewise: imported once here, not again in each child)

    start = 0
    while start < len(items):
        child = _Child(function, items, start)
        try:
            for index in range(start, len(items)):
                start = index + 1
                outcome = cast("T | BaseException", child.receive(seconds))
                yield outcome
                if isinstance(outcome, (TimeLimit, _Ended)):
                    break  # this child is gone or stuck: a new one goes on after this item
        finally:
            child.close()


def _map_here(function: Callable[[A], T], items: Sequence[A], seconds: float) -> Iterator[T | BaseException]:
    for item in items:
        try:
            with time_limit(seconds):
                outcome: T | BaseException = function(item)
        except TimeLimit as error:
            outcome = error
        except Exception as error:
            outcome = RuntimeError(type(error).__name__)
        yield outcome


class _Ended(RuntimeError):
    """The child process ended before it sent an item's outcome."""


class _Child:
    """One forked child working through ``items[start:]`` and writing one frame (8-byte
    length, pickle of ``(ok, value)``) per item."""

    def __init__(self, function: Callable[[A], object], items: Sequence[A], start: int) -> None:
        reader, writer = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(reader)
            _child(function, items, start, writer)
        os.close(writer)
        self.reader = reader
        self.buffer = b""

    def receive(self, seconds: float) -> object:
        until = time.monotonic() + seconds
        try:
            header = self._read(8, until)
            frame = self._read(int.from_bytes(header, "big"), until)
        except TimeLimit as error:
            return error
        except EOFError:
            return _Ended(f"the checking process ended unexpectedly (exit status {self._status()})")
        import pickle

        ok, value = pickle.loads(frame)
        return value if ok else RuntimeError(value)

    def _read(self, size: int, until: float) -> bytes:
        import select

        while len(self.buffer) < size:
            left = until - time.monotonic()
            if left <= 0 or not select.select([self.reader], [], [], left)[0]:
                raise TimeLimit()
            chunk = os.read(self.reader, 1 << 20)
            if not chunk:
                raise EOFError()
            self.buffer += chunk
        taken, self.buffer = self.buffer[:size], self.buffer[size:]
        return taken

    def _status(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        os.close(self.reader)
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)  # (one that finished is a zombie: harmless)
            os.waitpid(self.pid, 0)


def _child(function: Callable[[A], object], items: Sequence[A], start: int, writer: int) -> None:
    """Run in the forked child: never returns (``os._exit``), whatever happens."""
    import pickle

    status = 0
    try:
        die_with_parent()
        with os.fdopen(writer, "wb") as pipe:
            for item in items[start:]:
                try:
                    frame = pickle.dumps((True, function(item)))
                except BaseException as error:  # reported by the parent; never a silent pass
                    frame = pickle.dumps((False, type(error).__name__))
                pipe.write(len(frame).to_bytes(8, "big") + frame)
                pipe.flush()
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies, even by kill -9, so no
    checking process outlives the command or service that started it."""
    prctl = _prctl()
    if prctl is None:
        return
    with contextlib.suppress(OSError):
        pr_set_pdeathsig = 1
        prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


_PRCTL: list[Any] = []  # libc's prctl, loaded once (ctypes costs ~17 ms: never in each child)


def _prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    if not _PRCTL:
        import ctypes

        try:
            _PRCTL.append(ctypes.CDLL(None, use_errno=True).prctl)
        except (OSError, AttributeError):
            _PRCTL.append(None)
    return _PRCTL[0]
