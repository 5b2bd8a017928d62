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


@pytest.mark.parametrize(
    "text",
    [
        "山田さんのお宅は東京都えがお市北町2丁目8番14号です",
        "住所：えがお市南町3-11-6 コーポ南101号室",
        "ご住所：埼玉県見本町本郷二丁目8-14 グリーンハイツ203",
        "〇〇県〇〇市〇〇町3-4-5",
        "東京都千代田区千代田1-1",
        "えがお市西町十二丁目3番4号",
        "えがお市本郷123番地5",
        "TEL 03-5555-0123 FAX 03-5555-0124 えがお市東町8番14号",
    ],
)
def test_an_address_without_a_postal_code_is_found(text: str) -> None:
    found = personal.postal_addresses(text)
    assert len(found) == 1 and found[0].raw.count(":") == 1 and "*" in found[0].masked


@pytest.mark.parametrize(
    "text",
    [
        "市道12号線（北町2丁目付近）の補修",
        "北町二丁目の皆様",
        "集積所はえがお市北町2丁目8番地先です",
        "市民課資料1-2と別紙2-1",
        "町内会1-2月の予定",
        "北区保健センター資料2-1",
        "電話 03-5555-0123（えがお市役所）",
        "えがお市中町2026-12-07",
        "市の補助金は1-2万円、市で3-4か所",
        "区画整理事業3-2街区",
        "中村さんは3-4日、村上さん2-3名",
        "えがお市立第一小学校2-1組",
    ],
)
def test_a_street_a_district_or_a_number_is_no_address(text: str) -> None:
    assert personal.town_addresses(text) == []


def test_the_house_number_is_the_same_key_however_it_is_written() -> None:
    keys = {
        personal.town_addresses(text)[0].raw
        for text in (
            "えがお市北町2丁目8番14号",
            "東京都えがお市北町2-8-14",
            "えがお市北町二丁目8-14",
            "えがお市北町2丁目8-14",
        )
    }
    assert keys == {"北町:2-8-14"}


def test_the_windowed_search_finds_what_a_search_of_the_whole_text_finds() -> None:
    """The house-number hint and the window around it are exact: the same hits as the
    pattern searched from every letter (with the same filter)."""
    text = (
        "お疲れさまです。TEL 03-5555-0123 〒100-0005 東京都えがお市本町1-2-3\n"
        "山田さんのお宅はえがお市北町2丁目8番14号、鈴木さんは見本町本郷二丁目8-14です。"
        "市民課資料1-2、えがお市南町3-11-6 コーポ南101、町内会1-2月。" * 3
    )
    whole = [
        m.start("town") - 1
        for m in personal._TOWN_ADDRESS.finditer(personal.normalise(text))
        if not personal._NOT_A_TOWN.search(m.group("town"))
    ]
    assert [h.start for h in personal.town_addresses(text)] == whole
    assert len(whole) == 12


def test_words_before_the_address_that_end_in_a_municipality_letter_do_not_change_its_key() -> None:
    assert [h.raw for h in personal.town_addresses("中村の市本町1-2-3")] == ["本町:1-2-3"]
    assert [h.raw for h in personal.town_addresses("えがお市本町1丁目2番3号")] == ["本町:1-2-3"]
