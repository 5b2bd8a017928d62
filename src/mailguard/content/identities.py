"""What mailguard knows about each recipient: names and organisation, from the display name
and the address book. Used to tell whether a name written in a message is the recipient's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mailguard.content.addressees import split_person_from_organisation
from mailguard.content.names import NameKey, fold, is_cjk, looks_like_organisation, name_key, names_match
from mailguard.destinations.contacts import AddressBook, Contact, incorporated, organisations_match
from mailguard.model import Draft, Recipient
from mailguard.patterns import on_first_use

_LOCAL_SEPARATORS = re.compile(r"[._\-+0-9]+")
_TOKEN_GAPS = re.compile(r"[ \t\u3000]+")
_HAN = on_first_use(r"[\u3400-\u9fff\uf900-\ufaff々〆]")


def script_of(key: NameKey) -> str:
    """``kanji``, ``kana`` or ``latin``: names in different scripts cannot be compared
    without a reading (山田 and ヤマダ and Yamada may be one person)."""
    if _HAN.search(key.joined):
        return "kanji"
    return "kana" if is_cjk(key.joined) else "latin"


@dataclass(frozen=True, slots=True)
class Identity:
    recipient: Recipient
    names: tuple[NameKey, ...]
    organisations: tuple[str, ...]
    local_tokens: tuple[str, ...]
    contact: Contact | None

    @property
    def name_known(self) -> bool:
        return bool(self.names)

    def is_person(self, key: NameKey) -> bool:
        if any(names_match(key, own) for own in self.names):
            return True
        # Romaji names against the address's local part: "Dear Mr Tanaka" to tanaka.i@...
        return bool(key.tokens) and not is_cjk(key.joined) and all(t in self.local_tokens for t in key.tokens[-1:])

    def can_compare(self, key: NameKey) -> bool:
        """Whether a name written as ``key`` could be checked against this recipient: a
        known name in the same script."""
        script = script_of(key)
        return any(script_of(own) == script for own in self.names)

    def is_organisation(self, text: str) -> bool:
        """``株式会社サンプル 工事部`` is the organisation of ``株式会社サンプル 事務局``:
        the whole names match, or their first (top-level) parts do."""
        return same_organisation(text, self.organisations)


def same_organisation(text: str, organisations: Iterable[str]) -> bool:
    """Whether ``text`` names one of ``organisations`` (or a part of it): the whole names
    match, or their first (top-level) parts do."""
    head = _TOKEN_GAPS.split(text.strip())[0]
    return any(
        organisations_match(text, own) or organisations_match(head, _TOKEN_GAPS.split(own.strip())[0])
        for own in organisations
    )


def works_elsewhere(written: str, organisations: Sequence[str]) -> bool:
    """Whether a person written under ``written`` (the organisation of their salutation,
    ``株式会社みらい印刷`` / ``経理ご担当 吉田様``) cannot be someone whose known organisations
    are ``organisations``: the name is the same, the company is another. Only a body named with
    its legal form tells (a section, ``高齢福祉課``, or a company without 株式会社 is written too
    loosely to contradict), and an unknown organisation is no evidence."""
    return bool(written and organisations) and incorporated(written) and not same_organisation(written, organisations)


def _display_parts(display: str) -> tuple[str, str]:
    """(person, organisation) written in a display name; nothing when it holds an address."""
    if not display or "@" in display:
        return "", ""
    if looks_like_organisation(display):
        person, organisation = split_person_from_organisation(display)
        if looks_like_organisation(person) or not organisation:
            return "", display
        return person, organisation
    return display, ""


_ROLES = frozenset(
    [
        "受付",
        "窓口",
        "代表",
        "事務",
        "事務局",
        "事務室",
        "総務",
        "お問い合わせ",
        "問い合わせ",
        "担当",
        "担当者",
        "info",
        "office",
    ]
)


def _is_role(name: str) -> bool:
    return not name or looks_like_organisation(name) or fold(name.strip()) in _ROLES


def identity(recipient: Recipient, book: AddressBook | None) -> Identity:
    person, organisation = _display_parts(recipient.name)
    contact = book.by_email(recipient.address) if book else None
    names = [name_key(person)] if person else []
    organisations = [organisation] if organisation else []
    if contact is not None:
        # A shared mailbox's "name" (事務室, 受付) is a role, not a person.
        if not _is_role(contact.name):
            names.extend(contact.keys)
        if contact.organisation:
            organisations.append(contact.organisation)
    local = recipient.address.rpartition("@")[0]
    tokens = tuple(fold(t) for t in _LOCAL_SEPARATORS.split(local) if len(t) >= 2)
    return Identity(recipient, tuple(k for k in names if not k.empty), tuple(organisations), tokens, contact)


def identities(draft: Draft, book: AddressBook | None) -> tuple[Identity, ...]:
    return tuple(identity(r, book) for r in draft.recipients)
