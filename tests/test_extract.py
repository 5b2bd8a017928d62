"""Attachment text extraction: formats, Japanese encodings, and bounded work on hostile files."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

from builders import docx, pdf, xlsx, zip_of
from mailguard.attachments.extract import extract
from mailguard.limits import Limits
from mailguard.model import Attachment


def attachment(name: str, data: bytes, media_type: str = "application/octet-stream") -> Attachment:
    return Attachment(name, media_type, len(data), data)


def test_pdf_docx_xlsx_text() -> None:
    assert "氏名：山田 花子" in extract(attachment("a.pdf", pdf(["氏名：山田 花子"])), Limits()).all_text()
    assert "田中 一郎 様" in extract(attachment("a.docx", docx(["田中 一郎 様", "本文"])), Limits()).all_text()
    text = extract(attachment("a.xlsx", xlsx([["氏名", "点数"], ["鈴木 三郎", 80]])), Limits()).all_text()
    assert "鈴木 三郎" in text and "氏名" in text


def test_csv_in_japanese_encodings_by_content_not_name() -> None:
    for encoding, name in (("cp932", "髙橋 ①"), ("euc_jp", "高橋"), ("utf-8", "髙橋 ①"), ("utf-16", "髙橋")):
        data = f"氏名,住所\r\n{name},市内\r\n".encode(encoding)
        assert name in extract(attachment("roster.dat", data, "application/octet-stream"), Limits()).all_text(), (
            encoding
        )


def test_zip_member_names_in_cp932_are_decoded() -> None:
    # Windows' built-in ZIP writes CP932 names without the UTF-8 flag.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("XXXX.csv", "氏名\r\n".encode("cp932"))
    data = buffer.getvalue().replace(b"XXXX.csv", "名簿.csv".encode("cp932"))
    documents = extract(attachment("a.zip", data), Limits()).documents()
    assert [d.name for d in documents] == ["a.zip/名簿.csv"]


def test_zip_bomb_costs_little() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (20 * 1024 * 1024))
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    tracemalloc.start()
    result = extract(attachment("bomb.zip", bomb), Limits())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert any("compression ratio" in p for p in result.all_problems())
    # The ratio check refuses before inflating anything: memory stays far below the 20 MB.
    assert peak < 5 * 1024 * 1024 and not result.documents()[0].text


def test_nested_archives_stop_at_the_depth_limit() -> None:
    inner: dict = {"name": "a.txt", "text": "x"}
    for level in range(6):
        inner = {"name": f"level{level}.zip", "zip": [inner]}
    result = extract(attachment("outer.zip", zip_of([inner])), Limits(max_archive_depth=3))
    assert any("nested deeper" in p for p in result.all_problems())


def test_too_many_entries_are_reported() -> None:
    data = zip_of([{"name": f"{i}.txt", "text": "x"} for i in range(30)])
    result = extract(attachment("many.zip", data), Limits(max_archive_entries=10))
    assert any("only the first 10 of 30" in p for p in result.all_problems())


def test_pdf_page_limit() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for number in range(5):
        page.drawString(60, 700, f"page {number}")
        page.showPage()
    page.save()
    result = extract(attachment("long.pdf", buffer.getvalue()), Limits(max_pdf_pages=2))
    assert "page 1" in result.text and "page 3" not in result.text
    assert any("first 2 of 5 pages" in p for p in result.problems)


def test_encrypted_pdf_and_zip_are_marked_not_read() -> None:
    assert extract(attachment("s.pdf", pdf(["氏名：山田"], encrypt_with="pw")), Limits()).any_encrypted()
    assert extract(
        attachment("s.zip", zip_of([{"name": "a.txt", "text": "x"}], encrypted=True)), Limits()
    ).any_encrypted()


def test_damaged_files_become_problems_not_exceptions() -> None:
    for name, data in [
        ("x.pdf", b"%PDF-1.7\nnot really"),
        ("x.docx", b"PK\x03\x04broken"),
        ("x.zip", b"PK\x03\x04" + b"\xff" * 50),
    ]:
        result = extract(attachment(name, data), Limits())
        assert result.all_problems(), name


def test_oversized_attachment_is_not_read() -> None:
    result = extract(attachment("big.txt", b"a" * 2000, "text/plain"), Limits(max_attachment_bytes=1000))
    assert result.problems and not result.text


def test_xml_entity_expansion_is_refused() -> None:
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", billion_laughs)
    result = extract(attachment("evil.docx", buffer.getvalue()), Limits())
    assert result.all_problems() and "aaaa" not in result.all_text()
