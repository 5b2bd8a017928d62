"""Personal-data detectors: each validates what it finds and returns masked values only.

Text is NFKC-normalised first, so full-width digits (１２３４) are found like ASCII ones. A
detector's raw matches never leave this module except as a hash inside a finding's identity.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from mailguard.mask import mask_value

_NON_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Hit:
    raw: str
    masked: str


@lru_cache(maxsize=64)
def normalise(text: str) -> str:
    """NFKC once per text: the detectors of one message all read the same few texts."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def digits_of(text: str) -> str:
    return _NON_DIGITS.sub("", text)


def _near(text: str, start: int, label: re.Pattern[str], before: int = 40) -> bool:
    return bool(label.search(text[max(0, start - before) : start]))


# -- My Number (Individual Number) -------------------------------------------------------

_MY_NUMBER = re.compile(r"(?<![\d\-])(\d{4}[ \-]?\d{4}[ \-]?\d{4})(?![\d\-])")
_MY_NUMBER_LABEL = re.compile(r"個人番号|マイナンバー|my\s*number|individual\s*number", re.IGNORECASE)


def my_number_check_digit_ok(digits: str) -> bool:
    """The check digit of the Individual Number (番号法施行令 第8条)."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(d) for d in digits[:11]]
    total = 0
    for n in range(1, 12):
        p = body[11 - n]
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    remainder = total % 11
    check = 0 if remainder <= 1 else 11 - remainder
    return check == int(digits[11])


def my_numbers(text: str) -> list[Hit]:
    """12 digits with a valid check digit *and* a label nearby: about 1 in 11 random
    12-digit numbers pass the check digit alone."""
    text = normalise(text)
    if not _MY_NUMBER_LABEL.search(text):
        return []
    hits = []
    for match in _MY_NUMBER.finditer(text):
        digits = digits_of(match.group(1))
        if my_number_check_digit_ok(digits) and _near(text, match.start(), _MY_NUMBER_LABEL):
            hits.append(Hit(digits, f"{'*' * 4}-{'*' * 4}-{'*' * 2}{digits[-2:]}"))
    return hits


# -- Japanese phone numbers ----------------------------------------------------------------

_PHONE = re.compile(r"(?<![\w\-+])(\+81[ \-]?|0)(\d{1,4})([ \-)]?)(\d{1,4})([ \-]?)(\d{4})(?![\w\-])")
_BUSINESS_PREFIXES = ("0120", "0800", "0570", "0990")


def phone_numbers(text: str) -> list[Hit]:
    """Japanese landline (10 digits, written with separators) and mobile/IP numbers
    (070/080/090/050, 11 digits); toll-free and business prefixes are not personal."""
    text = normalise(text)
    hits = []
    for match in _PHONE.finditer(text):
        digits = "0" + digits_of("".join(match.groups()[1:]))
        separated = bool(match.group(3) or match.group(5)) or match.group(1).startswith("+")
        mobile = digits[:3] in ("070", "080", "090", "050") and len(digits) == 11
        landline = len(digits) == 10 and separated and digits[1] != "0"
        if (mobile or landline) and not digits.startswith(_BUSINESS_PREFIXES):
            hits.append(Hit(digits, mask_value(match.group(0), keep_start=3, keep_end=2)))
    return hits


# -- Postal code with an address -------------------------------------------------------------

_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|新潟県|富山県|"
    "石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|"
    "岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
_POSTAL = re.compile(rf"(〒\s?)?(\d{{3}})-(\d{{4}})\s*(?:{_PREFECTURES}|\S{{1,6}}[市区町村])")


def postal_addresses(text: str) -> list[Hit]:
    text = normalise(text)
    return [Hit(m.group(0), f"〒{m.group(2)}-**** {'*' * 6}") for m in _POSTAL.finditer(text)]


# -- Dates of birth ------------------------------------------------------------------------------

_BIRTH = re.compile(
    r"(生年月日|誕生日|生まれ|date\s+of\s+birth|birth\s*date|d\.?o\.?b\.?|born(?:\s+on)?)\s*[:：]?\s*"
    r"((?:19|20)\d{2}\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}日?|(?:昭和|平成|令和|[SHR])\s*\d{1,2}\s*[年.]\s*\d{1,2}\s*[月.]\s*\d{1,2}日?"
    r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2})",
    re.IGNORECASE,
)


def dates_of_birth(text: str) -> list[Hit]:
    text = normalise(text)
    return [Hit(m.group(2), f"{m.group(1)} ****-**-**") for m in _BIRTH.finditer(text)]


# -- Bank accounts -----------------------------------------------------------------------------

_ACCOUNT = re.compile(
    r"(口座番号|口座|普通預金|当座預金|普通|当座|account\s*(?:no\.?|number|#))\s*[:：]?\s*(\d{7})(?!\d)", re.IGNORECASE
)


def bank_accounts(text: str) -> list[Hit]:
    text = normalise(text)
    return [Hit(m.group(2), f"{m.group(1)} *****{m.group(2)[-2:]}") for m in _ACCOUNT.finditer(text)]


# -- Credit cards --------------------------------------------------------------------------------

_CARD = re.compile(r"(?<![\d\-])(\d(?:[ \-]?\d){12,18})(?![\d\-])")
_CARD_PREFIX = re.compile(r"^(4|5[1-5]|3[47]|35(?:2[89]|[3-8]\d)|36|38|30[0-5]|6011|65)")
_CARD_GROUPED = re.compile(r"^\d{4}([ \-])\d{4}\1\d{4}\1\d{1,7}$|^\d{4}([ \-])\d{6}\2\d{5}$")
_CARD_LABEL = re.compile(r"カード|クレジット|card|visa|master|jcb|amex|american\s+express|diners", re.IGNORECASE)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_prefix_ok(digits: str) -> bool:
    return bool(_CARD_PREFIX.match(digits)) or 2221 <= int(digits[:4]) <= 2720


def credit_cards(text: str) -> list[Hit]:
    """13-19 digits with a card prefix and a valid Luhn digit, written in card groups
    (4111 1111 1111 1111) or next to a card label: a long reference number that happens to
    pass Luhn (one in ten do) is not reported."""
    text = normalise(text)
    hits = []
    for match in _CARD.finditer(text):
        digits = digits_of(match.group(1))
        shaped = bool(_CARD_GROUPED.match(match.group(1))) or _near(text, match.start(), _CARD_LABEL, 30)
        if 13 <= len(digits) <= 19 and shaped and _card_prefix_ok(digits) and luhn_ok(digits):
            hits.append(Hit(digits, f"{digits[:4]}-****-****-**{digits[-2:]}"))
    return hits


# -- Passport and driver's licence numbers -------------------------------------------------------

_PASSPORT = re.compile(
    r"(旅券番号|旅券|パスポート番号|パスポート|passport\s*(?:no\.?|number)?)\s*[:：]?\s*([A-Z]{2}\d{7})", re.I
)
_LICENCE = re.compile(
    r"(運転免許証番号|免許証番号|運転免許証|免許番号|driver'?s\s+licen[cs]e\s*(?:no\.?|number)?)\s*[:：]?\s*(\d{12})",
    re.I,
)


def identity_documents(text: str) -> list[Hit]:
    text = normalise(text)
    hits = [Hit(m.group(2), f"{m.group(1)} {m.group(2)[:1]}*******{m.group(2)[-1]}") for m in _PASSPORT.finditer(text)]
    hits += [Hit(m.group(2), f"{m.group(1)} **********{m.group(2)[-2:]}") for m in _LICENCE.finditer(text)]
    return hits


# -- Health records -------------------------------------------------------------------------------

_HEALTH = re.compile(
    r"病名|傷病名|診断名|診断書|診断|既往歴|既往症|カルテ|検査結果|検査値|処方箋|処方|服薬|投薬|入院|通院歴|手術|"
    r"障害者手帳|要介護|精神疾患|感染症|陽性|hiv|妊娠|"
    r"diagnosis|medical\s+record|prescription|test\s+results?|medical\s+history",
    re.IGNORECASE,
)


def health_terms(text: str) -> list[Hit]:
    """Two or more distinct health-record words: one alone ("入院" in a hospital's address)
    says little, several together describe a person's health."""
    terms = sorted({m.group(0).lower() for m in _HEALTH.finditer(normalise(text))})
    if len(terms) < 2:
        return []
    return [Hit("\n".join(terms), ", ".join(terms[:4]))]


# -- Rosters: lists of many people ------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_HEADER_WORDS = re.compile(r"氏名|名前|フリガナ|住所|電話|携帯|メール|生年月日|name|address|phone|e-?mail|birth", re.I)
ROSTER_MIN_ROWS = 10


def rosters(text: str) -> list[Hit]:
    """A table of people: many rows with addresses or phone numbers, or a header naming
    personal columns (氏名, 住所, 電話, ...) over several rows."""
    lines = [line for line in normalise(text).splitlines() if line.strip()]
    with_contact = sum(1 for line in lines if _EMAIL.search(line) or phone_numbers(line))
    header = next((line for line in lines[:5] if len(set(_HEADER_WORDS.findall(line.lower()))) >= 2), None)
    if with_contact >= ROSTER_MIN_ROWS or (header is not None and len(lines) - 1 >= 5):
        rows = max(with_contact, len(lines) - 1)
        return [Hit(f"roster:{rows}", f"{rows} rows")]
    return []
