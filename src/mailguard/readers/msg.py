"""Outlook .msg (MS-OXMSG) reader.

olefile (BSD) opens the OLE2 compound file; the property streams are decoded here following
MS-OXMSG 2.4, because the one permissively licensed .msg library (python-oxmsg) decides string
code pages eagerly for the whole message and raises on CP932/CP950 files (NOTES.md), which are
exactly the files a Japanese office produces. Non-Unicode (PtypString8) strings are decoded with
the message code page, else the ANSI code page of the message locale, with fallbacks and a
warning. Attached messages (``__substg1.0_3701000D``) are read recursively.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from email.message import Message
from email.parser import HeaderParser
from typing import Any

import olefile

from mailguard.errors import InputError
from mailguard.findings import Reason, reason
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
PID_REPLY_ENTRIES = 0x004F

_RECIPIENT_TYPES = {1: Field.TO, 2: Field.CC, 3: Field.BCC}
_ATTACH_EMBEDDED_MSG = 5

# Windows LCID -> ANSI code page, for non-Unicode files that do not name their code page.
_LOCALE_CODEPAGES = {
    1033: 1252,
    1031: 1252,
    1036: 1252,
    2057: 1252,
    1040: 1252,
    3082: 1252,
    1043: 1252,
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


class Damaged(Exception):
    """The compound file is not what Outlook wrote: truncated, or its structure broken
    (``reason`` says which stream and how, in catalogue words)."""

    def __init__(self, why: Reason) -> None:
        super().__init__(why.en)
        self.reason = why


_TERMINATOR = {PT_UNICODE: 2, PT_STRING8: 1, PT_BINARY: 0}


class _Storage:
    """One OLE storage (message, recipient, attachment) and its property table.

    Children are found through olefile's per-storage name index (``kids_dict``), never by
    olefile's path lookup, which scans every sibling: with thousands of recipients that scan
    made reading quadratic."""

    def __init__(self, ole: Any, node: Any, path: list[str], header_size: int) -> None:
        self.ole = ole
        self.node = node
        self.path = path
        self.values: dict[tuple[int, int], bytes] = {}
        raw = self._stream(_PROPS)
        if raw is None:
            raise ValueError("property stream missing")
        self.header = raw[:header_size]
        for offset in range(header_size, len(raw) - 15, 16):
            ptype, pid = struct.unpack_from("<HH", raw, offset)
            self.values[(pid, ptype)] = raw[offset + 8 : offset + 16]

    def child(self, name: str) -> Any:
        return self.node.kids_dict.get(name.lower())

    def _stream(self, name: str) -> bytes | None:
        entry = self.child(name)
        if entry is None or entry.entry_type != olefile.STGTY_STREAM:
            return None
        issues = len(self.ole.parsing_issues)
        try:
            with self.ole._open(entry.isectStart, entry.size) as handle:
                data: bytes = handle.read()
        except OSError as error:
            raise Damaged(
                reason("error.msg.stream_unreadable", stream="/".join([*self.path, name]), detail=str(error))
            ) from error
        if len(data) < entry.size or len(self.ole.parsing_issues) > issues:
            raise Damaged(reason("error.msg.stream_short", stream="/".join([*self.path, name])))
        return data

    def children(self, prefix: str) -> list[tuple[list[str], Any]]:
        found = [(kid.name, kid) for kid in self.node.kids if kid.name.startswith(prefix)]
        return [([*self.path, name], kid) for name, kid in sorted(found, key=lambda item: item[0])]

    def has_storage(self, name: str) -> bool:
        entry = self.child(name)
        return entry is not None and entry.entry_type == olefile.STGTY_STORAGE

    def count(self, offset: int) -> int | None:
        """A count from the property stream's header (recipients at 16, attachments at 20)."""
        if len(self.header) < offset + 4:
            return None
        return int(struct.unpack_from("<I", self.header, offset)[0])

    def int32(self, pid: int) -> int | None:
        value = self.values.get((pid, PT_INT32))
        return struct.unpack("<i", value[:4])[0] if value else None

    def boolean(self, pid: int) -> bool:
        value = self.values.get((pid, PT_BOOL))
        return bool(value and value[0])

    def binary(self, pid: int) -> bytes | None:
        if (pid, PT_BINARY) not in self.values:
            return None
        return self._variable(pid, PT_BINARY)

    def string_bytes(self, pid: int) -> tuple[bytes, bool] | None:
        """Raw bytes of a string property and whether they are UTF-16 (PtypString)."""
        for ptype, unicode in ((PT_UNICODE, True), (PT_STRING8, False)):
            if (pid, ptype) in self.values:
                return self._variable(pid, ptype), unicode
        return None

    def _variable(self, pid: int, ptype: int) -> bytes:
        """A variable-length property's stream, checked against the size its entry records
        (MS-OXMSG 2.4.2.2): a shorter stream is a damaged file, not a shorter value."""
        name = f"__substg1.0_{pid:04X}{ptype:04X}"
        data = self._stream(name)
        declared = struct.unpack("<I", self.values[(pid, ptype)][:4])[0]
        if data is None:
            if declared > _TERMINATOR[ptype]:
                raise Damaged(reason("error.msg.stream_missing", stream="/".join([*self.path, name])))
            return b""
        if declared - _TERMINATOR[ptype] > len(data) and declared < (1 << 31):
            raise Damaged(reason("error.msg.stream_short_property", stream="/".join([*self.path, name])))
        return data


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
        text, warning = decode_bytes(data.split(b"\x00", 1)[0], self.ansi, _where(where))
        self.warn(warning)
        return text


class _OleFile(olefile.OleFileIO):  # type: ignore[misc]
    """olefile's reader with its duplicate-stream check kept in sets: olefile searches a list
    for every directory entry, which made opening a .msg with 6,000 recipients take 49 s."""

    def _check_duplicate_stream(self, first_sect: int, minifat: bool = False) -> None:
        if not minifat and first_sect in (olefile.DIFSECT, olefile.FATSECT, olefile.ENDOFCHAIN, olefile.FREESECT):
            return
        seen: set[int] = self.__dict__.setdefault("_seen_minifat" if minifat else "_seen_fat", set())
        if first_sect in seen:
            self._raise_defect(olefile.DEFECT_INCORRECT, "Stream referenced twice")
        else:
            seen.add(first_sect)


def read_msg(data: bytes, source: str, limits: Limits, depth: int = 0) -> Draft:
    """Parse Outlook .msg bytes into a Draft; InputError for non-message, broken, damaged or
    truncated OLE2 (a stream shorter than the file says, a FAT chain ending early, recipient
    or attachment storages missing): such a file is never read as a shorter message."""
    try:
        ole = _OleFile(data)
    except Exception as exc:
        raise InputError(source, reason("error.msg.broken", detail=type(exc).__name__)) from exc
    try:
        if ole.root is None or ole.root.kids_dict.get(_PROPS.lower()) is None:
            raise InputError(source, reason("error.msg.not_outlook"))
        missing = _bytes_missing(ole, len(data))
        if missing:
            raise InputError(source, reason("error.msg.truncated"))
        reader = _Reader(source, limits, data=data)
        try:
            return _message(ole, ole.root, [], 32, reader, data, depth=depth)
        except InputError:
            raise
        except Damaged as exc:
            raise InputError(source, reason("error.msg.damaged", detail=exc.reason)) from exc
        except Exception as exc:
            raise InputError(source, reason("error.msg.structure", detail=type(exc).__name__)) from exc
    finally:
        ole.close()


_FREESECT = 0xFFFFFFFF
# What olefile notes (without raising) when sectors or entries lie beyond the end of the file.
_CUT = re.compile(r"out of range|incomplete|less than expected")


def _bytes_missing(ole: Any, size: int) -> int:
    """Whether (by how much) the file is shorter than the sectors its FAT uses (MS-CFB 2.3), or
    olefile found sectors or directory entries beyond its end: Outlook writes whole sectors,
    so a shorter file was cut, even when the cut fell in padding."""
    if any(_CUT.search(str(problem)) for _, problem in ole.parsing_issues):
        return max(1, ole.sector_size - size % ole.sector_size if size % ole.sector_size else 1)
    fat = ole.fat
    last = len(fat) - 1
    while last >= 0 and (fat[last] & 0xFFFFFFFF) == _FREESECT:
        last -= 1
    required = (last + 2) * ole.sector_size if last >= 0 else 0
    return max(0, required - size)


def _codepage(storage: _Storage) -> str | None:
    """The code page of PtypString8 values: the message's own, else the ANSI code page of its
    locale, else its Internet code page (MS-OXCMSG)."""
    name = codepage_name(storage.int32(PID_MESSAGE_CODEPAGE))
    if name:
        return name
    locale = storage.int32(PID_LOCALE_ID)
    if locale is not None and locale in _LOCALE_CODEPAGES:
        return codepage_name(_LOCALE_CODEPAGES[locale])
    return codepage_name(storage.int32(PID_INTERNET_CODEPAGE))


_MAIL_HEADERS_LINE = re.compile(r"\A\s*Microsoft Mail Internet Headers Version 2\.0[ \t]*\r?\n", re.IGNORECASE)


def _transport_headers(storage: _Storage, reader: _Reader) -> Message | None:
    text = reader.text(storage, PID_TRANSPORT_HEADERS, "transport headers")
    if not text.strip():
        return None
    return HeaderParser().parsestr(_MAIL_HEADERS_LINE.sub("", text, count=1).lstrip("\r\n"))


def _message(ole: Any, node: Any, path: list[str], header_size: int, reader: _Reader, data: bytes, depth: int) -> Draft:
    storage = _Storage(ole, node, path, header_size)
    outer_ansi = reader.ansi
    reader.ansi = _codepage(storage) or outer_ansi
    headers = _transport_headers(storage, reader)
    recipients, invalid = _recipients(storage, reader)
    repairs, reader.repairs = tuple(reader.repairs), []  # this message's own, not its attachments'
    attachments = _attachments(storage, reader, depth)
    body = _body(storage, reader)
    signed = _signed_content(attachments, reader, depth)
    if signed is not None:
        body = "\n".join(t for t in (body, signed.body) if t.strip())
        attachments = [a for a in attachments if not _is_signed_blob(a)] + list(signed.attachments)
    draft = Draft(
        source=reader.source if depth == 0 and not path else f"{reader.source}#{'/'.join(path)}",
        format="msg",
        raw_digest=digest_bytes(data),
        sender=_sender(storage, reader, headers),
        recipients=tuple(recipients),
        subject=reader.text(storage, PID_SUBJECT, "subject"),
        body=body,
        attachments=tuple(attachments),
        reply_to=tuple(_reply_to(storage, reader, headers)),
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


def _sender(storage: _Storage, reader: _Reader, headers: Message | None) -> Address | None:
    """The sender, in the order that finds an SMTP address first: PidTagSenderSmtpAddress,
    PidTagSenderEmailAddress when it is SMTP, the same two for the represented sender, the
    transport headers' From, and only then an Exchange X.500 DN (an unsent draft often has
    nothing else)."""
    name = (
        reader.text(storage, PID_SENDER_NAME, "sender name") or reader.text(storage, PID_SENT_REPR_NAME, "sender name")
    ).strip()
    exchange = ""
    for smtp_pid, email_pid in ((PID_SENDER_SMTP, PID_SENDER_EMAIL), (PID_SENT_REPR_SMTP, PID_SENT_REPR_EMAIL)):
        smtp = reader.text(storage, smtp_pid, "sender address").strip()
        if "@" in smtp:
            return Address(name, smtp)
        other = reader.text(storage, email_pid, "sender address").strip()
        if "@" in other and not other.lower().startswith("/o="):
            return Address(name, other)
        exchange = exchange or other
    for header_name, address in _header_addresses(headers, "from"):
        return Address(name or header_name, address)
    return Address(name, exchange) if exchange else None


def _recipients(storage: _Storage, reader: _Reader) -> tuple[list[Recipient], list[tuple[Field, str]]]:
    recipients: list[Recipient] = []
    invalid: list[tuple[Field, str]] = []
    rows = storage.children(_RECIP_PREFIX)
    _expect(storage, 16, len(rows), "recipient")
    for path, node in rows:
        if len(recipients) >= reader.limits.max_recipients:
            reader.stop(reason("MG900.too_many_recipients", limit=reader.limits.max_recipients))
            break
        recip = _Storage(storage.ole, node, path, 8)
        kind = recip.int32(PID_RECIPIENT_TYPE)
        which = _RECIPIENT_TYPES.get((1 if kind is None else kind) & 0x0F)
        if which is None:  # 0 is the originator (MAPI_ORIG), not a recipient
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


def _where(what: str) -> Reason:
    """The catalogue's name for a property read (``"sender name"``: ``ui.read.sender_name``)."""
    return reason("ui.read." + what.lower().replace(" ", "_"))


def _expect(storage: _Storage, offset: int, found: int, what: str) -> None:
    """The property header counts recipients and attachments: storages missing from the
    file mean a damaged or truncated file, not a message with fewer of them."""
    declared = storage.count(offset)
    if declared is not None and found < declared <= 1_000_000:
        missing = declared - found
        raise Damaged(reason(f"error.msg.{what}_storages_missing", missing=missing, declared=declared))


def _limited(text: str, reader: _Reader, what: str) -> str:
    limit = reader.limits.max_text_bytes
    if len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit:
        reader.stop(reason("MG900.msg_text_too_large", what=_where(what), limit=limit))
        return text.encode("utf-8", "surrogatepass")[:limit].decode("utf-8", "ignore")
    return text


def _body(storage: _Storage, reader: _Reader) -> str:
    """The plain-text body, else the HTML body, else the RTF body (decompressed): Outlook
    keeps some drafts only as RTF, and their text must be read like any other."""
    body = reader.text(storage, PID_BODY, "body")
    if body.strip():
        return _limited(body, reader, "body")
    html_bytes = storage.binary(PID_HTML)
    if html_bytes:
        label = codepage_name(storage.int32(PID_INTERNET_CODEPAGE)) or reader.ansi
        markup, warning = decode_bytes(html_bytes[: reader.limits.max_text_bytes], label, reason("ui.read.html_body"))
        if len(html_bytes) > reader.limits.max_text_bytes:
            reader.stop(
                reason("MG900.msg_text_too_large", what=reason("ui.read.html_body"), limit=reader.limits.max_text_bytes)
            )
        reader.warn(warning)
        return html.to_text(markup)
    markup = reader.text(storage, PID_HTML, "HTML body")
    if markup:
        return html.to_text(_limited(markup, reader, "HTML body"))
    compressed = storage.binary(PID_RTF_COMPRESSED)
    return _rtf_body(compressed, reader) if compressed else ""


def _rtf_body(compressed: bytes, reader: _Reader) -> str:
    import compressed_rtf  # lazy: only RTF-only drafts need it

    from mailguard.readers.rtf import rtf_to_text

    try:
        rtf = compressed_rtf.decompress(compressed)
    except Exception:
        reader.stop(reason("MG900.rtf_compressed"))
        return ""
    if len(rtf) > reader.limits.max_text_bytes:
        reader.stop(
            reason("MG900.msg_text_too_large", what=reason("ui.read.rtf_body"), limit=reader.limits.max_text_bytes)
        )
        rtf = rtf[: reader.limits.max_text_bytes]
    found = rtf_to_text(rtf)
    for warning in found.warnings:
        reader.warn(warning)
    return html.to_text(found.text) if found.is_html else found.text


def _attachments(storage: _Storage, reader: _Reader, depth: int) -> list[Attachment]:
    found: list[Attachment] = []
    rows = storage.children(_ATTACH_PREFIX)
    _expect(storage, 20, len(rows), "attachment")
    for path, node in rows:
        if len(found) >= reader.limits.max_parts:
            reader.stop(reason("MG900.too_many_attachments", limit=reader.limits.max_parts))
            break
        found.append(_attachment(storage, _Storage(storage.ole, node, path, 8), path, reader, depth))
    return found


# Attachment methods (PidTagAttachMethod, MS-OXCMSG 2.2.2.9) whose content is not in the file.
_BY_REFERENCE = {2: "by reference", 3: "by reference (resolved)", 4: "by reference (only)"}
_ATTACH_OLE = 6
NOT_IN_FILE = "message/external-body"
OLE_OBJECT = "application/x-oleobject"


def _attachment(storage: _Storage, att: _Storage, path: list[str], reader: _Reader, depth: int) -> Attachment:
    name = (
        reader.text(att, PID_ATTACH_LONG_FILENAME, "attachment name")
        or reader.text(att, PID_ATTACH_FILENAME, "attachment name")
        or reader.text(att, PID_DISPLAY_NAME, "attachment name")
    ).strip()
    method = att.int32(PID_ATTACH_METHOD)
    if method == _ATTACH_EMBEDDED_MSG and att.has_storage(_EMBEDDED):
        if depth + 1 >= reader.limits.max_depth:
            reader.stop(reason("MG900.msg_attached_too_deep", limit=reader.limits.max_depth))
            return Attachment(name or "(attached message)", "application/vnd.ms-outlook", 0, b"")
        inner = _message(storage.ole, att.child(_EMBEDDED), [*path, _EMBEDDED], 24, reader, reader.data, depth + 1)
        label = name or inner.subject or "(attached message)"
        return Attachment(label, "application/vnd.ms-outlook", 0, b"", message=inner)
    if method in _BY_REFERENCE:
        return Attachment(name or "(linked file)", NOT_IN_FILE, 0, b"")
    if method == _ATTACH_OLE:
        return Attachment(name or "(embedded object)", OLE_OBJECT, 0, b"")
    payload = att.binary(PID_ATTACH_DATA) or b""
    media_type = reader.text(att, PID_ATTACH_MIME, "attachment type").strip().lower() or "application/octet-stream"
    nested = _attached_eml(payload, name, media_type, reader, depth)
    return Attachment(
        filename=name or "(unnamed attachment)",
        media_type="message/rfc822" if nested is not None else media_type,
        size=len(payload),
        data=payload,
        message=nested,
        inline=att.boolean(PID_HIDDEN),
    )


def _attached_eml(payload: bytes, name: str, media_type: str, reader: _Reader, depth: int) -> Draft | None:
    """A by-value ``.eml`` attachment is a message: open it so that its recipients, text and
    attachments are checked, not read as one plain text file."""
    if not (media_type == "message/rfc822" or name.lower().endswith(".eml")):
        return None
    if depth + 1 >= reader.limits.max_depth:
        reader.stop(reason("MG900.msg_attached_too_deep", limit=reader.limits.max_depth))
        return None
    return _read_mime(payload, name, reader, depth, reason("MG901.attached_unreadable", name=name), reader.warn)


def _read_mime(data: bytes, name: str, reader: _Reader, depth: int, failure: Reason, report: Any) -> Draft | None:
    """MIME bytes inside a .msg read with the .eml reader; its notes become this message's."""
    from mailguard.readers.eml import looks_like_message, read_eml

    inner = None
    if looks_like_message(data):
        try:
            inner = read_eml(data, f"{reader.source}#{name}", reader.limits, depth + 1)
        except InputError:
            inner = None
    if inner is None:
        report(failure)
        return None
    for warning in inner.warnings:
        reader.warn(warning)
    for stop in inner.incomplete:
        reader.stop(stop)
    return inner


def _is_signed_blob(attachment: Attachment) -> bool:
    return attachment.media_type == "multipart/signed" or attachment.filename.lower() == "smime.p7m"


def _signed_content(attachments: list[Attachment], reader: _Reader, depth: int) -> Draft | None:
    """An S/MIME signed .msg keeps the whole signed MIME entity in one attachment
    (``smime.p7m``, multipart/signed): read it with the .eml reader. An opaque or encrypted
    one (PKCS #7 DER) cannot be read, and says so."""
    blob = next((a for a in attachments if _is_signed_blob(a)), None)
    if blob is None or not blob.data:
        return None
    data = blob.data
    if data.lstrip()[:2] == b"--":  # the body alone: give it back its type
        data = b"Content-Type: " + blob.media_type.encode() + b"\r\n\r\n" + data
    failure = reason("MG900.smime_unreadable", name=blob.filename)
    return _read_mime(data, blob.filename, reader, depth, failure, reader.stop)


def _header_addresses(headers: Message | None, name: str) -> list[tuple[str, str]]:
    if headers is None:
        return []
    from email.utils import getaddresses

    values = [unfold(str(v)) for v in headers.get_all(name) or []]
    return [(decode_words(n, name)[0].strip(), a) for n, a in getaddresses(values) if "@" in a]


_ONE_OFF_UID = bytes.fromhex("812B1FA4BEA310199D6E00DD010F5402")


def _reply_to(storage: _Storage, reader: _Reader, headers: Message | None) -> list[Address]:
    """Reply-to recipients of the draft (PidTagReplyRecipientEntries: one-off entry ids),
    then those of the transport headers."""
    found = [Address(n, a) for n, a in _one_off_entries(storage.binary(PID_REPLY_ENTRIES) or b"")]
    found += [Address(n, a) for n, a in _header_addresses(headers, "reply-to")]
    unique: dict[str, Address] = {}
    for address in found:
        unique.setdefault(address.address.lower(), address)
    return list(unique.values())


def _one_off_entries(data: bytes) -> list[tuple[str, str]]:
    """(display name, address) of each one-off entry id in a FlatEntryList (MS-OXCDATA
    2.3.3, 2.2.5.1); entries of other kinds carry no address and are skipped."""
    found: list[tuple[str, str]] = []
    if len(data) < 8:
        return found
    count = struct.unpack_from("<I", data, 0)[0]
    offset = 8
    for _ in range(min(count, 1000)):
        if offset + 4 > len(data):
            break
        size = struct.unpack_from("<I", data, offset)[0]
        entry = data[offset + 4 : offset + 4 + size]
        offset += 4 + size + (-size % 4)
        if len(entry) < 24 or entry[4:20] != _ONE_OFF_UID:
            continue
        flags = struct.unpack_from("<H", entry, 22)[0]
        fields = _one_off_strings(entry[24:], unicode=bool(flags & 0x8000))
        if len(fields) >= 3 and "@" in fields[2]:
            found.append((fields[0].strip(), fields[2].strip()))
    return found


def _one_off_strings(data: bytes, unicode: bool) -> list[str]:
    text = data.decode("utf-16-le", errors="replace") if unicode else data.decode("cp1252", errors="replace")
    return text.split("\x00")[:3]


def _headers(storage: _Storage, reader: _Reader, headers: Message | None) -> tuple[tuple[str, str], ...]:
    kept: list[tuple[str, str]] = [("X-MS-Message-Class", reader.text(storage, PID_MESSAGE_CLASS, "class"))]
    if headers is not None:
        for key, value in list(headers.items())[: reader.limits.max_headers]:
            if key.lower() not in ("to", "cc", "bcc", "from", "reply-to"):
                kept.append((key, decode_words(unfold(str(value)), key)[0].strip()))
    return tuple(kept)
