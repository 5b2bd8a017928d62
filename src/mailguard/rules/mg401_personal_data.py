"""MG401-MG409: personal-data detectors, each with its own id, validation and tests."""

from __future__ import annotations

from types import MappingProxyType

from mailguard.content import personal
from mailguard.content.personal import Hit, normalise
from mailguard.findings import Text
from mailguard.rules import Context
from mailguard.rules._personal_data import PersonalDataRule, rule_docs


class MyNumber(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds Japanese Individual Numbers (My Number): 12 digits whose check digit is valid "
        "*and* that stand near a label (個人番号, マイナンバー, My Number). About 1 in 11 random "
        "12-digit numbers pass the check digit, so an unlabelled order number is not reported.",
        "The Individual Number is specific personal information under the My Number Act; it must "
        "not leave the office by ordinary mail (#10, #15, #20).",
        "個人番号：1234 5678 9018",
        "個人番号は別途、所定の方法でお送りします。",
        "#10, #15, #20",
    )
    id = "MG401"
    name = "my-number"
    incidents = (10, 15, 20)
    summary = Text(en="Individual Number (My Number) in the message", ja="個人番号 (マイナンバー) が含まれている")
    kind = Text(en="Individual Number (My Number)", ja="個人番号 (マイナンバー)")
    detect = staticmethod(personal.my_numbers)


class PhoneNumber(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds Japanese phone numbers: mobile and IP numbers (070/080/090/050, 11 digits) and "
        "landlines written with separators (03-1234-5678). Toll-free and business prefixes "
        "(0120, 0800, 0570) are not personal; list your own office numbers in `ignore`.",
        "A citizen's or patient's phone number is personal data; sent to the wrong place it exposes them (#10, #15).",
        "連絡先：090-1234-5678 (山田様)",
        "連絡先は窓口でご確認ください。",
        "#10, #15",
        'rules:\n      MG402: {ignore: ["03-1234-5678"]}',
    )
    id = "MG402"
    name = "phone-number"
    incidents = (10, 15)
    summary = Text(en="Personal phone number in the message", ja="個人の電話番号が含まれている")
    kind = Text(en="Phone number", ja="電話番号")
    detect = staticmethod(personal.phone_numbers)
    options = MappingProxyType({"ignore": []})

    def hits(self, text: str, ctx: Context) -> list[Hit]:
        ignored = {personal.digits_of(normalise(n)) for n in self.option(ctx, "ignore")}
        return [h for h in personal.phone_numbers(text) if h.raw not in ignored]


class PostalAddress(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds postal codes followed by an address (〒100-0001 東京都千代田区…, 100-0001 千代田区…). "
        "A bare 7-digit number is not reported.",
        "A home address identifies a person; residents' data faxed to the wrong business is incident #15.",
        "〒123-4567 東京都千代田区千代田1-1 山田 太郎",
        "(no home address in the mail; refer to the case number)",
        "#10, #15",
    )
    id = "MG403"
    name = "postal-address"
    incidents = (10, 15)
    summary = Text(en="Postal address in the message", ja="住所 (郵便番号付き) が含まれている")
    kind = Text(en="Postal address", ja="住所")
    detect = staticmethod(personal.postal_addresses)


class DateOfBirth(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds dates of birth: a date (西暦, 和暦 昭和/平成/令和, or d/m/y) next to a label "
        "(生年月日, 誕生日, Date of birth, DOB). Other dates are not reported.",
        "With a name, a date of birth identifies a person and is a common key for fraud (#10, #15).",
        "生年月日：1985年4月1日",
        "(no date of birth; use the case number)",
        "#10, #15",
    )
    id = "MG404"
    name = "date-of-birth"
    incidents = (10, 15)
    summary = Text(en="Date of birth in the message", ja="生年月日が含まれている")
    kind = Text(en="Date of birth", ja="生年月日")
    detect = staticmethod(personal.dates_of_birth)


class BankAccount(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds bank account numbers: 7 digits after 口座番号, 普通, 当座 or 'account number'.",
        "Account numbers of citizens (benefits, refunds) are personal data (#10, #15).",
        "振込先：普通 1234567",
        "(send the account details through the benefits system)",
        "#10, #15",
    )
    id = "MG405"
    name = "bank-account"
    incidents = (10, 15)
    summary = Text(en="Bank account number in the message", ja="口座番号が含まれている")
    kind = Text(en="Bank account number", ja="口座番号")
    detect = staticmethod(personal.bank_accounts)


class CreditCard(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds payment card numbers: 13-19 digits (spaces or hyphens allowed) with a card "
        "prefix and a valid Luhn check digit. A 16-digit number failing Luhn is not reported.",
        "Card numbers must never travel by e-mail (#10, #15).",
        "カード番号 4111 1111 1111 1111",
        "(take card payments only through the payment system)",
        "#10, #15",
    )
    id = "MG406"
    name = "credit-card"
    incidents = (10, 15)
    summary = Text(en="Payment card number in the message", ja="クレジットカード番号が含まれている")
    kind = Text(en="Payment card number", ja="クレジットカード番号")
    detect = staticmethod(personal.credit_cards)


class IdentityDocument(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds passport numbers (two letters and seven digits after 旅券番号/パスポート/passport) "
        "and driver's licence numbers (12 digits after 免許証番号/運転免許証/driver's licence).",
        "Identity document numbers enable impersonation (#10, #15).",
        "旅券番号：TK1234567",
        "(check identity documents at the counter)",
        "#10, #15",
    )
    id = "MG407"
    name = "identity-document-number"
    incidents = (10, 15)
    summary = Text(en="Passport or driver's licence number in the message", ja="旅券・運転免許証の番号が含まれている")
    kind = Text(en="Identity document number", ja="旅券・免許証番号")
    detect = staticmethod(personal.identity_documents)


class HealthRecord(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds health-record content: two or more distinct words such as 病名, 診断, 検査結果, "
        "処方, 既往歴, カルテ, 入院, diagnosis, test results. One word alone is not reported.",
        "Health data is special-care personal information (要配慮個人情報): another patient's "
        "results handed over (#11, #12), information for patient A sent to B (#18).",
        "病名：糖尿病 / 処方：インスリン",
        "(send results through the patient portal)",
        "#11, #12, #15, #18",
    )
    id = "MG408"
    name = "health-record"
    incidents = (11, 12, 15, 18)
    summary = Text(en="Health-record content in the message", ja="病歴・検査結果などの医療情報が含まれている")
    kind = Text(en="Health-record content", ja="医療情報")
    detect = staticmethod(personal.health_terms)
    needs_digits = False


class Roster(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds lists of many people in attachments (CSV, XLSX, text): ten or more rows with an "
        "e-mail address or phone number, or a header naming personal columns (氏名, 住所, 電話, "
        "メール, 生年月日, name, address, phone) over five or more rows.",
        "A roster sent to the wrong place exposes everyone on it at once (#4, #6, #16); "
        "unencrypted, it is exposed wherever the file travels (#20).",
        "名簿.csv: 氏名,住所,電話 (120 rows)",
        "名簿.zip (encrypted), password sent separately; or a link with access control",
        "#4, #6, #16, #20",
    )
    id = "MG409"
    name = "roster"
    incidents = (4, 6, 16, 20)
    summary = Text(en="A list of many people is attached", ja="多数の人の名簿が添付されている")
    kind = Text(en="List of people", ja="名簿")
    detect = staticmethod(personal.rosters)
    attachments_only = True
    needs_digits = False
