"""Visible recipients to Bcc: the one rewrite that turns the commonest leak (#1 #4 #5 #9) into
a correct message, for the gateway's "release with Bcc" and for ``mailguard fix`` on files.

Only the header block changes, byte for byte everything else stays as written (the body, its
encoding, the other headers and their order): ``To:`` becomes the sender (or
``undisclosed-recipients:;``), ``Cc:`` goes. In the gateway the envelope is left as it was, so
everyone still receives the message and nobody sees anybody else; for a file, which has no
envelope, the former To/Cc addresses are written to ``Bcc:`` so the mail client sends to them.
"""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr
from pathlib import Path

from mailguard.errors import InputError
from mailguard.findings import reason

UNDISCLOSED = "undisclosed-recipients:;"


def split_header(data: bytes) -> tuple[list[bytes], bytes, bytes]:
    """(header fields with their folded lines and line ends, the blank line, the body)."""
    fields: list[bytes] = []
    position = 0
    while position < len(data):
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end + 1
        line = data[position:end]
        if line in (b"\r\n", b"\n"):
            return fields, line, data[end:]
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line
        else:
            fields.append(line)
        position = end
    return fields, b"", b""


def _name(field: bytes) -> bytes:
    return field.split(b":", 1)[0].strip().lower()


def to_bcc(data: bytes, to: str = "sender", keep_bcc: bool = False) -> bytes:
    """The message with To set to the sender (``to="sender"``) or undisclosed recipients,
    Cc removed; with ``keep_bcc`` the former visible addresses join ``Bcc:`` (files only)."""
    fields, blank, body = split_header(data)
    if not blank:
        raise InputError("message", reason("error.fix.no_header_end"))
    newline = b"\r\n" if blank == b"\r\n" else b"\n"
    parsed = BytesHeaderParser(policy=compat32).parsebytes(b"".join(fields) + blank)
    visible = [str(v) for f in ("to", "cc") for v in parsed.get_all(f, [])]
    sender = parseaddr(str(parsed.get("from", "")))[1]
    new_to = sender if to == "sender" and sender else UNDISCLOSED
    kept = [f for f in fields if _name(f) not in (b"to", b"cc", b"bcc")]
    header = [b"To: " + new_to.encode("utf-8") + newline]
    if keep_bcc:
        hidden = [str(v) for v in parsed.get_all("bcc", [])]
        addresses = [a for _, a in getaddresses(visible + hidden) if a and a.lower() != new_to.lower()]
        unique = list(dict.fromkeys(addresses))
        if unique:
            folded = ("," + newline.decode() + " ").join(unique)  # one address a line: no 998-octet limit
            header.append(b"Bcc: " + folded.encode("utf-8") + newline)
    # New fields go where the old To stood (or after From), so the block still reads naturally.
    anchor = next((i for i, f in enumerate(fields) if _name(f) == b"to"), None)
    if anchor is None:
        anchor = next((i + 1 for i, f in enumerate(fields) if _name(f) == b"from"), len(fields))
    position = sum(1 for f in fields[:anchor] if _name(f) not in (b"to", b"cc", b"bcc"))
    return b"".join(kept[:position] + header + kept[position:]) + blank + body


def fix_file(source: Path, target: Path, to: str = "sender") -> None:
    """``mailguard fix``: read a draft, write it with its visible recipients in Bcc."""
    import sys

    from mailguard.files import cannot_read, read_capped, read_regular
    from mailguard.limits import Limits

    cap = Limits().max_input_bytes  # as `check` reads a draft: a regular file or stdin, capped
    try:
        data = read_capped(sys.stdin.buffer, "-", cap) if str(source) == "-" else read_regular(source, cap)
    except OSError as exc:
        raise InputError(str(source), cannot_read(exc)) from exc
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(str(source), reason("error.fix.msg"))
    try:
        fixed = to_bcc(data, to=to, keep_bcc=True)
    except InputError as exc:
        raise InputError(str(source), exc.reason) from exc
    try:
        if str(target) == "-":
            sys.stdout.buffer.write(fixed)
            sys.stdout.buffer.flush()
        else:
            target.write_bytes(fixed)
    except OSError as exc:
        raise InputError(
            str(target), reason("error.file.unwritable", detail=exc.strerror or type(exc).__name__)
        ) from exc
