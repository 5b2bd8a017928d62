"""Whose data is it: the policy's own_contacts (strict), and whole messages whose numbers are
the office's, a quoted author's, or a resident's."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import eml
from mailguard import check
from mailguard.errors import PolicyError
from mailguard.policy import Policy


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({"phones": ["123"]}, "not a Japanese phone number"),
        ({"phones": "03-5555-0100"}, "must be a list of non-empty strings"),
        ({"addresses": ["東京都えがお市本町1-2-3"]}, "needs a postal code"),
        ({"accounts": ["12"]}, "not an account number"),
        ({"emails": ["a@example.jp"]}, "unknown key"),
    ],
)
def test_own_contacts_are_validated_strictly(section: dict[str, Any], problem: str) -> None:
    with pytest.raises(PolicyError, match=problem):
        Policy.from_mapping({"own_contacts": section}, source="city.yaml")


_FLYER = """\
From: shogai@example-city.lg.jp
To: hanako.yamada@gmail.com
Subject: 申込書の送付先

申込書は下記へお送りください。
〒100-0005 東京都えがお市本町1-2-3
振込先 普通 7654321
お問い合わせ 03-5555-0100
"""


def test_own_contacts_from_the_policy_are_not_personal_data() -> None:
    plain = check(eml(_FLYER), Policy.default(), source="flyer")
    assert {"MG403", "MG405"} <= {f.rule for f in plain.findings}
    own = Policy.from_mapping(
        {
            "own_contacts": {
                "phones": ["+81 3-5555-0100"],
                "addresses": ["〒100-0005 東京都えがお市本町1-2-3 本庁舎"],
                "accounts": ["普通 7654321"],
            }
        },
        source="city.yaml",
    )
    result = check(eml(_FLYER), own, source="flyer")
    assert result.verdict.label == "pass", [f.rule for f in result.findings]


def test_a_partner_companys_quoted_signature_is_published_not_personal() -> None:
    message = """\
From: keiyaku@example-city.lg.jp
To: staff@other-vendor-example.co.jp
Subject: Fwd: 見積

参考までに転送します。

-------- 転送メッセージ --------
件名: 見積
差出人: 森 健一 <mori@sample-corp-example.co.jp>
宛先: keiyaku@example-city.lg.jp

見積書をお送りします。

株式会社サンプル 技術部
森 健一
携帯 080-9876-5432
〒100-0001 東京都千代田区千代田2-2-2
"""
    result = check(eml(message), Policy.default(), source="fwd")
    assert not {"MG402", "MG403"} & {f.rule for f in result.findings}


def test_a_resident_in_the_quoted_to_already_had_the_text() -> None:
    message = """\
From: shimin@example-city.lg.jp
To: hanako.yamada@gmail.com
Subject: Re: 日程

承知しました。

差出人: 市民課 <shimin@example-city.lg.jp>
送信日時: 2026年11月30日 10:15
宛先: 山田 花子 <hanako.yamada@gmail.com>
件名: 日程

山田様のご自宅 03-3581-1234 に折り返します。
"""
    result = check(eml(message), Policy.default(), source="re")
    assert "MG402" not in {f.rule for f in result.findings}
    other = message.replace("To: hanako.yamada@gmail.com", "To: taro.suzuki@gmail.com")
    assert "MG402" in {f.rule for f in check(eml(other), Policy.default(), source="re").findings}


def test_findings_still_show_masked_values_only() -> None:
    message = _FLYER.replace("お問い合わせ 03-5555-0100", "申請者 山田 携帯 090-1234-5678")
    result = check(eml(message), Policy.default(), source="flyer")
    text = " ".join(f.message.en + f.message.ja for f in result.findings)
    assert "MG402" in {f.rule for f in result.findings}
    assert "1234-5678" not in text and "7654321" not in text and "0005" not in text


_ADDRESS_WITHOUT_CODE = """\
From: shimin@example-city.lg.jp
To: hanako.yamada@gmail.com
Subject: Re: 証明書

山田様

証明書は、えがお市本町{house}でお受け取りいただけます。

えがお市 市民課
〒100-0005 東京都えがお市本町1-2-3
TEL 03-5555-0131
"""


def test_the_signatures_address_is_known_by_town_and_house_number_without_its_postal_code() -> None:
    same = check(eml(_ADDRESS_WITHOUT_CODE.format(house="1丁目2番3号")), Policy.default(), source="same")
    assert "MG403" not in {f.rule for f in same.findings}
    other = check(eml(_ADDRESS_WITHOUT_CODE.format(house="1丁目2番4号")), Policy.default(), source="other")
    assert "MG403" in {f.rule for f in other.findings}


def test_an_own_address_from_the_policy_is_known_without_its_postal_code() -> None:
    text = _ADDRESS_WITHOUT_CODE.format(house="1-2-3").split("\n\nえがお市 市民課")[0] + "\n"
    assert "MG403" in {f.rule for f in check(eml(text), Policy.default(), source="bare").findings}
    own = Policy.from_mapping(
        {"own_contacts": {"addresses": ["〒100-0005 東京都えがお市本町1-2-3"]}}, source="city.yaml"
    )
    assert "MG403" not in {f.rule for f in check(eml(text), own, source="own").findings}
