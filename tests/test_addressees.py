"""Salutations and addressees: who a message is written to, and the bound on the work.

The bound is proven by counting what the patterns are given (steps), never by the clock:
every pattern in ``mailguard.content.addressees`` is wrapped, and a hostile first line of
any length hands them the same bounded amount of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import eml
from mailguard import check
from mailguard.content import addressees as module
from mailguard.content.addressees import AddresseeKind, addressees, parse_salutation, subject_addressees
from mailguard.content.names import name_key
from mailguard.policy import Policy


def _people(line: str) -> list[tuple[str, str]]:
    found = parse_salutation(line, "test") or []
    return [(a.kind.value, a.name or a.organisation) for a in found]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("山田様、中川様", [("person", "山田"), ("person", "中川")]),
        ("山田様・中川様", [("person", "山田"), ("person", "中川")]),
        ("山田 太郎 様 、 中川 花子 様", [("person", "山田 太郎"), ("person", "中川 花子")]),
        ("課長 森 健一 様", [("person", "森 健一")]),
        ("株式会社サンプル 営業部 部長 田中一郎 様", [("person", "田中一郎")]),
        ("田中先生", [("person", "田中")]),
        ("殿村様", [("person", "殿村")]),
        ("田中様、いつもお世話になっております。", [("person", "田中")]),
        ("東小学校 御中", [("organisation", "東小学校")]),
        ("西小学校長 様", [("organisation", "西小学校")]),
        ("総務課長様", [("organisation", "総務課")]),
        ("各区保健センター所長 様", [("collective", "各区保健センター所長様")]),
        ("関係者各位", [("collective", "関係者各位")]),
        ("保護者の皆様", [("collective", "保護者の皆様")]),
        ("ご担当者様", [("collective", "ご担当者様")]),
        ("御中", [("collective", "御中")]),
        ("Dear Mr Lee, Ms Brown,", [("person", "Mr Lee"), ("person", "Ms Brown")]),
        ("Dear Mr. and Mrs. Smith,", [("person", "Mrs. Smith")]),
        ("Hi Alice, thanks for the update.", [("person", "Alice")]),
        ("Dear all,", [("collective", "all")]),
        ("To whom it may concern:", [("collective", "To whom it may concern:")]),
        ("市民課、税務課 御中", [("organisation", "市民課"), ("organisation", "税務課")]),
        (
            "子育て支援課、高齢福祉課 ご担当者様",
            [("organisation", "子育て支援課"), ("organisation", "高齢福祉課")],
        ),
        ("鈴木部長、小林様", [("person", "鈴木"), ("person", "小林")]),
        ("（cc：森課長、田中様）", [("person", "森"), ("person", "田中")]),
        ("田中、山田様", [("person", "田中、山田")]),  # no title closes 田中: one piece, judged as written
        ("田中様から頂いた件ですが、", []),
        ("Hiroshi will attend.", []),
        # role words before the surname: what the person does, not their name
        ("経理担当 池田様", [("person", "池田")]),
        ("総務部 ご担当の三浦様", [("person", "三浦")]),
        ("事務担当者 伊藤様", [("person", "伊藤")]),
        ("経理担当 様", [("collective", "経理担当様")]),  # whoever holds the role, as ご担当者様
        # representatives' titles before the name
        ("常務理事 加藤 舞 様", [("person", "加藤 舞")]),
        ("代表社員 藤井様", [("person", "藤井")]),
        ("業務執行理事 山田 太郎 様", [("person", "山田 太郎")]),
        # a company without its legal form, then the surname, on one line
        ("はるかぜ企画 藤井様", [("person", "藤井")]),
        ("みらい印刷 吉田 康弘 様", [("person", "吉田 康弘")]),
        ("ケアサポート 三浦様", [("person", "三浦")]),  # a katakana word before a kanji surname
        ("ジョン スミス様", [("person", "ジョン スミス")]),
        ("田中 さくら 様", [("person", "田中 さくら")]),  # a given name in kana is still the name
        # a post at every recipient's organisation: a circular
        ("市内介護サービス事業所 管理者 様", [("collective", "市内介護サービス事業所 管理者様")]),
        ("関係機関 御中", [("collective", "関係機関御中")]),
        ("町内会 会長様", [("organisation", "町内会")]),  # one neighbourhood association
        # a name with 様 and a bracket inside a sentence is no salutation
        ("昨日訪問した田中様（本町二丁目）の記録を確認しました", []),
        ("山田様（市民課）、いつもお世話になっております。", [("person", "山田")]),
        # a surname closed by its title under its unit, as by an honorific
        ("システム開発部 松本課長", [("person", "松本")]),
        ("町会長", []),
    ],
)
def test_salutation_lines(line: str, expected: list[tuple[str, str]]) -> None:
    assert _people(line) == expected


def test_titles_are_not_part_of_the_name() -> None:
    assert name_key("課長 森 健一 様") == name_key("森 健一 部長") == name_key("森 健一")
    assert name_key("森課長").tokens == ("森",)
    assert name_key("Dr. Tanaka") == name_key("Tanaka-san") == name_key("Mr Tanaka")


def test_old_kanji_forms_and_given_names_compare() -> None:
    from mailguard.content.names import names_match

    assert name_key("髙橋 一郎") == name_key("高橋 一郎")
    assert names_match(name_key("齋藤"), name_key("斎藤 健"))
    assert names_match(name_key("花子"), name_key("山田花子"))
    assert not names_match(name_key("中田"), name_key("田中一郎"))


def test_block_of_company_department_title_and_person() -> None:
    found = addressees("ご案内", "株式会社サンプル\n営業部 部長\n田中 一郎 様\n\nいつもお世話になっております。")
    assert [(a.kind, a.name, a.organisation) for a in found] == [
        (AddresseeKind.PERSON, "田中 一郎", "株式会社サンプル 営業部")
    ]


def _block(text: str) -> list[tuple[str, str, str]]:
    return [(a.kind.value, a.name, a.organisation) for a in addressees("件名", text)]


def test_a_ditto_line_repeats_the_organisation_above() -> None:
    """同 (同社) is the company of the addressee above, 同課 (同部) its unit: never a name."""
    assert _block("東和システム株式会社\nシステム開発部 松本課長\n同 品質保証課 山下様\n\n本文") == [
        ("person", "松本", "東和システム株式会社 システム開発部"),
        ("person", "山下", "東和システム株式会社 品質保証課"),
    ]
    assert _block("株式会社サンプル\n営業部 田中様\n同課 鈴木様\n同社 総務部 山田様\n\n本文") == [
        ("person", "田中", "株式会社サンプル 営業部"),
        ("person", "鈴木", "株式会社サンプル 営業部"),
        ("person", "山田", "株式会社サンプル 総務部"),
    ]
    assert _block("同 山下様\n\n本文") == [("person", "山下", "")]  # nothing above: the mark alone is dropped


def test_a_post_under_an_area_qualified_organisation_is_a_circular() -> None:
    assert _block("市内介護サービス事業所\n管理者 様\n\n本文") == [("collective", "市内介護サービス事業所様", "")]


def test_a_sentence_after_the_salutation_is_not_a_second_addressee() -> None:
    assert _block("山田 花子 様\n昨日訪問した田中様（本町二丁目）の記録をお送りします。\n") == [
        ("person", "山田 花子", "")
    ]


def test_a_person_under_a_company_keeps_the_company() -> None:
    assert _block("株式会社みらい印刷\n経理ご担当 吉田様\n\n本文") == [("person", "吉田", "株式会社みらい印刷")]
    assert _block("はるかぜ企画 藤井様\n\n本文") == [("person", "藤井", "はるかぜ企画")]


def test_subject_names() -> None:
    def names(subject: str) -> list[str]:
        return [a.name or a.organisation for a in subject_addressees(subject)]

    assert names("【田中 一郎様】紹介状") == ["田中 一郎"]
    assert names("紹介状 田中様") == ["田中"]  # a spaced noun is not taken for a given name
    assert names("Re: 山田様・中川様 日程") == ["山田", "中川"]
    assert names("東小学校御中 名簿") == ["東小学校"]
    assert names("【各位】お知らせ") == []


# -- whole messages ----------------------------------------------------------------------


def _verdict(text: str) -> tuple[str, set[tuple[str, str]]]:
    result = check(eml(text), Policy.from_mapping({}, source="test"), source="test")
    assert result.error is None
    return result.verdict.label, {(f.rule, f.severity.label) for f in result.findings}


def test_several_recipients_each_greeted_pass() -> None:
    verdict, found = _verdict(
        "From: k.mori@example-city.lg.jp\nTo: 山田 花子 <h@example.jp>, 中川 次郎 <j@example.jp>\n"
        "Subject: 打合せ\n\n山田様、中川様\n\nお世話になっております。\n"
    )
    assert verdict == "pass" and not any(rule == "MG201" for rule, _ in found)


def test_romaji_display_and_kanji_salutation_is_never_more_than_a_confirm() -> None:
    verdict, found = _verdict(
        "From: shimin@example-city.lg.jp\nTo: Ichiro Suzuki <i.suzuki@example.jp>\nSubject: 回答\n\n"
        "田中 一郎 様\n\nお問い合わせの件です。\n"
    )
    assert verdict in ("pass", "confirm") and ("MG201", "block") not in found


# -- bounded work ------------------------------------------------------------------------


class _Counting:
    """A compiled pattern that records how much text each call is given."""

    def __init__(self, pattern: re.Pattern[str], seen: list[int]) -> None:
        self._pattern = pattern
        self._seen = seen

    def _record(self, text: str) -> None:
        self._seen.append(len(text))

    def match(self, text: str, *args: Any) -> Any:
        self._record(text)
        return self._pattern.match(text, *args)

    def fullmatch(self, text: str, *args: Any) -> Any:
        self._record(text)
        return self._pattern.fullmatch(text, *args)

    def search(self, text: str, *args: Any) -> Any:
        self._record(text)
        return self._pattern.search(text, *args)

    def finditer(self, text: str, *args: Any) -> Iterator[re.Match[str]]:
        self._record(text)
        return self._pattern.finditer(text, *args)

    def split(self, text: str, *args: Any) -> list[str]:
        self._record(text)
        return self._pattern.split(text, *args)

    def sub(self, repl: Any, text: str, *args: Any) -> str:
        self._record(text)
        return self._pattern.sub(repl, text, *args)


def _work(body: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    patterns = {name: value for name, value in vars(module).items() if isinstance(value, re.Pattern)}
    assert len(patterns) >= 8, "every pattern of the module is module-level, so it can be counted"
    for name, pattern in patterns.items():
        monkeypatch.setattr(module, name, _Counting(pattern, seen))
    addressees("件名", body)
    monkeypatch.undo()
    return seen


@pytest.mark.parametrize(
    "hostile",
    [
        lambda n: "Dear" + " " * n + "!x",  # issue 16: cubic in the padding before the fix
        lambda n: "田中" + "\u3000" * n + "様",
        lambda n: "様、" * n,
        lambda n: "On " + "x" * n,
        lambda n: ("株式会社" + " " * 3) * n,
        lambda n: "同 " * n + "山下様",  # ditto marks
        lambda n: "ご担当の" * n + "三浦様",  # roles glued to what follows
        lambda n: "経理担当 " * n + "池田様",
    ],
)
def test_hostile_first_lines_hand_the_patterns_bounded_text(hostile: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _work(hostile(1_000) + "\n本文\n", monkeypatch)
    large = _work(hostile(100_000) + "\n本文\n", monkeypatch)
    assert max(large) <= module.LINE_WINDOW + 1, "a pattern was given the whole line"
    assert sum(large) <= sum(small) + module.LINE_WINDOW, "work grew with the size of the line"


def test_many_hostile_lines_are_read_only_at_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "Dear" + " " * 150 + "!x\n"
    few = sum(_work(line * 100, monkeypatch))
    many = sum(_work(line * 100_000, monkeypatch))
    assert many == few


def test_hostile_salutation_gives_its_verdict() -> None:
    verdict, _ = _verdict(
        "From: k.mori@example-city.lg.jp\nTo: jiro@example.jp\nSubject: x\n\nDear" + " " * 20_000 + "!x\n"
    )
    assert verdict == "pass"


def test_a_person_of_another_incorporated_company_is_not_the_recipient() -> None:
    from mailguard.content.identities import works_elsewhere

    assert works_elsewhere("株式会社みらい印刷", ["株式会社ケアサポート"])
    assert not works_elsewhere("株式会社みらい印刷 経理部", ["株式会社みらい印刷"])  # a unit of it
    assert not works_elsewhere("株式会社みらい印刷", ["みらい印刷"])  # the legal form left out
    assert not works_elsewhere("株式会社みらい印刷", [])  # nothing known is no evidence
    assert not works_elsewhere("みらい印刷", ["株式会社ケアサポート"])  # written too loosely to tell
    assert not works_elsewhere("高齢福祉課", ["えがお市 福祉部"])
