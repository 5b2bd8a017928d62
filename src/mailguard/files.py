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
from mailguard.findings import Reason, reason

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
        raise InputError(source, too_large(limit))
    return parts[0] if len(parts) == 1 else b"".join(parts)


_PIPE_STEP = 64 * 1024


def _first_step(handle: BinaryIO) -> int:
    """The size of a regular file plus one (so its end is seen in one read), else 64 KiB."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):  # io.BytesIO and the like: no descriptor
        return _PIPE_STEP
    return size + 1 if size > 0 else _PIPE_STEP


def too_large(limit: int) -> Reason:
    """Why an input over the cap is refused (every reader says it in these words)."""
    return reason("error.file.too_large", limit=limit)


def kind(what: str) -> Reason:
    """What a file should have been, as words: ``what`` is a kind (``message``, ``policy``,
    ``address_book``, ...: the ``error.kind.*`` codes of the catalogue)."""
    return reason(f"error.kind.{what}")


def special_kind(mode: int) -> Reason:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return reason("error.special.fifo")
    if stat.S_ISSOCK(mode):
        return reason("error.special.socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return reason("error.special.device")
    return reason("error.special.other")


def not_regular(mode: int, what: str = "message") -> Reason:
    """Why a directory, FIFO, socket or device is refused where a ``what`` file was named."""
    if stat.S_ISDIR(mode):
        return reason("error.file.directory", what=kind(what))
    return reason("error.file.special", special=special_kind(mode), what=kind(what))


def cannot_read(exc: OSError) -> Reason:
    """Why reading failed: a missing permission in words, anything else by the system's name."""
    if isinstance(exc, PermissionError):
        return reason("error.file.denied")
    return reason("error.file.unreadable", detail=exc.strerror or type(exc).__name__)


def missing_file(what: str = "message") -> Reason:
    """Why a file that is not there is refused: "no such file" for a message, else
    "<what> not found"."""
    return reason("error.file.missing") if what == "message" else reason("error.file.not_found", what=kind(what))


def open_regular(path: str | Path, what: str = "message", missing: Reason | None = None) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; InputError naming it otherwise
    (``what`` kind of file it should have been, ``missing`` when it does not exist: by
    default :func:`missing_file`). Never blocks."""
    source = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError as exc:
        raise InputError(source, reason("error.file.directory", what=kind(what))) from exc
    except FileNotFoundError as exc:
        gone = reason("error.file.dangling_link") if os.path.islink(path) else missing or missing_file(what)
        raise InputError(source, gone) from exc
    except OSError as exc:
        raise InputError(source, cannot_read(exc)) from exc
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise InputError(source, not_regular(mode, what))
    return os.fdopen(descriptor, "rb")


def read_regular(path: str | Path, limit: int, what: str = "message", missing: Reason | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` (:func:`open_regular`)."""
    with open_regular(path, what, missing) as handle:
        try:
            return read_capped(handle, str(path), limit)
        except OSError as exc:
            raise InputError(str(path), cannot_read(exc)) from exc


def read_config_text(path: str | Path, what: str, missing: Reason | None = None) -> str:
    """A configuration file as UTF-8 text (a BOM allowed), capped at :data:`CONFIG_LIMIT`."""
    data = read_regular(path, CONFIG_LIMIT, what, missing)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), reason("error.file.not_utf8", what=kind(what))) from exc


def not_csv(line: int, exc: Exception) -> Reason:
    """Why a CSV file (a target list, template data, an address book) cannot be read: the
    line, and the csv module's own words."""
    return reason("error.csv.unreadable", line=line, detail=str(exc))
