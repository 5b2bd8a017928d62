"""The one draft model every reader produces and every rule reads.

Readers (.eml, .msg, later templates) turn bytes into a :class:`Draft`; nothing downstream
knows which format the message came from. The model is immutable so rules cannot disturb
each other and results are reproducible.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from mailguard import identity
from mailguard.findings import Reason


class Field(StrEnum):
    """Where an address stands; Bcc is the only field the other recipients cannot see."""

    TO = "to"
    CC = "cc"
    BCC = "bcc"

    @property
    def visible(self) -> bool:
        return self is not Field.BCC

    @property
    def label(self) -> str:
        return {"to": "To", "cc": "Cc", "bcc": "Bcc"}[self.value]


@dataclass(frozen=True, slots=True)
class Address:
    """A mailbox as written in the message: decoded display name and address."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        """Lower-cased domain part ("" when the address has none)."""
        _, at, domain = self.address.rpartition("@")
        return domain.strip().rstrip(".").lower() if at else ""

    def display(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True, slots=True)
class Recipient:
    """One recipient of the draft and the header field it is in."""

    mailbox: Address
    field: Field

    @property
    def address(self) -> str:
        return self.mailbox.address

    @property
    def name(self) -> str:
        return self.mailbox.name

    @property
    def domain(self) -> str:
        return self.mailbox.domain


@dataclass(frozen=True, slots=True)
class AddressRepair:
    """An address header typed wrongly and read as meant (``readers.addresses``): the header,
    what kind of slip, the text as written and the address(es) it was read as."""

    header: str
    kind: str
    written: str
    read: tuple[str, ...]
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that travels with the message; nested messages are parsed into ``message``."""

    filename: str
    media_type: str
    size: int
    data: bytes = field(repr=False)
    message: Draft | None = field(default=None, repr=False)
    inline: bool = False
    # The content's digest, computed on first use (``replace()`` starts a new, empty memo).
    _memo: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def sha256(self) -> str:
        """SHA-256 of the decoded content, hashed once: the extraction cache keys on it in the
        check and the message identity covers it in the report (a 10 MB file: about 40 ms a hash here)."""
        found = self._memo.get("sha256")
        if found is None:
            found = self._memo["sha256"] = hashlib.sha256(self.data).hexdigest()
        return found


@dataclass(frozen=True, slots=True)
class Draft:
    """A message about to be sent, independent of the file format it was read from.

    ``warnings`` hold what the reader had to guess (a lying charset, a broken part), so that a
    best-effort decode is never silent. ``incomplete`` names the limits that stopped reading:
    rules must not treat an incompletely read message as clean.
    """

    source: str
    format: str
    raw_digest: str  # SHA-256 of the bytes read (the manifest's raw_sha256)
    sender: Address | None
    recipients: tuple[Recipient, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()
    reply_to: tuple[Address, ...] = ()
    resent_recipients: tuple[Address, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    invalid_addresses: tuple[tuple[Field, str], ...] = ()
    address_repairs: tuple[AddressRepair, ...] = ()
    warnings: tuple[Reason, ...] = ()
    incomplete: tuple[Reason, ...] = ()
    # Derived digests, computed on first use (``replace()`` starts a new, empty memo).
    _memo: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def digest(self) -> str:
        """The message identity (:mod:`mailguard.identity`): finding ids and every decision
        bind to it; it survives re-serialisation and changes with what recipients receive.

        Alone when asked first: a message without findings never needs the salt."""
        found = self._memo.get("identity")
        if found is None:
            found = self._memo["identity"] = identity.message_identity(self)
        return found

    @property
    def finding_salt(self) -> str:
        """Keys finding ids (:func:`mailguard.identity.finding_salt`); never written out.

        Asked when a rule finds something, whose report then needs the identity too: both
        come from one canonical serialisation."""
        found = self._memo.get("salt")
        if found is None:
            self._memo["identity"], found = identity.digests(self)
            self._memo["salt"] = found
        return found

    def header(self, name: str) -> str | None:
        """First value of a header that matters (List-Unsubscribe, Precedence, ...), decoded.

        Headers are kept as written and decoded here, on the rare occasions a rule asks."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                from mailguard.readers.charset import decode_words, unfold

                return decode_words(unfold(value), name)[0].strip()
        return None

    def in_field(self, which: Field) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.field is which)

    @property
    def visible_recipients(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.field.visible)


def digest_bytes(data: bytes) -> str:
    """SHA-256 of the bytes read: which bytes were checked (the identity is ``Draft.digest``)."""
    return hashlib.sha256(data).hexdigest()
