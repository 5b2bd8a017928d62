"""Findings: the small immutable values every rule emits.

Identity is deliberate (as in detect-secrets): a finding's ``fingerprint`` is a hash of rule,
location and offending value, never the plain value, so baselines can match it across edits;
its ``id`` adds the message digest, so an acknowledgement of one message never carries over to
a different message or a changed recipient list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that the verdict is simply the worst severity found."""

    INFO = 0
    CONFIRM = 1
    BLOCK = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


class Verdict(IntEnum):
    PASS = 0
    CONFIRM = 1
    BLOCK = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def of(cls, severities: list[Severity]) -> Verdict:
        worst = max(severities, default=Severity.INFO)
        return {Severity.INFO: cls.PASS, Severity.CONFIRM: cls.CONFIRM, Severity.BLOCK: cls.BLOCK}[worst]


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing sentence in every language mailguard speaks."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def _hash(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def value_hash(value: str) -> str:
    """Hash of an offending value; the value itself is never stored in a finding."""
    return _hash("value", value)[:16]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: Text
    fix: Text
    incidents: tuple[int, ...]
    location: str
    subjects: tuple[str, ...]
    fingerprint: str
    id: str

    @classmethod
    def create(
        cls,
        *,
        rule: str,
        name: str,
        severity: Severity,
        message: Text,
        fix: Text,
        incidents: tuple[int, ...],
        location: str,
        value: str,
        subjects: tuple[str, ...],
        message_digest: str,
    ) -> Finding:
        fingerprint = _hash(rule, location, value_hash(value))[:20]
        return cls(
            rule=rule,
            name=name,
            severity=severity,
            message=message,
            fix=fix,
            incidents=incidents,
            location=location,
            subjects=subjects,
            fingerprint=fingerprint,
            id=f"{rule}-{_hash(message_digest, fingerprint)[:12]}",
        )

    def with_severity(self, severity: Severity) -> Finding:
        from dataclasses import replace

        return replace(self, severity=severity)
