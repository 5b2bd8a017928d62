"""The message identity: the same for every serialisation of one message (line endings,
folding, header order, transfer and header encodings), different as soon as
what the recipients receive differs."""

from __future__ import annotations

import email.policy
from email.header import Header
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

import mailguard
from conftest import EXAMPLES
from mailguard.identity import message_identity
from mailguard.readers import read_bytes

SUBJECT = "【ご確認】橋梁点検の日程〜変更について"
BODY = "田中様\n\nいつもお世話になっております。\n日程を変更します。  \n\n森\n"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(
    *,
    charset: str = "utf-8",
    cte: str = "base64",
    to: str = "Alice Brown <a.brown@bridgeworks-example.co.jp>",
    body: str = BODY,
    attachment: bytes = PDF,
    bcc: str = "",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "森 健 <k.mori@example-city.lg.jp>"
    msg["To"] = to
    msg["Cc"] = "d.lee@steel-supply-example.net"
    if bcc:
        msg["Bcc"] = bcc
    msg["Subject"] = SUBJECT
    msg.set_content(body, charset=charset, cte=cte)
    msg.add_attachment(attachment, maintype="application", subtype="pdf", filename="日程表.pdf")
    return msg


def identity(data: bytes) -> str:
    return read_bytes(data, "x").digest


def test_line_endings_folding_order_and_encodings_do_not_change_the_identity() -> None:
    base = build().as_bytes(policy=email.policy.SMTP)
    variants = {
        "LF line endings": base.replace(b"\r\n", b"\n"),
        "quoted-printable body": build(cte="quoted-printable").as_bytes(policy=email.policy.SMTP),
        "ISO-2022-JP body": build(charset="iso-2022-jp", cte="7bit").as_bytes(policy=email.policy.SMTP),
        "compat32 re-serialisation": BytesParser(policy=email.policy.compat32).parsebytes(base).as_bytes(),
        "refolded at 40 columns": BytesParser(policy=email.policy.default)
        .parsebytes(base)
        .as_bytes(policy=email.policy.SMTP.clone(max_line_length=40)),
    }
    # The subject re-encoded as ISO-2022-JP B-words folded short, and the header fields reordered.
    head, _, rest = base.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    reencoded = Header(SUBJECT, "iso-2022-jp", maxlinelen=40).encode().encode("ascii")
    fields = [line for line in lines if not line.lower().startswith(b"subject:")]
    variants["re-encoded subject, other header order"] = (
        b"\r\n".join([b"Subject: " + reencoded, *reversed(fields)]) + b"\r\n\r\n" + rest
    )
    # Outlook's habit: trailing blanks dropped and one empty line less at the end.
    variants["trailing blanks dropped"] = build(body=BODY.replace("  \n", "\n").rstrip("\n")).as_bytes()
    expected = identity(base)
    for name, data in variants.items():
        assert data != base, name
        assert identity(data) == expected, name


def test_what_recipients_receive_changes_the_identity() -> None:
    expected = identity(build().as_bytes())
    changes = {
        "another recipient": build(to="x.kim@bridgeworks-example.co.jp").as_bytes(),
        "another display name": build(to="Alan Brown <a.brown@bridgeworks-example.co.jp>").as_bytes(),
        "an added Bcc": build(bcc="x@steel-supply-example.net").as_bytes(),
        "a changed body": build(body=BODY.replace("変更", "中止")).as_bytes(),
        "a changed attachment": build(attachment=PDF.replace(b"1 0 obj", b"2 0 obj")).as_bytes(),
    }
    for name, data in changes.items():
        assert identity(data) != expected, name
    renamed = build()
    for part in renamed.iter_attachments():
        part.set_param("filename", "別の日程表.pdf", header="Content-Disposition")
    assert identity(renamed.as_bytes()) != expected


def test_the_wave_dash_of_cp932_and_jis_converters_is_one_character() -> None:
    assert identity(build(body="10時〜12時\n").as_bytes()) == identity(build(body="10時～12時\n").as_bytes())


def test_finding_ids_survive_re_serialisation_and_bind_to_the_identity() -> None:
    policy = mailguard.Policy.from_mapping({"internal_domains": ["example-city.lg.jp"]})
    message = build()
    first = mailguard.check(message, policy)
    again = mailguard.check(message.as_bytes().replace(b"\r\n", b"\n"), policy)
    assert first.findings and [f.id for f in first.findings] == [f.id for f in again.findings]
    assert first.draft is not None and again.draft is not None
    assert first.digest == again.digest and first.draft.raw_digest != again.draft.raw_digest
    other = mailguard.check(build(bcc="x@steel-supply-example.net"), policy)
    assert not {f.id for f in first.findings} & {f.id for f in other.findings}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.eml")), ids=lambda p: p.name)
def test_examples_keep_their_identity_through_the_stdlib(path: Path) -> None:
    data = path.read_bytes()
    parsed = BytesParser(policy=email.policy.default).parsebytes(data)
    assert identity(parsed.as_bytes(policy=email.policy.SMTP)) == identity(data)


def test_identity_is_the_drafts_digest() -> None:
    draft = read_bytes(build().as_bytes(), "x")
    assert draft.digest == message_identity(draft) and len(draft.digest) == 64


def _body_text_as_first_written(value: str) -> str:
    """identity.body_text as it was before its fast paths (translate and the trailing-blank
    substitution always run): the identity must not move by a single message."""
    import re
    import unicodedata

    from mailguard import identity

    text = unicodedata.normalize("NFC", value).translate(identity._JIS_FOLD)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"(?<![ \t\u3000])[ \t\u3000]+$", "", text, flags=re.MULTILINE).rstrip("\n")


@pytest.mark.parametrize(
    "body",
    [
        "",
        "a",
        "line \nnext\t\n\u3000\n",
        "trailing at end  ",
        "end\u3000",
        "\uff5e\u2225\uff0d\uffe0\uffe1\uffe2 wave",
        "no fold, no blanks\nat all\n\n\n",
        "crlf \r\nand cr\t\rend",
        " \n \n",
        "mid space ok\nx",
    ],
)
def test_body_text_fast_paths_keep_the_identity(body: str) -> None:
    import re
    import unicodedata

    from mailguard import identity

    assert identity.body_text(body) == _body_text_as_first_written(body)
    first_header = re.sub(r"\s+", " ", unicodedata.normalize("NFC", body).translate(identity._JIS_FOLD)).strip()
    assert identity.header_text(body) == first_header


def test_body_text_fast_paths_over_the_corpus() -> None:
    """Every decoded body of the shared corpus: the same canonical text as before."""
    from conftest import corpus_dir
    from mailguard.identity import body_text
    from mailguard.policy import Policy

    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("shared corpus not present")
    limits = Policy.default().limits
    compared = 0
    for path in sorted(p for p in corpus.rglob("*.eml") if p.is_file()):
        try:
            draft = read_bytes(path.read_bytes(), path.name, limits)
        except Exception:
            continue
        assert body_text(draft.body) == _body_text_as_first_written(draft.body), path.name
        compared += 1
    assert compared > 500


def test_header_text_splits_at_exactly_the_blanks_of_its_first_form() -> None:
    """``header_text`` joins ``str.split()``'s words; its first form replaced ``\\s+`` runs by
    one space and stripped: the same text for every code point as a blank or inside a word."""
    import re

    from mailguard import identity

    first = re.compile(r"\s+")
    for code in range(0x110000):
        char = chr(code)
        for value in (f"a{char}b", f"{char}a{char}{char}b{char}", char):
            assert identity.header_text(value) == first.sub(" ", identity._text(value)).strip(), hex(code)


def test_nested_message_counts_by_its_own_memoised_identity() -> None:
    """An attached message enters its parent's identity by its own (memoised) digest."""
    from mailguard.identity import canonical_form

    inner = build(body="the forwarded message\n")
    outer = build()
    outer.add_attachment(inner, filename="fwd.eml")
    draft = read_bytes(outer.as_bytes(), "x")
    nested = [a.message for a in draft.attachments if a.message is not None]
    assert nested, "the attached message is read"
    assert message_identity(nested[0]) in [entry[2] for entry in canonical_form(draft)["attachments"]]
    assert draft.digest == message_identity(draft)


def test_attachment_digest_is_hashed_once_and_equal() -> None:
    import hashlib

    from mailguard.model import Attachment

    attachment = Attachment("a.pdf", "application/pdf", 3, b"abc")
    assert attachment.sha256 == hashlib.sha256(b"abc").hexdigest() == attachment.sha256
    assert attachment == Attachment("a.pdf", "application/pdf", 3, b"abc")  # the memo is not compared


def test_salt_alone_is_not_computed_for_the_identity() -> None:
    """A message without findings needs only its identity; the salt, asked later, comes with
    the same identity."""
    from mailguard import identity

    draft = read_bytes(build().as_bytes(), "x")
    assert draft.digest == message_identity(draft)
    assert "salt" not in draft._memo
    assert draft.finding_salt == identity.finding_salt(draft) and draft.digest == message_identity(draft)
