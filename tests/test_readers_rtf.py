"""RTF bodies (what Outlook keeps when a draft has no plain-text body): text, code pages,
Unicode escapes, encapsulated HTML; hostile RTF never raises."""

from __future__ import annotations

import base64

import pytest

from mailguard.readers.rtf import rtf_to_text


def test_cp932_bytes_are_decoded_in_pairs_with_the_document_code_page() -> None:
    name = "".join(f"\\'{b:02x}" for b in "山田花子".encode("cp932")).encode()
    found = rtf_to_text(b"{\\rtf1\\ansi\\ansicpg932{\\fonttbl{\\f0\\fcharset128 MS Gothic;}}\\f0 " + name + b" \\par}")
    assert found.text.strip() == "山田花子" and not found.is_html


def test_a_font_charset_overrides_the_document_code_page() -> None:
    word = "".join(f"\\'{b:02x}" for b in "個人".encode("cp932")).encode()
    rtf = b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset128 MS Mincho;}}\\f1 " + word + b"\\par}"
    assert rtf_to_text(rtf).text.strip() == "個人"


def test_unicode_escapes_skip_their_fallback_and_join_surrogate_halves() -> None:
    found = rtf_to_text(b"{\\rtf1\\uc1 A\\u12354?B\\u-10176?\\u-9216?C}")
    assert found.text == "A\u3042B\U00020000C"


def test_destinations_without_text_are_skipped() -> None:
    rtf = (
        b"{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0;}{\\*\\generator Riched20;}{\\info{\\author X}}Hello\\par}"
    )
    assert rtf_to_text(rtf).text == "Hello\n"


def test_encapsulated_html_comes_back_as_html() -> None:
    rtf = b"{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag19 <p>}{\\htmlrtf \\par }Tel 090\\'2d1234{\\*\\htmltag </p>}}"
    found = rtf_to_text(rtf)
    assert found.is_html and found.text == "<p>Tel 090-1234</p>"


@pytest.mark.parametrize(
    "data",
    [
        # fuzzing: \u with a number beyond 16 bits once raised ValueError from chr()
        base64.b64decode("e1xydGYxXGFuc2kAAFxhbnN9XGZwIFxVAGVcJzUyXHUxMjM1MTIzNTBcZmNoYVx1FHtcMFxmY2hhXHUUe1xyMXQ="),
        b"}}}}{{{{\\",
        b"{\\rtf1\\ansicpg99999 \\'ff\\'fe}",
        b"{\\rtf1 \\u-32768?\\u32767?\\uc99 x}",
    ],
)
def test_hostile_rtf_never_raises(data: bytes) -> None:
    rtf_to_text(data).text.encode("utf-8")
