"""Personal-data detectors: each validates what it finds and returns masked values only.

Text is NFKC-normalised first, so full-width digits (１２３４) are found like ASCII ones, and the
hyphen-like characters people type between digits (ー － − ‐ ‑ – — ―) become ``-``. A detector's
raw matches never leave this module except as a hash inside a finding's identity.

Whether a number is *about a person* is judged from what stands next to it
(:func:`context_of`): a personal label or a name with 様 on its line or the lines just above
(氏名, 申請者, 本人, 生年月日, ご自宅, a roster's header row), or a business one (会場, 窓口,
〇〇課, 株式会社, 病院). Whose contact it is (the sender's signature, the office's own numbers)
is decided in :mod:`mailguard.content.ownership`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from mailguard.content.municipalities import municipality
from mailguard.content.names import looks_like_organisation
from mailguard.mask import mask_value
from mailguard.patterns import on_first_use
from mailguard.scope import per_message

_NON_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Hit:
    """A value found, its masked form, and where it stands in the text searched."""

    raw: str
    masked: str
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)


# Between two digits, what Japanese input methods and word processors type for a hyphen: the
# prolonged sound mark, the minus sign, hyphen, non-breaking hyphen, figure/en/em dashes, bar.
_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)[ー‐‑‒–—―−](?=\d)")


@per_message
def normalise(text: str) -> str:
    """NFKC once per text (the detectors of one message all read the same few texts), and
    hyphen-like characters between digits as ``-``; lengths and offsets stay as NFKC gives."""
    if text.isascii():
        return text
    return _DASH_BETWEEN_DIGITS.sub("-", unicodedata.normalize("NFKC", text))


def digits_of(text: str) -> str:
    return _NON_DIGITS.sub("", text)


# -- Hints: cheap exact prefilters -----------------------------------------------------------
# With re.IGNORECASE sre compares the text case-folded at every position: a label pattern took
# 2-18 us on a short body (4-25 times its case-sensitive form), though most texts hold none of
# its words. A hint is a case-sensitive pattern for words that every match of a detector's
# pattern contains: a text without any is not searched, and what a detector finds is
# unchanged. An ASCII letter stands for every character sre's case-insensitive matching takes
# for it: its two cases, and also ı and İ for i, ſ for s, the Kelvin sign for k
# (tests/test_personal_hints.py checks every code point).
_FOLDS = {"i": "iI\u0131\u0130", "k": "kK\u212a", "s": "sS\u017f"}


def _forms(char: str) -> str:
    """The characters a case-insensitive pattern matches for ``char`` (itself unless an
    ASCII letter)."""
    if char.isascii() and char.isalpha():
        return _FOLDS.get(char.lower(), char.lower() + char.upper())
    return char


def any_case(word: str) -> str:
    """A case-sensitive pattern matching ``word`` wherever ``re.IGNORECASE`` would: one
    alternative per form of its first letter, so that each starts with a literal and sre
    jumps between the places where one stands instead of trying every position."""
    rest = "".join(f"[{_forms(c)}]" if len(_forms(c)) > 1 else re.escape(c) for c in word[1:])
    return "|".join(re.escape(first) + rest for first in _forms(word[0]))


def hint(*words: str) -> re.Pattern[str]:
    """A pattern that finds any of ``words`` (literal; ASCII letters in any case)."""
    return re.compile("|".join(any_case(word) for word in words))


def _near(text: str, start: int, label: re.Pattern[str], before: int = 40) -> bool:
    return bool(label.search(text[max(0, start - before) : start]))


# -- My Number (Individual Number) -------------------------------------------------------

_MY_NUMBER = on_first_use(r"(?<![\d\-])(\d{4}[ \-]?\d{4}[ \-]?\d{4})(?![\d\-])")
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


_MY_NUMBER_HINT = hint("個人番号", "マイナンバー", "number")


def my_numbers(text: str) -> list[Hit]:
    """12 digits with a valid check digit *and* a label nearby: about 1 in 11 random
    12-digit numbers pass the check digit alone."""
    text = normalise(text)
    if not _MY_NUMBER_HINT.search(text) or not _MY_NUMBER_LABEL.search(text):
        return []
    hits = []
    for match in _MY_NUMBER.finditer(text):
        digits = digits_of(match.group(1))
        if my_number_check_digit_ok(digits) and _near(text, match.start(), _MY_NUMBER_LABEL):
            hits.append(Hit(digits, f"{'*' * 4}-{'*' * 4}-{'*' * 2}{digits[-2:]}", match.start(), match.end()))
    return hits


# -- Japanese phone numbers ----------------------------------------------------------------

# 03-1234-5678, 090 1234 5678, (03)1234-5678, 03(1234)5678, +81-90-1234-5678. Only Latin
# letters, digits and joiners may not touch the number: Japanese writes it straight after a
# word and before the verb (携帯は090-1234-5678です), and Python's \w would count those
# kana and kanji as part of one word.
_PHONE = re.compile(
    r"(?<![0-9A-Za-z_\-+])(\+81[ \-]?|\(0|0)(\d{1,4})(\) ?|[ \-(])?(\d{1,4})([ \-)])?(\d{4})(?![0-9A-Za-z_\-])"
)
_BUSINESS_PREFIXES = ("0120", "0800", "0570", "0990")
MOBILE_PREFIXES = ("070", "080", "090")


def phone_numbers(text: str) -> list[Hit]:
    """Japanese landline (10 digits, written with separators or brackets) and mobile/IP numbers
    (070/080/090/050, 11 digits); toll-free and business prefixes are not personal."""
    text = normalise(text)
    hits = []
    for match in _PHONE.finditer(text):
        digits = "0" + digits_of("".join(g or "" for g in match.groups()[1:]))
        separated = bool(match.group(3) or match.group(5)) or match.group(1) != "0"
        mobile = digits[:3] in (*MOBILE_PREFIXES, "050") and len(digits) == 11
        landline = len(digits) == 10 and separated and digits[1] != "0"
        if (mobile or landline) and not digits.startswith(_BUSINESS_PREFIXES):
            hits.append(Hit(digits, mask_value(match.group(0), keep_start=3, keep_end=2), match.start(), match.end()))
    return hits


def is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits.startswith(MOBILE_PREFIXES)


def number_block(digits: str) -> str | None:
    """A landline's area code and exchange (all but the last four digits): the block an
    office's direct lines share. Mobile and IP numbers have none."""
    return digits[:-4] if len(digits) == 10 and digits[1] != "0" else None


# -- Postal code with an address -------------------------------------------------------------

_PREFECTURES = (
    "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|新潟県|富山県|"
    "石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|"
    "岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県"
)
# 〒100-0001 東京都…, 〒1000001 千代田区…, 100-0001 千代田区… (never the tail of a phone number:
# "TEL 03-5555-0123 東京都…" is not a postal code).
_POSTAL = re.compile(
    rf"(?:(?:〒|郵便番号)\s?[:：]?\s?(\d{{3}})-?(\d{{4}})|(?<![\d\-])(\d{{3}})-(\d{{4}}))(?![\d\-])"
    rf"\s{{0,3}}(?:{_PREFECTURES}|[^\s\d]{{1,6}}?[市区町村郡])"
)


# Every postal code is three digits and four, with a hyphen or none.
_POSTAL_HINT = re.compile(r"\d\d\d-?\d\d\d\d")


def postal_codes(text: str) -> list[Hit]:
    """Addresses that start with a postal code (〒100-0001 東京都…, 100-0001 千代田区…)."""
    text = normalise(text)
    if not _POSTAL_HINT.search(text):
        return []
    hits = []
    for m in _POSTAL.finditer(text):
        code = (m.group(1) or m.group(3)) + (m.group(2) or m.group(4))
        hits.append(Hit(code, f"〒{code[:3]}-**** {'*' * 6}", m.start(), m.end()))
    return hits


def postal_addresses(text: str) -> list[Hit]:
    """Addresses with a postal code (〒100-0001 東京都…), and addresses written without one
    (えがお市北町2丁目8番14号, 東京都えがお市北町2-8-14) that no postal code's hit already
    stands just before."""
    text = normalise(text)
    hits = postal_codes(text)
    towns = town_addresses(text)
    if not towns:
        return hits
    if hits:
        towns = [t for t in towns if not any(_same_address(text, h, t) for h in hits)]
        return sorted(hits + towns, key=lambda h: h.start)
    return towns


# -- An address without a postal code ---------------------------------------------------------

# A municipality (〇〇市, 〇〇区, 〇〇町, 〇〇村, 〇〇郡; after a prefecture or not), a town name,
# then a house number: 2丁目8番14号, 二丁目8-14, 8番14号, 123番地, 2-8-14, 1-1. The municipality's
# name is read lazily and bounded (the match's start is not the address's: what stands before
# the municipality's last letter is left to the context); a municipality word that is no place
# (市民, 市内, 区分, 町会, 村長) does not start a town. Digits never start with 0 (a phone number:
# 03-5555-0123), and what follows is no count or date (1-2月, 2-3割, 1-2階, 12号線).
_NAME_CHAR = r"[々〆〇ぁ-ゖァ-ヺー一-鿿]"
_TOWN_CHAR = r"[々〇ぁ-ゖヶケ一-鿿]"
_KANJI_NUMERALS = "一二三四五六七八九十"
_N = r"[1-9]\d{0,3}"
_TOWN_ADDRESS = re.compile(
    rf"(?:{_PREFECTURES})?{_NAME_CHAR}{{0,8}}?[市区町村郡]"
    r"(?![民内外長役議政立営場域分間会部費税報誌制債道境界])"
    rf"(?P<town>{_TOWN_CHAR}{{1,8}}?)"
    rf"(?P<house>(?P<chome>[1-9]\d?|[{_KANJI_NUMERALS}]{{1,3}})丁目[ ]?(?P<ban>{_N})(?:番地?|-)[ ]?(?P<go>{_N})?号?"
    rf"|(?P<banchi>{_N})番(?:地[ ]?(?P<go2>{_N})?号?|[ ]?(?P<go3>{_N})号)"
    rf"|(?P<d1>{_N})-(?P<d2>{_N})(?:-(?P<d3>{_N}))?)"
    r"(?![\d\-.,:/%年月日時分秒週円万千億倍割階人名回件歳才期線条項個本枚冊部点位校社軒戸台先付地街区画か所ヶカケ])"
)
# Every house number holds 丁目, or digits (never 0 first: no phone number's or postal code's)
# before 番 or a hyphen: found first, exactly and cheaply (each alternative starts with a set
# of letters, which sre jumps between; a run of digits that does not start after a digit or
# a hyphen is skipped in Python rather than by a look-behind tried at every letter); the whole
# pattern is then searched only around each (a municipality and a town are at most
# _BEFORE_HOUSE letters long), not from every letter of the text.
_TOWN_HINT = re.compile(r"丁目|[1-9]\d{0,3}(?:番|-[1-9])")
_AFTER_DIGITS = frozenset("0123456789-")
_BEFORE_HOUSE = 28
_HOUSE_REACH = 40
# Words of a document, not of a place: 市民課資料1-2, 別紙2-1, 第3区2-1.
_NOT_A_TOWN = re.compile(r"資料|別紙|様式|第|表|図|号|版|条|項|課|係|議|案|附|頁")


_LAST_MUNICIPALITY = re.compile(r"^.*[市区町村郡](?=.)")


def _town_key(town: str) -> str:
    """The town as the key knows it: after the last municipality letter that is not its own
    (の市本町 -> 本町, when words before the address end in a municipality letter: 中村の…)."""
    return _LAST_MUNICIPALITY.sub("", town)


def _kanji_number(text: str) -> str:
    """二 -> 2, 十二 -> 12 (丁目 numbers: at most three kanji)."""
    if text.isdigit():
        return text
    value = 0
    tens, _, ones = text.rpartition("十")
    if "十" in text:
        value = 10 * (_KANJI_NUMERALS.index(tens) + 1 if tens else 1)
    if ones:
        value += _KANJI_NUMERALS.index(ones[-1]) + 1
    return str(value)


def _house_number(m: re.Match[str]) -> str:
    """The house number as digits with hyphens: 2丁目8番14号, 二丁目8-14 and 2-8-14 alike."""
    if m.group("chome"):
        parts = [_kanji_number(m.group("chome")), m.group("ban"), m.group("go")]
    elif m.group("banchi"):
        parts = [m.group("banchi"), m.group("go2") or m.group("go3")]
    else:
        parts = [m.group("d1"), m.group("d2"), m.group("d3")]
    return "-".join(p for p in parts if p)


def town_addresses(text: str) -> list[Hit]:
    """Addresses written without a postal code: a municipality, a town and a house number.
    ``raw`` is the town and the house number (北町:2-8-14), the key the office's own address
    is known by; a hit starts at the municipality's last letter (市 of えがお市)."""
    text = normalise(text)
    hits: list[Hit] = []
    done = 0
    for candidate in _TOWN_HINT.finditer(text):
        at = candidate.start()
        if at < done or (at and text[at - 1] in _AFTER_DIGITS and text[at] != "丁"):
            continue
        begin = max(done, at - _BEFORE_HOUSE)
        m = _TOWN_ADDRESS.search(text, begin, min(len(text), candidate.end() + _HOUSE_REACH))
        if m is None or m.start("house") > at:
            continue  # none here, or another house number's (searched from its own hint)
        done = m.end()
        town = m.group("town")
        if _NOT_A_TOWN.search(town):
            continue
        start = m.start("town") - 1
        hits.append(Hit(f"{_town_key(town)}:{_house_number(m)}", f"…{text[start]} {'*' * 6}", start, m.end()))
    return hits


def _same_address(text: str, postal: Hit, town: Hit) -> bool:
    """Whether a town's hit is the address a postal code's hit starts (on the same line,
    a few letters after it)."""
    return postal.start <= town.start and town.start - postal.end <= 16 and "\n" not in text[postal.end : town.start]


# -- Dates of birth ------------------------------------------------------------------------------

_DATE = (
    r"(?:19|20)\d{2}\s{0,2}[年/.\-]\s{0,2}\d{1,2}\s{0,2}[月/.\-]\s{0,2}\d{1,2}日?"
    r"|(?:昭和|平成|令和|大正|[SHRT]\.?)\s{0,2}(?:\d{1,2}|元)\s{0,2}[年./\-]\s{0,2}\d{1,2}\s{0,2}[月./\-]\s{0,2}\d{1,2}日?"
    r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
)
_BIRTH = re.compile(
    r"(生年月日|誕生日|生まれ|date\s{1,3}of\s{1,3}birth|birth\s?date|d\.?o\.?b\.?|born(?:\s{1,3}on)?)"
    rf"\s{{0,3}}(?:[:：]|は|が)?\s{{0,3}}({_DATE})",
    re.IGNORECASE,
)
# The date first, the word after it: 昭和52年4月3日生まれ, （1977年4月3日生）. Not 生活, 生産,
# 生徒, 生涯 or 生成 (4月3日生活相談…), and not a range or a class of people that a notice
# is for (令和7年4月2日～令和8年4月1日生まれの方, 平成20年4月1日生まれ以降のお子さん).
_BORN_AFTER = re.compile(
    rf"({_DATE})\s{{0,2}}(生まれ|出生|生(?![活産徒涯成協ま]))"
    r"(?![ \t\u3000]{0,2}(?:の方|のお子|の児童|の生徒|の人|の皆|の男性|の女性|の者|以降|以前|以後|まで|から|より|[～〜~]))"
)
_RANGE_BEFORE = re.compile(r"[～〜~]|から|より|まで")


# A word of every birth label (``d.o.b`` with its dots or without).
_BIRTH_HINT = hint("生年月日", "誕生日", "生まれ", "birth", "born", "dob", "d.ob", "do.b", "d.o.b")


def dates_of_birth(text: str) -> list[Hit]:
    """A date (西暦, 和暦 with 元年, or d/m/y) next to a birth label, before or after it."""
    text = normalise(text)
    hits = []
    if _BIRTH_HINT.search(text):
        hits = [Hit(m.group(2), f"{m.group(1)} ****-**-**", m.start(), m.end()) for m in _BIRTH.finditer(text)]
    if "生" in text:  # every date-first form ends in 生まれ, 出生 or 生
        taken = {h.start for h in hits} | {h.end for h in hits}
        hits += [
            Hit(m.group(1), f"****-**-** {m.group(2)}", m.start(), m.end())
            for m in _BORN_AFTER.finditer(text)
            if m.start() not in taken
            and m.end() not in taken
            and not _RANGE_BEFORE.search(text, max(0, m.start() - 4), m.start())
        ]
        hits.sort(key=lambda h: h.start)
    return hits


# -- Bank accounts -----------------------------------------------------------------------------

_ACCOUNT = re.compile(
    r"(口座番号|口座|普通預金|当座預金|普通|当座|account\s{0,3}(?:no\.?|number|#))\s{0,3}[:：]?\s{0,3}(\d{7})(?!\d)",
    re.IGNORECASE,
)
# ゆうちょ銀行: 記号 12345 番号 12345678 (or 12345-12345678 after ゆうちょ)
_YUCHO = re.compile(
    r"(記号)\s{0,3}[:：]?\s{0,3}(\d{5})\s{0,3}[-、,]?\s{0,3}番号\s{0,3}[:：]?\s{0,3}(\d{6,8})(?!\d)"
    r"|(ゆうちょ)[^\n\d]{0,20}?(\d{5})-(\d{6,8})(?![\d\-])"
)


_ACCOUNT_HINT = hint("口座", "普通", "当座", "account")


def bank_accounts(text: str) -> list[Hit]:
    text = normalise(text)
    hits = [
        Hit(m.group(2), f"{m.group(1)} *****{m.group(2)[-2:]}", m.start(), m.end())
        for m in (_ACCOUNT.finditer(text) if _ACCOUNT_HINT.search(text) else ())
    ]
    if "記号" not in text and "ゆうちょ" not in text:  # a word of each of its labels
        return hits
    for m in _YUCHO.finditer(text):
        label, mark, number = (
            (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        )
        hits.append(Hit(mark + number, f"{label} ***** *****{number[-2:]}", m.start(), m.end()))
    return hits


# -- Credit cards --------------------------------------------------------------------------------

_CARD = re.compile(r"(?<![\d\-])(\d(?:[ \-]?\d){12,18})(?![\d\-])")
_CARD_PREFIX = on_first_use(r"^(4|5[1-5]|3[47]|35(?:2[89]|[3-8]\d)|36|38|30[0-5]|6011|65)")
_CARD_GROUPED = on_first_use(r"^\d{4}([ \-])\d{4}\1\d{4}\1\d{1,7}$|^\d{4}([ \-])\d{6}\2\d{5}$")
_CARD_LABEL = on_first_use(r"カード|クレジット|card|visa|master|jcb|amex|american\s+express|diners", re.IGNORECASE)


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


# The first 13 digits of every card number: unlike the pattern (whose look-behind is tried
# at every position), sre jumps from digit to digit.
_CARD_HINT = re.compile(r"\d(?:[ \-]?\d){12}")


def credit_cards(text: str) -> list[Hit]:
    """13-19 digits with a card prefix and a valid Luhn digit, written in card groups
    (4111 1111 1111 1111) or next to a card label: a long reference number that happens to
    pass Luhn (one in ten do) is not reported."""
    text = normalise(text)
    if not _CARD_HINT.search(text):
        return []
    hits = []
    for match in _CARD.finditer(text):
        digits = digits_of(match.group(1))
        shaped = bool(_CARD_GROUPED.match(match.group(1))) or _near(text, match.start(), _CARD_LABEL, 30)
        if 13 <= len(digits) <= 19 and shaped and _card_prefix_ok(digits) and luhn_ok(digits):
            hits.append(Hit(digits, f"{digits[:4]}-****-****-**{digits[-2:]}", match.start(), match.end()))
    return hits


# -- Passport and driver's licence numbers -------------------------------------------------------

# Blanks around the label are read possessively (``\s*+``): each run of blanks is taken whole
# once, as the greedy match took it anyway (what follows never starts with a blank), instead of
# being shared out between two or three open ``\s*`` (quadratic and cubic, issue 16). Matches
# and the label as reported are unchanged.
_PASSPORT = re.compile(
    r"(旅券番号|旅券|パスポート番号|パスポート|passport\s*+(?:no\.?|number)?)\s*+[:：]?\s*+([A-Z]{2}\d{7})", re.I
)
_LICENCE = re.compile(
    r"(運転免許証番号|免許証番号|運転免許証|免許番号|driver'?s\s++licen[cs]e\s*+(?:no\.?|number)?)\s*+[:：]?\s*+(\d{12})",
    re.I,
)


_PASSPORT_HINT = hint("旅券", "パスポート", "passport")
_LICENCE_HINT = hint("免許", "driver")


def identity_documents(text: str) -> list[Hit]:
    text = normalise(text)
    hits = [
        Hit(m.group(2), f"{m.group(1)} {m.group(2)[:1]}*******{m.group(2)[-1]}", m.start(), m.end())
        for m in (_PASSPORT.finditer(text) if _PASSPORT_HINT.search(text) else ())
    ]
    hits += [
        Hit(m.group(2), f"{m.group(1)} **********{m.group(2)[-2:]}", m.start(), m.end())
        for m in (_LICENCE.finditer(text) if _LICENCE_HINT.search(text) else ())
    ]
    return hits


# -- Health records -------------------------------------------------------------------------------

_HEALTH = re.compile(
    r"病名|傷病名|診断名|診断書|診断|既往歴|既往症|カルテ|検査結果|検査値|処方箋|処方|服薬|投薬|入院|通院歴|手術|"
    r"障害者手帳|要介護|精神疾患|感染症|陽性|hiv|妊娠|"
    r"diagnosis|medical\s+record|prescription|test\s+results?|medical\s+history",
    re.IGNORECASE,
)


# A word of each health term: 傷病名 holds 病名, 処方箋 処方, medical record/history medical.
_HEALTH_HINT = hint(
    "病名",
    "診断",
    "既往歴",
    "既往症",
    "カルテ",
    "検査結果",
    "検査値",
    "処方",
    "服薬",
    "投薬",
    "入院",
    "通院歴",
    "手術",
    "障害者手帳",
    "要介護",
    "精神疾患",
    "感染症",
    "陽性",
    "hiv",
    "妊娠",
    "diagnosis",
    "medical",
    "prescription",
    "test",
)


def health_terms(text: str) -> list[Hit]:
    """Two or more distinct health-record words: one alone ("入院" in a hospital's address)
    says little, several together describe a person's health."""
    text = normalise(text)
    if not _HEALTH_HINT.search(text):
        return []
    terms = sorted({m.group(0).lower() for m in _HEALTH.finditer(text)})
    if len(terms) < 2:
        return []
    return [Hit("\n".join(terms), ", ".join(terms[:4]))]


# -- Rosters: lists of many people ------------------------------------------------------------

# Starts only where a run of address letters starts (the look-behind), so a line of letters
# with no "@" is read once, not once from each letter. Used for ``search`` only: whether a
# line holds an address is unchanged (a match inside a run implies one from its start).
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
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


# -- Whose is it: what stands next to a value ---------------------------------------------------


class Standing(StrEnum):
    """What the words next to a value say it is about."""

    PERSON = "person"  # a personal label or a person's name with 様 next to it
    BUSINESS = "business"  # a venue, a facility, a company, a section of the office
    UNSAID = "unsaid"  # nothing either way


_PERSON_WORDS = on_first_use(
    r"氏名|お名前|名前|フリガナ|ふりがな|申請者|申込者|届出人|請求者|本人|生年月日|現住所|ご住所|自宅|緊急連絡先|保護者|"
    r"世帯主|様|さん|殿|患者|対象者|利用者|入居者|相談者|被保険者|受給者|児童|生徒|訪問先|"
    r"(?<![a-z])(?:mr|mrs|ms|resident|applicant|patient|guardian|home|date of birth|name)(?![a-z])",
    re.IGNORECASE,
)
_BUSINESS_WORDS = on_first_use(
    r"会場|会館|ホール|センター|公民館|体育館|図書館|美術館|博物館|事務局|窓口|受付|問い?合わ?せ|問合せ|代表|本社|本店|支店|"
    r"営業所|事業所|株式会社|有限会社|\(株\)|市役所|区役所|役場|庁舎|役所|課|係|病院|医院|クリニック|学校|幼稚園|保育園|"
    r"保育所|ホテル|旅館|施設|協会|法人|組合|担当|直通|内線|会計管理者|所在地|公用|社用|業務用|"
    r"(?<![a-z])(?:work mobile|work phone|venue|office|reception|hall|cent(?:re|er)|hotel|inc|ltd|corp|company|department|division)(?![a-z])",
    re.IGNORECASE,
)
_LINES_ABOVE = 2  # lines of the same paragraph read above a value's line


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return begin, (len(text) if end < 0 else end)


_SENTENCE_END = on_first_use(r"(?:[。!?]|です|ます|ました|ください)\s*$")


def _lines_above(text: str, begin: int) -> list[str]:
    """Up to two lines above that may label a value: blank lines are passed over (HTML mail
    puts one between every line), a sentence ends the search (prose is not a label block)."""
    found: list[str] = []
    steps = 0
    while begin > 0 and len(found) < _LINES_ABOVE and steps < 2 * _LINES_ABOVE + 2:
        steps += 1
        previous = text.rfind("\n", 0, begin - 1) + 1
        line = text[previous : begin - 1]
        begin = previous
        if not line.strip():
            continue
        if _SENTENCE_END.search(line[-20:]):
            break
        found.append(line[-120:])
    return found


def context_of(text: str, hit: Hit, roster_rows: frozenset[int] = frozenset()) -> Standing:
    """What a value is about, from its own line (the words before it and just after it)
    first, then the two lines above it in its paragraph, then a roster's header row."""
    if hit.start < 0:
        return Standing.UNSAID
    begin, end = _line_bounds(text, hit.start)
    own_line = text[max(begin, hit.start - 40) : hit.start] + " " + text[hit.end : min(end, hit.end + 20)]
    if _PERSON_WORDS.search(own_line):
        return Standing.PERSON
    if _BUSINESS_WORDS.search(own_line):
        return Standing.BUSINESS
    lines_above = _lines_above(text, begin)
    above = " ".join(lines_above)
    if _PERSON_WORDS.search(above):
        return Standing.PERSON
    if _BUSINESS_WORDS.search(above) or any(looks_like_organisation(line) for line in lines_above):
        return Standing.BUSINESS
    if text.count("\n", 0, begin) in roster_rows:
        return Standing.PERSON
    return Standing.UNSAID


@per_message  # whole texts: never kept past the message
def roster_rows(text: str) -> frozenset[int]:
    """Line numbers under a table header that names personal columns (氏名, 住所, 電話, ...),
    down to the next blank line: every row of a roster is about a person."""
    rows: set[int] = set()
    under_header = False
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            under_header = False
        elif len(set(_HEADER_WORDS.findall(line[:400].lower()))) >= 2:
            under_header = True
        elif under_header:
            rows.add(number)
    return frozenset(rows)


# A bank account is judged by its holder: the branch name (本店, 〇〇支店) says nothing.
_BUSINESS_HOLDER = on_first_use(
    r"会計管理者|出納|株式会社|有限会社|合同会社|合資会社|合名会社|\((?:株|有|同)\)|協会|法人|組合|事務局|"
    r"市役所|区役所|役場"
)
# The holder written after 名義 (口座名義：カ）ケアサポート): up to the end of its clause.
_HOLDER = on_first_use(r"名義(?:人)?[ \t]*+[:]?[ \t]*+(?P<holder>[^\n、。,;]{1,40})")
# The bank-transfer (全銀) abbreviations of a legal form, before or after a katakana name:
# カ) 株式会社, ユ) 有限会社, ド) 合同会社, ザイ) 財団法人, シャ) 社団法人, フク) 社会福祉法人,
# イ) 医療法人, ガク) 学校法人, トクヒ) 特定非営利活動法人 (ケアサポート(カ as well).
_LEGAL_ABBREVIATIONS = "カ|ユ|ド|ゴ|メ|ザイ|シャ|シヤ|フク|イ|ガク|トクヒ|ノウ|ギヨ|ギョ|セイキヨウ|セイキョウ|ケンポ"
_ABBREVIATED_FORM = on_first_use(
    r"^(?:" + _LEGAL_ABBREVIATIONS + r")\)|\((?:" + _LEGAL_ABBREVIATIONS + r")(?:\)|(?![\u30a0-\u30ff]))"
)
LINES_TO_HOLDER = 2
HOLDER_WORDS = 3
HOLDER_WINDOW = 2000  # characters below an account searched for its holder
HOLDER_REACH = 120  # characters either side on the account's own line


def account_holder(text: str, hit: Hit) -> str:
    """The holder written with an account (口座名義 カ）ケアサポート): after 名義 on the
    account's own line, else on one of the next or previous lines that carries no account
    of its own; '' when none is written."""
    begin, end = _line_bounds(text, hit.start)
    found = _HOLDER.search(text, hit.end, min(end, hit.end + HOLDER_REACH)) or _HOLDER.search(
        text, max(begin, hit.start - HOLDER_REACH), hit.start
    )
    if found:
        return found.group("holder").strip()
    lines = text[end + 1 : end + 1 + HOLDER_WINDOW].split("\n", 2 * LINES_TO_HOLDER)[: 2 * LINES_TO_HOLDER]
    below = [line for line in lines if line.strip()][:LINES_TO_HOLDER]
    for line in below + _lines_above(text, begin)[:LINES_TO_HOLDER]:
        found = _HOLDER.search(line[:400])
        if found and not bank_accounts(line[:400]):
            return found.group("holder").strip()
    return ""


def holder_is_organisation(holder: str) -> bool:
    """Whether a written account holder is an organisation: a legal form, spelled out or
    abbreviated as banks print it (株式会社, カ）, ユ）, ザイ）…), an office (会計管理者,
    事務局), a municipality, or an organisation's name (さくら会, 営業部)."""
    words = holder.split()[:HOLDER_WORDS]  # the name, not what the line says after it
    name = " ".join(words)
    return bool(words) and bool(
        _ABBREVIATED_FORM.search(name)
        or _BUSINESS_HOLDER.search(name)
        or municipality(words[0])
        or looks_like_organisation(name)
    )


def account_holder_is_business(text: str, hit: Hit) -> bool:
    """Whether an account is an organisation's: its written holder is one (口座名義
    カ）ケアサポート, えがお市会計管理者), whatever else is near; or, with no organisation
    written as the holder, the words around name an organisation (株式会社〇〇) and no
    person (様, 氏名, 申請者)."""
    if holder_is_organisation(account_holder(text, hit)):
        return True
    begin, end = _line_bounds(text, hit.start)
    around = text[max(begin, hit.start - 60) : min(end, hit.end + 40)] + " " + " ".join(_lines_above(text, begin))
    return bool(_BUSINESS_HOLDER.search(around)) and not _PERSON_WORDS.search(around)
