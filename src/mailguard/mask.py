"""Masking: personal data never echoes in findings, logs, JSON, SARIF or manifests."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailguard.model import Draft

_SPACES = re.compile(r"[\s\u3000・･]+")
_MASKABLE = re.compile(r"[^\s\-]")


def mask_name(text: str) -> str:
    """``田中 一郎`` -> ``田* 一*``; ``Alice Brown`` -> ``A**** B****``: enough to recognise."""
    parts = [p for p in _SPACES.split(unicodedata.normalize("NFKC", text).strip()) if p]
    return " ".join(p[0] + "*" * (len(p) - 1) for p in parts) or "*"


def mask_value(text: str, keep_start: int = 0, keep_end: int = 2) -> str:
    """Mask a value keeping a few characters: ``123456789018`` -> ``**********18``."""
    body = len(text) - keep_start - keep_end
    if body <= 0:
        return "*" * len(text)
    return (
        text[:keep_start] + _MASKABLE.sub("*", text[keep_start : len(text) - keep_end]) + text[len(text) - keep_end :]
    )


def mask_address(address: str) -> str:
    """``tanaka.ichiro@example.jp`` -> ``t***********@example.jp``: the domain stays readable."""
    local, at, domain = address.rpartition("@")
    if not at:
        return mask_value(address, 1, 0)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


def mask_filename(name: str) -> str:
    """``田中一郎_診断書.pdf`` -> ``田*******.pdf``: staff put people's names in file names and no
    detector reads them reliably, so machine outputs keep the first character and the type."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 8 or not extension.isalnum():
        stem, extension = name, ""
    return mask_value(stem, 1, 0) + (f".{extension}" if extension else "")


class Redactor:
    """Masks, in any text of a machine output, the personal data a draft carries in its
    subject, file names and display names (the JSON, SARIF, JSON-lines and manifest writers
    use it; the sender's own terminal report and dialog do not).

    The subject is read by the detectors (names with honorifics, and the personal-data
    detectors); file names and display names are masked whole wherever they appear (a finding
    message or location that quotes a file name included).
    """

    def __init__(self, replacements: dict[str, str], subjects: dict[str, str]) -> None:
        self._pairs = sorted(replacements.items(), key=lambda pair: -len(pair[0]))
        self._subjects = subjects

    def subject(self, text: str) -> str:
        return self.text(self._subjects.get(text, text))

    def text(self, text: str) -> str:
        for raw, masked in self._pairs:
            if raw in text:
                text = text.replace(raw, masked)
        return text


def redactor_for(draft: Draft | None) -> Redactor:
    replacements: dict[str, str] = {}
    subjects: dict[str, str] = {}
    if draft is not None:
        _collect(draft, replacements, subjects)
    return Redactor(replacements, subjects)


def _collect(draft: Draft, replacements: dict[str, str], subjects: dict[str, str]) -> None:
    mailboxes = [draft.sender, *(r.mailbox for r in draft.recipients), *draft.reply_to, *draft.resent_recipients]
    for mailbox in mailboxes:
        if mailbox is not None and mailbox.name.strip() and mailbox.name.strip() != mailbox.address:
            _add_name(mailbox.name.strip(), replacements)
    for attachment in draft.attachments:
        if len(attachment.filename) > 1:
            replacements[attachment.filename] = mask_filename(attachment.filename)
        if attachment.message is not None:
            _collect(attachment.message, replacements, subjects)
    if draft.subject:
        subjects[draft.subject] = _masked_subject(draft.subject, replacements)


def _add_name(name: str, replacements: dict[str, str]) -> None:
    """The whole name and each of its parts (``田中 一郎`` is also written ``田中``)."""
    replacements[name] = mask_name(name)
    for part in _SPACES.split(name):
        part = part.strip("\"'<>()")
        if len(part) >= (3 if part.isascii() else 2):
            replacements.setdefault(part, mask_name(part))


_SEPARATORS = r"[\s\-‐－ー()（）.・/]*"


def _written(raw: str) -> re.Pattern[str]:
    """How a detector's raw value may be written: digits with separators between them
    (``09012345678`` as ``090-1234-5678``); other values as they are."""
    if raw.isdigit():
        return re.compile(_SEPARATORS.join(raw))
    return re.compile(re.escape(raw))


def _masked_subject(subject: str, replacements: dict[str, str]) -> str:
    from mailguard.content import personal
    from mailguard.content.addressees import AddresseeKind, subject_addressees

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
