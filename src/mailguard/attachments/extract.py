"""What attachments say: text from PDF, Office files, CSV/TXT, ZIP, tar, gzip, bzip2 and xz
archives and attached mail.

Everything here is bounded (bytes read, PDF pages, ZIP entries, depth, compression ratio, XML
elements) and never raises: a file that cannot be read, is encrypted, or hits a limit comes
back with a ``problem`` that rules report (MG204) instead of passing silently. Expanded bytes
are counted against one :class:`Budget` per message, summed over every attachment and every
archive nested in it, so that forty small bombs cannot add up to one large one. Containers
the standard library cannot open (7z, RAR, LZH, CAB, TNEF, OLE packages) are problems too.
The format is decided by magic bytes; the file name only picks a text decoder for plain text.
"""

from __future__ import annotations

import bz2
import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from mailguard.attachments.pdfs import PDF_MAGIC
from mailguard.findings import Reason, reason
from mailguard.limits import Limits
from mailguard.model import Attachment, Draft
from mailguard.readers import OLE2_MAGIC
from mailguard.readers.charset import decode_bytes
from mailguard.scope import run_cache

ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
BZIP2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"
# Containers the standard library cannot open: named, never passed as unreadable nothing.
_UNOPENED = (
    (b"7z\xbc\xaf\x27\x1c", "7z"),  # MG204.kind.* in the catalogue
    (b"Rar!\x1a\x07", "rar"),
    (b"MSCF\x00\x00\x00\x00", "cab"),
    (b"\x78\x9f\x3e\x22", "tnef"),
    (b"\x60\xea", "arj"),
)
# Beyond this many elements an OOXML part is not read on (4.9 M empty elements in a 250 KB
# DOCX cost 513 MB as a tree); elements are also dropped as soon as they are read.
MAX_XML_ELEMENTS = 1_000_000
# The linked or embedded-object attachments of a .msg (readers/msg.py): content not in the file.
NOT_IN_FILE = "message/external-body"
OLE_OBJECT = "application/x-oleobject"
TEXT_SUFFIXES = (".txt", ".csv", ".tsv", ".md", ".json", ".xml", ".html", ".htm", ".ics", ".vcf", ".log")
_OFFICE_PARTS = {
    "word/": ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/comments.xml"),
    "xl/": ("xl/sharedStrings.xml", "xl/worksheets/sheet", "docProps/core.xml"),
    "ppt/": ("ppt/slides/slide", "ppt/notesSlides/notesSlide"),
}


@dataclass
class Extracted:
    """Text of one attachment (and of what it contains), with what could not be read."""

    name: str
    text: str = ""
    encrypted: bool = False
    problems: list[Reason] = field(default_factory=list)
    parts: list[Extracted] = field(default_factory=list)
    hidden_text_pages: list[int] = field(default_factory=list)
    expanded: int = 0  # bytes produced by decompression, this file and all it contains

    def all_text(self) -> str:
        return "\n".join([self.text, *(p.all_text() for p in self.parts)])

    def all_problems(self) -> list[Reason]:
        return [*self.problems, *(q for p in self.parts for q in p.all_problems())]

    def documents(self) -> list[Extracted]:
        """Each document inside (a ZIP member, an attached mail, the file itself), so that
        one archive holding two people's files is read as two documents."""
        own = [self] if self.text or not self.parts else []
        return own + [doc for part in self.parts for doc in part.documents()]

    def any_encrypted(self) -> bool:
        return self.encrypted or any(p.any_encrypted() for p in self.parts)


class Budget:
    """Expanded bytes one message may still produce (``limits.max_expanded_bytes``), shared
    by every attachment and every archive inside them."""

    def __init__(self, limits: Limits) -> None:
        self.total = limits.max_expanded_bytes
        self.left = limits.max_expanded_bytes

    def take(self, size: int) -> None:
        if size > self.left:
            self.left = 0
            raise _LimitHit(reason("MG204.hit.expanded_total", limit=self.total))
        self.left -= size


def extract(attachment: Attachment, limits: Limits, budget: Budget | None = None) -> Extracted:
    """Text of an attachment; nested mail uses the already parsed draft."""
    budget = budget or Budget(limits)
    if attachment.message is not None:
        return _from_draft(attachment.filename, attachment.message, limits, 1, budget)
    return _extract_bytes(attachment.filename, attachment.media_type, attachment.data, limits, 0, budget)


_RECENT_MAX = 64


def extract_cached(attachment: Attachment, limits: Limits, budget: Budget | None = None) -> Extracted:
    """``extract``, remembering the last few files by content within one merge run (a run
    often attaches the same flyer to every message, and it is read once); outside a run
    nothing is kept (``mailguard.scope``). A remembered file still counts its expanded bytes
    against this message's budget, so the verdict never depends on the cache. Attached mail
    is not cached."""
    budget = budget or Budget(limits)
    recent = run_cache("extracted")
    if recent is None or attachment.message is not None or attachment.size < 1024:
        return extract(attachment, limits, budget)
    key = (attachment.sha256, attachment.filename, attachment.media_type, limits)
    found: Extracted | None = recent.get(key)
    if found is not None and found.expanded <= budget.left:
        budget.left -= found.expanded
        return found
    left = budget.left
    found = extract(attachment, limits, budget)
    if left == limits.max_expanded_bytes and budget.left > 0:  # read with a whole budget, complete
        if len(recent) >= _RECENT_MAX:
            recent.pop(next(iter(recent)))
        recent[key] = found
    return found


def _from_draft(name: str, draft: Draft, limits: Limits, depth: int, budget: Budget) -> Extracted:
    result = Extracted(name, "\n".join((draft.subject, draft.body)))
    if depth > limits.max_depth:  # the reader stops first (MG900); archives count separately
        result.problems.append(reason("MG204.attached_too_deep", name=name, limit=limits.max_depth))
        return result
    for inner in draft.attachments:
        if inner.message is not None:
            result.parts.append(_from_draft(inner.filename, inner.message, limits, depth + 1, budget))
        else:
            result.parts.append(_extract_bytes(inner.filename, inner.media_type, inner.data, limits, depth + 1, budget))
    result.expanded = sum(p.expanded for p in result.parts)
    return result


def _extract_bytes(name: str, media_type: str, data: bytes, limits: Limits, depth: int, budget: Budget) -> Extracted:
    if len(data) > limits.max_attachment_bytes:
        return Extracted(name, problems=[reason("MG204.too_large", name=name, limit=limits.max_attachment_bytes)])
    not_read = _not_readable(name, media_type, data)
    if not_read is not None:
        return Extracted(name, problems=[not_read])
    try:
        if data.startswith(PDF_MAGIC):
            return _pdf(name, data, limits, budget)
        if data.startswith(ZIP_MAGIC):
            return _zip_or_office(name, data, limits, depth, budget)
        if data.startswith(OLE2_MAGIC):
            return _ole2(name, data, limits, depth, budget)
        opener = _compressed(data)
        if opener is not None:
            return _decompressed(name, data, opener, limits, depth, budget)
        if _is_tar(data):
            return _tar(name, data, limits, depth, budget)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or media_type.startswith("text/"):
            return _text(name, media_type, data)
        if name.lower().endswith(TEXT_SUFFIXES) or _looks_textual(data):
            return _text(name, media_type, data)
    except _LimitHit as hit:
        return Extracted(name, problems=[reason("MG204.not_read", name=name, why=hit.why)])
    except Exception as error:  # any parser defect: report, never crash or pass silently
        return Extracted(name, problems=[reason("MG204.unreadable", name=name, error=type(error).__name__)])
    return Extracted(name)


def _not_readable(name: str, media_type: str, data: bytes) -> Reason | None:
    """Why an attachment's content cannot be read at all, or None."""
    if media_type == NOT_IN_FILE:
        return reason("MG204.linked_file", name=name)
    if media_type == OLE_OBJECT:
        return reason("MG204.ole_object", name=name)
    for magic, kind in _UNOPENED:
        if data.startswith(magic):
            return reason("MG204.unopened", name=name, kind=reason(f"MG204.kind.{kind}"))
    if (
        len(data) > 7
        and data[2:4] == b"-l"
        and data[6:7] == b"-"
        and data[4:6] in (b"h0", b"h1", b"h5", b"h6", b"h7", b"zs", b"z5", b"z4", b"hd")
    ):
        return reason("MG204.unopened", name=name, kind=reason("MG204.kind.lzh"))
    return None


def _looks_textual(data: bytes) -> bool:
    sample = data[:2048]
    return bool(sample) and b"\x00" not in sample and sum(b < 9 for b in sample) == 0


def _text(name: str, media_type: str, data: bytes) -> Extracted:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Extracted(name, data.decode("utf-16", errors="replace"))
    text, warning = decode_bytes(data.removeprefix(b"\xef\xbb\xbf"), None, name)
    if media_type == "text/html" or name.lower().endswith((".html", ".htm")):
        from mailguard.readers.html import to_text

        text = to_text(text)
    return Extracted(name, text, problems=[warning] if warning and "\ufffd" in text else [])


def _pdf(name: str, data: bytes, limits: Limits, budget: Budget) -> Extracted:
    from mailguard.attachments.pdfs import expanded_streams, read_pdf

    expanded, too_large = expanded_streams(data, min(limits.max_expanded_bytes, budget.left))
    if too_large:
        return Extracted(name, problems=[reason("MG204.pdf_expands", name=name, limit=limits.max_expanded_bytes)])
    budget.take(expanded)
    pdf = read_pdf(data, limits.max_pdf_pages)
    if pdf.encrypted:
        return Extracted(name, encrypted=True, expanded=expanded)
    result = Extracted(name, "\n".join(pdf.pages), hidden_text_pages=pdf.hidden_text_pages, expanded=expanded)
    if pdf.page_count > limits.max_pdf_pages:
        result.problems.append(reason("MG204.pdf_pages", name=name, limit=limits.max_pdf_pages, count=pdf.page_count))
    return result


def _zip_or_office(name: str, data: bytes, limits: Limits, depth: int, budget: Budget) -> Extracted:
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    for prefix, parts in _OFFICE_PARTS.items():
        if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
            return _office(name, archive, parts, limits, budget)
    return _zip(name, archive, limits, depth, budget)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: Budget) -> bytes:
    """Read one member within the message's expanded-size budget and the ratio limit."""
    if info.file_size > budget.left:
        budget.take(info.file_size)
    if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
        raise _LimitHit(reason("MG204.hit.compression_ratio", limit=limits.max_compression_ratio))
    if info.flag_bits & 0x1:
        data = _forged_encryption(archive, info)
        if data is None:
            raise _Encrypted
    else:
        with archive.open(info) as handle:
            data = handle.read(min(budget.left, limits.max_attachment_bytes) + 1)
    budget.take(len(data))
    return data


class _Encrypted(Exception):
    pass


def _forged_encryption(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's plaintext when its encryption flag is false: its raw bytes (stored, or
    inflated) match the size and CRC-32 the archive records, which real ZipCrypto or AES
    data cannot. None when the entry really is encrypted."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or archive.fp is None:
        return None
    archive.fp.seek(info.header_offset)
    header = archive.fp.read(30)
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        return None
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    archive.fp.seek(info.header_offset + 30 + name_length + extra_length)
    raw = archive.fp.read(info.compress_size)
    try:
        plain = (
            raw
            if info.compress_type == zipfile.ZIP_STORED
            else zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        )
    except zlib.error:
        return None
    if len(plain) != info.file_size or zlib.crc32(plain) != info.CRC:
        return None
    return plain


class _LimitHit(Exception):
    """A reading limit stopped extraction; ``why`` says which (a catalogue reason)."""

    def __init__(self, why: Reason) -> None:
        super().__init__(why.en)
        self.why = why


def _office(name: str, archive: zipfile.ZipFile, parts: tuple[str, ...], limits: Limits, budget: Budget) -> Extracted:
    result = Extracted(name)
    start = budget.left
    texts: list[str] = []
    for info in archive.infolist():
        if not info.filename.endswith(".xml") or not info.filename.startswith(parts):
            continue
        try:
            texts.append(_xml_text(_read_member(archive, info, limits, budget)))
        except (_LimitHit, _Encrypted) as hit:
            why = hit.why if isinstance(hit, _LimitHit) else reason("MG204.hit.encrypted_part")
            result.problems.append(reason("MG204.not_fully_read", name=name, why=why))
            break
    result.text = "\n".join(texts)
    result.expanded = start - budget.left
    return result


_LINE_TAGS = ("p", "si", "row", "br", "tab")


def _xml_text(data: bytes) -> str:
    """Text runs of an OOXML part; paragraphs, rows and shared strings on their own lines.

    Read as a stream of events (defusedxml: no entities, no DTDs), each element dropped once
    read, and at most MAX_XML_ELEMENTS of them: memory stays flat whatever the part holds."""
    from defusedxml.ElementTree import iterparse

    lines: list[str] = []
    current: list[str] = []
    stack: list[object] = []
    count = 0
    for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
        if event == "start":
            stack.append(element)
            count += 1
            if count > MAX_XML_ELEMENTS:
                raise _LimitHit(reason("MG204.hit.xml_elements", limit=MAX_XML_ELEMENTS))
            continue
        stack.pop()
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("t", "v") and element.text:
            current.append(element.text)
        elif tag == "c" and current:
            current.append("\t")  # a spreadsheet cell: label and value stay apart (氏名, 西村 零)
        elif tag in _LINE_TAGS and current:
            lines.append("".join(current) if tag != "tab" else "".join(current) + "\t")
            current = []
        if stack:
            stack[-1].remove(element)  # type: ignore[attr-defined]
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def _zip(name: str, archive: zipfile.ZipFile, limits: Limits, depth: int, budget: Budget) -> Extracted:
    result = Extracted(name)
    if depth >= limits.max_archive_depth:
        result.problems.append(reason("MG204.archive_too_deep", name=name, limit=limits.max_archive_depth))
        return result
    start = budget.left
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > limits.max_archive_entries:
        result.problems.append(
            reason("MG204.archive_entries", name=name, limit=limits.max_archive_entries, count=len(infos))
        )
    for info in infos[: limits.max_archive_entries]:
        member = _decode_zip_name(info)
        try:
            data = _read_member(archive, info, limits, budget)
        except _Encrypted:
            result.encrypted = True
            continue
        except _LimitHit as hit:
            result.problems.append(reason("MG204.not_fully_read", name=name, why=hit.why))
            break
        result.parts.append(_extract_bytes(f"{name}/{member}", "", data, limits, depth + 1, budget))
    result.expanded = start - budget.left
    return result


def _compressed(data: bytes) -> Callable[[io.BytesIO], io.BufferedIOBase] | None:
    if data.startswith(GZIP_MAGIC):
        return lambda raw: gzip_open(raw)
    if data.startswith(BZIP2_MAGIC) and data[3:4].isdigit():
        return lambda raw: bz2.BZ2File(raw)
    if data.startswith(XZ_MAGIC):
        return lambda raw: lzma.LZMAFile(raw)
    return None


def gzip_open(raw: io.BytesIO) -> io.BufferedIOBase:
    import gzip

    return gzip.GzipFile(fileobj=raw)


def _bounded_read(handle: io.BufferedIOBase, limits: Limits, budget: Budget) -> bytes:
    """Decompress in steps, never more than the budget (and the attachment limit) allows."""
    cap = min(budget.left, limits.max_attachment_bytes)
    data = handle.read(cap + 1)
    if len(data) > cap:
        raise _LimitHit(reason("MG204.hit.expanded", limit=cap))
    budget.take(len(data))
    return data


def _decompressed(
    name: str,
    data: bytes,
    opener: Callable[[io.BytesIO], io.BufferedIOBase],
    limits: Limits,
    depth: int,
    budget: Budget,
) -> Extracted:
    """A gzip, bzip2 or xz file: its content (a tar archive, or one file) read as any other."""
    result = Extracted(name)
    if depth >= limits.max_archive_depth:
        result.problems.append(reason("MG204.archive_too_deep", name=name, limit=limits.max_archive_depth))
        return result
    start = budget.left
    with opener(io.BytesIO(data)) as handle:
        inner = _bounded_read(handle, limits, budget)
    if len(data) and len(inner) / len(data) > limits.max_compression_ratio and len(inner) > 1 << 20:
        raise _LimitHit(reason("MG204.hit.compression_ratio", limit=limits.max_compression_ratio))
    inner_name = name.rsplit(".", 1)[0] if "." in name else f"{name}/content"
    result.parts.append(_extract_bytes(inner_name, "", inner, limits, depth + 1, budget))
    result.expanded = start - budget.left
    return result


def _is_tar(data: bytes) -> bool:
    return len(data) >= 512 and data[257:262] == b"ustar"


def _tar(name: str, data: bytes, limits: Limits, depth: int, budget: Budget) -> Extracted:
    import tarfile  # here: few messages carry a tar archive, and every check would import it

    result = Extracted(name)
    if depth >= limits.max_archive_depth:
        result.problems.append(reason("MG204.archive_too_deep", name=name, limit=limits.max_archive_depth))
        return result
    start = budget.left
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        if len(members) > limits.max_archive_entries:
            result.problems.append(
                reason("MG204.archive_entries", name=name, limit=limits.max_archive_entries, count=len(members))
            )
        for member in members[: limits.max_archive_entries]:
            handle = archive.extractfile(member)
            if handle is None:
                continue
            try:
                content = _bounded_read(handle, limits, budget)  # type: ignore[arg-type]
            except _LimitHit as hit:
                result.problems.append(reason("MG204.not_fully_read", name=name, why=hit.why))
                break
            result.parts.append(_extract_bytes(f"{name}/{member.name}", "", content, limits, depth + 1, budget))
    result.expanded = start - budget.left
    return result


def _decode_zip_name(info: zipfile.ZipInfo) -> str:
    """ZIP member names from Japanese Windows are CP932 without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    text, _ = decode_bytes(raw, None, info.filename)
    return text


def _ole2(name: str, data: bytes, limits: Limits, depth: int, budget: Budget) -> Extracted:
    from mailguard.errors import InputError
    from mailguard.readers.msg import read_msg

    try:
        draft = read_msg(data, name, limits)
    except InputError:
        return Extracted(name, problems=[reason("MG204.legacy_office", name=name)])
    return _from_draft(name, draft, limits, depth + 1, budget)
