"""Resource limits for reading a message.

Hitting a limit never passes silently: readers record it in ``Draft.incomplete`` and the
``not-fully-inspected`` rule turns that into a finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields


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
    """Raised by :func:`deadline` when a message takes too long (a BaseException, so that a
    rule's own error handling cannot swallow it)."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Interrupt the work after ``seconds`` (POSIX main thread only; elsewhere no limit)."""
    import signal
    import threading

    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or _ACTIVE:
        yield  # no timer here, or an outer deadline already covers this work
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _ACTIVE.append(seconds)
    try:
        yield
    finally:
        _ACTIVE.pop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ACTIVE: list[int] = []
