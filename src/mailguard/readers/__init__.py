"""Turn input (path, bytes, stdin, an EmailMessage) into a Draft, choosing the reader by content."""

from __future__ import annotations

import email.message
import email.policy
from pathlib import Path

from mailguard.errors import InputError
from mailguard.files import read_capped as read_capped  # re-exported: the shells read stdin with it
from mailguard.files import read_regular, too_large
from mailguard.files import special_kind as special_kind
from mailguard.findings import reason
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
        raise InputError(source, reason("error.read.empty"))
    if len(data) > limits.max_input_bytes:
        raise InputError(source, too_large(limits.max_input_bytes))
    kind = sniff(data)
    if kind == "tnef":
        raise InputError(source, reason("error.read.tnef"))
    if kind == "unknown":
        raise InputError(source, reason("error.read.not_message"))
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
        raise InputError(source, reason("error.read.too_deep")) from exc
    except Exception as exc:  # a reader defect must not become a traceback or a pass
        raise InputError(source, reason("error.read.failed", detail=type(exc).__name__)) from exc


def read_file(path: str | Path, limit: int | None = None) -> bytes:
    """A draft file's bytes, read with a hard cap (``limit``, by default
    ``limits.max_input_bytes``); regular files only (:func:`mailguard.files.read_regular`):
    a FIFO, device, socket or a link to nothing is refused in one line, never waited on."""
    return read_regular(path, Limits().max_input_bytes if limit is None else limit)


def read_path(path: str | Path, limits: Limits | None = None) -> Draft:
    """Read a draft file (format by content, not name)."""
    limits = limits or Limits()
    return read_bytes(read_file(path, limits.max_input_bytes), str(path), limits)


def read_message_object(msg: email.message.Message, source: str, limits: Limits | None = None) -> Draft:
    """Read an in-memory message (a pipeline's EmailMessage) through the same reader."""
    try:
        data = msg.as_bytes(policy=email.policy.SMTP) if isinstance(msg, email.message.EmailMessage) else msg.as_bytes()
    except Exception as exc:
        raise InputError(source, reason("error.read.not_serialisable", detail=type(exc).__name__)) from exc
    return read_bytes(data, source, limits)
