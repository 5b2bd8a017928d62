"""Names as the addressee and ownership rules compare them (``mailguard.content.names``)."""

from __future__ import annotations

import unicodedata

import pytest

from mailguard.content import names
from mailguard.content.names import (
    MUNICIPAL_HEADS,
    UNIT_HEADS,
    is_role,
    is_title,
    looks_like_company_name,
    name_key,
    separate_roles,
    strip_honorifics,
    strip_titles,
    surname_with_title,
    unit_of_head,
)


def test_every_head_title_ends_in_cho() -> None:
    # unit_of_head rejects a token not ending in 長 before trying the titles one by one
    assert all(title.endswith("長") for title in (*UNIT_HEADS, *MUNICIPAL_HEADS))


def test_only_these_characters_normalise_to_cho() -> None:
    # ... and before normalising it, a token holding none of the characters that become 長
    found = {chr(code) for code in range(0x110000) if "長" in unicodedata.normalize("NFKC", chr(code))}
    assert found == set(names._CHO)


def test_a_kanji_ends_a_token_as_it_ends_its_folded_form() -> None:
    # is_title answers from a token's last kanji alone when no title ends with it
    for code in range(0x4E00, 0xA000):
        kanji = chr(code)
        assert unicodedata.normalize("NFKC", kanji) == kanji == kanji.casefold() == kanji.strip().rstrip(".")
    # nor does it compose with what stands before it: no canonical pair ends with a kanji
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        assert not (len(parts) == 2 and not parts[0].startswith("<") and 0x4E00 <= int(parts[1], 16) < 0xA000)


def test_is_role_answers_from_a_last_kanji_as_from_the_normalised_token() -> None:
    # is_role returns early for a token ending in a kanji that ends no role word
    for code in range(0x4E00, 0xA000):
        for prefix in ("", "経理担", "ご担当の", "\uff76"):
            token = prefix + chr(code)
            assert is_role(token) == unicodedata.normalize("NFKC", token).strip().endswith(names.ROLE_ENDINGS)


def test_every_role_joined_to_a_surname_holds_no() -> None:
    # separate_roles skips the substitution when the text holds no の: every branch has one
    branches = names._ROLE_JOINED.pattern.split(")(?=")[0].lstrip("(").split("|")
    assert branches == ["担当者?の", "責任者の"] and all(branch.endswith("の") for branch in branches)
    for text in ("ご担当の三浦", "経理担当の池田", "責任者の 森", "担当者三浦", "鈴木 一郎", "の", ""):
        assert separate_roles(text) == names._ROLE_JOINED.sub(r"\1 ", text)


@pytest.mark.parametrize(
    ("token", "unit"),
    [
        ("総務課長", "総務課"),
        ("企画部長", "企画部"),
        ("情報システム部長", "情報システム部"),
        ("西小学校長", "西小学校"),
        ("市長", ""),
        ("森課長", ""),
        ("村上部長", ""),  # a surname and a title: the title's 部 does not make 村上部 a department
        ("森", ""),
    ],
)
def test_unit_of_head(token: str, unit: str) -> None:
    assert unit_of_head(token) == unit


@pytest.mark.parametrize(
    ("tokens", "name"),
    [
        (["課長", "森", "健一"], ["森", "健一"]),
        (["森", "健一", "部長"], ["森", "健一"]),
        (["森課長"], ["森"]),
        (["Dr.", "Lee"], ["Lee"]),
        (["Tanaka-san"], ["Tanaka"]),
        (["田中", "一郎"], ["田中", "一郎"]),
        (["常務理事", "加藤", "舞"], ["加藤", "舞"]),  # representatives' titles
        (["代表社員", "藤井"], ["藤井"]),
        (["監事", "中村"], ["中村"]),
        (["経理担当", "池田"], ["池田"]),  # role words
        (["経理ご担当", "吉田"], ["吉田"]),
        (["ご担当の", "三浦"], ["三浦"]),
    ],
)
def test_strip_titles(tokens: list[str], name: list[str]) -> None:
    assert strip_titles(tokens) == name


def test_honorifics_and_keys() -> None:
    assert strip_honorifics("田中 一郎 様") == "田中 一郎"
    assert strip_honorifics("総務課 御中") == "総務課"
    assert strip_honorifics("田中") == "田中"
    assert name_key("田中 一郎 様").tokens == ("田中", "一郎")
    assert name_key("タナカ 様").tokens == name_key("たなか").tokens  # katakana folds to hiragana
    assert name_key("森課長").tokens == name_key("森 様").tokens


def test_fold_in_one_pass_equals_variants_then_katakana() -> None:
    """fold() uses one table for old kanji forms and katakana: equal to applying the two in
    turn for every character either touches (no variant yields katakana, no katakana is a
    variant)."""
    from mailguard.content import names

    touched = [chr(c) for c in names._VARIANTS] + list(names._KATAKANA)
    text = "".join(touched) + " 髙橋 タナカ イチロウ"
    two_steps = "".join(
        names._KATAKANA.get(ch, ch) for ch in unicodedata.normalize("NFKC", text).casefold().translate(names._VARIANTS)
    )
    assert names.fold(text) == two_steps
    assert names.fold("タナカ　髙橋") == "たなか 高橋"


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("経理担当", True),
        ("事務担当", True),
        ("経理ご担当", True),
        ("ご担当の", True),
        ("担当者の", True),
        ("会計責任者", True),
        ("担当課", False),  # a unit: 担当課 御中
        ("池田", False),
        ("担", False),
    ],
)
def test_role_words(word: str, role: bool) -> None:
    assert is_role(word) is role


def test_a_role_glued_to_the_surname_by_no_is_split_off() -> None:
    assert separate_roles("総務部 ご担当の三浦") == "総務部 ご担当の 三浦"
    assert separate_roles("経理担当者の池田") == "経理担当者の 池田"
    assert separate_roles("ご担当の") == "ご担当の"  # nothing after it: nothing to split
    assert name_key("ご担当の三浦様").tokens == ("三浦",)


@pytest.mark.parametrize(
    "title", ["常務理事", "専務理事", "代表理事", "業務執行理事", "理事", "監事", "評議員", "代表社員"]
)
def test_representatives_titles_are_titles(title: str) -> None:
    assert is_title(title)


@pytest.mark.parametrize(
    ("word", "company"),
    [
        ("みらい印刷", True),  # a line of business
        ("はるかぜ企画", True),
        ("山田建設", True),
        ("東和システム", True),
        ("みらいネット", True),
        ("ジャネット", False),  # all katakana: a given name may end so (told by where it stands)
        ("ABC商事", True),  # Latin letters with Japanese
        ("ひかり福祉会", True),  # kana, then a word of kanji
        ("田中", False),
        ("長谷川", False),
        ("一ノ瀬", False),  # ノ joins kanji in a family name
        ("八ヶ代", False),
        ("ゆり子", False),  # a given name: one kanji after the kana
        ("ご担当", False),  # ご is an honorific prefix
        ("Tanaka", False),
    ],
)
def test_a_company_without_its_legal_form(word: str, company: bool) -> None:
    assert looks_like_company_name(word) is company


@pytest.mark.parametrize(
    ("token", "surname"),
    [
        ("松本課長", "松本"),
        ("加藤理事", "加藤"),
        ("森課長", "森"),
        ("総務課長", ""),  # a post: the head of 総務課
        ("西小学校長", ""),
        ("副市長", ""),  # a title alone
        ("校長先生", ""),  # a title and an honorific
        ("経理担当", ""),
        ("松本", ""),
    ],
)
def test_surname_with_title(token: str, surname: str) -> None:
    assert surname_with_title(token) == surname
