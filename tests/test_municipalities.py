"""Readings behind MG202, MG405 and MG203: a municipality is no person, an account is its
written holder's, an attachment promised for a later mail is not forgotten."""

from __future__ import annotations

import pytest

from mailguard.content import personal
from mailguard.content.mentions import labelled_names
from mailguard.content.municipalities import municipality
from mailguard.rules.mg203_forgotten_attachment import _promised


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("えがお市長", "えがお市"),
        ("えがお市", "えがお市"),
        ("さざなみ町長", "さざなみ町"),
        ("東京都知事", "東京都"),
        ("津市長", "津市"),
        ("港区長", "港区"),
        # surnames that end in 村, 町 or 市 stay people
        ("木村", ""),
        ("中村", ""),
        ("高市", ""),
        ("大町", ""),
        ("中村 花子", ""),
        # generic words are no municipality
        ("市町村", ""),
        ("各市長", ""),
        ("市長", ""),
        ("", ""),
    ],
)
def test_municipality(written: str, found: str) -> None:
    assert municipality(written) == found


def test_a_municipality_with_sama_is_no_labelled_name() -> None:
    names = {m.written for m in labelled_names("請求書\nえがお市長 様\n請求書_えがお市様_11月分\n中村 様\n")}
    assert names == {"中村"}


def _holders(text: str) -> list[tuple[str, bool]]:
    text = personal.normalise(text)
    return [
        (personal.account_holder(text, hit), personal.account_holder_is_business(text, hit))
        for hit in personal.bank_accounts(text)
    ]


@pytest.mark.parametrize(
    ("text", "holder", "business"),
    [
        ("振込先：普通 1234567 口座名義 カ）ケアサポート", "カ)ケアサポート", True),
        ("振込先：普通 1234567 口座名義 ｶ)ｹｱｻﾎﾟｰﾄ", "カ)ケアサポート", True),
        ("振込先：普通 1234567 口座名義 ケアサポート（カ", "ケアサポート(カ", True),
        ("当座 1234567\n口座名義：ユ）ヤマダショウテン", "ユ)ヤマダショウテン", True),
        ("口座名義：ザイ）エガオシンコウ\n普通 1234567", "ザイ)エガオシンコウ", True),
        ("普通 1234567 口座名義 社会福祉法人 さくら会", "社会福祉法人 さくら会", True),
        ("普通 1234567 口座名義 えがお市会計管理者", "えがお市会計管理者", True),
        ("普通 1234567 名義 えがお市", "えがお市", True),
        # a person's account, also under a salutation to a company or an addressee line
        ("えがお市長 様\n普通 1234567 口座名義 ヤマダ タロウ", "ヤマダ タロウ", False),
        ("普通 1234567 口座名義 中村 花子", "中村 花子", False),
        ("普通 1234567 名義 木村", "木村", False),
        ("振込先 普通 1234567", "", False),
        # the 名義 of another account on the next line is not this account's holder
        ("普通 1234567\n普通 7654321 名義 カ）ケアサポート", "", False),
    ],
)
def test_account_holder(text: str, holder: str, business: bool) -> None:
    assert _holders(text)[0] == (holder, business)


def test_a_company_holder_wins_over_a_salutation_above() -> None:
    text = "えがお市長 様\n委託料 1,386,000円\nお振込先：えがお銀行 本店 普通 5395382 口座名義 カ）ケアサポート"
    assert _holders(text) == [("カ)ケアサポート", True)]


@pytest.mark.parametrize(
    ("line", "promised"),
    [
        ("添付ファイルは後ほど別のメールでお送りします。", False),
        ("写真は明日お送りする予定です。添付資料は明日送付します。", False),
        ("添付資料は準備ができ次第、お送りします。", False),
        ("添付ファイルは追って送付いたします。", False),
        ("添付ファイルは改めてお送りします。", False),
        ("I will send the attached photos later.", False),
        ("The attachment will follow in a separate email.", False),
        ("添付いたしますので、ご確認ください。", True),
        ("明日の会議資料を添付いたします。", True),
        ("改めて資料を添付いたします。", True),
        ("Please find attached the report for later review.", True),
    ],
)
def test_an_attachment_promised_for_a_later_mail(line: str, promised: bool) -> None:
    assert (_promised(line) is not None) is promised
