"""Every file mailguard reads, read one way (issue 16).

Regular files only: a FIFO, device, socket or a link to nothing is refused in one line, and
the file is opened without blocking, so a FIFO nobody writes to cannot hang a check. Never
more than a cap: ``limit + 1`` bytes are read and then reading stops, so an endless input (a
pipe that never closes, ``/dev/zero`` behind a link, a file still growing) costs bounded
memory. Messages are capped by ``limits.max_input_bytes``; the files that configure a check
(policy, address book, keys, approvals, acknowledgement lists, secrets) by
:data:`CONFIG_LIMIT`, since they are read before any policy says otherwise.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from mailguard.errors import InputError

# A policy, an address book of a whole city office (10,000 contacts are about 2 MB), a key, an
# approval or an acknowledgement list: far below this; a file above it is not one of them.
CONFIG_LIMIT = 16 * 1024 * 1024


def read_capped(handle: BinaryIO, source: str, limit: int) -> bytes:
    """At most ``limit`` bytes from a stream: ``limit + 1`` are read and then reading stops.

    Read in steps that start at the file's size (or 64 KiB for a pipe) and double: a single
    ``read(limit + 1)`` allocates a buffer of the whole cap first, 64 MiB for every 5 KB
    message of a merge run (40 of its 60 microseconds)."""
    wanted = limit + 1
    step = min(wanted, _first_step(handle))
    parts: list[bytes] = []
    total = 0
    while total < wanted:
        data = handle.read(min(step, wanted - total))
        if not data:
            break
        parts.append(data)
        total += len(data)
        step *= 2
    if total > limit:
        raise InputError(source, f"larger than the {limit}-byte input limit")
    return parts[0] if len(parts) == 1 else b"".join(parts)


_PIPE_STEP = 64 * 1024


def _first_step(handle: BinaryIO) -> int:
    """The size of a regular file plus one (so its end is seen in one read), else 64 KiB."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):  # io.BytesIO and the like: no descriptor
        return _PIPE_STEP
    return size + 1 if size > 0 else _PIPE_STEP


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: str | Path, what: str = "message file", missing: str = "no such file") -> BinaryIO:
    """``path`` opened for reading if it is a regular file; InputError naming it otherwise
    (``what`` it should have been, ``missing`` when it does not exist). Never blocks."""
    source = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError as exc:
        raise InputError(source, f"is a directory, not a {what}") from exc
    except FileNotFoundError as exc:
        raise InputError(source, "a link to nothing" if os.path.islink(path) else missing) from exc
    except OSError as exc:
        raise InputError(source, f"cannot read file ({exc.strerror or type(exc).__name__})") from exc
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise InputError(source, f"is a directory, not a {what}")
        raise InputError(source, f"is {special_kind(mode)}, not a {what}")
    return os.fdopen(descriptor, "rb")


def read_regular(path: str | Path, limit: int, what: str = "message file", missing: str = "no such file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` (:func:`open_regular`)."""
    with open_regular(path, what, missing) as handle:
        try:
            return read_capped(handle, str(path), limit)
        except OSError as exc:
            raise InputError(str(path), f"cannot read file ({exc.strerror or type(exc).__name__})") from exc


def read_config_text(path: str | Path, what: str, missing: str | None = None) -> str:
    """A configuration file as UTF-8 text (a BOM allowed), capped at :data:`CONFIG_LIMIT`."""
    data = read_regular(path, CONFIG_LIMIT, what, missing or f"{what} not found")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"cannot read the {what} (not UTF-8 text)") from exc
