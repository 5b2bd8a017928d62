"""Text output: the confirmation dialog (#5) in text form, printed for every verdict.

Per message: the verdict, every finding with what to change, who the message goes to grouped
by party (internal first, then each external party, with the field of each address), and the
attachments. Kept to a few lines per party so it is read, not skipped.
"""

from __future__ import annotations

from typing import TextIO

from mailguard.catalogue import words
from mailguard.destinations.parties import Party, PartyKind
from mailguard.findings import Severity
from mailguard.formatters import policy_line
from mailguard.model import Attachment
from mailguard.result import MessageResult, RunResult

MAX_MEMBERS_SHOWN = 12
MAX_PARTIES_SHOWN = 25

_MARK = {Severity.BLOCK: "✗", Severity.CONFIRM: "!", Severity.INFO: "i"}


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _party_lines(party: Party, lang: str) -> list[str]:
    if party.kind is PartyKind.INTERNAL:
        head = f"  [{words(lang, 'ui.party.internal')}]"
    else:
        trusted = f", {words(lang, 'ui.trusted')}" if party.trusted else ""
        head = f"  [{words(lang, f'ui.party.{party.kind.value}')}: {party.label}{trusted}]"
    lines = [head]
    for recipient in party.members[:MAX_MEMBERS_SHOWN]:
        name = f"  {recipient.name}" if recipient.name and recipient.name != recipient.address else ""
        hidden = f"  ({words(lang, 'ui.hidden')})" if not recipient.field.visible else ""
        lines.append(f"    {recipient.field.label:<3}  {recipient.address}{name}{hidden}")
    hidden_count = len(party.members) - MAX_MEMBERS_SHOWN
    if hidden_count > 0:
        lines.append(f"    … {words(lang, 'ui.more', {'n': hidden_count})}")
    return lines


def _attachment_lines(attachments: tuple[Attachment, ...], lang: str, indent: str) -> list[str]:
    lines = []
    for item in attachments:
        label = f" ({words(lang, 'ui.nested')})" if item.message is not None else ""
        lines.append(f"{indent}{item.filename}  {item.media_type}  {_size(item.size)}{label}")
        if item.message is not None:
            lines.extend(_attachment_lines(item.message.attachments, lang, indent + "  "))
    return lines


def render_message(message: MessageResult, lang: str) -> list[str]:
    if message.error:
        return [f"{message.source}: {words(lang, 'ui.verdict.error')}: {message.error_words(lang)}"]
    assert message.draft is not None
    draft = message.draft
    decided = ""
    if message.decision:
        decision = words(lang, f"ui.decision.{message.decision}")
        decided = f"  -> {words(lang, 'ui.decision', {'decision': decision})}"
    lines = [f"{message.source}: {words(lang, f'ui.verdict.{message.verdict.label}')}{decided}"]
    for finding in message.findings:
        incidents = " ".join(f"#{n}" for n in finding.incidents)
        refs = f" ({incidents})" if incidents else ""
        severity = words(lang, f"ui.severity.{finding.severity.label}")
        lines.append(f"  {_MARK[finding.severity]} {finding.rule} {finding.name} [{severity}]{refs}")
        lines.append(f"      {finding.message.get(lang)}")
        lines.append(f"      {words(lang, 'ui.fix')}: {finding.fix.get(lang)}")
        lines.append(f"      {words(lang, 'ui.id')}: {finding.id}")
    sender = draft.sender.display() if draft.sender else "-"
    lines.append(f"  {words(lang, 'ui.from')}: {sender}")
    lines.append(f"  {words(lang, 'ui.subject')}: {draft.subject or '-'}")
    n, p = len(draft.recipients), len(message.parties)
    plural = f"ui.parties.{'one' if n == 1 else 'many'}_{'one' if p == 1 else 'many'}"
    lines.append(f"  {words(lang, 'ui.recipients')} ({words(lang, plural, {'n': n, 'p': p})}):")
    if any(p.kind is PartyKind.UNKNOWN and p.key.startswith("org:") for p in message.parties):
        lines.append(f"    {words(lang, 'ui.unknown_sender')}")
    for party in message.parties[:MAX_PARTIES_SHOWN]:
        lines.extend("  " + line for line in _party_lines(party, lang))
    rest = message.parties[MAX_PARTIES_SHOWN:]
    if rest:
        hidden = sum(len(p.members) for p in rest)
        lines.append(f"    … {words(lang, 'ui.more_parties', {'p': len(rest), 'n': hidden})}")
    if not message.parties:
        lines.append(f"    {words(lang, 'ui.none')}")
    lines.append(f"  {words(lang, 'ui.attachments')}:")
    lines.extend(_attachment_lines(draft.attachments, lang, "    ") or [f"    {words(lang, 'ui.none')}"])
    return lines


def render(run: RunResult, stream: TextIO, lang: str) -> None:
    for message in run.messages:
        stream.write("\n".join(render_message(message, lang)) + "\n\n")
    if len(run.messages) > 1:
        counts: dict[str, int] = {}
        for message in run.messages:
            key = words(lang, "ui.verdict.error" if message.error else f"ui.verdict.{message.verdict.label}")
            counts[key] = counts.get(key, 0) + 1
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        stream.write(words(lang, "ui.summary", {"n": len(run.messages), "counts": summary}) + "\n")
    stream.write(policy_line(run.policy_source, lang) + "\n")
