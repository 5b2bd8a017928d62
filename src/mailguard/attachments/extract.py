"""What attachments say: text from PDF, Office files, CSV/TXT, ZIP archives and attached mail.

Everything here is bounded (bytes read, PDF pages, ZIP entries, depth, expanded size and
compression ratio) and never raises: a file that cannot be read, is encrypted, or hits a
limit comes back with a ``problem`` that rules report instead of passing silently. The
format is decided by magic bytes; the file name only picks a text decoder for plain text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from mailguard.attachments.pdfs import PDF_MAGIC
from mailguard.limits import Limits
from mailguard.model import Attachment, Draft
from mailguard.readers import OLE2_MAGIC
from mailguard.readers.charset import decode_bytes

ZIP_MAGIC = b"PK\x03\x04"
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
    problems: list[str] = field(default_factory=list)
    parts: list[Extracted] = field(default_factory=list)
    hidden_text_pages: list[int] = field(default_factory=list)

    def all_text(self) -> str:
        return "\n".join([self.text, *(p.all_text() for p in self.parts)])

    def all_problems(self) -> list[str]:
        return [*self.problems, *(q for p in self.parts for q in p.all_problems())]

    def documents(self) -> list[Extracted]:
        """Each document inside (a ZIP member, an attached mail, the file itself), so that
        one archive holding two people's files is read as two documents."""
        own = [self] if self.text or not self.parts else []
        return own + [doc for part in self.parts for doc in part.documents()]

    def any_encrypted(self) -> bool:
        return self.encrypted or any(p.any_encrypted() for p in self.parts)


def extract(attachment: Attachment, limits: Limits) -> Extracted:
    """Text of an attachment; nested mail uses the already parsed draft."""
    if attachment.message is not None:
        return _from_draft(attachment.filename, attachment.message, limits, depth=1)
    return _extract_bytes(attachment.filename, attachment.media_type, attachment.data, limits, depth=0)


_RECENT: dict[tuple[str, str, Limits], Extracted] = {}
_RECENT_MAX = 64


def extract_cached(attachment: Attachment, limits: Limits) -> Extracted:
    """``extract``, remembering the last few files by content: a merge run often attaches the
    same flyer to every message, and it is read once. Attached mail is not cached."""
    if attachment.message is not None or attachment.size < 1024:
        return extract(attachment, limits)
    key = (attachment.sha256, attachment.filename, limits)
    found = _RECENT.get(key)
    if found is None:
        found = extract(attachment, limits)
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = found
    return found


def _from_draft(name: str, draft: Draft, limits: Limits, depth: int) -> Extracted:
    result = Extracted(name, "\n".join((draft.subject, draft.body)))
    if depth > limits.max_archive_depth:
        result.problems.append(f"{name}: attached messages nested deeper than {limits.max_archive_depth}")
        return result
    for inner in draft.attachments:
        if inner.message is not None:
            result.parts.append(_from_draft(inner.filename, inner.message, limits, depth + 1))
        else:
            result.parts.append(_extract_bytes(inner.filename, inner.media_type, inner.data, limits, depth + 1))
    return result


def _extract_bytes(name: str, media_type: str, data: bytes, limits: Limits, depth: int) -> Extracted:
    if len(data) > limits.max_attachment_bytes:
        return Extracted(name, problems=[f"{name}: larger than {limits.max_attachment_bytes} bytes; not read"])
    try:
        if data.startswith(PDF_MAGIC):
            return _pdf(name, data, limits)
        if data.startswith(ZIP_MAGIC):
            return _zip_or_office(name, data, limits, depth)
        if data.startswith(OLE2_MAGIC):
            return _ole2(name, data, limits, depth)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or media_type.startswith("text/"):
            return _text(name, media_type, data)
        if name.lower().endswith(TEXT_SUFFIXES) or _looks_textual(data):
            return _text(name, media_type, data)
    except Exception as error:  # any parser defect: report, never crash or pass silently
        return Extracted(name, problems=[f"{name}: could not be read ({type(error).__name__})"])
    return Extracted(name)


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


def _pdf(name: str, data: bytes, limits: Limits) -> Extracted:
    from mailguard.attachments.pdfs import read_pdf

    pdf = read_pdf(data, limits.max_pdf_pages)
    if pdf.encrypted:
        return Extracted(name, encrypted=True)
    result = Extracted(name, "\n".join(pdf.pages), hidden_text_pages=pdf.hidden_text_pages)
    if pdf.page_count > limits.max_pdf_pages:
        result.problems.append(f"{name}: only the first {limits.max_pdf_pages} of {pdf.page_count} pages read")
    return result


def _zip_or_office(name: str, data: bytes, limits: Limits, depth: int) -> Extracted:
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    for prefix, parts in _OFFICE_PARTS.items():
        if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
            return _office(name, archive, parts, limits)
    return _zip(name, archive, limits, depth)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: list[int]) -> bytes:
    """Read one member within the expanded-size budget and ratio limit (zip bombs)."""
    if info.file_size > budget[0]:
        raise _LimitHit(f"expanded size over {limits.max_expanded_bytes} bytes")
    if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
        raise _LimitHit(f"compression ratio over {limits.max_compression_ratio}")
    with archive.open(info) as handle:
        data = handle.read(min(budget[0], limits.max_attachment_bytes) + 1)
    if len(data) > budget[0]:
        raise _LimitHit(f"expanded size over {limits.max_expanded_bytes} bytes")
    budget[0] -= len(data)
    return data


class _LimitHit(Exception):
    pass


def _office(name: str, archive: zipfile.ZipFile, parts: tuple[str, ...], limits: Limits) -> Extracted:
    from defusedxml import ElementTree

    result = Extracted(name)
    budget = [limits.max_expanded_bytes]
    texts: list[str] = []
    for info in archive.infolist():
        if not info.filename.endswith(".xml") or not info.filename.startswith(parts):
            continue
        try:
            root = ElementTree.fromstring(_read_member(archive, info, limits, budget))
        except _LimitHit as hit:
            result.problems.append(f"{name}: {hit}; not fully read")
            break
        texts.append(_xml_text(root))
    result.text = "\n".join(texts)
    return result


def _xml_text(root: object) -> str:
    """Text runs of an OOXML part; paragraphs, rows and shared strings on their own lines."""
    lines: list[str] = []
    current: list[str] = []
    for element in root.iter():  # type: ignore[attr-defined]
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("t", "v") and element.text:
            current.append(element.text)
        elif tag == "c" and current:
            current.append("\t")  # a spreadsheet cell: label and value stay apart (氏名, 西村 零)
        elif tag in ("p", "si", "row", "br", "tab") and current:
            lines.append("".join(current) if tag != "tab" else "".join(current) + "\t")
            current = []
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def _zip(name: str, archive: zipfile.ZipFile, limits: Limits, depth: int) -> Extracted:
    result = Extracted(name)
    if depth >= limits.max_archive_depth:
        result.problems.append(f"{name}: archives nested deeper than {limits.max_archive_depth}; not opened")
        return result
    budget = [limits.max_expanded_bytes]
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > limits.max_archive_entries:
        result.problems.append(f"{name}: only the first {limits.max_archive_entries} of {len(infos)} entries read")
    for info in infos[: limits.max_archive_entries]:
        member = _decode_zip_name(info)
        if info.flag_bits & 0x1:
            result.encrypted = True
            continue
        try:
            data = _read_member(archive, info, limits, budget)
        except _LimitHit as hit:
            result.problems.append(f"{name}: {hit}; not fully read")
            break
        result.parts.append(_extract_bytes(f"{name}/{member}", "", data, limits, depth + 1))
    return result


def _decode_zip_name(info: zipfile.ZipInfo) -> str:
    """ZIP member names from Japanese Windows are CP932 without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    text, _ = decode_bytes(raw, None, info.filename)
    return text


def _ole2(name: str, data: bytes, limits: Limits, depth: int) -> Extracted:
    from mailguard.errors import InputError
    from mailguard.readers.msg import read_msg

    try:
        draft = read_msg(data, name, limits)
    except InputError:
        return Extracted(name, problems=[f"{name}: legacy Office (OLE2) file; its text was not read"])
    return _from_draft(name, draft, limits, depth + 1)
