"""The personal-data detectors' hints (``content.personal``) are exact prefilters: a text a
hint does not find holds no match of the case-insensitive pattern it guards."""

from __future__ import annotations

import re
import string

import pytest

from mailguard.content import personal

ALL_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize("letter", string.ascii_lowercase)
def test_a_letter_stands_for_every_character_ignorecase_takes(letter: str) -> None:
    taken = set(re.compile(letter, re.IGNORECASE).findall(ALL_CHARACTERS))
    assert taken == set(personal.any_case(letter).replace("|", ""))


def test_the_other_characters_of_the_hints_have_no_other_case() -> None:
    hints = [value for value in vars(personal).values() if isinstance(value, re.Pattern) and value.pattern]
    used = {c for h in hints if h.pattern in _HINT_SOURCES for c in h.pattern if not c.isascii()}
    used -= {c for forms in personal._FOLDS.values() for c in forms}
    assert len(used) > 20
    either = re.compile("[" + "".join(sorted(used)) + "]", re.IGNORECASE)
    assert set(either.findall(ALL_CHARACTERS)) == used


_HINT_SOURCES = {
    p.pattern
    for p in (
        personal._MY_NUMBER_HINT,
        personal._BIRTH_HINT,
        personal._ACCOUNT_HINT,
        personal._PASSPORT_HINT,
        personal._LICENCE_HINT,
        personal._HEALTH_HINT,
    )
}


@pytest.mark.parametrize(
    ("detector", "text"),
    [
        (personal.my_numbers, "MY NUMBER: 1234 5678 9018"),
        (personal.my_numbers, "Individual\u0130 x ındividual number 1234 5678 9018"),
        (personal.dates_of_birth, "D.O.B 1985/4/1"),
        (personal.dates_of_birth, "DoB: 1985/4/1"),
        (personal.dates_of_birth, "生まれ 1985年4月1日"),
        (personal.bank_accounts, "ACCOUNT NO. 1234567"),
        (personal.bank_accounts, "ゆうちょ 12345-1234567"),
        (personal.identity_documents, "PAS\u017fPORT No. TK1234567"),
        (personal.identity_documents, "DRIVER'S LICENCE 123456789012"),
        (personal.health_terms, "DIAGNO\u017fIS and Medical  History"),
        (personal.health_terms, "病名 妊娠"),
        (personal.postal_addresses, "〒1000001 千代田区"),
    ],
)
def test_what_the_hints_let_through_is_still_found(detector, text: str) -> None:  # type: ignore[no-untyped-def]
    assert detector(text)


def test_a_hint_in_any_case_finds_its_word() -> None:
    pattern = re.compile(personal.any_case("passport"))
    assert pattern.search("PaSsPoRt") and pattern.search("pa\u017f\u017fport") and not pattern.search("passpor")
