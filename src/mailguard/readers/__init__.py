"""Turn input (path, bytes, stdin, an EmailMessage) into a Draft, choosing the reader by content."""

from __future__ import annotations

import email.message
import email.policy
import os
import stat
from pathlib import Path
from typing import BinaryIO

from mailguard.errors import InputError
from mailguard.limits import Limits
from mailguard.model import Draft
from mailguard.readers.eml import looks_like_message, read_eml

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TNEF_MAGIC = b"\x78\x9f\x3e\x22"


def sniff(data: bytes) -> str:
    """Format by magic bytes, never by file name: 'msg', 'tnef', 'eml' or 'unknown'."""
    if data.startswith(OLE2_MAGIC):
        return "msg"
    if data.startswith(TNEF_MAGIC):
        return "tnef"
    if looks_like_message(data):
        return "eml"
    return "unknown"


def read_bytes(data: bytes, source: str, limits: Limits | None = None) -> Draft:
    """Read a draft from bytes; raises InputError with a one-line reason when impossible."""
    limits = limits or Limits()
    if not data.strip():
        raise InputError(source, "empty input")
    if len(data) > limits.max_input_bytes:
        raise InputError(source, f"larger than the {limits.max_input_bytes}-byte input limit")
    kind = sniff(data)
    if kind == "tnef":
        raise InputError(source, "TNEF (winmail.dat) is not a draft; save the message as .msg or .eml")
    if kind == "unknown":
        raise InputError(source, "not an email message (neither RFC 5322 text nor an Outlook .msg)")
    if kind == "msg":
        from mailguard.readers.msg import read_msg  # lazy: most drafts are .eml

        reader = read_msg
    else:
        reader = read_eml
    try:
        return reader(data, source, limits)
    except InputError:
        raise
    except RecursionError as exc:
        raise InputError(source, "message structure nested too deeply to read") from exc
    except Exception as exc:  # a reader defect must not become a traceback or a pass
        raise InputError(source, f"could not be read ({type(exc).__name__}); check it by hand") from exc


def read_capped(handle: BinaryIO, source: str, limit: int) -> bytes:
    """At most ``limit`` bytes from a stream: ``limit + 1`` are read and then reading stops, so
    an endless input (a pipe that never closes, a file still growing) costs bounded memory."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, f"larger than the {limit}-byte input limit")
    return data


def read_file(path: str | Path, limit: int | None = None) -> bytes:
    """A draft file's bytes, read with a hard cap (``limit``, by default
    ``limits.max_input_bytes``); unreadable files become InputError, not OSError tracebacks.

    Regular files only: a FIFO, device, socket or a link to nothing is refused in one line
    (opened without blocking, so a FIFO nobody writes to cannot hang the check)."""
    source = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError as exc:
        raise InputError(source, "is a directory, not a message file") from exc
    except FileNotFoundError as exc:
        raise InputError(source, "a link to nothing" if os.path.islink(path) else "no such file") from exc
    except OSError as exc:
        raise InputError(source, f"cannot read file ({exc.strerror or type(exc).__name__})") from exc
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise InputError(source, "is a directory, not a message file")
        raise InputError(source, f"is {special_kind(mode)}, not a message file")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return read_capped(handle, source, Limits().max_input_bytes if limit is None else limit)
        except OSError as exc:
            raise InputError(source, f"cannot read file ({exc.strerror or type(exc).__name__})") from exc


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_path(path: str | Path, limits: Limits | None = None) -> Draft:
    """Read a draft file (format by content, not name)."""
    limits = limits or Limits()
    return read_bytes(read_file(path, limits.max_input_bytes), str(path), limits)


def read_message_object(msg: email.message.Message, source: str, limits: Limits | None = None) -> Draft:
    """Read an in-memory message (a pipeline's EmailMessage) through the same reader."""
    try:
        data = msg.as_bytes(policy=email.policy.SMTP) if isinstance(msg, email.message.EmailMessage) else msg.as_bytes()
    except Exception as exc:
        raise InputError(source, f"message cannot be serialised ({type(exc).__name__})") from exc
    return read_bytes(data, source, limits)
