"""What a person must re-read before a held message goes: the terminal dialog's items, for a page.

The message is checked again from its stored bytes with the gateway's policy (as the gateway
checked it: envelope recipients added as Bcc), and :func:`mailguard.shells.interactive.build`
decides what must be ticked: each external recipient, each attachment, each confirm finding,
and which findings need their domain typed back. This module only gives every item a key for
the form and arranges them for display; :meth:`Review.problems` is the server's re-check of a
submitted form, so a crafted POST that leaves one box out is refused.

If the check now finds something the stored report did not (the policy changed since the
message was held), the page offers no send: the decision would not be about what was shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import compat32
from typing import Any

from mailguard.destinations.domains import normalise_domain
from mailguard.destinations.parties import PartyKind
from mailguard.engine import check_bytes
from mailguard.findings import Severity, Verdict
from mailguard.policy import Policy
from mailguard.result import MessageResult
from mailguard.shells import interactive
from mailguard.shells.gateway.checking import with_envelope
from mailguard.shells.gateway.store import StoredMessage

BODY_LINES = 6


@dataclass(frozen=True)
class Member:
    address: str
    name: str
    field: str  # To / Cc / Bcc
    hidden: bool
    key: str | None  # None: shown only (internal)


@dataclass(frozen=True)
class PartyView:
    label: str
    kind: str  # internal / organisation / person / unresolved
    members: tuple[Member, ...]


@dataclass(frozen=True)
class AttachmentView:
    filename: str
    media_type: str
    size: int
    key: str | None


@dataclass(frozen=True)
class FindingView:
    id: str
    rule: str
    name: str
    severity: str
    message: dict[str, str]
    fix: dict[str, str]
    key: str | None
    domain: str = ""  # to be typed back
    address: str = ""


@dataclass
class Review:
    message: StoredMessage
    sender: str
    subject: str
    body_lines: list[str]
    parties: list[PartyView] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)
    blocking: bool = False
    stale: bool = False  # the check now differs from the stored report: no send

    @property
    def keys(self) -> list[str]:
        """Every item that must be ticked, in page order."""
        keys = [m.key for p in self.parties for m in p.members if m.key]
        keys += [a.key for a in self.attachments if a.key]
        keys += [f.key for f in self.findings if f.key]
        return keys

    @property
    def typed(self) -> dict[str, str]:
        """Finding key -> the domain to be typed back."""
        return {f.key: f.domain for f in self.findings if f.key and f.domain}

    @property
    def acknowledged(self) -> list[str]:
        return [f.id for f in self.findings if f.severity != "info"]

    @property
    def can_send(self) -> bool:
        return not self.blocking and not self.stale and self.message.state == "held"

    def problems(self, ticks: Collection[str], typed: Mapping[str, str]) -> list[str]:
        """What a submitted form left out: the keys not ticked and the domains mistyped."""
        given = set(ticks)
        missing = [k for k in self.keys if k not in given]
        wrong = [k for k, domain in self.typed.items() if normalise_domain(typed.get(k, "").strip()) != domain]
        return missing + [f"{k}:domain" for k in wrong if k not in missing]


async def review(message: StoredMessage, policy: Policy) -> Review:
    """Check the stored bytes again (off the event loop) and lay the report out."""
    assert message.data is not None
    result = await asyncio.to_thread(check_bytes, with_envelope(message.data, message.rcpts), "smtp", policy)
    return build_review(message, result, policy)


def build_review(message: StoredMessage, result: MessageResult, policy: Policy) -> Review:
    if result.error or result.draft is None:  # as the gateway's own check decides (checking.summarise)
        return _unreadable(message)
    draft = result.draft
    page = Review(
        message,
        sender=draft.sender.display() if draft.sender else message.sender,
        subject=draft.subject,
        body_lines=[line.rstrip() for line in draft.body.splitlines() if line.strip()][:BODY_LINES],
        blocking=result.verdict is Verdict.BLOCK or message.state == "blocked",
    )
    dialog = interactive.build(result, policy, "en")
    items = iter([item for item in dialog.items if item.style != "class:section"])
    counter = iter(range(10_000))

    def key(item: interactive.Item) -> str | None:
        return f"i{next(counter)}" if item.tickable and not page.blocking else None

    for party in result.parties:
        members = []
        for recipient in party.members:
            item = next(items)
            members.append(
                Member(recipient.address, recipient.name, recipient.field.label, not recipient.field.visible, key(item))
            )
        page.parties.append(PartyView(party.label, party.kind.value, tuple(members)))
    for attachment in draft.attachments:
        page.attachments.append(
            AttachmentView(attachment.filename, attachment.media_type, attachment.size, key(next(items)))
        )
    for finding in result.findings:
        if finding.severity is Severity.INFO:
            continue
        item = next(items)
        page.findings.append(
            FindingView(
                finding.id,
                finding.rule,
                finding.name,
                finding.severity.label,
                {"en": finding.message.en, "ja": finding.message.ja},
                {"en": finding.fix.en, "ja": finding.fix.ja},
                key(item),
                item.domain,
                item.address,
            )
        )
    if next(items, None) is not None:
        raise RuntimeError("the dialog lists items the console does not show")  # fail closed, loudly
    stored = {f["id"] for f in message.findings if f["severity"] != "info"}
    page.stale = not stored <= {f.id for f in page.findings}
    return page


def _unreadable(message: StoredMessage) -> Review:
    """The gateway could not read it (MG900/MG000): the envelope and the stored findings only;
    every recipient and every finding is ticked, and a block offers no send."""
    blocking = message.verdict == "block" or message.state == "blocked"
    counter = iter(range(10_000))

    def key() -> str | None:
        return None if blocking else f"i{next(counter)}"

    members = tuple(Member(r, "", "Bcc", False, key()) for r in message.rcpts)
    findings = [
        FindingView(
            f["id"],
            f["rule"],
            f["name"],
            f["severity"],
            dict(f.get("message", {})),
            dict(f.get("fix", {})),
            key() if f["severity"] == "confirm" else None,
        )
        for f in message.findings
        if f["severity"] != "info"
    ]
    return Review(
        message,
        sender=message.sender,
        subject=str(message.summary.get("subject") or _subject(message)),
        body_lines=[],
        parties=[PartyView("", PartyKind.UNRESOLVED.value, members)],
        findings=findings,
        blocking=blocking,
    )


def _subject(message: StoredMessage) -> str:
    try:
        return str(BytesParser(policy=compat32).parsebytes(message.data or b"", headersonly=True).get("subject", ""))
    except Exception:
        return ""


def as_dict(page: Review) -> dict[str, Any]:
    return {"keys": page.keys, "typed": page.typed, "blocking": page.blocking, "stale": page.stale}
