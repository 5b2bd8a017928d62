"""The .eml reader: Japanese decoding, address edge cases, structure, and bad input."""

from __future__ import annotations

from email.header import Header

import pytest

from conftest import FIXTURES, eml
from mailguard.errors import InputError
from mailguard.limits import Limits
from mailguard.model import Field
from mailguard.readers import read_bytes, sniff


def read(text: str | bytes, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    data = text if isinstance(text, bytes) else eml(text)
    return read_bytes(data, "test.eml", limits)


@pytest.mark.parametrize("charset", ["iso-2022-jp", "shift_jis", "utf-8", "euc-jp"])
def test_encoded_word_display_names_in_japanese_charsets(charset: str) -> None:
    encoded = Header("山田 太郎", charset).encode()
    draft = read(
        f"From: a@example.jp\nTo: {encoded} <yamada@example.jp>\nSubject: {Header('件名です', charset).encode()}\n\nx\n"
    )
    assert draft.recipients[0].name == "山田 太郎"
    assert draft.subject == "件名です"
    assert draft.warnings == ()


def test_encoded_word_containing_a_comma_does_not_split_the_address_list() -> None:
    name = Header("山田, 太郎", "utf-8").encode()
    draft = read(f"From: a@example.jp\nTo: {name} <yamada@example.jp>, b@example.jp\n\nx\n")
    assert [(r.name, r.address) for r in draft.recipients] == [
        ("山田, 太郎", "yamada@example.jp"),
        ("", "b@example.jp"),
    ]


def test_folded_encoded_words_are_unfolded_before_decoding() -> None:
    name = Header("株式会社エグザンプル 営業部 田中一郎", "iso-2022-jp").encode(maxlinelen=30)
    assert "\n" in name
    draft = read(f"From: a@example.jp\nTo: {name} <tanaka@example.co.jp>\n\nx\n")
    assert draft.recipients[0].name == "株式会社エグザンプル 営業部 田中一郎"


def test_iso_2022_jp_body_with_nec_circled_numbers() -> None:
    draft = read_bytes((FIXTURES / "eml" / "iphone-circled-numbers-in-jis.eml").read_bytes(), "x", None)
    assert "①" in draft.subject and "②" in draft.body
    assert draft.warnings == ()


def test_cp932_body_labelled_shift_jis() -> None:
    body = "①髙橋様 ㈱テスト".encode("cp932")
    data = b"From: a@example.jp\r\nTo: b@example.jp\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n" + body
    draft = read(data)
    assert draft.body == "①髙橋様 ㈱テスト"
    assert draft.warnings == ()


def test_raw_8bit_cp932_header_is_decoded_with_a_warning_free_guess() -> None:
    data = (
        b"From: a@example.jp\r\nTo: "
        + "山田".encode("cp932")
        + b" <y@example.jp>\r\nSubject: "
        + "件名".encode("cp932")
        + b"\r\n\r\nx"
    )
    draft = read(data)
    assert draft.recipients[0].name == "山田"
    assert draft.subject == "件名"


def test_lying_charset_degrades_with_a_warning() -> None:
    data = (
        b"From: a@example.jp\r\nTo: b@example.jp\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n"
        + "日本語".encode()
    )
    draft = read(data)
    assert draft.body == "日本語"
    assert any("does not match charset" in w.en for w in draft.warnings)


def test_unknown_charset_degrades_with_a_warning() -> None:
    draft = read("From: a@example.jp\nTo: b@example.jp\nContent-Type: text/plain; charset=x-klingon\n\nhello\n")
    assert draft.body.strip() == "hello"
    assert any("unknown charset" in w.en for w in draft.warnings)


def test_undecodable_encoded_word_does_not_crash() -> None:
    draft = read("From: a@example.jp\nTo: =?x-nope?B?!!!?= <b@example.jp>\nSubject: =?utf-8?Q?broken\n\nx\n")
    assert draft.recipients[0].address == "b@example.jp"


def test_group_syntax_and_undisclosed_recipients() -> None:
    draft = read("From: a@example.jp\nTo: undisclosed-recipients:;\nCc: Team: x@example.jp, y@example.co.jp;\n\nx\n")
    assert [(r.address, r.field) for r in draft.recipients] == [
        ("x@example.jp", Field.CC),
        ("y@example.co.jp", Field.CC),
    ]


def test_duplicated_to_and_cc_headers_are_all_read() -> None:
    draft = read(
        "From: a@example.jp\nTo: one@example.jp\nTo: two@example.jp\nCc: three@example.jp\nCc: four@example.jp\n\nx\n"
    )
    assert [r.address for r in draft.recipients] == [
        "one@example.jp",
        "two@example.jp",
        "three@example.jp",
        "four@example.jp",
    ]


def test_bcc_header_left_in_a_draft_counts_as_bcc() -> None:
    draft = read("From: a@example.jp\nTo: a@example.jp\nBcc: hidden@gmail.com\n\nx\n")
    assert draft.in_field(Field.BCC)[0].address == "hidden@gmail.com"
    assert not draft.in_field(Field.BCC)[0].field.visible


def test_addresses_in_comments_and_quotes_are_not_recipients() -> None:
    draft = read(
        'From: a@example.jp\nTo: "boss@example-city.lg.jp" <real@mail-example.net>, real2@example.co.jp (cc: other@gmail.com)\n\nx\n'
    )
    assert [r.address for r in draft.recipients] == ["real@mail-example.net", "real2@example.co.jp"]
    assert draft.recipients[0].name == "boss@example-city.lg.jp"


def test_obsolete_header_syntax_does_not_hide_recipients() -> None:
    draft = read("From: a@example.jp\nTo : hidden@gmail.com\n\nx\n")
    assert [r.address for r in draft.recipients] == ["hidden@gmail.com"]


def test_crlf_and_lf_give_the_same_draft() -> None:
    text = "From: a@example.jp\nTo: b@example.jp\nSubject: s\n\nline1\nline2\n"
    lf, crlf = read(text.encode()), read(eml(text))
    assert (lf.recipients, lf.subject, lf.body.splitlines()) == (
        crlf.recipients,
        crlf.subject,
        crlf.body.splitlines(),
    )


def test_html_only_body_becomes_text() -> None:
    draft = read(
        "From: a@example.jp\nTo: b@example.jp\nContent-Type: text/html; charset=utf-8\n\n<html><head><style>p{}</style></head><body><p>田中様</p><p>ご確認ください</p><script>x()</script></body></html>\n"
    )
    assert [line for line in draft.body.splitlines() if line][:2] == ["田中様", "ご確認ください"]
    assert "x()" not in draft.body


def test_attachments_with_encoded_and_rfc2231_names() -> None:
    draft = read(
        "From: a@example.jp\nTo: b@example.jp\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: text/plain\n\nbody\n"
        '--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="=?UTF-8?B?6KaL56mN5pu4LnBkZg==?="\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n'
        "--b\nContent-Type: text/csv\nContent-Disposition: attachment; filename*=UTF-8''%E5%90%8D%E7%B0%BF.csv\n\na,b\n"
        "--b--\n"
    )
    assert [(a.filename, a.media_type) for a in draft.attachments] == [
        ("見積書.pdf", "application/pdf"),
        ("名簿.csv", "text/csv"),
    ]
    assert draft.attachments[0].data == b"%PDF-"
    assert draft.body.strip() == "body"


def test_nested_message_is_opened() -> None:
    draft = read(
        "From: a@example.jp\nTo: b@example.jp\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: text/plain\n\nsee below\n"
        "--b\nContent-Type: message/rfc822\n\nFrom: c@example.jp\nTo: d@example.co.jp\nSubject: inner\n\ninner body\n"
        "--b--\n"
    )
    inner = draft.attachments[0].message
    assert inner is not None and inner.subject == "inner"
    assert inner.recipients[0].address == "d@example.co.jp"


def test_broken_boundary_is_read_best_effort() -> None:
    draft = read(
        "From: a@example.jp\nTo: b@example.jp\nContent-Type: multipart/mixed; boundary=nothere\n\n--other\nContent-Type: text/plain\n\nx\n"
    )
    assert draft.recipients[0].address == "b@example.jp"


def test_twenty_thousand_recipients_are_read() -> None:
    header = ", ".join(f"user{i}@host{i % 500}.example.com" for i in range(20_000))
    draft = read(f"From: a@example.jp\nTo: {header}\n\nx\n")
    assert len(draft.recipients) == 20_000
    assert draft.incomplete == ()


def test_recipient_limit_is_recorded_as_incomplete() -> None:
    draft = read("From: a@example.jp\nTo: a@x.jp, b@x.jp, c@x.jp\n\nx\n", Limits(max_recipients=2))
    assert len(draft.recipients) == 2
    assert draft.incomplete


def test_deep_nesting_is_bounded() -> None:
    parts = "".join(f"--b{i}\nContent-Type: multipart/mixed; boundary=b{i + 1}\n\n" for i in range(30))
    draft = read(
        f"From: a@example.jp\nTo: b@example.jp\nContent-Type: multipart/mixed; boundary=b0\n\n{parts}x\n",
        Limits(max_depth=10),
    )
    assert any("nesting" in s.en for s in draft.incomplete)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty input"),
        (b"   \r\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not an email message"),
        (b"This is just a letter.\nNo headers at all.\n", "not an email message"),
        (b"\x78\x9f\x3e\x22\x00\x00", "TNEF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Outlook .msg"),
    ],
)
def test_bad_input_is_one_clear_error(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(data, "bad.eml")
    assert problem in str(caught.value)
    assert str(caught.value).startswith("bad.eml: ")


def test_format_is_decided_by_magic_bytes_not_name() -> None:
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == "msg"
    assert sniff(b"From: a@example.jp\r\n\r\n") == "eml"
    assert sniff(b"\xef\xbb\xbfFrom: a@example.jp\n\n") == "eml"
    assert sniff(b"From MAILER-DAEMON Thu\rReturn-Path: <>\r") == "eml"
    assert sniff(b"hello world") == "unknown"


# ---------------------------------------------------------------- raw header bytes, lying charsets

import mailguard  # noqa: E402
from mailguard.readers.charset import decode_bytes  # noqa: E402

HEAD = b"From: k.mori@example-city.lg.jp\r\n"


def _attachment_named(raw_name: bytes) -> bytes:
    return (
        HEAD
        + b"To: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b'--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/octet-stream; name="'
        + raw_name
        + b'"\r\nContent-Disposition: attachment; filename="'
        + raw_name
        + b'"\r\n\r\nx\r\n--b--\r\n'
    )


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "euc_jp", "iso-2022-jp"])
def test_a_raw_file_name_is_decoded_from_its_bytes(encoding: str) -> None:
    draft = read_bytes(_attachment_named("申請書_山田花子.pdf".encode(encoding)), "raw.eml")
    assert [a.filename for a in draft.attachments] == ["申請書_山田花子.pdf"]


def test_raw_iso_2022_jp_display_names_keep_every_recipient() -> None:
    to = (
        "山田花子".encode("iso-2022-jp")
        + b" <hanako@example.jp>, "
        + "田中一郎".encode("iso-2022-jp")
        + b" <ichiro@example.jp>"
    )
    draft = read_bytes(HEAD + b"To: " + to + b"\r\nSubject: x\r\n\r\nhi\r\n", "jis.eml")
    assert [(r.name, r.address) for r in draft.recipients] == [
        ("山田花子", "hanako@example.jp"),
        ("田中一郎", "ichiro@example.jp"),
    ]


def test_shift_jis_trail_bytes_backslash_and_at_create_no_phantom_addresses() -> None:
    # 表 is 0x95 0x5C ("\\"), 能 is 0x94 0x5C, ソ is 0x83 0x5C; 　(U+3000) is 0x81 0x40 ("@").
    names = ["表示 能子", "ソフト　太郎"]
    to = b", ".join(n.encode("cp932") + f" <u{i}@example.jp>".encode() for i, n in enumerate(names))
    assert b"\\" in to and b"\x81@" in to
    draft = read_bytes(HEAD + b"To: " + to + b"\r\nSubject: x\r\n\r\nhi\r\n", "sjis.eml")
    assert [(r.name, r.address) for r in draft.recipients] == [(names[0], "u0@example.jp"), (names[1], "u1@example.jp")]
    assert not draft.invalid_addresses


@pytest.mark.parametrize("to", ["@", "<>", "a@"])
def test_a_recipient_header_with_no_usable_address_is_mg106(to: str) -> None:
    result = mailguard.check(eml(f"From: k.mori@example-city.lg.jp\nTo: {to}\nSubject: x\n\nhi\n"), source="t")
    assert "MG106" in {f.rule for f in result.findings} and result.verdict.label == "confirm"


def test_group_syntax_and_comments_are_not_unusable_addresses() -> None:
    for to in ("undisclosed-recipients:;", "(nobody)", "team: a@example-city.lg.jp;"):
        result = mailguard.check(eml(f"From: k.mori@example-city.lg.jp\nTo: {to}\nSubject: x\n\nhi\n"), source="t")
        assert "MG106" not in {f.rule for f in result.findings}, to


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # au (KDDI) emoji sit in JIS rows 0x75-0x7B, outside CP932: one 〓 each.
        (b'\x1b$B$3$s$K$A$O\x1b(B \x1b$Bu!u"\x1b(B!', "こんにちは 〓〓!"),
        # Any other JIS pair outside CP932 (row 0x76): one 〓, the text around it kept.
        (b"\x1b$B$*$O$h$&v!\x1b(B", "おはよう〓"),
        # SoftBank writes its own escape (ESC $ G ... SI): one 〓 per character.
        (b"\x1b$B$3$s\x1b(B\x1b$GAB\x0f end", "こん〓〓 end"),
    ],
    ids=["au", "unassigned-row", "softbank"],
)
def test_carrier_emoji_in_iso_2022_jp_are_replaced_one_at_a_time(data: bytes, expected: str) -> None:
    text, warning = decode_bytes(data, "iso-2022-jp", "body")
    assert text == expected and "\x1b" not in text
    assert warning and "carrier emoji" in warning.en


def test_a_carrier_emoji_does_not_hide_a_my_number() -> None:
    body = b"\x1b$B8D?MHV9f!'\x1b(B1234 5678 9018 \x1b$Bu!\x1b(B"
    message = (
        HEAD
        + b"To: friend@gmail.com\r\nSubject: x\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n"
        + body
        + b"\r\n"
    )
    result = mailguard.check(message, source="emoji.eml")
    assert "MG401" in {f.rule for f in result.findings}


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Réunion à Paris, déjà prévue. À bientôt", "cp1252"), ("Grüße aus München, schöne Straße", "latin-1")],
)
def test_western_text_labelled_utf8_is_read_as_cp1252_not_cp932(text: str, encoding: str) -> None:
    decoded, warning = decode_bytes(text.encode(encoding), "utf-8", "body")
    assert decoded == text and warning


@pytest.mark.parametrize("label", ["koi8-r", "iso-8859-15", "iso-8859-1"])
def test_cp932_labelled_single_byte_is_re_decoded_and_confirmed(label: str) -> None:
    body = "山田 花子 様\r\n個人番号：1234 5678 9018\r\nよろしくお願いします。\r\n".encode("cp932")
    message = (
        HEAD
        + b"To: friend@gmail.com\r\nSubject: x\r\nContent-Type: text/plain; charset="
        + label.encode()
        + b"\r\n\r\n"
        + body
    )
    result = mailguard.check(message, source="lie.eml")
    rules = {(f.rule, f.severity.label) for f in result.findings}
    assert ("MG901", "confirm") in rules and "MG401" in {r for r, _ in rules}
    assert result.verdict.label == "block"


@pytest.mark.parametrize(
    ("text", "label"),
    [("Привет, как дела? Встреча завтра.", "koi8-r"), ("Réunion à Paris, déjà prévue.", "iso-8859-15")],
)
def test_real_single_byte_text_is_left_as_declared(text: str, label: str) -> None:
    assert decode_bytes(text.encode(label), label, "body") == (text, None)


def test_fuzz_regression_an_8_bit_byte_inside_a_raw_jis_pair_is_not_a_crash() -> None:
    # ESC $ B followed by a pair whose second byte is 0x9A: once a ValueError from bytes().
    value = b"\x1b$BV;R\x1b(B <\x9a@exame.lpjp>lpjp>"
    draft = read_bytes(HEAD + b"To: " + value + b"\r\nSubject: x\r\n\r\nhi\r\n", "fuzz.eml")
    assert all("\x1b" not in r.name + r.address for r in draft.recipients)
    for label in (None, "iso-2022-jp"):
        decode_bytes(value, label, "body")[0].encode("utf-8")
