"""Who a message addresses: the salutation and addressee block at the top, and the subject.

Quoted reply text and forwarded threads are cut off first: the addressee of an earlier
message is not the addressee of this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from mailguard.content.names import HONORIFICS, looks_like_organisation, strip_honorifics

TOP_LINES = 10

_QUOTE_MARKERS = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:original message|forwarded message|元のメッセージ|転送されたメッセージ)\s*-{2,}"
    r"|_{5,}"
    r"|on .{3,200}wrote:\s*$"
    r"|.{1,120}(?:さんは書きました|wrote)\s*[:：]\s*$"
    r"|.{1,120}(?:は書きました|のメッセージ)\s*[:：]\s*$"
    r"|from:\s.+@.+|差出人\s*[:：].+"
    r"|begin forwarded message:"
    r")",
    re.IGNORECASE,
)
_GREETINGS = re.compile(
    r"^(いつも|大変お世話|お世話になって|お世話になり|お疲れ様|お疲れさま|お疲れさまです|こんにちは|初めまして|はじめまして|突然の|"
    r"thank you|thanks|i hope|hope you|i am writing|this is|good (morning|afternoon|evening))",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"(^各\S{1,12}\s*(?:ご担当者|御担当者|担当者|様|殿|御中|長)|各位|皆様|皆さま|みなさま|皆さん|みなさん|皆々様|ご一同様|御一同様|関係者の方々|"
    r"^(dear|hi|hello|hey)\s+(all|everyone|everybody|team|colleagues|friends|folks|members|there|world|you|guys|"
    r"sir(s)?( or madam)?|madam|customers?|valued customers?|subscribers?|parents|residents|citizens)\b)",
    re.IGNORECASE,
)
_JA_HONORIFIC = "|".join(
    sorted((re.escape(h) for h in HONORIFICS if h not in ("さん", "くん", "君", "氏")), key=len, reverse=True)
)
_JA_ADDRESSEE = re.compile(rf"^(?P<name>.{{1,60}}?)\s*(?P<hon>{_JA_HONORIFIC}|さん|くん)\s*[、,，。:：]?\s*$")
_EN_ADDRESSEE = re.compile(
    r"^(?:dear|hi|hello|hey|attn\.?:?|attention:?|to:)\s+(?P<name>[^,:;!\n]{1,60}?)\s*[,:;!]?\s*$",
    re.IGNORECASE,
)
_SUBJECT_ADDRESSEE = re.compile(
    r"(?:【|\[|\(|（|^|\s)(?P<name>[^【】\[\]()（）\s]{1,30}?)\s*(?P<hon>様|さま|殿|御中)(?:】|\]|\)|）|\s|$)"
)
_TOKEN_GAPS = re.compile(r"[\s\u3000]+")


class AddresseeKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    COLLECTIVE = "collective"


@dataclass(frozen=True, slots=True)
class Addressee:
    """A name the message is written to, and where it was found."""

    kind: AddresseeKind
    name: str
    organisation: str
    where: str


def own_text(body: str) -> str:
    """The body without quoted replies and forwarded threads (``>`` lines, markers)."""
    kept: list[str] = []
    for line in body.splitlines():
        if _QUOTE_MARKERS.match(line):
            break
        if line.lstrip().startswith((">", "＞", "|")):
            continue
        kept.append(line)
    return "\n".join(kept)


def split_person_from_organisation(text: str) -> tuple[str, str]:
    """``株式会社サンプル 営業部 田中 一郎`` -> (田中 一郎, 株式会社サンプル 営業部)."""
    tokens = _TOKEN_GAPS.split(text.strip())
    org_tokens: list[str] = []
    while tokens and looks_like_organisation(tokens[0]) and len(tokens) > 1:
        org_tokens.append(tokens.pop(0))
    return " ".join(tokens), " ".join(org_tokens)


def _from_line(line: str, where: str, context: list[str]) -> Addressee | None:
    stripped = line.strip()
    if _COLLECTIVE.search(stripped):
        return Addressee(AddresseeKind.COLLECTIVE, stripped, "", where)
    match = _JA_ADDRESSEE.match(stripped)
    if match:
        name, honorific = match.group("name").strip(), match.group("hon")
        organisation = " ".join(context)
        if honorific == "御中" or honorific.startswith(("ご担当", "御担当", "担当")):
            return Addressee(AddresseeKind.ORGANISATION, "", (organisation + " " + name).strip(), where)
        person, org_part = split_person_from_organisation(name)
        if looks_like_organisation(person):
            return Addressee(AddresseeKind.ORGANISATION, "", (organisation + " " + person).strip(), where)
        return Addressee(AddresseeKind.PERSON, person, (organisation + " " + org_part).strip(), where)
    match = _EN_ADDRESSEE.match(stripped)
    if match:
        name = match.group("name").strip()
        if looks_like_organisation(name):
            return Addressee(AddresseeKind.ORGANISATION, "", name, where)
        return Addressee(AddresseeKind.PERSON, name, "", where)
    return None


def body_addressees(body: str) -> tuple[Addressee, ...]:
    """Addressees in the first lines of the body, with a multi-line addressee block's
    organisation lines (company, department) attached to the person they precede."""
    found: list[Addressee] = []
    context: list[str] = []
    seen = 0
    head = "\n".join(body.split("\n", 60)[:60])  # the addressee block is at the top
    for number, line in enumerate(own_text(head).splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > TOP_LINES or _GREETINGS.match(stripped):
            break
        addressee = _from_line(stripped, f"body:line {number}", context)
        if addressee is not None:
            found.append(addressee)
            context = []
            continue
        if looks_like_organisation(stripped) and len(stripped) <= 60:
            context.append(stripped)
            continue
        if found:
            break
    return tuple(found)


def subject_addressees(subject: str) -> tuple[Addressee, ...]:
    """Names in the subject with an honorific: ``【田中様】登録完了``."""
    found = []
    for match in _SUBJECT_ADDRESSEE.finditer(subject):
        name, honorific = match.group("name"), match.group("hon")
        if honorific == "御中" or looks_like_organisation(name):
            found.append(Addressee(AddresseeKind.ORGANISATION, "", name, "subject"))
        elif not _COLLECTIVE.search(name) and strip_honorifics(name):
            found.append(Addressee(AddresseeKind.PERSON, name, "", "subject"))
    return tuple(found)


def addressees(subject: str, body: str) -> tuple[Addressee, ...]:
    return body_addressees(body) + subject_addressees(subject)
