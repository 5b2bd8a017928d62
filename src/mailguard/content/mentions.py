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

from mailguard.content.names import NameKey, fold, looks_like_organisation, name_key
from mailguard.destinations.contacts import AddressBook, Contact

_LABELLED = re.compile(
    r"(?:氏\s*名|お名前|名\s*前|患者(?:氏)?名|受診者(?:名)?|利用者(?:名)?|申請者(?:名)?|宛\s*名|被保険者(?:名)?|"
    r"児童(?:氏)?名|生徒(?:氏)?名|保護者(?:名)?|契約者(?:名)?)\s*[:：]\s*"
    r"(?P<name>[^\s:：,，、\d]{1,12}(?:[ \u3000][^\s:：,，、\d]{1,12})?)"
    # English labels: a capitalised first and last name, so "name: foo" in logs is not a person.
    r"|(?<![A-Za-z])(?i:full\s+name|patient(?:\s+name)?|name|applicant|student)\s*:[ \t]*"
    r"(?P<latin>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){1,2})\b"
)
_HONORIFIC = re.compile(
    r"(?:^|[\s_\-\u3000（(【\[])"
    r"(?P<name>[^\s_\-\u3000（(【\[様殿]{1,10}(?:[ \u3000][^\s_\-\u3000様殿]{1,8})?)\s*(?:様|殿)"
)
_BLANKS = re.compile(r"[\s\u3000]+")


_GENERIC = re.compile(
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
            if looks_like_organisation(written):
                continue
            found[key.joined] = Mention(written.strip(), key, None)
            if len(found) >= most:
                return tuple(found.values())
    return tuple(found.values())
