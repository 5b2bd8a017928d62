"""Build real attachments for tests: PDF (reportlab, CID fonts for Japanese), DOCX
(python-docx), XLSX (openpyxl), ZIP, and text in any encoding."""

from __future__ import annotations

import io
import zipfile
import zlib
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesParser
from email.policy import compat32
from email.utils import formataddr, getaddresses
from typing import Any


def pdf(lines: list[str], encrypt_with: str | None = None, black_box: bool = False) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buffer = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if encrypt_with:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt_with, canPrint=0)
    page = canvas.Canvas(buffer, **kwargs)
    page.setFont("HeiseiKakuGo-W5", 11)
    for number, line in enumerate(lines):
        page.drawString(60, 790 - 16 * number, line)
    if black_box:  # "redaction" drawn over the first line: the text stays underneath
        page.setFillColorRGB(0, 0, 0)
        page.rect(55, 785, 300, 18, stroke=0, fill=1)
    page.save()
    return buffer.getvalue()


def with_redact_annotation(data: bytes) -> bytes:
    """Mark a region for redaction without applying it (what an unfinished job leaves)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Redact"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (55, 785, 355, 803)]),
        }
    )
    writer.add_annotation(0, annotation)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(rows: list[list[Any]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_of(members: list[dict[str, Any]], encrypted: bool = False, password: bytes = b"secret") -> bytes:
    """A ZIP; ``encrypted`` encrypts every entry with traditional PKWARE encryption
    (ZipCrypto, APPNOTE 6.1), as a password-protected archive from Windows has."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for member in members:
            data = attachment_bytes(member)
            if not encrypted:
                archive.writestr(member["name"], data)
                continue
            info = zipfile.ZipInfo(member["name"])
            info.flag_bits |= 0x01
            info.CRC = zlib.crc32(data)  # zipfile keeps it (stored, no data descriptor)
            archive.writestr(info, _zipcrypto(data, password, info.CRC))
    if not encrypted:
        return buffer.getvalue()
    return _encrypted_sizes(buffer.getvalue(), members)


def _zipcrypto(data: bytes, password: bytes, crc: int) -> bytes:
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(byte: int) -> None:
        keys[0] = zlib.crc32(bytes([byte]), keys[0] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = zlib.crc32(bytes([keys[1] >> 24]), keys[2] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    for byte in password:
        update(byte)
    header = bytes(range(11)) + bytes([crc >> 24])
    out = bytearray()
    for byte in header + data:
        temp = (keys[2] | 2) & 0xFFFF
        out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
        update(byte)
    return bytes(out)


def _encrypted_sizes(data: bytes, members: list[dict[str, Any]]) -> bytes:
    """zipfile wrote each entry's CRC and size of the ciphertext; put back those of the
    plaintext and the encryption flag, as an encrypting archiver records them."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = bytearray(data)
    for info, member in zip(archive.infolist(), members, strict=True):
        plain = attachment_bytes(member)
        for at in (info.header_offset, _find_central(out, info.filename)):
            local = out[at : at + 4] == b"PK\x03\x04"
            crc_at, size_at, flag_at = (at + 14, at + 22, at + 6) if local else (at + 16, at + 24, at + 8)
            out[flag_at] |= 0x01
            out[crc_at : crc_at + 4] = zlib.crc32(plain).to_bytes(4, "little")
            out[size_at : size_at + 4] = len(plain).to_bytes(4, "little")
    return bytes(out)


def _find_central(data: bytearray, name: str) -> int:
    start = 0
    while (found := data.find(b"PK\x01\x02", start)) >= 0:
        length = int.from_bytes(data[found + 28 : found + 30], "little")
        if data[found + 46 : found + 46 + length] == name.encode("utf-8"):
            return found
        start = found + 4
    raise ValueError(name)


def attachment_bytes(spec: dict[str, Any]) -> bytes:
    if "pdf" in spec:
        data = pdf(spec["pdf"].splitlines(), spec.get("password"), spec.get("black_box", False))
        return with_redact_annotation(data) if spec.get("redact_annotation") else data
    if "docx" in spec:
        return docx(spec["docx"].splitlines())
    if "xlsx" in spec:
        return xlsx(spec["xlsx"])
    if "zip" in spec:
        return zip_of(spec["zip"], spec.get("encrypted", False))
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    return str(spec.get("text", "")).encode(spec.get("encoding", "utf-8"))


def _encoded(key: str, value: str) -> str:
    """A header value as a real mailer writes it: RFC 2047 words for non-ASCII text."""
    if value.isascii():
        return value
    if key.lower() in ("to", "cc", "bcc", "from", "reply-to"):
        return ", ".join(formataddr((name, address), "utf-8") for name, address in getaddresses([value]))
    return Header(value, "utf-8").encode()


def with_attachments(message: bytes, specs: list[dict[str, Any]]) -> bytes:
    """The message's headers and text body, plus real attachments, as a multipart draft."""
    parsed = BytesParser(policy=compat32).parsebytes(message)
    outer = MIMEMultipart("mixed")
    for key, value in parsed.raw_items():
        if key.lower() not in ("content-type", "mime-version", "content-transfer-encoding"):
            outer[key] = _encoded(key, value.encode("ascii", "surrogateescape").decode("utf-8"))
    outer.attach(MIMEText(parsed.get_payload(decode=True).decode("utf-8"), "plain", "utf-8"))
    for spec in specs:
        maintype, _, subtype = spec.get("type", "application/octet-stream").partition("/")
        part = MIMEBase(maintype, subtype)
        part.set_payload(attachment_bytes(spec))
        encoders.encode_base64(part)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", spec["name"]))
        outer.attach(part)
    return outer.as_bytes()
