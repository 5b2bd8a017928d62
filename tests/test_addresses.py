"""Address headers as people type them: every slip is read as meant (one recipient each, no
phantom party) and MG106 shows the addresses as read; headers written correctly are untouched.
"""

from __future__ import annotations

import pytest

from conftest import eml
from mailguard import check
from mailguard.mask import mask_address
from mailguard.policy import Policy
from mailguard.readers import read_bytes
from mailguard.readers.addresses import repair_header

SENDER = "From: k.mori@sample-town.lg.jp\n"


def read(to: str, encoding: str = "utf-8") -> tuple[list[str], list[str]]:
    """(recipients as read, MG106 messages) for a draft with ``To: to``."""
    data = f"{SENDER}To: {to}\nSubject: x\n\nbody\n".replace("\n", "\r\n").encode(encoding)
    draft = read_bytes(data, "t.eml")
    result = check(data, Policy.default(), source="t.eml")
    return [r.address for r in draft.recipients], [f.message.en for f in result.findings if f.rule == "MG106"]


SLIPS = [
    (
        "Japanese comma",
        "a@x-example.co.jp、b@y-example.co.jp、c@z-example.co.jp",
        ["a@x-example.co.jp", "b@y-example.co.jp", "c@z-example.co.jp"],
        "the Japanese comma 、 between addresses",
    ),
    (
        "full-width comma",
        "a@x-example.co.jp，b@y-example.co.jp",
        ["a@x-example.co.jp", "b@y-example.co.jp"],
        "the full-width comma ， between addresses",
    ),
    (
        "full-width semicolon",
        "a@x-example.co.jp；b@y-example.co.jp",
        ["a@x-example.co.jp", "b@y-example.co.jp"],
        "a semicolon between addresses",
    ),
    (
        "semicolon",
        "a@x-example.co.jp; b@y-example.co.jp",
        ["a@x-example.co.jp", "b@y-example.co.jp"],
        "a semicolon between addresses",
    ),
    (
        "full-width space",
        "a@x-example.co.jp\u3000b@y-example.co.jp",
        ["a@x-example.co.jp", "b@y-example.co.jp"],
        "a full-width space between addresses",
    ),
    (
        "missing comma",
        "a@x-example.co.jp b@y-example.co.jp",
        ["a@x-example.co.jp", "b@y-example.co.jp"],
        "no comma between two addresses",
    ),
    (
        "missing comma between named mailboxes",
        "田中 <a@x-example.co.jp> 鈴木 <b@y-example.co.jp>",
        ["a@x-example.co.jp", "b@y-example.co.jp"],
        "no comma between two addresses",
    ),
    ("comma in the domain", "sato@sample-town,lg.jp", ["sato@sample-town.lg.jp"], "a comma typed for a dot"),
    ("full-width dot in the domain", "sato@sample-town．lg.jp", ["sato@sample-town.lg.jp"], "full-width characters"),
    ("full-width at sign", "sato＠sample-town.lg.jp", ["sato@sample-town.lg.jp"], "full-width characters"),
    ("trailing dot", "sato@sample-town.lg.jp.", ["sato@sample-town.lg.jp"], "a dot at the end"),
    (
        "name glued to the address",
        "田中太郎tanaka@x-example.co.jp",
        ["tanaka@x-example.co.jp"],
        "a name written without < >",
    ),
    (
        "name before a bare address",
        "Tanaka Taro tanaka@x-example.co.jp",
        ["tanaka@x-example.co.jp"],
        "a name written without < >",
    ),
    (
        "unquoted @ in the display name",
        "営業@本社 <sato@x-example.co.jp>",
        ["sato@x-example.co.jp"],
        "an @ in the display name",
    ),
    (
        "the address as the display name",
        "sato@x-example.co.jp <sato@x-example.co.jp>",
        ["sato@x-example.co.jp"],
        "an @ in the display name",
    ),
]


@pytest.mark.parametrize(("what", "to", "recipients", "said"), SLIPS, ids=[s[0] for s in SLIPS])
def test_each_slip_is_read_as_meant_and_shown(what: str, to: str, recipients: list[str], said: str) -> None:
    found, messages = read(to)
    assert found == recipients
    assert len(messages) == 1 and said in messages[0], messages
    for address in recipients:  # shown masked, domain readable
        assert mask_address(address) in messages[0] and f" {address}" not in messages[0]


def test_japanese_comma_in_cp932_and_iso_2022_jp_headers() -> None:
    assert read("a@x-example.co.jp、b@y-example.co.jp", "cp932")[0] == ["a@x-example.co.jp", "b@y-example.co.jp"]
    jis = "a@x-example.co.jp" + "、".encode("iso-2022-jp").decode("ascii") + "b@y-example.co.jp"
    assert read(jis)[0] == ["a@x-example.co.jp", "b@y-example.co.jp"]


def test_a_comma_in_a_domain_invents_no_second_party() -> None:
    result = check(eml(f"{SENDER}To: sato@sample-town,lg.jp, b@gmail.com\nSubject: x\n\nbody\n"), Policy.default())
    assert [(p.kind.value, [m.address for m in p.members]) for p in result.parties] == [
        ("internal", ["sato@sample-town.lg.jp"]),
        ("person", ["b@gmail.com"]),
    ]


QUIET = [
    ("commas between addresses", "a@x-example.co.jp, b@y-example.co.jp"),
    ("a comma inside a quoted name", '"Tanaka, Taro" <t@x-example.co.jp>, 鈴木 <s@y-example.co.jp>'),
    ("an address in a comment", "t@x-example.co.jp (田中 a@b-example.co.jp)"),
    ("a quoted name with an @", '"sato@honsha" <sato@x-example.co.jp>'),
    ("group syntax", "members: a@x-example.co.jp, b@y-example.co.jp;"),
    ("undisclosed recipients", "undisclosed-recipients:;"),
    ("a comma before a whole domain's neighbour", "a@x-example.co.jp,b@y-example.co.jp"),
    ("an internationalised address", "田中@例え.jp"),
]


@pytest.mark.parametrize(("what", "to"), QUIET, ids=[q[0] for q in QUIET])
def test_headers_written_right_are_not_touched(what: str, to: str) -> None:
    assert repair_header(to) == (to, ())
    assert read(to)[1] == [] or "read as meant" not in read(to)[1][0]


def test_an_internationalised_local_part_is_not_a_glued_name() -> None:
    assert repair_header("danglüe@example.com") == ("danglüe@example.com", ())
