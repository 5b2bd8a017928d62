"""MG401-MG409: personal-data detectors, each with its own id, validation and tests."""

from __future__ import annotations

from types import MappingProxyType

from mailguard.content import personal
from mailguard.content.ownership import PersonalView, address_key
from mailguard.content.personal import Hit, Standing, context_of, normalise
from mailguard.findings import reason
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
        "A number written without a label nearby (a bare 12-digit column in a table whose header "
        "says 番号) is not found; nor is one split across lines or written in kanji numerals. "
        "About 1 in 11 labelled 12-digit numbers that are not My Numbers pass the check digit.",
        everywhere=True,
    )
    id = "MG401"
    name = "my-number"
    incidents = (10, 15, 20)
    summary = reason("MG401.summary")
    kind = reason("MG401.kind")
    detect = staticmethod(personal.my_numbers)
    everywhere = True


class PhoneNumber(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds Japanese phone numbers about a person: mobile numbers (070/080/090) unless a "
        "business word stands next to them (会場, 窓口, 〇〇課, 株式会社, 担当, 直通, 公用携帯), and "
        "landlines and 050 numbers only when a personal label or a name with 様 does (氏名, "
        "申請者, ご自宅, 緊急連絡先, 保護者, a roster's header row), on the number's line or the "
        "two lines above it: a venue's or an office's number in an announcement is not a "
        "citizen's. Numbers may be typed with any hyphen-like character (ー － − ‐ – —), spaces, "
        "brackets (03(3581)1234, (03)3581-1234) or full-width digits. Toll-free and business "
        "prefixes (0120, 0800, 0570) are not personal. Numbers of the sender's signature are "
        "the office's, and so is every number of their block (area code and exchange).",
        "A citizen's or patient's phone number is personal data; sent to the wrong place it exposes them (#10, #15).",
        "連絡先：090-1234-5678 (山田様)",
        "連絡先は窓口でご確認ください。",
        "#10, #15",
        "A resident's landline written with no label or name beside it (a bare 03-1234-5678 "
        "line) is not reported, nor one whose number shares the office's block (a resident "
        "in the same exchange as the town hall). A person's mobile next to a business word "
        "(「会場担当 山田 090-…」) is taken for a business contact. A landline written without "
        "any separator (0312345678) is not recognised.",
        'rules:\n      MG402: {ignore: ["03-1234-5678"]}\n    own_contacts: {phones: ["03-1234-5678"]}',
    )
    id = "MG402"
    name = "phone-number"
    incidents = (10, 15)
    summary = reason("MG402.summary")
    kind = reason("MG402.kind")
    detect = staticmethod(personal.phone_numbers)
    options = MappingProxyType({"ignore": []})

    def hits(self, text: str, ctx: Context) -> list[Hit]:
        ignored = self._ignored(ctx)
        return [h for h in personal.phone_numbers(text) if h.raw not in ignored]

    def _ignored(self, ctx: Context) -> frozenset[str]:
        """The numbers the policy's ``ignore`` lists, as digits: settled once per policy."""
        found: frozenset[str] | None = ctx.policy.memo.get("MG402.ignore")
        if found is None:
            found = frozenset(personal.digits_of(normalise(n)) for n in self.option(ctx, "ignore"))
            ctx.policy.memo["MG402.ignore"] = found
        return found

    def personal(self, text: str, hit: Hit, view: PersonalView, rows: frozenset[int]) -> bool:
        if view.known_phone(hit.raw):
            return False
        standing = context_of(text, hit, rows)
        if personal.is_mobile(hit.raw):
            return standing is not Standing.BUSINESS
        return standing is Standing.PERSON


class PostalAddress(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds postal codes followed by an address (〒100-0001 東京都千代田区…, 〒1000001 千代田区…, "
        "100-0001 千代田区…), and addresses written without one: a municipality (〇〇市, 〇〇区, "
        "〇〇町, 〇〇村, 〇〇郡, after a prefecture or not), a town and a house number "
        "(えがお市北町2丁目8番14号, 東京都えがお市北町2-8-14, 見本町本郷二丁目8-14, 本郷123番地), in a "
        "sentence or after a label. Either is reported unless a business word stands next to it "
        "(会場, 所在地, 会館, 庁舎, 窓口, 株式会社, 〇〇課, 病院, センター): a venue's address in an "
        "invitation is not a citizen's. A district or a street without a house number (北町二丁目の"
        "皆様, 市道12号線（北町2丁目付近）, 8番地先) is no address; neither is a bare 7-digit "
        "number, the tail of a phone number followed by an address (TEL 03-5555-0123 東京都…), a "
        "document number after a municipality word (市民課資料1-2) or a count (町内会1-2月). The "
        "sender's signature address is the office's wherever it is written (matched by postal "
        "code and house number, or, written without a postal code, by town and house number).",
        "A home address identifies a person; residents' data faxed to the wrong business is incident #15.",
        "〒123-4567 東京都千代田区千代田1-1 山田 太郎",
        "(no home address in the mail; refer to the case number)",
        "#10, #15",
        "An address without a postal code is found only with its municipality: a town and house "
        "number alone (お宅は北町2-8-14です), a town name of more than eight letters or written in "
        "katakana, and a house number in kanji beyond 丁目 (八番十四号) are not. A "
        "resident's address on a line that also names a business (「山田様(株式会社〇〇寮)」) "
        "is taken for a business address, and an office or a company's address written without a "
        "business word or the signature's house number (弊社の新住所：…) is reported.",
        '    own_contacts: {addresses: ["〒100-0005 東京都千代田区丸の内1-1-1"]}',
    )
    id = "MG403"
    name = "postal-address"
    incidents = (10, 15)
    summary = reason("MG403.summary")
    kind = reason("MG403.kind")
    detect = staticmethod(personal.postal_addresses)

    def personal(self, text: str, hit: Hit, view: PersonalView, rows: frozenset[int]) -> bool:
        if view.known_address(address_key(text, hit)):
            return False
        return context_of(text, hit, rows) is not Standing.BUSINESS


class DateOfBirth(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds dates of birth: a date (西暦, 和暦 大正/昭和/平成/令和 with 元年, S60.4.1, or d/m/y) "
        "right after a label (生年月日, 誕生日, Date of birth, DOB). Other dates are not reported.",
        "With a name, a date of birth identifies a person and is a common key for fraud (#10, #15).",
        "生年月日：1985年4月1日",
        "(no date of birth; use the case number)",
        "#10, #15",
        "A date of birth in a table column (生年月日 in the header row, dates below) or written "
        "with words between label and date (生年月日は確か1985年…) is not found; an age (45歳) is "
        "not a date of birth. A founding date labelled 誕生日 (a town's birthday) is reported.",
    )
    id = "MG404"
    name = "date-of-birth"
    incidents = (10, 15)
    summary = reason("MG404.summary")
    kind = reason("MG404.kind")
    detect = staticmethod(personal.dates_of_birth)


class BankAccount(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds bank account numbers: 7 digits after 口座番号, 普通, 当座 or 'account number', and "
        "ゆうちょ accounts (記号 12345 番号 12345678). An account is judged by its holder: when the "
        "holder written after 名義 (on the account's line, or the next or previous line) is an "
        "organisation, it is no person's data whatever else is near: a legal form spelled out "
        "(株式会社, 有限会社, 社会福祉法人) or abbreviated as banks print it (カ）ケアサポート, "
        "ケアサポート（カ, ユ）, ザイ）, シャ）, フク）), an office (〇〇市会計管理者), a municipality: "
        "a contractor's own account on its invoice, the office's fee-payment account. With no "
        "organisation written as the holder, the words around decide (株式会社 and no person: "
        "様, 氏名, 申請者). A person written as the holder (口座名義 ヤマダ タロウ) is reported. "
        "An account in the sender's signature or the policy's `own_contacts` is the "
        "office's wherever it is written.",
        "Account numbers of citizens (benefits, refunds) are personal data (#10, #15).",
        "振込先：普通 1234567",
        "(send the account details through the benefits system)",
        "#10, #15",
        "An account number without a label (a bare 7-digit number in a table) is not found. A "
        "partner company's account written without a holder or a business word is reported. A "
        "person's account written as its holder under a company's name with no person word "
        "near it (株式会社〇〇 御中, then 口座名義 ヤマダ タロウ) is taken as the company's.",
        '    own_contacts: {accounts: ["普通 1234567"]}',
    )
    id = "MG405"
    name = "bank-account"
    incidents = (10, 15)
    summary = reason("MG405.summary")
    kind = reason("MG405.kind")
    detect = staticmethod(personal.bank_accounts)

    def personal(self, text: str, hit: Hit, view: PersonalView, rows: frozenset[int]) -> bool:
        return not view.known_account(hit.raw) and not personal.account_holder_is_business(text, hit)


class CreditCard(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds payment card numbers: 13-19 digits (spaces or hyphens allowed) with a card "
        "prefix and a valid Luhn check digit. A 16-digit number failing Luhn is not reported.",
        "Card numbers must never travel by e-mail (#10, #15).",
        "カード番号 4111 1111 1111 1111",
        "(take card payments only through the payment system)",
        "#10, #15",
        "A card number written in unusual groups without a card word nearby is not found; a "
        "long reference number in card groups with a valid Luhn digit and a card prefix is "
        "reported (about one in ten such numbers pass Luhn).",
        everywhere=True,
    )
    id = "MG406"
    name = "credit-card"
    incidents = (10, 15)
    summary = reason("MG406.summary")
    kind = reason("MG406.kind")
    detect = staticmethod(personal.credit_cards)
    everywhere = True


class IdentityDocument(PersonalDataRule):
    __doc__ = rule_docs(
        "Finds passport numbers (two letters and seven digits after 旅券番号/パスポート/passport) "
        "and driver's licence numbers (12 digits after 免許証番号/運転免許証/driver's licence).",
        "Identity document numbers enable impersonation (#10, #15).",
        "旅券番号：TK1234567",
        "(check identity documents at the counter)",
        "#10, #15",
        "Only Japanese passports (two letters, seven digits) and 12-digit licence numbers are "
        "known; residence cards (在留カード) and health-insurance card numbers are not found.",
    )
    id = "MG407"
    name = "identity-document-number"
    incidents = (10, 15)
    summary = reason("MG407.summary")
    kind = reason("MG407.kind")
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
        "It counts words, not who they are about: a hospital's newsletter or a health "
        "seminar's invitation that names two of them (入院, 手術) is reported, and a patient's "
        "record written without these words (as numbers and drug names only) is not.",
    )
    id = "MG408"
    name = "health-record"
    incidents = (11, 12, 15, 18)
    summary = reason("MG408.summary")
    kind = reason("MG408.kind")
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
        "Only attachments are read: a roster pasted into the body is left to the other "
        "detectors. A list of organisations' contacts (schools, partner companies) with a 名前 "
        "and 電話 header is reported like a list of residents.",
    )
    id = "MG409"
    name = "roster"
    incidents = (4, 6, 16, 20)
    summary = reason("MG409.summary")
    kind = reason("MG409.kind")
    detect = staticmethod(personal.rosters)
    attachments_only = True
    needs_digits = False
