"""Who a text mentions: address-book contacts by full name or organisation, and names written
with a label or an honorific (``氏名：田中 一郎``, ``田中一郎様``, ``Patient: Alice Brown``).

Matching stays on whole names: a company called 田中工務店 does not mention the person
田中 一郎, and a surname alone is never searched for in free text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from mailguard.content.municipalities import municipality
from mailguard.content.names import NameKey, fold, looks_like_organisation, name_key
from mailguard.destinations.contacts import AddressBook, Contact
from mailguard.patterns import on_first_use

_LABELLED = re.compile(
    r"(?:氏[ \u3000]{0,2}名|お名前|名[ \u3000]{0,2}前|患者(?:氏)?名|受診者(?:名)?|利用者(?:名)?|申請者(?:名)?|宛[ \u3000]{0,2}名|被保険者(?:名)?|"
    r"児童(?:氏)?名|生徒(?:氏)?名|保護者(?:名)?|契約者(?:名)?)[ \u3000]{0,4}(?:[:：]|\t)[ \t\u3000]{0,4}"
    r"(?P<name>[^\s:：,，、\d]{1,12}(?:[ \u3000][^\s:：,，、\d]{1,12})?)"
    # English labels: a capitalised first and last name, so "name: foo" in logs is not a person.
    r"|(?<![A-Za-z])(?i:full[ \t]{1,3}name|patient(?:[ \t]{1,3}name)?|name|applicant|student)[ \t]{0,4}:[ \t]{0,4}"
    r"(?P<latin>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){1,2})\b"
)
_HONORIFIC = re.compile(
    r"(?:^|[\s_\-\u3000（(【\[])"
    r"(?P<name>[^\s_\-\u3000（(【\[様殿]{1,10}(?:[ \u3000][^\s_\-\u3000様殿]{1,8})?)[ \t\u3000]{0,4}(?:様|殿)"
)
_BLANKS = re.compile(r"[\s\u3000]+")


_GENERIC = on_first_use(
    r"担当|皆|各位|お客|客様|関係者|利用者|保護者|ご家族|御家族|会員|市民|住民|職員|先生方|〇|○|◯|●|xx|＊|\*"
)


@dataclass(frozen=True, slots=True)
class Mention:
    written: str
    key: NameKey
    contact: Contact | None
    organisation: bool = False


def _squash(text: str) -> str:
    return _BLANKS.sub("", fold(text))


_WORD = re.compile(r"[^\W\d_]+")


def _substrings(text: str, lengths: tuple[int, ...]) -> Iterator[str]:
    for start in range(len(text)):
        for length in lengths:
            if start + length > len(text):
                break
            yield text[start : start + length]


def contacts_in(text: str, book: AddressBook | None) -> tuple[Mention, ...]:
    """Address-book contacts named in ``text`` by full name, alias, or organisation."""
    if book is None or not text:
        return ()
    index = book.search_index
    squashed = _squash(text)
    found: dict[str, Mention] = {}
    for piece in _substrings(squashed, index.cjk_lengths):
        for contact, written in index.cjk.get(piece, ()):
            found.setdefault(contact.email, Mention(written, name_key(written), contact))
    if index.latin:
        words = _WORD.findall(fold(unicodedata.normalize("NFKC", text)))
        for size in index.latin_sizes:
            for start in range(len(words) - size + 1):
                for contact, written in index.latin.get(" ".join(words[start : start + size]), ()):
                    found.setdefault(contact.email, Mention(written, name_key(written), contact))
    for piece in _substrings(squashed, index.organisation_lengths):
        for contact in index.organisations.get(piece, ()):
            if contact.email not in found:
                found[contact.email] = Mention(contact.organisation, name_key(contact.organisation), contact, True)
    return tuple(found.values())


def labelled_names(text: str, most: int = 50) -> tuple[Mention, ...]:
    """Names written after a label or before an honorific (unknown people included)."""
    found: dict[str, Mention] = {}
    head = text[:20000]
    for pattern in (_LABELLED, _HONORIFIC):
        for match in pattern.finditer(head):
            written = match.group("name") or match.groupdict().get("latin") or ""
            key = name_key(written)
            if key.empty or key.joined in found or len(key.joined) < 2 or _GENERIC.search(written):
                continue
            # An organisation, or a municipality and its head (えがお市長 様), is no person.
            if looks_like_organisation(written) or municipality(written):
                continue
            found[key.joined] = Mention(written.strip(), key, None)
            if len(found) >= most:
                return tuple(found.values())
    return tuple(found.values())


# -- Organisations: which school, facility or company a document belongs to ----------------

# Kinds of organisation that receive "their own" data from the office (schools, nurseries,
# care providers, clinics, companies): another member of the same kind is a peer whose data
# must not go to this one (#6).
_KINDS = (
    (
        "school",
        ("義務教育学校", "特別支援学校", "中等教育学校", "高等学校", "小学校", "中学校", "高校", "学園", "大学"),
    ),
    ("preschool", ("認定こども園", "こども園", "幼稚園", "保育園", "保育所", "学童クラブ", "学童保育", "児童館")),
    ("medical", ("歯科医院", "クリニック", "診療所", "病院", "医院", "薬局")),
    ("care", ("デイサービス", "介護事業所", "事業所", "施設", "ホーム")),
    ("company", ("株式会社", "有限会社", "合同会社", "(株)", "(有)", "㈱", "㈲")),
    ("corporation", ("社会福祉法人", "医療法人", "特定非営利活動法人", "一般社団法人", "公益財団法人", "npo法人")),
)
_PUBLIC_PREFIXES = on_first_use(r"^(?:\S{1,6}?[都道府県市区町村])?(?:[都道府県市区町村]立|国立|公立|私立)")
_GENERIC_STEMS = frozenset(
    [
        "各",
        "全",
        "全て",
        "市内",
        "区内",
        "町内",
        "村内",
        "県内",
        "都内",
        "管内",
        "本",
        "当",
        "貴",
        "御",
        "同",
        "他",
        "近隣",
        "関係",
        "対象",
        "該当",
        "各種",
        "市",
        "区",
        "町",
        "村",
        "県",
        "都",
        "その他",
        "他の",
        "新",
        "旧",
        "〇〇",
        "○○",
        "××",
    ]
)
_ORG_LABELS = (
    "学校名",
    "所属校",
    "事業所名",
    "施設名",
    "団体名",
    "法人名",
    "会社名",
    "事業者名",
    "園名",
    "保育所名",
    "幼稚園名",
    "医療機関名",
    "病院名",
)
_LABELLED_ORG = on_first_use(
    "(?:" + "|".join(_ORG_LABELS) + r"|宛先|送付先)[ \t\u3000]{0,3}[:：][ \t\u3000]{0,3}(?P<org>[^\s,，、。:：]{2,30})"
)
_CELL_SPLIT = on_first_use(r"[,\t，]")
_NAME_SPLIT = on_first_use(r"[_\-‐－ \u3000()（）【】\[\]・,、.＿]+")
MAX_CELLS = 20000


def organisation_kind(text: str) -> str:
    """The kind of a specific organisation (``school`` for 市立西小学校), or '' when the
    text is no organisation or a generic one (小学校, 各小学校, 市内小学校, 貴校)."""
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    for kind, words in _KINDS:
        for word in words:
            # The kind ends the name (西小学校, さくら保育園); a legal form may also begin it
            # (株式会社サンプル): ホームページ is no care home.
            legal = kind in ("company", "corporation")
            if not (folded.endswith(word) or (legal and folded.startswith(word))):
                continue
            stem = (folded[: -len(word)] if folded.endswith(word) else folded[len(word) :]).strip()
            if kind not in ("company", "corporation"):
                stem = _PUBLIC_PREFIXES.sub("", stem)
            if stem and stem not in _GENERIC_STEMS and not stem.startswith(("各", "全", "市内", "区内")):
                return kind
    return ""


@dataclass(frozen=True, slots=True)
class OrganisationMention:
    """An organisation a document is for: its file name, addressee line, a label or a column."""

    written: str
    kind: str
    how: str  # "file name", "addressee", "label", "column"


def _cells(text: str) -> Iterator[str]:
    count = 0
    for line in text.splitlines():
        for cell in _CELL_SPLIT.split(line):
            count += 1
            if count > MAX_CELLS:
                return
            yield cell.strip().strip('"').strip()


def organisations_for(name: str, text: str) -> tuple[OrganisationMention, ...]:
    """The organisations a document names as its owner or addressee: ``名簿_西小学校.xlsx``,
    ``西小学校長 様`` at its top, ``学校名：西小学校``, or a 学校名 / 事業所名 column."""
    from mailguard.content.addressees import AddresseeKind, document_addressees

    found: dict[str, OrganisationMention] = {}

    def add(written: str, how: str, any_kind: bool = False) -> None:
        kind = organisation_kind(written)
        if (kind or (any_kind and looks_like_organisation(written))) and written not in found:
            found[written] = OrganisationMention(written, kind, how)

    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for token in _NAME_SPLIT.split(stem)[:20]:
        add(token, "file name")
    for addressee in document_addressees(text):
        if addressee.kind is AddresseeKind.ORGANISATION:
            add(addressee.organisation, "addressee", any_kind=True)
    for match in _LABELLED_ORG.finditer(text[:20000]):
        add(match.group("org"), "label", any_kind=True)
    cells = list(_cells(text[:200000]))
    if any(cell in _ORG_LABELS for cell in cells):
        for cell in cells:
            if len(cell) <= 30:
                add(cell, "column")
    return tuple(found.values())
