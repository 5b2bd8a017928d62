"""Notice mails: what the sender (and approvers) read about a held, expired or bounced message.

A notice names the findings, the recipients grouped by party as the sender should check them,
the attachments, and how to act. It goes out through the same durable queue (kind "notice")
with a null envelope sender, so a notice that cannot be delivered never produces another.
Japanese first, then English, in one text part, unless ``notices.lang`` asks for one only.
"""

from __future__ import annotations

import email.policy
import email.utils
from email.message import EmailMessage
from typing import Any

from mailguard.shells.gateway.config import GatewayConfig
from mailguard.shells.gateway.store import NewMessage, StoredMessage

_TITLES = {
    "held": ("送信保留", "Held"),
    "blocked": ("送信禁止", "Blocked"),
    "expired": ("期限切れで破棄", "Expired"),
    "bounce": ("配送失敗", "Undelivered"),
    "approval": ("承認依頼", "Approval requested"),
    "uncertain": ("配送未確認", "Delivery uncertain"),
}
_LEADS = {
    "held": (
        "次のメールは送信前の確認が必要なため保留されています。内容を確認し、送信するか取り消してください。",
        "This message is held: it needs your confirmation before it is sent. Check it, then send or cancel it.",
    ),
    "blocked": (
        "次のメールは送信できない内容を含むため止められました。修正して送り直してください。",
        "This message was stopped: it cannot be sent as it is. Correct it and send it again.",
    ),
    "expired": (
        "次のメールは期限内に判断されなかったため送信されずに破棄されました。",
        "Nobody decided about this held message in time: it was not sent and has been discarded.",
    ),
    "bounce": (
        "次のメールは一部または全部の宛先に配送できませんでした。",
        "This message could not be delivered to some or all of its recipients.",
    ),
    "approval": (
        "次のメールの送信には、送信者以外の方の承認が必要です。",
        "This message needs the approval of a person other than its sender before it is sent.",
    ),
    "uncertain": (
        "配送中に中断したため、このメールが届いたか確認できません。二重送信を避けるため保留しました。",
        "Delivery was interrupted and the gateway cannot tell whether this message arrived; it is held so it is not sent twice.",
    ),
}
_FIELDS = {"to": "To", "cc": "Cc", "bcc": "Bcc"}


def notice(
    config: GatewayConfig, message: StoredMessage, kind: str, to: str, extra: dict[str, str] | None = None
) -> NewMessage | None:
    """A queued notice about ``message`` for ``to`` (None when notices are off or nobody to tell)."""
    if not config.notices.enabled or not to or message.kind == "notice":
        return None
    mail = EmailMessage(policy=email.policy.SMTP)
    ja_title, en_title = _TITLES[kind]
    subject = str(message.summary.get("subject") or "")
    mail["From"] = config.notice_sender
    mail["To"] = to
    mail["Subject"] = f"[mailguard] {ja_title} / {en_title}: {subject}"[:200]
    mail["Date"] = email.utils.formatdate(localtime=True)
    mail["Message-ID"] = email.utils.make_msgid(domain="mailguard.invalid")
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Mailguard-Notice"] = f"{kind}; id={message.id}"
    extra = {**(extra or {}), **_console_link(config, message, kind, to)}
    mail.set_content(body(config, message, kind, extra), charset="utf-8")
    data = mail.as_bytes()
    return NewMessage(
        kind="notice",
        state="passed",
        verdict="pass",
        findings=(),
        identity=message.identity,
        mail_from="",
        rcpts=(to,),
        summary={"subject": str(mail["Subject"]), "about": message.id, "notice": kind},
        data=data,
        reason=f"{kind} notice about {message.id}",
        actor="gateway",
    )


def body(config: GatewayConfig, message: StoredMessage, kind: str, extra: dict[str, str]) -> str:
    langs = ("ja", "en") if config.notices.lang == "both" else (config.notices.lang,)
    return "\n\n----------------------------------------\n\n".join(
        _section(config, message, kind, lang, extra) for lang in langs
    )


def _section(config: GatewayConfig, message: StoredMessage, kind: str, lang: str, extra: dict[str, str]) -> str:
    ja = lang == "ja"
    lead = _LEADS[kind][0 if ja else 1]
    lines = [lead, ""]
    lines.append(f"{'件名' if ja else 'Subject'}: {message.summary.get('subject') or ''}")
    lines.append(f"{'受付番号' if ja else 'Gateway id'}: {message.id}")
    lines.append("")
    if message.findings:
        lines.append("指摘事項:" if ja else "Findings:")
        for f in message.findings:
            lines.append(f"  {f['rule']} {f['name']} [{f['severity']}]  ({f['id']})")
            lines.append(f"      {f.get('message', {}).get(lang, '')}")
            if f.get("fix", {}).get(lang):
                lines.append(f"      {'対処' if ja else 'fix'}: {f['fix'][lang]}")
        lines.append("")
    lines.extend(_recipients(message, ja))
    lines.extend(_attachments(message, ja))
    if extra.get("results"):
        lines.extend(["配送結果:" if ja else "Delivery results:", extra["results"], ""])
    lines.extend(_how_to_act(config, message, kind, ja, extra.get("link")))
    return "\n".join(lines)


def _recipients(message: StoredMessage, ja: bool) -> list[str]:
    parties = message.summary.get("parties") or []
    lines = [f"{'宛先' if ja else 'Recipients'} ({len(message.rcpts)}):"]
    if not parties:
        lines.extend(f"    {r}" for r in message.rcpts)
    for party in parties:
        label = _party_label(party, ja)
        lines.append(f"  [{label}]")
        for member in party["members"]:
            name = f"  {member['name']}" if member.get("name") else ""
            lines.append(f"    {_FIELDS.get(member['field'], member['field']):<4} {member['address']}{name}")
    return [*lines, ""]


def _party_label(party: dict[str, Any], ja: bool) -> str:
    kind = party["kind"]
    if kind == "internal":
        return "内部" if ja else "internal"
    if kind == "person":
        return f"{'個人' if ja else 'private person'}: {party['label']}"
    if kind == "organisation":
        return f"{'外部の組織' if ja else 'external organisation'}: {party['label']}"
    return f"{'不明' if ja else 'unresolved'}: {party['label']}"


def _attachments(message: StoredMessage, ja: bool) -> list[str]:
    items = message.summary.get("attachments") or []
    lines = ["添付ファイル:" if ja else "Attachments:"]
    lines.extend(f"    {a['filename']}  ({a['media_type']}, {a['size']} bytes)" for a in items)
    if not items:
        lines.append("    なし" if ja else "    none")
    return [*lines, ""]


def _console_link(config: GatewayConfig, message: StoredMessage, kind: str, to: str) -> dict[str, str]:
    """The signed link to this message's page in the web console, for this reader."""
    if config.console is None:
        return {}
    from mailguard.shells.console.links import notice_link

    link = notice_link(config, message, kind, to)
    return {"link": link} if link else {}


def _how_to_act(config: GatewayConfig, message: StoredMessage, kind: str, ja: bool, link: str | None) -> list[str]:
    if kind == "blocked" and link:
        return ["詳細と修正方法:" if ja else "Why, and how to correct it:", f"    {link}"]
    if kind not in ("held", "approval", "uncertain"):
        return []
    url = config.notices.console_url
    lines = ["操作方法:" if ja else "How to act:"]
    if link:
        lines.append(f"    {link}")
    elif url:
        lines.append(f"    {url.rstrip('/')}/messages/{message.id}")
    verb = "approve" if kind == "approval" else "release"
    lines.append(f"    mailguard gateway {verb} {message.id}")
    lines.append(
        f"    mailguard gateway release {message.id} --bcc    ({'宛先を Bcc に移して送信' if ja else 'send with recipients moved to Bcc'})"
    )
    lines.append(f"    mailguard gateway cancel {message.id}")
    if message.expires_at and kind != "uncertain":
        when = email.utils.formatdate(message.expires_at, localtime=True)
        lines.append(f"    {'判断期限' if ja else 'decide before'}: {when}")
    return lines
