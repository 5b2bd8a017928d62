"""The Outlook .msg reader: real files from the corpus and drafts built with msgforge."""

from __future__ import annotations

from pathlib import Path

import compressed_rtf
import msgforge
import pytest

import mailguard
from conftest import FIXTURES
from mailguard.errors import InputError
from mailguard.model import Field
from mailguard.readers import read_bytes, read_path
from msg_builder import MsgSpec, Part, one_off_entries, recipient
from msg_builder import build as build_spec


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


# ---------------------------------------------------------------- drafts with a known truth


MY_NUMBER = "個人番号：1234 5678 9018"
GMAIL = recipient("yamada.hanako@gmail.com", "山田 花子")
SENDER = {0x0C1A: "森 健", 0x5D01: "k.mori@example-city.lg.jp"}


def _rtf(text: str) -> bytes:
    escaped = "".join(f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" if ord(c) > 127 else c for c in text)
    escaped = escaped.replace("\n", "\\par ")
    return compressed_rtf.compress(
        ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 " + escaped + "\\par}").encode()
    )


def test_an_rtf_only_body_is_decompressed_and_read() -> None:
    data = build_spec(MsgSpec({**SENDER, 0x1009: _rtf(f"{MY_NUMBER}\n090-1234-5678")}, [GMAIL]))
    result = mailguard.check(data, source="rtf.msg")
    assert result.draft is not None and MY_NUMBER in result.draft.body
    assert "MG401" in {f.rule for f in result.findings} and result.verdict.label == "block"


def test_html_encapsulated_in_rtf_is_read_as_html() -> None:
    from msgforge._builder import _encapsulate_html

    rtf = compressed_rtf.compress(_encapsulate_html(f"<html><body><p>{MY_NUMBER}</p></body></html>"))
    draft = read_bytes(build_spec(MsgSpec({**SENDER, 0x1009: rtf}, [GMAIL])), "html-in-rtf.msg")
    assert MY_NUMBER in draft.body and "<p>" not in draft.body


def test_originator_rows_are_not_recipients_and_a_missing_type_is_to() -> None:
    rows = [
        recipient("k.mori@example-city.lg.jp", kind=0),
        recipient("a@example.jp"),
        recipient("b@example.jp", kind=2),
    ]
    rows[1].pop(0x0C15)
    draft = read_bytes(build_spec(MsgSpec(dict(SENDER), rows)), "rows.msg")
    assert [(r.address, r.field) for r in draft.recipients] == [("a@example.jp", Field.TO), ("b@example.jp", Field.CC)]


def test_reply_to_recipients_of_the_draft_are_read() -> None:
    entries = one_off_entries([("回答窓口", "form@survey-example.net")])
    draft = read_bytes(build_spec(MsgSpec({**SENDER, 0x004F: entries}, [GMAIL])), "reply.msg")
    assert [(a.name, a.address) for a in draft.reply_to] == [("回答窓口", "form@survey-example.net")]


X500 = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=k.mori"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({0x0C1F: X500, 0x5D01: "k.mori@example-city.lg.jp"}, "k.mori@example-city.lg.jp"),
        ({0x0C1F: X500, 0x0065: X500, 0x5D02: "office@example-city.lg.jp"}, "office@example-city.lg.jp"),
        (
            {
                0x0C1F: X500,
                0x007D: "Microsoft Mail Internet Headers Version 2.0\r\nFrom: 森 <mori@example-city.lg.jp>\r\n",
            },
            "mori@example-city.lg.jp",
        ),
        ({0x007D: "From: mori@example-city.lg.jp\r\nSubject: x\r\n"}, "mori@example-city.lg.jp"),
        ({0x0C1F: X500}, X500),
        ({}, None),
    ],
    ids=["sender-smtp", "sent-representing-smtp", "mail-headers-v2-from", "headers-from", "x500-only", "none"],
)
def test_the_sender_of_an_unsent_draft_is_found_in_order(props: dict[int, object], expected: str | None) -> None:
    draft = read_bytes(build_spec(MsgSpec(props, [GMAIL])), "sender.msg")  # type: ignore[arg-type]
    assert (draft.sender.address if draft.sender else None) == expected


def test_western_locale_non_unicode_strings_use_cp1252() -> None:
    spec = MsgSpec({0x3FF1: 1036, 0x3FDE: 932}, [GMAIL])
    data = bytearray(build_spec(spec))
    # A PtypString8 subject in CP1252 ("Réunion"), as a French Outlook writes it.
    ole_spec = MsgSpec({0x3FF1: 1036}, [GMAIL])
    ole_spec.props[0x0037] = "x"
    assert data  # built
    from msgforge import _builder as forge

    ole = forge._OleWriter()
    ole.root.clsid = forge._MSG_CLSID
    table = forge._Props()
    ole.add_stream(ole.root, "__substg1.0_0037001E", "Réunion".encode("cp1252"))
    table._entries.append((0x0037, 0x001E, len("Réunion".encode("cp1252")) + 1))
    table.add_long(0x3FF1, 1036)
    ole.add_stream(ole.root, "__properties_version1.0", table.build_msg_stream(0, 0))
    assert read_bytes(bytes(ole.build()), "fr.msg").subject == "Réunion"


def test_linked_and_ole_object_attachments_are_not_inspected() -> None:
    parts = [Part({0x3705: 2, 0x3707: "共有フォルダ.xlsx"}), Part({0x3705: 6, 0x3707: "図.bmp"})]
    result = mailguard.check(build_spec(MsgSpec(dict(SENDER), [GMAIL], parts)), source="links.msg")
    mg204 = [f for f in result.findings if f.rule == "MG204"]
    assert sorted(f.subjects[0] for f in mg204) == ["共有フォルダ.xlsx", "図.bmp"]
    assert result.verdict.label != "pass"


def test_a_by_value_eml_attachment_is_opened_as_a_message() -> None:
    inner = f"From: a@example.jp\r\nTo: b@example.jp\r\nSubject: fw\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{MY_NUMBER}\r\n"
    parts = [Part({0x3705: 1, 0x3707: "転送.eml", 0x3701: inner.encode()})]
    result = mailguard.check(build_spec(MsgSpec(dict(SENDER), [GMAIL], parts)), source="fw.msg")
    attached = result.draft.attachments[0]  # type: ignore[union-attr]
    assert attached.message is not None and [r.address for r in attached.message.recipients] == ["b@example.jp"]
    assert "MG401" in {f.rule for f in result.findings}


def test_signed_content_is_read_with_the_eml_reader() -> None:
    signed = (
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary="s"\r\n\r\n'
        f"--s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{MY_NUMBER}\r\n"
        "--s\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n\r\nAAAA\r\n--s--\r\n"
    ).encode()
    body = signed.split(b"\r\n\r\n", 1)[1]
    parts = [Part({0x3705: 1, 0x3707: "smime.p7m", 0x370E: "multipart/signed", 0x3701: body})]
    props = {**SENDER, 0x001A: "IPM.Note.SMIME.MultipartSigned"}
    result = mailguard.check(build_spec(MsgSpec(props, [GMAIL], parts)), source="signed.msg")
    assert MY_NUMBER in result.draft.body  # type: ignore[union-attr]
    assert result.verdict.label == "block"


def test_missing_recipient_storages_are_a_damaged_file() -> None:
    data = build_spec(MsgSpec(dict(SENDER), [GMAIL], declared_recipients=3))
    with pytest.raises(InputError, match="2 of 3 recipient storages are missing"):
        read_bytes(data, "short.msg")


def test_a_stream_shorter_than_its_property_is_a_damaged_file() -> None:
    from msgforge import _builder as forge

    ole = forge._OleWriter()
    ole.root.clsid = forge._MSG_CLSID
    table = forge._Props()
    table.add_unicode(ole, ole.root, 0x1000, MY_NUMBER)
    table._entries[-1] = (0x1000, 0x001F, 4000)  # the property says 4,000 bytes
    ole.add_stream(ole.root, "__properties_version1.0", table.build_msg_stream(0, 0))
    with pytest.raises(InputError, match="shorter than its property says"):
        read_bytes(bytes(ole.build()), "short-stream.msg")


def test_six_thousand_recipients_are_read_without_path_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear reading: no stream is found by olefile's path lookup, which scans every
    sibling storage (quadratic in recipients)."""
    import olefile

    rows = [recipient(f"user{n}@example.jp") for n in range(6000)]
    data = build_spec(MsgSpec(dict(SENDER), rows))

    def refuse(*args: object) -> None:
        raise AssertionError("path lookup used")

    monkeypatch.setattr(olefile.OleFileIO, "_find", refuse)
    draft = read_bytes(data, "many.msg")
    assert len(draft.recipients) == 6000


def test_the_text_limit_applies_to_msg_bodies() -> None:
    from mailguard.limits import Limits

    data = build_spec(MsgSpec({**SENDER, 0x1000: "あ" * 5000}, [GMAIL]))
    draft = read_bytes(data, "big.msg", Limits(max_text_bytes=3000))
    assert draft.incomplete and len(draft.body.encode()) <= 3000


def test_every_truncation_of_the_corpus_msg_files_is_refused_or_confirmed(corpus: Path) -> None:
    """Cut anywhere, a .msg is an input error (exit 4) or MG900, never a pass; a cut that
    removes only unused trailing sectors leaves the whole content and may pass."""
    import olefile

    files = sorted(
        p for p in corpus.rglob("*") if p.is_file() and p.read_bytes()[:8] == read_bytes.__globals__["OLE2_MAGIC"]
    )
    assert len(files) > 100
    passed = []
    for path in files:
        data = path.read_bytes()
        size = len(data)
        try:
            ole = olefile.OleFileIO(data)
            used = max((i for i, v in enumerate(ole.fat) if (v & 0xFFFFFFFF) != 0xFFFFFFFF), default=-1)
            content_end = (used + 2) * ole.sector_size
        except Exception:
            content_end = size
        for cut in sorted(
            {size - 1, size - 64, size - 512, size * 15 // 16, size * 7 // 8, size * 3 // 4, size // 2, size // 4}
        ):
            if cut >= content_end:
                continue  # only unused trailing bytes were cut: the file is whole
            result = mailguard.check(data[:cut], source=path.name)
            if result.error is None and not any(f.rule == "MG900" for f in result.findings):
                passed.append((path.name, cut))
    assert not passed, passed
