"""Build real attachments for tests: PDF (reportlab, CID fonts for Japanese), DOCX
(python-docx), XLSX (openpyxl), ZIP, and text in any encoding."""

from __future__ import annotations

import io
import zipfile
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


def zip_of(members: list[dict[str, Any]], encrypted: bool = False) -> bytes:
    """A ZIP; ``encrypted`` sets the traditional-encryption flag on every entry, as a
    password-protected archive from Windows has (the content itself is not needed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for member in members:
            archive.writestr(member["name"], attachment_bytes(member))
    data = bytearray(buffer.getvalue())
    if encrypted:
        for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = 0
            while (found := data.find(signature, start)) >= 0:
                data[found + flag_offset] |= 0x01
                start = found + 4
    return bytes(data)


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
