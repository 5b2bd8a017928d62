"""Outlook .msg (MS-OXMSG) reader.

olefile (BSD) opens the OLE2 compound file; the property streams are decoded here following
MS-OXMSG 2.4, because the one permissively licensed .msg library (python-oxmsg) decides string
code pages eagerly for the whole message and raises on CP932/CP950 files (NOTES.md), which are
exactly the files a Japanese office produces. Non-Unicode (PtypString8) strings are decoded with
the message code page, else the ANSI code page of the message locale, with fallbacks and a
warning. Attached messages (``__substg1.0_3701000D``) are read recursively.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from email.parser import HeaderParser
from typing import Any

from mailguard.errors import InputError
from mailguard.limits import Limits
from mailguard.model import Address, AddressRepair, Attachment, Draft, Field, Recipient, digest_bytes
from mailguard.readers import html
from mailguard.readers.addresses import repair_header
from mailguard.readers.charset import decode_bytes, decode_words, unfold
from mailguard.readers.notes import ReadNotes

_PROPS = "__properties_version1.0"
_RECIP_PREFIX = "__recip_version1.0_#"
_ATTACH_PREFIX = "__attach_version1.0_#"
_EMBEDDED = "__substg1.0_3701000D"

PT_INT32, PT_BOOL, PT_INT64, PT_TIME = 0x0003, 0x000B, 0x0014, 0x0040
PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x001E, 0x001F, 0x0102, 0x000D

PID_SUBJECT = 0x0037
PID_BODY = 0x1000
PID_HTML = 0x1013
PID_RTF_COMPRESSED = 0x1009
PID_TRANSPORT_HEADERS = 0x007D
PID_SENDER_NAME = 0x0C1A
PID_SENDER_EMAIL = 0x0C1F
PID_SENDER_SMTP = 0x5D01
PID_SENT_REPR_NAME = 0x0042
PID_SENT_REPR_EMAIL = 0x0065
PID_SENT_REPR_SMTP = 0x5D02
PID_MESSAGE_CLASS = 0x001A
PID_MESSAGE_CODEPAGE = 0x3FFD
PID_INTERNET_CODEPAGE = 0x3FDE
PID_LOCALE_ID = 0x3FF1
PID_DISPLAY_NAME = 0x3001
PID_ADDRTYPE = 0x3002
PID_EMAIL_ADDRESS = 0x3003
PID_SMTP_ADDRESS = 0x39FE
PID_RECIPIENT_TYPE = 0x0C15
PID_ATTACH_DATA = 0x3701
PID_ATTACH_FILENAME = 0x3704
PID_ATTACH_LONG_FILENAME = 0x3707
PID_ATTACH_MIME = 0x370E
PID_ATTACH_METHOD = 0x3705
PID_ATTACH_FLAGS = 0x3714
PID_HIDDEN = 0x7FFE

_RECIPIENT_TYPES = {1: Field.TO, 2: Field.CC, 3: Field.BCC}
_ATTACH_EMBEDDED_MSG = 5

# Windows LCID -> ANSI code page, for non-Unicode files that do not name their code page.
_LOCALE_CODEPAGES = {
    1041: 932,
    2052: 936,
    4100: 936,
    1028: 950,
    3076: 950,
    1042: 949,
    1049: 1251,
    1058: 1251,
    1032: 1253,
    1055: 1254,
    1037: 1255,
    1025: 1256,
    1054: 874,
    1066: 1258,
    1045: 1250,
    1029: 1250,
    1038: 1250,
}
_CODEPAGE_NAMES = {
    65001: "utf-8",
    20127: "ascii",
    28591: "latin-1",
    50220: "iso2022_jp",
    50221: "iso2022_jp",
    50222: "iso2022_jp",
    51932: "euc_jp",
    20932: "euc_jp",
    932: "cp932",
    936: "gbk",
    54936: "gb18030",
    949: "cp949",
    950: "cp950",
    1200: "utf-16-le",
}


def codepage_name(codepage: int | None) -> str | None:
    """Python codec label for a Windows code page number (None when unknown)."""
    if not codepage:
        return None
    return _CODEPAGE_NAMES.get(codepage, f"cp{codepage}")


class _Storage:
    """One OLE storage (message, recipient, attachment) and its property table."""

    def __init__(self, ole: Any, path: list[str], header_size: int) -> None:
        self.ole = ole
        self.path = path
        self.values: dict[tuple[int, int], bytes] = {}
        raw = self._stream(_PROPS)
        if raw is None:
            raise ValueError("property stream missing")
        for offset in range(header_size, len(raw) - 15, 16):
            ptype, pid = struct.unpack_from("<HH", raw, offset)
            self.values[(pid, ptype)] = raw[offset + 8 : offset + 16]

    def _stream(self, name: str) -> bytes | None:
        full = [*self.path, name]
        if not self.ole.exists("/".join(full)):
            return None
        with self.ole.openstream(full) as handle:
            data: bytes = handle.read()
        return data

    def children(self, prefix: str) -> list[list[str]]:
        depth = len(self.path)
        names = {
            tuple(entry[: depth + 1])
            for entry in self.ole.listdir(streams=True, storages=True)
            if len(entry) > depth and entry[:depth] == self.path and entry[depth].startswith(prefix)
        }
        return [list(n) for n in sorted(names)]

    def has_storage(self, name: str) -> bool:
        return bool(self.ole.exists("/".join([*self.path, name])))

    def int32(self, pid: int) -> int | None:
        value = self.values.get((pid, PT_INT32))
        return struct.unpack("<i", value[:4])[0] if value else None

    def boolean(self, pid: int) -> bool:
        value = self.values.get((pid, PT_BOOL))
        return bool(value and value[0])

    def binary(self, pid: int) -> bytes | None:
        if (pid, PT_BINARY) not in self.values:
            return None
        return self._stream(f"__substg1.0_{pid:04X}{PT_BINARY:04X}") or b""

    def string_bytes(self, pid: int) -> tuple[bytes, bool] | None:
        """Raw bytes of a string property and whether they are UTF-16 (PtypString)."""
        for ptype, unicode in ((PT_UNICODE, True), (PT_STRING8, False)):
            if (pid, ptype) in self.values:
                return self._stream(f"__substg1.0_{pid:04X}{ptype:04X}") or b"", unicode
        return None


@dataclass
class _Reader(ReadNotes):
    data: bytes = b""
    ansi: str | None = None
    repairs: list[AddressRepair] = field(default_factory=list)

    def text(self, storage: _Storage, pid: int, where: str) -> str:
        found = storage.string_bytes(pid)
        if found is None:
            return ""
        data, unicode = found
        if unicode:
            return data.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
        text, warning = decode_bytes(data.split(b"\x00", 1)[0], self.ansi, where)
        self.warn(warning)
        return text


def read_msg(data: bytes, source: str, limits: Limits) -> Draft:
    """Parse Outlook .msg bytes into a Draft; InputError for non-message or broken OLE2."""
    import olefile  # lazy: a plain .eml check never pays for it

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:
        raise InputError(source, f"broken or truncated Outlook .msg file ({type(exc).__name__})") from exc
    try:
        if not ole.exists(_PROPS):
            raise InputError(source, "OLE2 file is not an Outlook message (no MAPI properties)")
        reader = _Reader(source, limits, data=data)
        try:
            return _message(ole, [], 32, reader, data, depth=0)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(source, f"unreadable Outlook .msg structure ({type(exc).__name__})") from exc
    finally:
        ole.close()


def _codepage(storage: _Storage) -> str | None:
    for pid in (PID_MESSAGE_CODEPAGE,):
        name = codepage_name(storage.int32(pid))
        if name:
            return name
    locale = storage.int32(PID_LOCALE_ID)
    if locale is not None and locale in _LOCALE_CODEPAGES:
        return codepage_name(_LOCALE_CODEPAGES[locale])
    return None


def _message(ole: Any, path: list[str], header_size: int, reader: _Reader, data: bytes, depth: int) -> Draft:
    storage = _Storage(ole, path, header_size)
    outer_ansi = reader.ansi
    reader.ansi = _codepage(storage) or outer_ansi
    headers_text = reader.text(storage, PID_TRANSPORT_HEADERS, "transport headers")
    headers = HeaderParser().parsestr(headers_text) if headers_text else None
    recipients, invalid = _recipients(storage, reader)
    repairs, reader.repairs = tuple(reader.repairs), []  # this message's own, not its attachments'
    attachments = _attachments(storage, reader, depth)
    draft = Draft(
        source=reader.source if depth == 0 else f"{reader.source}#{'/'.join(path)}",
        format="msg",
        digest=digest_bytes(data),
        sender=_sender(storage, reader),
        recipients=tuple(recipients),
        subject=reader.text(storage, PID_SUBJECT, "subject"),
        body=_body(storage, reader),
        attachments=tuple(attachments),
        reply_to=tuple(_header_addresses(headers, "reply-to")),
        resent_recipients=(),
        headers=_headers(storage, reader, headers),
        invalid_addresses=tuple(invalid),
        address_repairs=repairs,
        warnings=tuple(reader.warnings),
        incomplete=tuple(reader.incomplete),
    )
    reader.ansi = outer_ansi
    return draft


def _smtp_or_exchange(storage: _Storage, reader: _Reader, smtp_pid: int, email_pid: int) -> str:
    """The SMTP address when recorded; otherwise what is there (an Exchange DN, /o=...)."""
    return (reader.text(storage, smtp_pid, "address") or reader.text(storage, email_pid, "address")).strip()


def _sender(storage: _Storage, reader: _Reader) -> Address | None:
    address = _smtp_or_exchange(storage, reader, PID_SENDER_SMTP, PID_SENDER_EMAIL)
    name = reader.text(storage, PID_SENDER_NAME, "sender name")
    if not address:
        address = _smtp_or_exchange(storage, reader, PID_SENT_REPR_SMTP, PID_SENT_REPR_EMAIL)
        name = name or reader.text(storage, PID_SENT_REPR_NAME, "sender name")
    return Address(name.strip(), address) if address else None


def _recipients(storage: _Storage, reader: _Reader) -> tuple[list[Recipient], list[tuple[Field, str]]]:
    recipients: list[Recipient] = []
    invalid: list[tuple[Field, str]] = []
    for path in storage.children(_RECIP_PREFIX):
        if len(recipients) >= reader.limits.max_recipients:
            reader.stop(f"more than {reader.limits.max_recipients} recipients")
            break
        recip = _sub_storage(storage, path, reader)
        if recip is None:
            continue
        kind = (recip.int32(PID_RECIPIENT_TYPE) or 1) & 0x0F
        which = _RECIPIENT_TYPES.get(kind)
        if which is None:  # originator / resend entries are not recipients
            continue
        address = _smtp_or_exchange(recip, reader, PID_SMTP_ADDRESS, PID_EMAIL_ADDRESS)
        name = reader.text(recip, PID_DISPLAY_NAME, "recipient name").strip()
        for mailbox in _as_meant(Address(name, address), which, reader):
            if "@" in mailbox.address or mailbox.address.lower().startswith("/o="):
                recipients.append(Recipient(mailbox, which))
            else:
                invalid.append((which, mailbox.address or mailbox.name))
    return recipients, invalid


def _as_meant(typed: Address, which: Field, reader: _Reader) -> list[Address]:
    """An unresolved entry as typed (``a@x.jp、b@y.jp``, ``sato@sample-town,lg.jp``) read as
    the address(es) meant, and noted (``readers.addresses``)."""
    if typed.address.lower().startswith("/o="):
        return [typed]
    fixed, repairs = repair_header(typed.address)
    if not repairs:
        return [typed]
    from email.utils import getaddresses

    reader.repairs.extend(AddressRepair(which.label, r.kind.value, r.written, r.read, r.detail) for r in repairs)
    return [Address(name or typed.name, address) for name, address in getaddresses([fixed]) if address]


def _sub_storage(storage: _Storage, path: list[str], reader: _Reader) -> _Storage | None:
    """A recipient or attachment storage; a broken one is recorded, not fatal."""
    try:
        return _Storage(storage.ole, path, 8)
    except Exception:
        reader.stop(f"{path[-1]} could not be read")
        return None


def _body(storage: _Storage, reader: _Reader) -> str:
    body = reader.text(storage, PID_BODY, "body")
    if body.strip():
        return body
    html_bytes = storage.binary(PID_HTML)
    if html_bytes:
        label = codepage_name(storage.int32(PID_INTERNET_CODEPAGE)) or reader.ansi
        markup, warning = decode_bytes(html_bytes, label, "HTML body")
        reader.warn(warning)
        return html.to_text(markup)
    markup = reader.text(storage, PID_HTML, "HTML body")
    if markup:
        return html.to_text(markup)
    if storage.binary(PID_RTF_COMPRESSED):
        reader.warn("body stored only as compressed RTF; its text was not read")
    return ""


def _attachments(storage: _Storage, reader: _Reader, depth: int) -> list[Attachment]:
    found: list[Attachment] = []
    for path in storage.children(_ATTACH_PREFIX):
        if len(found) >= reader.limits.max_parts:
            reader.stop(f"more than {reader.limits.max_parts} attachments")
            break
        found.append(_attachment(storage, path, reader, depth))
    return found


def _attachment(storage: _Storage, path: list[str], reader: _Reader, depth: int) -> Attachment:
    att = _sub_storage(storage, path, reader)
    if att is None:
        return Attachment("(unreadable attachment)", "application/octet-stream", 0, b"")
    name = (
        reader.text(att, PID_ATTACH_LONG_FILENAME, "attachment name")
        or reader.text(att, PID_ATTACH_FILENAME, "attachment name")
        or reader.text(att, PID_DISPLAY_NAME, "attachment name")
    ).strip()
    if att.int32(PID_ATTACH_METHOD) == _ATTACH_EMBEDDED_MSG and att.has_storage(_EMBEDDED):
        if depth + 1 >= reader.limits.max_depth:
            reader.stop(f"attached messages nested deeper than {reader.limits.max_depth}")
            return Attachment(name or "(attached message)", "application/vnd.ms-outlook", 0, b"")
        inner = _message(storage.ole, [*path, _EMBEDDED], 24, reader, reader.data, depth + 1)
        label = name or inner.subject or "(attached message)"
        return Attachment(label, "application/vnd.ms-outlook", 0, b"", message=inner)
    payload = att.binary(PID_ATTACH_DATA) or b""
    media_type = reader.text(att, PID_ATTACH_MIME, "attachment type").strip().lower()
    return Attachment(
        filename=name or "(unnamed attachment)",
        media_type=media_type or "application/octet-stream",
        size=len(payload),
        data=payload,
        inline=att.boolean(PID_HIDDEN),
    )


def _header_addresses(headers: Any, name: str) -> list[Address]:
    if headers is None:
        return []
    from email.utils import getaddresses

    values = [unfold(str(v)) for v in headers.get_all(name) or []]
    return [Address(decode_words(n, name)[0].strip(), a) for n, a in getaddresses(values) if "@" in a]


def _headers(storage: _Storage, reader: _Reader, headers: Any) -> tuple[tuple[str, str], ...]:
    kept: list[tuple[str, str]] = [("X-MS-Message-Class", reader.text(storage, PID_MESSAGE_CLASS, "class"))]
    if headers is not None:
        for key, value in list(headers.items())[: reader.limits.max_headers]:
            if key.lower() not in ("to", "cc", "bcc", "from", "reply-to"):
                kept.append((key, decode_words(unfold(str(value)), key)[0].strip()))
    return tuple(kept)
