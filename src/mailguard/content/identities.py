"""What mailguard knows about each recipient: names and organisation, from the display name
and the address book. Used to tell whether a name written in a message is the recipient's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailguard.content.addressees import split_person_from_organisation
from mailguard.content.names import NameKey, fold, is_cjk, looks_like_organisation, name_key, names_match
from mailguard.destinations.contacts import AddressBook, Contact, organisations_match
from mailguard.model import Draft, Recipient

_LOCAL_SEPARATORS = re.compile(r"[._\-+0-9]+")


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

    def is_organisation(self, text: str) -> bool:
        return any(organisations_match(text, own) for own in self.organisations)


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


def identity(recipient: Recipient, book: AddressBook | None) -> Identity:
    person, organisation = _display_parts(recipient.name)
    contact = book.by_email(recipient.address) if book else None
    names = [name_key(person)] if person else []
    organisations = [organisation] if organisation else []
    if contact is not None:
        names.extend(contact.keys)
        if contact.organisation:
            organisations.append(contact.organisation)
    local = recipient.address.rpartition("@")[0]
    tokens = tuple(fold(t) for t in _LOCAL_SEPARATORS.split(local) if len(t) >= 2)
    return Identity(recipient, tuple(k for k in names if not k.empty), tuple(organisations), tokens, contact)


def identities(draft: Draft, book: AddressBook | None) -> tuple[Identity, ...]:
    return tuple(identity(r, book) for r in draft.recipients)
