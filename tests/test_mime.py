"""The fast MIME path builds exactly the tree the standard library builds, or steps aside.

Compared entity by entity: headers as written, raw payloads (surrogate-escaped 8-bit text
included), preambles, epilogues, default types, defects, and the re-serialised bytes.
"""

from __future__ import annotations

import email
import email.header
import email.message
import email.utils
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import corpus_dir
from mailguard.readers.charset import _base64_words, unfold
from mailguard.readers.eml import _header_end, split_addresses
from mailguard.readers.mime import content_type, header_params, observable, parse_message, parse_regular, plain_params

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def stdlib(data: bytes) -> list[object]:
    return observable(email.message_from_bytes(data))


# -- generated messages ------------------------------------------------------------------

header_values = st.sampled_from(
    [
        "x",
        "=?utf-8?b?5bGx55Sw?= <a@example.jp>",
        "long\n value folded",
        "8bit 山田",
        "",
        "  \t",
        "a\n\tb\n  c",
        "a:b: c",
    ]
)
leaf_bodies = st.sampled_from(["", "plain text\n", "山田様\nご確認ください\n", "--not-a-boundary\n", "line\n\n\nmore"])


@st.composite
def entity(draw: st.DrawFn, depth: int = 0, digest_child: bool = False) -> str:
    """One MIME entity written with ``\\n``; the test swaps in the line end."""
    kind = draw(st.sampled_from(["leaf", "multipart", "message"] if depth < 3 else ["leaf"]))
    headers = [f"X-Note: {draw(header_values)}"] if draw(st.booleans()) else []
    if kind == "leaf":
        if digest_child and draw(st.booleans()):
            return "\nSubject: s\n\n" + draw(leaf_bodies)  # no headers: message/rfc822 in a digest
        headers.append(draw(st.sampled_from(["Content-Type: text/plain; charset=utf-8", "Content-Type: text/html"])))
        return "\n".join(headers) + "\n\n" + draw(leaf_bodies)
    if kind == "message":
        headers.append("Content-Type: message/rfc822")
        return "\n".join(headers) + "\n\n" + draw(entity(depth + 1))
    subtype = draw(st.sampled_from(["mixed", "alternative", "digest"]))
    boundary = f"=_b{depth}_{draw(st.integers(0, 99))}"
    headers.append(f'Content-Type: multipart/{subtype}; boundary="{boundary}"')
    children = draw(st.lists(entity(depth + 1, subtype == "digest"), min_size=1, max_size=3))
    preamble = draw(st.sampled_from(["", "\n", "This is a multi-part message.\n"]))
    padding = draw(st.sampled_from(["", " ", "\t "]))
    inner = "".join(f"--{boundary}{padding}\n{child}\n" for child in children)
    epilogue = draw(st.sampled_from(["", "\n", "\nepilogue\n"]))
    return "\n".join(headers) + "\n\n" + preamble + inner + f"--{boundary}--" + epilogue


def encode(text: str, line_end: str) -> bytes:
    return text.replace("\n", line_end).encode("utf-8")


@SETTINGS
@given(entity(), st.sampled_from(["\n", "\r\n"]))
def test_regular_messages_take_the_fast_path_and_match_the_stdlib(text: str, line_end: str) -> None:
    data = encode("From: a@example.jp\n" + text, line_end)
    assert parse_regular(data.decode("ascii", "surrogateescape")) is not None
    assert observable(parse_message(data)) == stdlib(data)


MUTATIONS = [
    lambda t: t.replace("\n", "\r", 1),  # mixed line ends
    lambda t: t.replace("--\n", "\n", 1),  # a closing delimiter lost
    lambda t: t.rsplit("--", 2)[0],  # truncated
    lambda t: t.replace('boundary="', 'boundary="x', 1),  # delimiters that do not match
    lambda t: t.replace("\n\n", "\nnot a header\n\n", 1),  # a missing header/body separator
    lambda t: re.sub(r'boundary="(=_b\w+)"\n\n', r"\g<0>--\1 not quite\n", t, count=1),  # looks like a delimiter
    lambda t: re.sub(r"\n--(=_b\w+)\n", r"\n--\1\n--\1\n", t, count=1),  # a repeated delimiter
    lambda t: t.replace("Content-Type: text/plain", "Content-Type: message/delivery-status", 1),
    lambda t: t.replace("\nContent-Type:", "\n:no name\nContent-Type:", 1),  # an invalid header line
    lambda t: t.replace("\nContent-Type:", "\nFrom a@example.jp Sat Jan  1 00:00:00 2000\nContent-Type:", 1),
    lambda t: t + "\n--=_b0_1\n",  # a delimiter in the epilogue
]


@SETTINGS
@given(entity(), st.sampled_from(MUTATIONS), st.sampled_from(["\n", "\r\n"]))
def test_irregular_messages_read_exactly_as_the_stdlib_reads_them(text: str, mutate: Any, line_end: str) -> None:
    data = encode("From: a@example.jp\n" + mutate(text), line_end)
    assert observable(parse_message(data)) == stdlib(data)


# -- known shapes ------------------------------------------------------------------------

NESTED = (
    b"From: a@example.jp\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\npreamble\r\n"
    b"--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
    b"--inner\r\nContent-Type: text/plain\r\n\r\nplain \x1b$B;3ED\x1b(B\r\n--inner\r\n"
    b"Content-Type: text/html\r\n\r\n<p>html</p>\r\n--inner--\r\n\r\n"
    b"--outer\r\nContent-Type: message/rfc822\r\n\r\nSubject: inside\r\n\r\nattached body\r\n"
    b"--outer--\r\nepilogue\r\n"
)


def test_a_nested_message_takes_the_fast_path_with_every_detail_of_the_stdlib_tree() -> None:
    msg = parse_regular(NESTED.decode("ascii"))
    assert msg is not None
    assert [part.get_content_type() for part in msg.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "message/rfc822",
        "text/plain",
    ]
    assert msg.preamble == "preamble" and msg.epilogue == "epilogue\r\n"
    assert observable(msg) == stdlib(NESTED)


@pytest.mark.parametrize(
    "data",
    [
        NESTED.replace(b"--outer--", b"--outer-"),  # no closing delimiter
        NESTED.replace(b"\r\n\r\nattached", b"\n\nattached"),  # mixed line ends
        NESTED.replace(b"<p>html</p>", b"--inner-not-quite"),  # a delimiter-like line
        b"Subject: no body",  # no blank line after the headers
        b" continued: first\nSubject: x\n\nbody",  # a continuation line first
        b'Content-Type: multipart/mixed; boundary="\n x"\n\n--\n x\nSubject: y\n\nz\n--\n x--\n',  # folded boundary
    ],
)
def test_irregular_messages_are_left_to_the_stdlib(data: bytes) -> None:
    assert parse_regular(data.decode("ascii")) is None
    assert observable(parse_message(data)) == stdlib(data)


def test_an_mbox_from_line_is_read_as_the_stdlib_reads_it() -> None:
    data = b"From a@example.jp Sat Jan  1 00:00:00 2000\nFrom: a@example.jp\nSubject: x\n\nbody\n"
    msg = parse_regular(data.decode("ascii"))
    assert msg is not None and msg.get_unixfrom() == "From a@example.jp Sat Jan  1 00:00:00 2000"
    assert observable(msg) == stdlib(data)


def test_deep_nesting_is_left_to_the_stdlib() -> None:
    depth = 80
    head = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(depth))
    tail = "".join(f"\n--b{i}--" for i in reversed(range(depth)))
    data = ("From: a@example.jp\n" + head + "Content-Type: text/plain\n\nbody" + tail).encode()
    assert parse_regular(data.decode("ascii")) is None
    assert observable(parse_message(data)) == stdlib(data)


# -- the shared corpus -------------------------------------------------------------------

CORPUS = corpus_dir()


def _corpus_files() -> list[Path]:
    """Every file of the shared corpus, in a stable order (the tests below skip without it)."""
    assert CORPUS is not None
    return sorted(p for p in Path(CORPUS).rglob("*") if p.is_file())


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not present (set MAILGUARD_CORPUS)")
def test_every_corpus_message_reads_as_the_stdlib_reads_it() -> None:
    assert CORPUS is not None
    fast = 0
    for path in _corpus_files():
        data = path.read_bytes()
        try:
            expected = stdlib(data)
        except Exception:  # the stdlib parser itself gives up on a few hostile files
            continue
        fast += parse_regular(data.decode("ascii", "surrogateescape")) is not None
        assert observable(parse_message(data)) == expected, path
    assert fast > 500  # the fast path is what most real mail takes


# -- content types and parameters, read without the stdlib's header fetch -------------------

param_pieces = st.sampled_from(
    [
        "text/plain",
        "Multipart/Mixed",
        "text",
        "a/b/c",
        " ",
        ";",
        "=",
        '"',
        "'",
        "\\",
        "*",
        "\n\t",
        "charset=utf-8",
        'charset="ISO-2022-JP"',
        ' Boundary = "=_b;1" ',
        'name="a b.pdf"',
        "name=<x>",
        'name="<x>"',
        'name=""',
        "filename*=utf-8''%E5%B1%B1",
        "name*0=a",
        "attachment",
        "\u5c71\u7530",
    ]
)


def _with_header(name: str, value: str) -> email.message.Message:
    msg = email.message.Message()
    msg.set_raw(name, value)
    return msg


@SETTINGS
@given(st.lists(param_pieces, max_size=8).map("".join))
def test_content_types_and_parameters_read_as_the_stdlib_reads_them(value: str) -> None:
    msg = _with_header("Content-Type", value)
    assert content_type(msg) == msg.get_content_type()
    assert header_params(msg, "content-type") == msg.get_params()
    found = plain_params(value)
    assert found is None or found == msg.get_params()


def test_a_part_without_the_header_reads_as_the_stdlib_reads_it() -> None:
    msg = email.message.Message()
    msg.set_default_type("message/rfc822")
    assert content_type(msg) == msg.get_content_type() == "message/rfc822"
    assert header_params(msg, "content-disposition") is None is msg.get_params(header="content-disposition")


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not present (set MAILGUARD_CORPUS)")
def test_every_corpus_part_has_the_content_type_and_parameters_the_stdlib_gives() -> None:
    assert CORPUS is not None
    direct = 0
    for path in _corpus_files():
        try:
            parts = list(email.message_from_bytes(path.read_bytes()).walk())
            expected = [
                (p.get_content_type(), p.get_params(), p.get_params(header="content-disposition")) for p in parts
            ]
        except Exception:  # the stdlib gives up on a few hostile files
            continue
        assert [
            (content_type(p), header_params(p, "content-type"), header_params(p, "content-disposition")) for p in parts
        ] == expected, path
        direct += sum(plain_params(p.get("content-type")) is not None for p in parts)
    assert direct > 1000


# -- encoded words, decoded without the stdlib's walk ------------------------------------

word_pieces = st.sampled_from(
    [
        "=?",
        "?=",
        "?",
        " ",
        "\t",
        "\n",
        "utf-8",
        "ISO-2022-JP",
        "",
        "B",
        "b",
        "Q",
        "5bGx55Sw",
        "GyRCOzNFRBsoQg==",
        "YQ",
        "Y",
        "YQ=Y",
        "_=41",
        "\x0c",
    ]
)


@SETTINGS
@given(st.lists(word_pieces, max_size=12).map("".join))
def test_encoded_words_decode_as_the_stdlib_decodes_them(value: str) -> None:
    found = _base64_words(value)
    if found is not None:
        assert found == email.header.decode_header(value)


@pytest.mark.parametrize(
    "value",
    [
        "=?utf-8?b?5bGx55Sw?=",
        "=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?==?iso-2022-jp?b?GyRCOzNFRBsoQg?=",
        "=?utf-8?B?5bGx?==?ISO-2022-JP?B?GyRCOzNFRBsoQg==?==?utf-8?B?55Sw?=",
        "=??B?YQ?=",
        "=?utf-8?B??=",
    ],
)
def test_plain_base64_words_take_the_direct_path(value: str) -> None:
    assert _base64_words(value) == email.header.decode_header(value)


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not present (set MAILGUARD_CORPUS)")
def test_every_corpus_encoded_header_decodes_as_the_stdlib_decodes_it() -> None:
    assert CORPUS is not None
    direct = 0
    for path in _corpus_files():
        msg = email.message_from_bytes(path.read_bytes())
        try:
            values = [unfold(str(value)) for _, value in msg.raw_items()]
            for field in ("from", "to", "cc", "reply-to"):
                values += [d for d, _ in email.utils.getaddresses([unfold(str(v)) for v in msg.get_all(field, [])])]
        except Exception:  # the stdlib gives up on a few hostile files
            continue
        for value in values:
            text = re.sub(r"(\?=)\s+(=\?)", r"\1\2", value)  # as decode_words joins them
            found = _base64_words(text)
            if found is not None:
                direct += 1
                assert found == email.header.decode_header(text), path
    assert direct > 50


# -- where the header block ends ----------------------------------------------------------

BLANK_LINE = re.compile(rb"\r?\n\r?\n|\r\r")  # the definition the reader's searches stand for


def _blank_line_start(data: bytes) -> int:
    found = BLANK_LINE.search(data)
    return found.start() if found else len(data)


@SETTINGS
@given(st.lists(st.sampled_from([b"a", b":", b" ", b"\r", b"\n", b"\r\n"]), max_size=16).map(b"".join))
def test_the_header_block_ends_at_the_first_blank_line(data: bytes) -> None:
    assert _header_end(data) == _blank_line_start(data)


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not present (set MAILGUARD_CORPUS)")
def test_every_corpus_header_block_ends_at_the_first_blank_line() -> None:
    assert CORPUS is not None
    for path in _corpus_files():
        data = path.read_bytes()
        assert _header_end(data) == _blank_line_start(data), path


# -- address headers ---------------------------------------------------------------------

atoms = st.sampled_from(["Yamada", "Taro", "=?utf-8?b?5bGx55Sw?=", "a.b", "x_y", "O'Neil", '"Q"', "(c)", "山田"])
addr_specs = st.sampled_from(["a@example.jp", "a.b+c@x.example.lg.jp", "a..b@x", "a@", "@x", "a @ b", "a@[1.2.3.4]"])


@st.composite
def address_values(draw: st.DrawFn) -> str:
    blank = draw(st.sampled_from(["", " ", "\t", "  "]))
    name = blank.join(draw(st.lists(atoms, max_size=3)))
    spec = draw(addr_specs)
    form = draw(
        st.sampled_from(["{s}", "<{s}>", "{n} <{s}>", "{n}<{s}>", "{n} <{s}>, {s}", "{n} <{s}> (c)", "g: {s};"])
    )
    return blank + form.format(n=name, s=spec) + draw(st.sampled_from(["", " ", "\t"]))


@SETTINGS
@given(st.lists(address_values(), min_size=1, max_size=2))
def test_address_headers_split_as_the_stdlib_splits_them(values: list[str]) -> None:
    assert split_addresses(values) == email.utils.getaddresses(values)


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not present (set MAILGUARD_CORPUS)")
def test_every_corpus_address_header_splits_as_the_stdlib_splits_it() -> None:
    assert CORPUS is not None
    shortcut = 0
    for path in _corpus_files():
        msg = email.message_from_bytes(path.read_bytes())
        for field in ("from", "to", "cc", "reply-to", "sender"):
            try:
                values = [unfold(str(v)) for v in msg.get_all(field, [])]
                expected = email.utils.getaddresses(values)
            except Exception:
                continue
            if values:
                assert split_addresses(values) == expected, (path, field)
                shortcut += len(values) == 1 and "," not in values[0]
    assert shortcut > 1000


# ---------------------------------------------------------------- nothing passes by omission

MY_NUMBER_LINE = "個人番号：1234 5678 9018"


def _check(data: bytes) -> Any:
    import mailguard

    return mailguard.check(data, source="draft.eml")


def test_a_part_hidden_after_the_closing_delimiter_is_read() -> None:
    from conftest import eml

    message = eml(
        "From: k.mori@example-city.lg.jp\nTo: friend@gmail.com\nSubject: x\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nこんにちは\n--b1--\n'
        f"--b1\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=a.txt\n\n{MY_NUMBER_LINE}\n"
    )
    result = _check(message)
    assert [a.filename for a in result.draft.attachments] == ["a.txt"]
    assert "MG401" in {f.rule for f in result.findings} and result.verdict.label == "block"


def test_a_multipart_without_a_boundary_is_split_by_its_delimiter_lines() -> None:
    from conftest import eml

    message = eml(
        "From: k.mori@example-city.lg.jp\nTo: friend@gmail.com\nSubject: x\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed\n\n--zz\nContent-Type: text/plain\n\nご確認ください\n"
        f"--zz\nContent-Type: text/plain\nContent-Disposition: attachment; filename=b.txt\n\n{MY_NUMBER_LINE}\n--zz--\n"
    )
    result = _check(message)
    assert [a.filename for a in result.draft.attachments] == ["b.txt"]
    assert result.verdict.label == "block"


def test_an_unsplittable_multipart_is_read_as_text_or_confirmed() -> None:
    from conftest import eml

    plain = eml(
        "From: k.mori@example-city.lg.jp\nTo: friend@gmail.com\nSubject: x\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="nothere"\n\n{MY_NUMBER_LINE}\n'
    )
    assert "MG401" in {f.rule for f in _check(plain).findings}
    headers_but_no_parts = eml(
        "From: k.mori@example-city.lg.jp\nTo: a@example-city.lg.jp\nSubject: x\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="nothere"\n\nx\nContent-Type: application/zip\n'
    )
    result = _check(headers_but_no_parts)
    assert "MG900" in {f.rule for f in result.findings} and result.verdict.label == "confirm"


def test_a_header_block_broken_by_an_unfolded_line_keeps_its_recipients() -> None:
    from conftest import eml

    message = eml(
        "From: k.mori@example-city.lg.jp\nSubject: =?utf-8?B?5pel5pys6Kqe?=\n=?utf-8?B?5pel5pys6Kqe?=\n"
        "To: friend@gmail.com\nContent-Type: text/plain; charset=utf-8\n\n" + MY_NUMBER_LINE + "\n"
    )
    result = _check(message)
    assert [r.address for r in result.draft.recipients] == ["friend@gmail.com"]
    assert result.verdict.label == "block"


def test_a_body_without_a_blank_line_before_it_stays_the_body() -> None:
    from conftest import eml

    message = eml(
        f"From: k.mori@example-city.lg.jp\nTo: a@example-city.lg.jp\nSubject: x\n{MY_NUMBER_LINE}\nNote: hi\n"
    )
    result = _check(message)
    assert MY_NUMBER_LINE in result.draft.body


CORPUS_TRUTHS = [
    # (file, what must be seen)
    ("spamscope-mailparser/mail_malformed_1", {"attachments": ["20160523_916527.jpg_.zip"]}),
    ("cpython-email/msg_15.txt", {"attachments": ["xx.gif"]}),
    ("msgreader-sicos/UTF-8_Test.eml", {"recipients": ["test@example.com"]}),
    ("mikel-mail/plain_emails/raw_email_incorrect_header.eml", {"recipients": ["xxx@xxx.com"]}),
    ("php-mime-mail-parser/issue84", {"recipients": ["levim@php.net", "internals@lists.php.net"]}),
]


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not present")
@pytest.mark.parametrize(("relative", "truth"), CORPUS_TRUTHS, ids=[t[0] for t in CORPUS_TRUTHS])
def test_corpus_content_the_stdlib_leaves_unparsed_is_read(relative: str, truth: dict[str, list[str]]) -> None:
    import mailguard

    assert CORPUS is not None
    result = mailguard.check(CORPUS / relative)
    assert result.draft is not None
    if "attachments" in truth:
        assert [a.filename for a in result.draft.attachments] == truth["attachments"]
    if "recipients" in truth:
        assert [r.address for r in result.draft.recipients] == truth["recipients"]
