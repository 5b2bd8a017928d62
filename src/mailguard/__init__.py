"""mailguard: check an email before it is sent and say pass, confirm or block.

Library use::

    import mailguard
    result = mailguard.check("draft.eml")            # or bytes, or an EmailMessage
    if result.verdict is not mailguard.Verdict.PASS:
        for finding in result.findings:
            print(finding.rule, finding.message.en, finding.fix.en)
"""

from __future__ import annotations

import email.message
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mailguard.findings import Finding, Severity, Verdict
    from mailguard.policy import Policy
    from mailguard.result import MessageResult, RunResult
    from mailguard.shells.batch import Batch, load_targets
    from mailguard.shells.smtp import (
        ApprovalRequired,
        ConfirmationRequired,
        GuardedSMTP,
        GuardedSMTP_SSL,
        MessageBlocked,
    )

__all__ = [
    "ApprovalRequired",
    "Batch",
    "ConfirmationRequired",
    "Finding",
    "GuardedSMTP",
    "GuardedSMTP_SSL",
    "MessageBlocked",
    "MessageResult",
    "Policy",
    "RunResult",
    "Severity",
    "Verdict",
    "__version__",
    "check",
    "load_targets",
]


def check(
    message: str | Path | bytes | email.message.Message,
    policy: Policy | None = None,
    *,
    source: str | None = None,
) -> MessageResult:
    """Check one message (a path, raw bytes, or an ``email.message`` object).

    ``policy`` defaults to the shipped default policy. Unreadable input does not raise: the
    result has ``error`` set and ``exit_code`` 4, so a pipeline can fail closed on it.
    Fingerprints are keyed with the policy's secret, else this installation's
    (``MAILGUARD_FINGERPRINT_SECRET`` or the one in the user's config directory): this facade
    is a shell, and resolves what the core never reads itself.
    """
    from mailguard.engine import check_bytes, check_draft, check_path, unreadable
    from mailguard.errors import InputError
    from mailguard.policy import Policy as _Policy
    from mailguard.readers import read_message_object
    from mailguard.shells.userdata import with_secret

    policy = with_secret(policy or _Policy.default())
    if isinstance(message, email.message.Message):
        name = source or "<message>"
        try:
            return check_draft(read_message_object(message, name, policy.limits), policy)
        except InputError as error:
            return unreadable(name, error)
    if isinstance(message, bytes | bytearray):
        return check_bytes(bytes(message), source or "<bytes>", policy)
    return check_path(message, policy)


def __getattr__(name: str) -> object:
    """Lazy re-exports: ``import mailguard`` stays cheap for a one-message check."""
    if name in ("Finding", "Severity", "Verdict"):
        from mailguard import findings

        return getattr(findings, name)
    if name == "Policy":
        from mailguard.policy import Policy

        return Policy
    if name in ("MessageResult", "RunResult"):
        from mailguard import result

        return getattr(result, name)
    if name in ("Batch", "load_targets"):
        from .shells import batch

        return getattr(batch, name)
    if name in ("GuardedSMTP", "GuardedSMTP_SSL", "MessageBlocked", "ConfirmationRequired", "ApprovalRequired"):
        from .shells import smtp

        return getattr(smtp, name)
    raise AttributeError(name)
