"""Text output: the confirmation dialog (#5) in text form, printed for every verdict.

Per message: the verdict, every finding with what to change, who the message goes to grouped
by party (internal first, then each external party, with the field of each address), and the
attachments. Kept to a few lines per party so it is read, not skipped.
"""

from __future__ import annotations

from typing import TextIO

from mailguard.destinations.parties import Party, PartyKind
from mailguard.findings import Severity, Verdict
from mailguard.model import Attachment
from mailguard.result import MessageResult, RunResult

MAX_MEMBERS_SHOWN = 12
MAX_PARTIES_SHOWN = 25

_WORDS = {
    "en": {
        Verdict.PASS: "PASS",
        Verdict.CONFIRM: "CONFIRM",
        Verdict.BLOCK: "BLOCK",
        "error": "ERROR",
        "fix": "fix",
        "subject": "Subject",
        "from": "From",
        "recipients": "Recipients",
        "attachments": "Attachments",
        "none": "none",
        "internal": "internal",
        PartyKind.ORGANISATION: "external organisation",
        PartyKind.PERSON: "external private person",
        PartyKind.UNRESOLVED: "unresolved",
        PartyKind.UNKNOWN: "internal or external not known",
        "unknown_sender": "note: no sender organisation is known and the policy names no internal_domains, "
        "so colleagues cannot be told from external parties",
        "trusted": "trusted",
        "more": "and {n} more",
        "policy": "policy",
        "summary": "{n} message(s): {counts}",
        "parties": "{n} {addresses}, {p} {parties}",
        "hidden": "hidden from the others",
        "nested": "attached message",
        "more_parties": "and {p} more parties ({n} addresses); use --format json for all",
    },
    "ja": {
        Verdict.PASS: "送信可 (PASS)",
        Verdict.CONFIRM: "要確認 (CONFIRM)",
        Verdict.BLOCK: "送信禁止 (BLOCK)",
        "error": "読み取りエラー",
        "fix": "対処",
        "subject": "件名",
        "from": "差出人",
        "recipients": "宛先",
        "attachments": "添付ファイル",
        "none": "なし",
        "internal": "組織内",
        PartyKind.ORGANISATION: "外部の組織",
        PartyKind.PERSON: "外部の個人",
        PartyKind.UNRESOLVED: "不明",
        PartyKind.UNKNOWN: "組織内か外部か不明",
        "unknown_sender": "注意: 差出人の組織が分からず、ポリシーにも internal_domains がないため、"
        "組織内の宛先と外部の宛先を区別できません",
        "trusted": "信頼済み",
        "more": "ほか {n} 件",
        "policy": "ポリシー",
        "summary": "{n} 通: {counts}",
        "parties": "{n} 件のアドレス、{p} の相手",
        "hidden": "他の宛先からは見えません",
        "nested": "添付メール",
        "more_parties": "ほか {p} の相手 ({n} 件のアドレス)。すべて見るには --format json",
    },
}
_MARK = {Severity.BLOCK: "✗", Severity.CONFIRM: "!", Severity.INFO: "i"}


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _party_lines(party: Party, words: dict[object, str]) -> list[str]:
    if party.kind is PartyKind.INTERNAL:
        head = f"  [{words['internal']}]"
    else:
        trusted = f", {words['trusted']}" if party.trusted else ""
        head = f"  [{words[party.kind]}: {party.label}{trusted}]"
    lines = [head]
    for recipient in party.members[:MAX_MEMBERS_SHOWN]:
        name = f"  {recipient.name}" if recipient.name and recipient.name != recipient.address else ""
        hidden = f"  ({words['hidden']})" if not recipient.field.visible else ""
        lines.append(f"    {recipient.field.label:<3}  {recipient.address}{name}{hidden}")
    hidden_count = len(party.members) - MAX_MEMBERS_SHOWN
    if hidden_count > 0:
        lines.append(f"    … {words['more'].format(n=hidden_count)}")
    return lines


def _attachment_lines(attachments: tuple[Attachment, ...], words: dict[object, str], indent: str) -> list[str]:
    lines = []
    for item in attachments:
        label = f" ({words['nested']})" if item.message is not None else ""
        lines.append(f"{indent}{item.filename}  {item.media_type}  {_size(item.size)}{label}")
        if item.message is not None:
            lines.extend(_attachment_lines(item.message.attachments, words, indent + "  "))
    return lines


def render_message(message: MessageResult, lang: str) -> list[str]:
    words = _WORDS[lang]
    if message.error:
        return [f"{message.source}: {words['error']}: {message.error}"]
    assert message.draft is not None
    draft = message.draft
    decided = f"  -> {message.decision}" if message.decision else ""
    lines = [f"{message.source}: {words[message.verdict]}{decided}"]
    for finding in message.findings:
        incidents = " ".join(f"#{n}" for n in finding.incidents)
        refs = f" ({incidents})" if incidents else ""
        lines.append(f"  {_MARK[finding.severity]} {finding.rule} {finding.name} [{finding.severity.label}]{refs}")
        lines.append(f"      {finding.message.get(lang)}")
        lines.append(f"      {words['fix']}: {finding.fix.get(lang)}")
        lines.append(f"      id: {finding.id}")
    sender = draft.sender.display() if draft.sender else "-"
    lines.append(f"  {words['from']}: {sender}")
    lines.append(f"  {words['subject']}: {draft.subject or '-'}")
    n, p = len(draft.recipients), len(message.parties)
    count = words["parties"].format(
        n=n, p=p, addresses="address" if n == 1 else "addresses", parties="party" if p == 1 else "parties"
    )
    lines.append(f"  {words['recipients']} ({count}):")
    if any(p.kind is PartyKind.UNKNOWN and p.key.startswith("org:") for p in message.parties):
        lines.append(f"    {words['unknown_sender']}")
    for party in message.parties[:MAX_PARTIES_SHOWN]:
        lines.extend("  " + line for line in _party_lines(party, words))
    rest = message.parties[MAX_PARTIES_SHOWN:]
    if rest:
        hidden = sum(len(p.members) for p in rest)
        lines.append(f"    … {words['more_parties'].format(p=len(rest), n=hidden)}")
    if not message.parties:
        lines.append(f"    {words['none']}")
    lines.append(f"  {words['attachments']}:")
    lines.extend(_attachment_lines(draft.attachments, words, "    ") or [f"    {words['none']}"])
    return lines


def render(run: RunResult, stream: TextIO, lang: str) -> None:
    words = _WORDS[lang]
    for message in run.messages:
        stream.write("\n".join(render_message(message, lang)) + "\n\n")
    if len(run.messages) > 1:
        counts: dict[str, int] = {}
        for message in run.messages:
            key = words["error"] if message.error else words[message.verdict]
            counts[key] = counts.get(key, 0) + 1
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        stream.write(words["summary"].format(n=len(run.messages), counts=summary) + "\n")
    stream.write(f"{words['policy']}: {run.policy_source}\n")
