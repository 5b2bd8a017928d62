"""A guarded drop-in for :class:`smtplib.SMTP` and :class:`smtplib.SMTP_SSL`.

``send_message`` (and ``sendmail``) check the message first, with the same pipeline as
``mailguard check``: a block raises :class:`MessageBlocked`; a confirm raises
:class:`ConfirmationRequired` unless the call acknowledges every confirm finding by id. A
finding only a second person may release (a rule in ``approval.required_for``, or a
personal-data or destination rule that ran out of time) is not released by ``acknowledge``:
it raises :class:`ApprovalRequired` unless ``approval=`` carries an approver's signed
:class:`~mailguard.decisions.Approval` of this message that verifies. Every exception
carries the :class:`~mailguard.result.MessageResult`, so the caller can show what to fix.
Nothing is sent when one is raised.

What is checked is the message as it will be sent: the envelope recipients (``to_addrs``)
that the headers do not show are checked as Bcc, a Bcc header whose addresses are not in the
envelope is dropped (smtplib strips Bcc, so they never receive it), ``from_addr`` stands in for
a missing From, and a Bcc header inside raw ``sendmail`` bytes is checked as visible (sendmail
sends the bytes as they are, so every recipient sees it). Acknowledgements are finding ids,
bound to the message identity: ids from ``mailguard.check(msg)`` hold for the same message
however smtplib re-serialises it, and fail when a recipient, the body or an attachment differs.
"""

from __future__ import annotations

import email.message
import email.policy
import smtplib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mailguard.findings import Severity, Verdict
from mailguard.policy import Policy
from mailguard.result import MessageResult

if TYPE_CHECKING:
    from mailguard.decisions import Approval


class GuardError(smtplib.SMTPException):
    """Base class: the message was checked and not sent."""

    def __init__(self, result: MessageResult, text: str) -> None:
        super().__init__(text)
        self.result = result


class MessageBlocked(GuardError):
    """The check said block: the findings say what to change."""


class ConfirmationRequired(GuardError):
    """The check said confirm and not every confirm finding was acknowledged."""

    def __init__(self, result: MessageResult, pending: list[str]) -> None:
        super().__init__(result, f"message not sent: confirm {', '.join(pending)}")
        self.pending = pending


class ApprovalRequired(GuardError):
    """Findings only a second person releases: no acknowledgement by the caller sends them."""

    def __init__(self, result: MessageResult, required: list[str], problem: str | None = None) -> None:
        why = f" ({problem})" if problem else ""
        super().__init__(result, f"message not sent: {', '.join(required)} need(s) a second person's approval{why}")
        self.required = required
        self.problem = problem


class _Guard:
    """Mixed into SMTP classes; ``policy`` and ``source`` are keyword-only additions."""

    policy: Policy

    def _init_guard(self, policy: Policy | None) -> None:
        from mailguard.shells.userdata import with_secret

        self.policy = with_secret(policy or Policy.default())
        self.last_result: MessageResult | None = None
        self._checked = False  # set while send_message hands a checked message to sendmail

    def guard(
        self, message: email.message.Message | bytes, acknowledge: Iterable[str] = (), approval: Approval | None = None
    ) -> MessageResult:
        """Check ``message``; raise unless it may go. Returns the result when it may."""
        from mailguard import check
        from mailguard.decisions import needs_approval

        result = check(message, self.policy, source="smtp")
        self.last_result = result
        if result.error:
            raise MessageBlocked(result, f"message not sent: it could not be read ({result.error})")
        if result.verdict is Verdict.BLOCK:
            rules = ", ".join(sorted({f.rule for f in result.findings if f.severity is Severity.BLOCK}))
            raise MessageBlocked(result, f"message not sent: blocked by {rules}")
        required = [f.id for f in result.findings if needs_approval(f, self.policy.approval_required_for)]
        if required:
            _check_approval(result, self.policy, required, approval)
        acknowledged = set(acknowledge) | set(required)
        pending = [f.id for f in result.findings if f.severity is Severity.CONFIRM and f.id not in acknowledged]
        if pending:
            raise ConfirmationRequired(result, pending)
        return result


def _check_approval(result: MessageResult, policy: Policy, required: list[str], approval: Approval | None) -> None:
    """Raise ApprovalRequired unless ``approval`` verifies for this message and ``required``
    (signed by a listed approver who is not its From address)."""
    from mailguard.decisions import sender_of, verify_approval

    if approval is None:
        raise ApprovalRequired(result, required)
    verified = verify_approval(
        approval,
        identity=result.digest or "",
        required=required,
        approvers=policy.approvers,
        sender=sender_of(result, ""),
    )
    if not verified:
        raise ApprovalRequired(result, required, verified.problem)


class GuardedSMTP(_Guard, smtplib.SMTP):
    """``smtplib.SMTP`` that refuses to send what mailguard blocks or has not seen confirmed."""

    def __init__(self, *args: Any, policy: Policy | None = None, **kwargs: Any) -> None:
        self._init_guard(policy)
        smtplib.SMTP.__init__(self, *args, **kwargs)

    def send_message(
        self,
        msg: email.message.Message,
        from_addr: str | None = None,
        to_addrs: str | Sequence[str] | None = None,
        mail_options: Sequence[str] = (),
        rcpt_options: Sequence[str] = (),
        *,
        acknowledge: Iterable[str] = (),
        approval: Approval | None = None,
    ) -> dict[str, tuple[int, bytes]]:
        if to_addrs is None and (from_addr is None or msg.get("From")):
            self.guard(msg, acknowledge, approval)  # exactly what smtplib derives from the headers
        else:
            self.guard(_as_sent(_flatten(msg), to_addrs, from_addr), acknowledge, approval)
        self._checked = True
        try:
            return smtplib.SMTP.send_message(self, msg, from_addr, to_addrs, mail_options, rcpt_options)
        finally:
            self._checked = False

    def sendmail(  # type: ignore[override]
        self,
        from_addr: str,
        to_addrs: str | Sequence[str],
        msg: str | bytes,
        mail_options: Sequence[str] = (),
        rcpt_options: Sequence[str] = (),
        *,
        acknowledge: Iterable[str] = (),
        approval: Approval | None = None,
    ) -> dict[str, tuple[int, bytes]]:
        if not self._checked:
            data = msg.encode("utf-8") if isinstance(msg, str) else msg
            self.guard(_as_sent(data, to_addrs, from_addr, raw=True), acknowledge, approval)
        return smtplib.SMTP.sendmail(self, from_addr, to_addrs, msg, mail_options, rcpt_options)


class GuardedSMTP_SSL(_Guard, smtplib.SMTP_SSL):
    """``smtplib.SMTP_SSL`` with the same guard."""

    def __init__(self, *args: Any, policy: Policy | None = None, **kwargs: Any) -> None:
        self._init_guard(policy)
        smtplib.SMTP_SSL.__init__(self, *args, **kwargs)

    send_message = GuardedSMTP.send_message
    sendmail = GuardedSMTP.sendmail  # type: ignore[assignment]


def _flatten(msg: email.message.Message) -> bytes:
    policy = email.policy.SMTP if isinstance(msg, email.message.EmailMessage) else email.policy.compat32
    return msg.as_bytes(policy=policy)


def _as_sent(data: bytes, to_addrs: str | Sequence[str] | None, from_addr: str | None, raw: bool = False) -> bytes:
    """The message as the recipients will get it (see the module docstring)."""
    from email.parser import BytesParser
    from email.utils import getaddresses

    message = BytesParser(policy=email.policy.compat32).parsebytes(data)
    if from_addr and not message.get("From"):
        message["From"] = from_addr
    bcc = message.get_all("Bcc", [])
    if raw and bcc:  # sent verbatim: the Bcc line is visible to everyone
        del message["Bcc"]
        message["Cc"] = ", ".join([*message.get_all("Cc", []), *bcc])
        bcc = []
    visible = {a.lower() for _, a in getaddresses([*message.get_all("To", []), *message.get_all("Cc", [])])}
    if to_addrs is None:
        envelope = [a for _, a in getaddresses([*message.get_all("To", []), *message.get_all("Cc", []), *bcc])]
    else:
        envelope = [to_addrs] if isinstance(to_addrs, str) else list(to_addrs)
    wanted = {a.lower() for a in envelope}
    kept = [(n, a) for n, a in getaddresses(bcc) if a.lower() in wanted and a.lower() not in visible]
    listed = visible | {a.lower() for _, a in kept}
    hidden = list(dict.fromkeys(a for a in envelope if a.lower() not in listed))
    del message["Bcc"]
    entries = [_mailbox(n, a) for n, a in kept] + hidden
    if entries:
        message["Bcc"] = ", ".join(entries)
    return message.as_bytes()


def _mailbox(name: str, address: str) -> str:
    """``Name <address>`` as written (the display name is part of the message identity)."""
    from email.utils import formataddr

    return formataddr((name, address)) if name else address
