"""Result objects: what every shell (CLI, library, CI, gateway) receives and formats.

One model for every shell: a :class:`MessageResult` per message, a :class:`RunResult` for
``mailguard check`` over several files, a :class:`BatchResult` for a merge run (its messages
streamed as :class:`Report` records), a :class:`TemplateResult` per template. Findings carry
catalogue reasons, so every formatter makes the words in the reader's language at the edge;
:func:`exit_status` is the only place a verdict becomes an exit status.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mailguard.destinations.parties import Party
from mailguard.errors import as_reason
from mailguard.findings import Finding, Reason, Severity, Verdict
from mailguard.model import Attachment, Draft

if TYPE_CHECKING:
    from mailguard.redact import Redactor
    from mailguard.rules._run import Facts

EXIT_PASS, EXIT_CONFIRM, EXIT_USAGE, EXIT_BLOCK, EXIT_UNREADABLE = 0, 1, 2, 3, 4
_EXIT_FOR_VERDICT = {Verdict.PASS: EXIT_PASS, Verdict.CONFIRM: EXIT_CONFIRM, Verdict.BLOCK: EXIT_BLOCK}
# What a person decided: these send (0), these hold the message for later (1).
_DECIDED_SEND = ("acknowledged", "approved", "confirmed", "overridden")
_DECIDED_HOLD = ("cancelled", "needs-approval")


def exit_status(verdict: Verdict, error: bool = False, decision: str | None = None) -> int:
    """The exit status of a verdict: 0 pass, 1 confirm, 3 block, 4 unreadable input (which
    outranks everything); a person's decision turns a confirm into 0 (send) or 1 (hold)."""
    if error:
        return EXIT_UNREADABLE
    if decision in _DECIDED_SEND:
        return EXIT_PASS
    if decision in _DECIDED_HOLD:
        return EXIT_CONFIRM
    return _EXIT_FOR_VERDICT[verdict]


def worst(findings: Iterable[Finding]) -> Verdict:
    return Verdict.of([f.severity for f in findings] or [Severity.INFO])


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
    # Why it could not be read, as a catalogue reason (``error`` is its English words).
    error_reason: Reason | None = None

    def __post_init__(self) -> None:
        _fill_error(self)

    @property
    def exit_code(self) -> int:
        return exit_status(self.verdict, bool(self.error), self.decision)

    def error_words(self, lang: str) -> str | None:
        """Why the message could not be read, in ``lang`` (None when it was read)."""
        return error_words(self.error_reason, lang)

    @property
    def digest(self) -> str | None:
        return self.draft.digest if self.draft else None

    def to_dict(
        self, lang: str = "en", show_personal_data: bool = False, redact: Redactor | None = None
    ) -> dict[str, Any]:
        """The machine report. Subjects, file names and display names are masked unless
        ``show_personal_data`` (``personal_data`` says which), by ``redact`` when the caller
        has the draft's redactor already. Each value is written as shown: no unmasked report
        is built to be masked in a copy."""
        data: dict[str, Any] = {"source": self.source, "verdict": self.verdict.label}
        if self.decision:
            data["decision"] = self.decision
        if self.error:
            data["verdict"] = "error"
            data.update(error_fields(self.error_reason, lang))
            return data
        assert self.draft is not None
        draft = self.draft
        shown = _shown(draft, show_personal_data, redact)
        data.update(
            digest=draft.digest,
            raw_sha256=draft.raw_digest,
            format=draft.format,
            subject=shown.subject(draft.subject),
            sender=draft.sender.address if draft.sender else None,
            findings=[redacted_finding(finding_dict(f, lang), shown) for f in self.findings],
            recipients=[
                {
                    "address": r.address,
                    "name": shown.name(r.name),
                    "field": str(r.field),  # a StrEnum's str() is its value, without enum.property
                    "party": shown.text(p.label),
                    "party_kind": str(p.kind),
                    "trusted": p.trusted,
                }
                for p in self.parties
                for r in p.members
            ],
            attachments=[attachment_dict(a, shown) for a in draft.attachments],
            warnings=[shown.text(w.get(lang)) for w in draft.warnings],
        )
        if not show_personal_data:
            data["personal_data"] = "masked"
        return data


def _shown(draft: Draft, show_personal_data: bool, redact: Redactor | None = None) -> Redactor:
    """How a report shows the draft's personal data: as written (``--show-personal-data``),
    else masked by ``redact`` or the draft's own redactor (:mod:`mailguard.redact`)."""
    if redact is not None and not show_personal_data:
        return redact
    redaction = _redaction()
    shown: Redactor = redaction.Unmasked() if show_personal_data else redaction.redactor_for(draft)
    return shown


@functools.cache
def _redaction() -> ModuleType:
    """:mod:`mailguard.redact`, imported once, on first use: it loads the detectors, which
    commands that report nothing must not wait for, and a ``from ... import`` inside a
    function costs ~7k instructions a call (see ``rules._run._person_kind``)."""
    from mailguard import redact

    return redact


def _fill_error(result: MessageResult | TemplateResult) -> None:
    """Either form of an error given, both kept: the English words (``error``, as before)
    and the reason they are made from (a plain string from a library caller is its own
    reason, shown as given)."""
    if result.error_reason is None and result.error:
        object.__setattr__(result, "error_reason", as_reason(result.error))
    elif result.error_reason is not None and not result.error:
        object.__setattr__(result, "error", result.error_reason.en)


def error_words(why: Reason | None, lang: str) -> str | None:
    return why.get(lang) if why is not None else None


def error_fields(why: Reason | None, lang: str) -> dict[str, str]:
    """``error`` (the words in ``lang``) and ``error_code`` (stable: machines need not parse
    the words) of a machine report."""
    if why is None:
        return {}
    return {"error": why.get(lang), "error_code": why.code}


def redacted_finding(finding: dict[str, Any], redact: Redactor) -> dict[str, Any]:
    """A finding dict with quoted file names, display names and subject data masked (its
    words, location, subjects, and the parameters of its reason)."""
    for key in ("message", "fix", "location"):
        finding[key] = redact.text(finding[key])
    finding["subjects"] = [redact.text(s) for s in finding["subjects"]]
    if "reason" in finding:
        finding["reason"] = _redact_all(finding["reason"], redact)
    return finding


def _redact_all(value: Any, redact: Redactor) -> Any:
    if isinstance(value, str):
        return redact.text(value)
    if isinstance(value, dict):
        return {k: _redact_all(v, redact) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_all(v, redact) for v in value]
    return value


def shown_findings(
    result: MessageResult, show_personal_data: bool, redact: Redactor | None = None
) -> tuple[Finding, ...]:
    """The findings as machine outputs may carry them: with the draft's personal data masked
    in their words, location and subjects unless ``show_personal_data`` (SARIF, batch)."""
    if show_personal_data or result.draft is None or not result.findings:
        return result.findings
    redact = _shown(result.draft, show_personal_data, redact)
    return tuple(
        replace(
            f,
            message=f.message.redacted(redact.text),
            fix=f.fix.redacted(redact.text),
            location=redact.text(f.location),
            subjects=tuple(redact.text(s) for s in f.subjects),
        )
        for f in result.findings
    )


def _words(finding: Finding, lang: str) -> dict[str, Any]:
    """What every serialised finding holds: identity, rule, severity, words and reason."""
    data: dict[str, Any] = {
        "id": finding.id,
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message.get(lang),
        "fix": finding.fix.get(lang),
        "incidents": list(finding.incidents),
    }
    if finding.message.code:
        data["reason"] = finding.message.data()
    return data


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    data = _words(finding, lang)
    data.update(fingerprint=finding.fingerprint, location=finding.location, subjects=list(finding.subjects))
    return data


def run_finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    """A finding about a run: the messages it names instead of a location."""
    data = _words(finding, lang)
    data["sources"] = list(finding.sources)
    return data


def attachment_dict(attachment: Attachment, shown: Redactor | None = None) -> dict[str, Any]:
    """An attachment of a report: its file name (and an attached message's subject) as
    ``shown`` writes them (as written when None)."""
    data: dict[str, Any] = {
        "filename": shown.filename(attachment.filename) if shown else attachment.filename,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "inline": attachment.inline,
    }
    if attachment.message is not None:
        data["message"] = {
            "subject": shown.subject(attachment.message.subject) if shown else attachment.message.subject,
            "attachments": [attachment_dict(a, shown) for a in attachment.message.attachments],
        }
    return data


@dataclass(frozen=True)
class RunResult:
    """One invocation over one or more messages, under one policy."""

    policy_source: str
    messages: tuple[MessageResult, ...] = field(default_factory=tuple)
    show_personal_data: bool = False

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
            "personal_data": "shown" if self.show_personal_data else "masked",
            "messages": [m.to_dict(lang, self.show_personal_data) for m in self.messages],
        }


# What ``json.dumps(report, ensure_ascii=False)`` writes, from one encoder for every report
# (with options ``json.dumps`` builds a new one per call); a report holds no cycles to watch.
_REPORT_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


@dataclass(frozen=True)
class Report:
    """One message of a merge run as it streams to the writers: its JSON report (encoded
    where it was checked, in a worker process), and the structured parts the writers,
    the manifest and the run checks read (nothing is decoded again)."""

    source: str
    verdict: str  # pass, confirm, block, or error
    encoded: str
    facts: Facts
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    digest: str | None = None
    recipients: tuple[str, ...] = ()
    raw_digest: str | None = None
    personal_data: str = "masked"
    error_reason: Reason | None = None  # why it could not be read (``error``: in English)

    @classmethod
    def of(cls, result: MessageResult, facts: Facts, lang: str, show_personal_data: bool = False) -> Report:
        redact = None
        if not show_personal_data and result.draft is not None:
            redact = _shown(result.draft, show_personal_data)  # once for the report and its findings
        data = result.to_dict(lang, show_personal_data, redact)
        return cls(
            source=result.source,
            verdict=data["verdict"],
            encoded=_REPORT_JSON.encode(data),
            facts=facts,
            findings=shown_findings(result, show_personal_data, redact),
            error=result.error,
            error_reason=result.error_reason,
            digest=result.digest,
            raw_digest=result.draft.raw_digest if result.draft else None,
            personal_data="shown" if show_personal_data else "masked",
            recipients=tuple(r["address"] for r in data.get("recipients", ())),
        )

    def error_words(self, lang: str) -> str | None:
        return error_words(self.error_reason, lang) if self.error_reason is not None else self.error

    @property
    def report(self) -> dict[str, Any]:
        """The report as a mapping (decoded on demand: for library users and tests)."""
        decoded: dict[str, Any] = json.loads(self.encoded)
        return decoded


@dataclass(frozen=True)
class BatchResult:
    """A merge run: counts per verdict, the findings about the run, the worst message."""

    policy_source: str
    counts: Mapping[str, int]
    batch_findings: tuple[Finding, ...]
    message_verdict: Verdict
    errors: int

    @property
    def verdict(self) -> Verdict:
        return max(self.message_verdict, worst(self.batch_findings))

    @property
    def exit_code(self) -> int:
        return exit_status(self.verdict, bool(self.errors))

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "verdict": "error" if self.errors else self.verdict.label,
            "exit_code": self.exit_code,
            "policy": self.policy_source,
            "summary": dict(self.counts),
            "batch_findings": [run_finding_dict(f, lang) for f in self.batch_findings],
        }


@dataclass(frozen=True)
class TemplateResult:
    """The static and rendered checks of one template."""

    source: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    rows_checked: int = 0
    error: str | None = None
    error_reason: Reason | None = None

    def __post_init__(self) -> None:
        _fill_error(self)

    @property
    def exit_code(self) -> int:
        return exit_status(self.verdict, bool(self.error))

    def error_words(self, lang: str) -> str | None:
        return error_words(self.error_reason, lang)

    def to_dict(self, lang: str) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "verdict": "error" if self.error else self.verdict.label}
        data.update(error_fields(self.error_reason, lang))
        data["rows_checked"] = self.rows_checked
        data["findings"] = [finding_dict(f, lang) for f in self.findings]
        return data
