"""Result objects: what every shell (CLI, library, CI, gateway) receives and formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mailguard.destinations.parties import Party
from mailguard.findings import Finding, Severity, Verdict
from mailguard.model import Attachment, Draft

EXIT_PASS, EXIT_CONFIRM, EXIT_USAGE, EXIT_BLOCK, EXIT_UNREADABLE = 0, 1, 2, 3, 4
_EXIT_FOR_VERDICT = {Verdict.PASS: EXIT_PASS, Verdict.CONFIRM: EXIT_CONFIRM, Verdict.BLOCK: EXIT_BLOCK}


@dataclass(frozen=True)
class MessageResult:
    """The check of one message: its verdict, findings and the confirmation summary."""

    source: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    draft: Draft | None
    parties: tuple[Party, ...] = ()
    error: str | None = None
    # What a person decided (acknowledged, approved, confirmed, overridden, cancelled,
    # blocked, needs-approval); None when nobody was asked.
    decision: str | None = None
    # Who the message is written to, as the rules read it (kept for cross-message checks).
    addressees: tuple[Any, ...] = ()

    @property
    def exit_code(self) -> int:
        if self.error:
            return EXIT_UNREADABLE
        if self.decision in ("acknowledged", "approved", "confirmed", "overridden"):
            return EXIT_PASS
        if self.decision in ("cancelled", "needs-approval"):
            return EXIT_CONFIRM
        return _EXIT_FOR_VERDICT[self.verdict]

    @property
    def digest(self) -> str | None:
        return self.draft.digest if self.draft else None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "verdict": self.verdict.label}
        if self.decision:
            data["decision"] = self.decision
        if self.error:
            data["verdict"] = "error"
            data["error"] = self.error
            return data
        assert self.draft is not None
        data.update(
            digest=self.draft.digest,
            format=self.draft.format,
            subject=self.draft.subject,
            sender=self.draft.sender.address if self.draft.sender else None,
            findings=[finding_dict(f, lang) for f in self.findings],
            recipients=[
                {
                    "address": r.address,
                    "name": r.name,
                    "field": r.field.value,
                    "party": p.label,
                    "party_kind": p.kind.value,
                    "trusted": p.trusted,
                }
                for p in self.parties
                for r in p.members
            ],
            attachments=[attachment_dict(a) for a in self.draft.attachments],
            warnings=list(self.draft.warnings),
        )
        return data


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "id": finding.id,
        "fingerprint": finding.fingerprint,
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message.get(lang),
        "fix": finding.fix.get(lang),
        "incidents": list(finding.incidents),
        "location": finding.location,
        "subjects": list(finding.subjects),
    }


def attachment_dict(attachment: Attachment) -> dict[str, Any]:
    data: dict[str, Any] = {
        "filename": attachment.filename,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "inline": attachment.inline,
    }
    if attachment.message is not None:
        data["message"] = {
            "subject": attachment.message.subject,
            "attachments": [attachment_dict(a) for a in attachment.message.attachments],
        }
    return data


@dataclass(frozen=True)
class RunResult:
    """One invocation over one or more messages, under one policy."""

    policy_source: str
    messages: tuple[MessageResult, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> Verdict:
        return max((m.verdict for m in self.messages if not m.error), default=Verdict.PASS)

    @property
    def exit_code(self) -> int:
        """Worst of all messages; an unreadable input (4) outranks block (3)."""
        return max((m.exit_code for m in self.messages), default=EXIT_PASS)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        verdict = "error" if any(m.error for m in self.messages) else self.verdict.label
        return {
            "verdict": verdict,
            "exit_code": self.exit_code,
            "policy": self.policy_source,
            "messages": [m.to_dict(lang) for m in self.messages],
        }


def worst(findings: tuple[Finding, ...]) -> Verdict:
    return Verdict.of([f.severity for f in findings] or [Severity.INFO])
