"""The Outlook .msg reader: real files from the corpus and drafts built with msgforge."""

from __future__ import annotations

from pathlib import Path

import msgforge
import pytest

from conftest import FIXTURES
from mailguard.errors import InputError
from mailguard.model import Field
from mailguard.readers import read_bytes, read_path


def build(**kwargs: object) -> bytes:
    return bytes(msgforge.Message(**kwargs).as_bytes())  # type: ignore[arg-type]


def test_non_unicode_cp932_msg_decodes_japanese() -> None:
    draft = read_path(FIXTURES / "msg" / "nonUnicodeCP932.msg")
    assert draft.format == "msg"
    assert draft.subject == "日本語 Non Unicode タイトル"
    assert draft.body.startswith("日本語 Non Unicode 本文")
    assert [r.address for r in draft.recipients] == ["xmailuser2@xmailserver.test"]
    assert draft.warnings == ()


def test_recipient_types_names_and_attachments() -> None:
    data = build(
        subject="指導監査のお知らせ",
        text_body="各法人 ご担当者様",
        to=[("office@sakura-example.or.jp", "さくら会 御中")],
        cc=[("info@midori-example.or.jp", "みどり園 御中")],
        bcc=[("hidden@gmail.com", "山田 太郎")],
        sender=("fukushi@example-city.lg.jp", "福祉指導課"),
    )
    draft = read_bytes(data, "draft.msg")
    assert [(r.address, r.name, r.field) for r in draft.recipients] == [
        ("office@sakura-example.or.jp", "さくら会 御中", Field.TO),
        ("info@midori-example.or.jp", "みどり園 御中", Field.CC),
        ("hidden@gmail.com", "山田 太郎", Field.BCC),
    ]
    assert draft.sender is not None and draft.sender.address == "fukushi@example-city.lg.jp"
    assert draft.subject == "指導監査のお知らせ"
    assert "各法人" in draft.body


def test_attachment_bytes_and_type() -> None:
    message = msgforge.Message(subject="s", text_body="b", to=[("a@example.jp", "A")])
    message.attach_bytes("名簿.csv", "氏名\r\n山田\r\n".encode("cp932"))
    draft = read_bytes(bytes(message.as_bytes()), "x.msg")
    assert [(a.filename, a.data) for a in draft.attachments] == [("名簿.csv", "氏名\r\n山田\r\n".encode("cp932"))]


def test_html_only_msg_body_becomes_text() -> None:
    draft = read_bytes(build(subject="s", html_body="<p>田中様</p><p>本文</p>", to=["a@example.jp"]), "x.msg")
    assert "田中様" in draft.body and "<p>" not in draft.body


def test_msg_without_extension_is_read_by_magic(tmp_path: Path) -> None:
    path = tmp_path / "draft_without_extension"
    path.write_bytes(build(subject="s", text_body="b", to=["a@example.jp"]))
    assert read_path(path).format == "msg"


def test_truncated_msg_is_an_input_error() -> None:
    data = build(subject="s", text_body="b", to=["a@example.jp"])
    with pytest.raises(InputError) as caught:
        read_bytes(data[:1000], "cut.msg")
    assert "cut.msg: " in str(caught.value) and "Outlook" in str(caught.value)


def test_ole2_file_that_is_not_a_message(tmp_path: Path) -> None:
    import olefile

    # An OLE2 container without MAPI properties, like a .doc or .xls.
    message = build(subject="s", text_body="b", to=["a@example.jp"])
    ole = olefile.OleFileIO(message)
    assert ole.exists("__properties_version1.0")
    ole.close()
    patched = message.replace(
        "__properties_version1.0".encode("utf-16-le"), "__something_else_here1.0".encode("utf-16-le")
    )
    with pytest.raises(InputError) as caught:
        read_bytes(patched, "book.xls")
    assert "not an Outlook message" in str(caught.value)


def test_nested_msg_in_msg_is_opened(corpus: Path) -> None:
    draft = read_path(corpus / "msgreader-hiraoka" / "msgInMsgInMsg.msg")
    outer = draft.attachments[0].message
    assert outer is not None
    inner_names = [a.filename for a in outer.attachments]
    assert "green.png" in inner_names
    assert any(a.message is not None for a in outer.attachments)


def test_two_hundred_recipients(corpus: Path) -> None:
    draft = read_path(corpus / "msgreader-hiraoka" / "200 recipients.msg")
    assert len(draft.recipients) == 200


@pytest.fixture
def corpus() -> Path:
    from conftest import corpus_dir

    found = corpus_dir()
    if found is None:
        pytest.skip("shared corpus not present (set MAILGUARD_CORPUS)")
    return found
