"""Whose data is it: what of a message the personal-data detectors (MG401-MG409) must judge.

They look for data about a *private person that the recipients should not get* (issue 13).
So, before any detector runs, the body is read in segments (:mod:`mailguard.content.segments`)
and three things are settled here:

- **The sender organisation's own contacts are never personal data.** The phones, fax, postal
  address and fee-payment account in the sender's signature are learned from the message
  itself, with those the policy lists under ``own_contacts``. A department's other direct
  lines count as its own when they share a signature number's block (area code and exchange:
  03-5555-0123 makes 03-5555-0150 the office's too). They are the office's wherever they are
  written: in the new text ("お問い合わせは 03-5555-0123 まで") and in attachments.
- **Published business contacts are not a citizen's data**: a partner company's signature
  quoted in the thread (a signature block with an organisation line) is read like the
  sender's own.
- **Quoted or forwarded text counts only for recipients who did not already have it.** A
  quoted message's author and its header's To/Cc had it: a reply that quotes a resident's own
  message back to her gives her nothing new; forwarding that message to a contractor does
  (#15). Quoted text whose author is not written counts (fail closed), except in a reply
  (``In-Reply-To``) to one external recipient, where it is the message answered. What such a quote
  held is the recipients' already wherever it is written: an acknowledgement that repeats the
  applicant's own address and phone (from her quoted application) back to her tells her
  nothing new, while the same values to anyone else still count.

The Individual Number (MG401) and payment cards (MG406) stay personal wherever they appear
outside the sender's own signature, quoted back or not: they must not travel by mail at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mailguard.content import personal
from mailguard.content.segments import BodySegments, Segment, SegmentKind, has_organisation_line
from mailguard.findings import Reason, reason
from mailguard.model import Recipient
from mailguard.patterns import on_first_use

_DIGIT_RUNS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Contacts:
    """Phones (digits), landline number blocks, postal addresses (postal code and house
    number) and accounts (digits) known to be an organisation's."""

    phones: frozenset[str] = frozenset()
    blocks: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()

    def __or__(self, other: Contacts) -> Contacts:
        if other.empty:  # most signatures and quotes add nothing: no new sets to build
            return self
        return Contacts(
            self.phones | other.phones,
            self.blocks | other.blocks,
            self.addresses | other.addresses,
            self.accounts | other.accounts,
        )

    @property
    def empty(self) -> bool:
        return not (self.phones or self.blocks or self.addresses or self.accounts)

    def has_phone(self, digits: str) -> bool:
        block = personal.number_block(digits)
        return digits in self.phones or (block is not None and block in self.blocks)

    def has_address(self, key: str) -> bool:
        return key in self.addresses

    def has_account(self, digits: str) -> bool:
        return digits in self.accounts


NO_CONTACTS = Contacts()  # immutable: shared rather than made for each message


def address_key(text: str, hit: personal.Hit) -> str:
    """A postal code with the house number written after it (本町1-2-3 -> 1-2-3), so that the
    office's address is recognised with or without the prefecture or building name; an
    address without a postal code is known by its town and house number (本町:1-2-3), which
    the signature's address, postal code or not, gives as well."""
    if not hit.raw.isdigit():
        return hit.raw
    line_end = text.find("\n", hit.start)
    after = text[hit.end : min(hit.end + 40, len(text) if line_end < 0 else line_end)]
    return hit.raw + ":" + "-".join(_DIGIT_RUNS.findall(after)[:3])


def contacts_in(text: str, with_blocks: bool) -> Contacts:
    """The contacts written in a text (a signature, a policy entry)."""
    text = personal.normalise(text)
    if not _DIGIT.search(text):  # each kind is digits: a signature of names finds nothing
        return NO_CONTACTS
    phones = frozenset(h.raw for h in personal.phone_numbers(text))
    blocks = frozenset(b for b in (personal.number_block(p) for p in phones) if b) if with_blocks else frozenset()
    addresses = frozenset(
        address_key(text, h) for h in (*personal.postal_addresses(text), *personal.town_addresses(text))
    )
    accounts = frozenset(h.raw for h in personal.bank_accounts(text))
    return Contacts(phones, blocks, addresses, accounts)


def policy_contacts(section: Mapping[str, Iterable[str]]) -> Contacts:
    """``own_contacts`` of the policy (validated by :func:`problem_in_own_contact`)."""
    found = Contacts()
    for phone in section.get("phones", ()):
        digits = _phone_digits(phone)
        block = personal.number_block(digits)
        found |= Contacts(phones=frozenset({digits}), blocks=frozenset({block}) if block else frozenset())
    for address in section.get("addresses", ()):
        text = personal.normalise(address)
        hits = (*personal.postal_addresses(text), *personal.town_addresses(text))
        found |= Contacts(addresses=frozenset(address_key(text, h) for h in hits))
    for account in section.get("accounts", ()):
        found |= Contacts(accounts=frozenset({_account_digits(account)}))
    return found


def _phone_digits(phone: str) -> str:
    digits = personal.digits_of(personal.normalise(phone))
    return "0" + digits[2:] if digits.startswith("81") and phone.strip().startswith("+") else digits


def _account_digits(account: str) -> str:
    return personal.digits_of(personal.normalise(account))


def problem_in_own_contact(kind: str, value: str) -> Reason | None:
    """Why a policy ``own_contacts`` entry cannot be used, or None when it can."""
    if kind == "phones":
        digits = _phone_digits(value)
        if not (digits.startswith("0") and len(digits) in (10, 11)):
            return reason("error.policy.own_phone", value=repr(value))
    elif kind == "addresses":
        text = personal.normalise(value)
        if not personal.postal_codes(text):
            return reason("error.policy.own_address", value=repr(value))
    elif kind == "accounts":
        digits = _account_digits(value)
        if not 7 <= len(digits) <= 14:
            return reason("error.policy.own_account", value=repr(value))
    return None


# -- who already had a quoted text ---------------------------------------------------------------

_NAME_GAPS = re.compile(r"[\s\u3000・]+")
_HONORIFIC_TAIL = on_first_use(r"(?:様|さま|さん|殿|御中)$")


def _name_form(name: str) -> str:
    text = _NAME_GAPS.sub("", unicodedata.normalize("NFKC", name)).casefold()
    return _HONORIFIC_TAIL.sub("", text)


def already_had(segment: Segment, recipients: Iterable[Recipient]) -> bool:
    """Whether every one of these recipients wrote or received the quoted text already: its
    author, or in its header's To/Cc. A name alone (Outlook's ``差出人: 山田 花子``) is matched
    against the recipient's display name only when the quote writes no address."""
    audience = {a for a in (segment.author, *segment.recipients) if a}
    name = _name_form(segment.author_name) if not segment.author else ""
    for recipient in recipients:
        if recipient.address.lower() in audience:
            continue
        if name and recipient.name and _name_form(recipient.name) == name:
            continue
        return False
    return True


def _answered(segment: Segment, recipients: tuple[Recipient, ...], answering: bool) -> bool:
    """An unattributed quote in a reply to one external recipient: the message answered."""
    return answering and len(recipients) == 1 and not (segment.author or segment.author_name or segment.recipients)


# -- the view the detectors read -----------------------------------------------------------------


@dataclass(frozen=True)
class PersonalView:
    """What the personal-data detectors read of one message's body, and whose contacts are
    known: ``counted`` holds the segments the recipients should not get data from (the new
    text, and quoted text they did not have); ``outside_signature`` all but the sender's own
    signature (for My Number and card numbers)."""

    counted: str
    outside_signature: str
    own: Contacts
    published: Contacts
    had: Contacts = Contacts()  # values of quoted text every recipient already had

    def known_phone(self, digits: str) -> bool:
        return any(c.has_phone(digits) for c in (self.own, self.published, self.had))

    def known_address(self, key: str) -> bool:
        return any(c.has_address(key) for c in (self.own, self.published, self.had))

    def known_account(self, digits: str) -> bool:
        return any(c.has_account(digits) for c in (self.own, self.published, self.had))


def personal_view(
    found: BodySegments, recipients: tuple[Recipient, ...], configured: Contacts, answering: bool = False
) -> PersonalView:
    """Settle, for one message, which body text counts and whose contacts are known.

    ``recipients`` are the external ones (internal recipients never make data personal);
    ``configured`` are the policy's ``own_contacts``. ``answering``: the draft is a reply
    (``In-Reply-To``/``References``) to one external recipient, whose address the mail client
    filled from the message answered: a quote with no author written (an interleaved reply's
    ``>`` lines) is then that message, hers already."""
    counted: list[str] = []
    outside: list[str] = []
    own = configured
    published = had = NO_CONTACTS
    for segment in found.segments:
        if segment.kind is SegmentKind.SIGNATURE and segment.depth == 0:
            own |= contacts_in(segment.text, with_blocks=True)
            continue
        outside.append(segment.text)
        if segment.kind is SegmentKind.SIGNATURE and has_organisation_line(segment.text):
            published |= contacts_in(segment.text, with_blocks=False)
            continue
        if segment.depth and (already_had(segment, recipients) or _answered(segment, recipients, answering)):
            had |= contacts_in(segment.text, with_blocks=False)
            continue
        counted.append(segment.text)
    return PersonalView("\n\n".join(counted), "\n\n".join(outside), own, published, had)
