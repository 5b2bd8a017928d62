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
    assert any("compression ratio" in p.en for p in result.all_problems())
    # The ratio check refuses before inflating anything: memory stays far below the 20 MB.
    assert peak < 5 * 1024 * 1024 and not result.documents()[0].text


def test_nested_archives_stop_at_the_depth_limit() -> None:
    inner: dict = {"name": "a.txt", "text": "x"}
    for level in range(6):
        inner = {"name": f"level{level}.zip", "zip": [inner]}
    result = extract(attachment("outer.zip", zip_of([inner])), Limits(max_archive_depth=3))
    assert any("nested deeper" in p.en for p in result.all_problems())


def test_too_many_entries_are_reported() -> None:
    data = zip_of([{"name": f"{i}.txt", "text": "x"} for i in range(30)])
    result = extract(attachment("many.zip", data), Limits(max_archive_entries=10))
    assert any("only the first 10 of 30" in p.en for p in result.all_problems())


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
    assert any("first 2 of 5 pages" in p.en for p in result.problems)


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


# ---------------------------------------------------------------- nothing passes by omission

ROSTER = "氏名,住所\n山田 花子,東京都千代田区\n"


def _tar(files: dict[str, bytes]) -> bytes:
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_tar_gzip_bzip2_and_xz_are_opened() -> None:
    import bz2
    import gzip
    import lzma

    tar = _tar({"名簿.csv": ROSTER.encode()})
    for name, data in [
        ("a.tar", tar),
        ("a.tar.gz", gzip.compress(tar)),
        ("a.tar.bz2", bz2.compress(tar)),
        ("a.tar.xz", lzma.compress(tar)),
        ("名簿.csv.gz", gzip.compress(ROSTER.encode())),
    ]:
        result = extract(attachment(name, data), Limits())
        assert "山田 花子" in result.all_text() and not result.all_problems(), name


def test_containers_the_standard_library_cannot_open_are_reported() -> None:
    for name, data, kind in [
        ("a.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(40), "7z archive"),
        ("a.rar", b"Rar!\x1a\x07\x01\x00" + bytes(40), "RAR archive"),
        ("a.lzh", b"\x25\x00-lh5-" + bytes(40), "LZH archive"),
        ("winmail.dat", b"\x78\x9f\x3e\x22\x00\x00" + bytes(40), "TNEF"),
        ("a.cab", b"MSCF\x00\x00\x00\x00" + bytes(40), "CAB archive"),
    ]:
        problems = extract(attachment(name, data), Limits()).all_problems()
        assert problems and kind in problems[0].en, name


def test_a_forged_encryption_flag_on_a_plaintext_entry_is_not_believed() -> None:
    plain = zip_of([{"name": "名簿.csv", "text": ROSTER}])
    forged = bytearray(plain)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        forged[forged.find(signature) + flag_offset] |= 0x01
    result = extract(attachment("roster.zip", bytes(forged)), Limits())
    assert "山田 花子" in result.all_text() and not result.any_encrypted()
    really = extract(attachment("roster.zip", zip_of([{"name": "名簿.csv", "text": ROSTER}], encrypted=True)), Limits())
    assert really.any_encrypted() and "山田 花子" not in really.all_text()


def test_the_expanded_size_budget_is_summed_over_nested_archives() -> None:
    """Forty inner ZIPs each below the limit add up past it: the budget is the message's."""
    inner = zip_of([{"name": "a.txt", "text": "a" * 200_000}])
    outer = zip_of([{"name": f"{n}.zip", "hex": inner.hex()} for n in range(40)])
    result = extract(attachment("outer.zip", outer), Limits(max_expanded_bytes=2_000_000, max_archive_depth=3))
    assert any("expanded size over 2000000" in p.en for p in result.all_problems())


def test_the_budget_is_shared_by_the_attachments_of_one_message() -> None:
    from mailguard.attachments.extract import Budget

    limits = Limits(max_expanded_bytes=300_000)
    budget = Budget(limits)
    archive = zip_of([{"name": "a.txt", "text": "a" * 200_000}])
    first = extract(attachment("1.zip", archive), limits, budget)
    second = extract(attachment("2.zip", archive), limits, budget)
    assert not first.all_problems() and second.all_problems()


def _pdf_with_stream(content: bytes) -> bytes:
    import zlib

    stream = zlib.compress(content, 9)
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    for number, body in enumerate(objects, 1):
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    return out + b"trailer\n<</Root 1 0 R>>\n%%EOF\n"


def test_a_pdf_stream_that_expands_beyond_the_limit_is_not_decoded() -> None:
    bomb = _pdf_with_stream(b" " * 5_000_000 + b"BT (4111 1111 1111 1111) Tj ET")
    result = extract(attachment("bomb.pdf", bomb), Limits(max_expanded_bytes=1_000_000))
    assert any("PDF stream expands beyond" in p.en for p in result.all_problems())


def test_xml_elements_are_read_as_a_stream_in_flat_memory() -> None:
    from mailguard.attachments import extract as module

    body = b"<w:p/>" * 300_000
    document = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    data = docx(["x"])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = (
                    document + body + b"<w:p><w:r><w:t>\xe5\xb1\xb1\xe7\x94\xb0</w:t></w:r></w:p></w:body></w:document>"
                )
            archive.writestr(info.filename, content)
    tracemalloc.start()
    result = extract(attachment("many.docx", buffer.getvalue()), Limits(max_compression_ratio=10_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "山田" in result.all_text()
    assert peak < 40 * 1024 * 1024, peak  # a tree of 300,000 elements alone takes more
    assert module.MAX_XML_ELEMENTS < 5_000_000
