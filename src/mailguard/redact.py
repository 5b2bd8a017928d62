"""Redaction for machine outputs: the personal data a draft carries in its subject, file
names and display names, found by the detectors and masked wherever a report quotes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from mailguard.content import personal
from mailguard.content.addressees import AddresseeKind, subject_addressees
from mailguard.mask import mask_filename, mask_name

if TYPE_CHECKING:
    from mailguard.model import Draft

_SPACES = re.compile(r"[\s\u3000・･]+")


Masker = Callable[[str], str]


class Redactor:
    """Masks, in any text of a machine output, the personal data a draft carries in its
    subject, file names and display names (the JSON, SARIF, JSON-lines and manifest writers
    use it; the sender's own terminal report and dialog do not).

    The subject is read by the detectors (names with honorifics, and the personal-data
    detectors); file names and display names are masked whole wherever they appear (a finding
    message or location that quotes a file name included).

    Each value is masked only where a text quotes it: most reports quote none of the
    sender's or recipients' names but in the recipient list (:meth:`name`).
    """

    def __init__(self, replacements: dict[str, Masker], subjects: dict[str, str]) -> None:
        self._pairs = sorted(replacements.items(), key=lambda pair: -len(pair[0]))
        self._subjects = subjects

    def subject(self, text: str) -> str:
        return self.text(self._subjects.get(text, text))

    def text(self, text: str) -> str:
        for raw, mask in self._pairs:
            if raw in text:
                text = text.replace(raw, mask(raw))
        return text

    def name(self, name: str) -> str:
        """A display name as the recipient list shows it."""
        return mask_name(name) if name else ""

    def filename(self, name: str) -> str:
        """An attachment's file name as the attachment list shows it."""
        return mask_filename(name) if name else ""


class Unmasked(Redactor):
    """What ``--show-personal-data`` writes: every value as the draft has it."""

    def __init__(self) -> None:
        super().__init__({}, {})

    def subject(self, text: str) -> str:
        return text

    def text(self, text: str) -> str:
        return text

    def name(self, name: str) -> str:
        return name

    def filename(self, name: str) -> str:
        return name


def redactor_for(draft: Draft | None) -> Redactor:
    replacements: dict[str, Masker] = {}
    subjects: dict[str, str] = {}
    if draft is not None:
        _collect(draft, replacements, subjects)
    return Redactor(replacements, subjects)


def _collect(draft: Draft, replacements: dict[str, Masker], subjects: dict[str, str]) -> None:
    mailboxes = [draft.sender, *(r.mailbox for r in draft.recipients), *draft.reply_to, *draft.resent_recipients]
    for mailbox in mailboxes:
        if mailbox is not None and mailbox.name.strip() and mailbox.name.strip() != mailbox.address:
            _add_name(mailbox.name.strip(), replacements)
    for attachment in draft.attachments:
        if len(attachment.filename) > 1:
            replacements[attachment.filename] = mask_filename
        if attachment.message is not None:
            _collect(attachment.message, replacements, subjects)
    if draft.subject:
        subjects[draft.subject] = _masked_subject(draft.subject, replacements)


def _add_name(name: str, replacements: dict[str, Masker]) -> None:
    """The whole name and each of its parts (``田中 一郎`` is also written ``田中``)."""
    replacements[name] = mask_name
    for part in _SPACES.split(name):
        part = part.strip("\"'<>()")
        if len(part) >= (3 if part.isascii() else 2):
            replacements.setdefault(part, mask_name)


_SEPARATORS = r"[\s\-‐－ー()（）.・/]*"


def _written(raw: str) -> re.Pattern[str]:
    """How a detector's raw value may be written: digits with separators between them
    (``09012345678`` as ``090-1234-5678``); other values as they are."""
    if raw.isdigit():
        return re.compile(_SEPARATORS.join(raw))
    return re.compile(re.escape(raw))


def _masked_subject(subject: str, replacements: dict[str, Masker]) -> str:
    detectors = (
        personal.my_numbers,
        personal.phone_numbers,
        personal.postal_addresses,
        personal.dates_of_birth,
        personal.bank_accounts,
        personal.credit_cards,
        personal.identity_documents,
    )
    text = subject
    hits = [hit for detector in detectors for hit in detector(subject)]
    if hits:
        text = personal.normalise(subject)
        for hit in sorted(hits, key=lambda h: -len(h.raw)):
            text = _written(hit.raw).sub(hit.masked, text)
    for addressee in subject_addressees(subject):
        if addressee.kind is AddresseeKind.PERSON and addressee.name:
            _add_name(addressee.name, replacements)
    return text
