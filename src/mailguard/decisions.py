"""What a person decided about a checked message: acknowledgements, a second person's
approval, overrides, and the audit log that records every decision.

A finding's id binds it to the message digest, so an acknowledgement or approval of one
message never applies to another, nor to the same message with a changed recipient list.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mailguard.errors import InputError
from mailguard.findings import Finding, Severity
from mailguard.mask import mask_address
from mailguard.result import MessageResult

APPROVAL_VERSION = 1


def current_user(explicit: str | None = None) -> str:
    """Who is deciding: --user, else MAILGUARD_USER, else the login name."""
    if explicit:
        return explicit
    try:
        return os.environ.get("MAILGUARD_USER") or getpass.getuser()
    except Exception:
        return "unknown"


def read_acknowledgements(values: Iterable[str], files: Iterable[Path]) -> set[str]:
    """Finding ids from --ack and from acknowledgement files (one id a line, # comments,
    or a JSON list)."""
    found = {v.strip() for v in values if v.strip()}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(str(path), f"cannot read acknowledgements ({exc.strerror or type(exc).__name__})") from exc
        if text.lstrip().startswith("["):
            try:
                found.update(str(v) for v in json.loads(text))
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"invalid JSON acknowledgements: {exc.msg}") from exc
        else:
            found.update(line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip())
    return found


def needs_approval(finding: Finding, required_for: tuple[str, ...]) -> bool:
    return finding.rule in required_for and finding.severity is not Severity.INFO


# -- approvals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    message: str
    findings: tuple[str, ...]
    approver: str
    time: str
    mac: str | None = None

    def payload(self) -> bytes:
        body = {
            "message": self.message,
            "findings": sorted(self.findings),
            "approver": self.approver,
            "time": self.time,
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")

    def to_json(self) -> str:
        data: dict[str, Any] = {"version": APPROVAL_VERSION, **json.loads(self.payload())}
        if self.mac:
            data["mac"] = self.mac
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _mac(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def approval_key(key_env: str | None) -> bytes | None:
    if not key_env:
        return None
    value = os.environ.get(key_env)
    return value.encode("utf-8") if value else None


def create_approval(result: MessageResult, approver: str, key: bytes | None) -> Approval:
    ids = tuple(f.id for f in result.findings if f.severity is Severity.CONFIRM)
    approval = Approval(result.digest or "", ids, approver, datetime.now(UTC).isoformat(timespec="seconds"))
    return Approval(approval.message, ids, approver, approval.time, _mac(key, approval.payload()) if key else None)


def default_approval_path(source: str) -> Path:
    return Path(f"{source}.approval.json")


def load_approval(path: Path) -> Approval:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(str(path), "approval file not found") from exc
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read approval ({type(exc).__name__})") from exc
    if not isinstance(data, dict) or data.get("version") != APPROVAL_VERSION:
        raise InputError(str(path), "not a mailguard approval (version 1)")
    try:
        return Approval(
            message=str(data["message"]),
            findings=tuple(str(i) for i in data["findings"]),
            approver=str(data["approver"]),
            time=str(data["time"]),
            mac=data.get("mac"),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(str(path), f"approval lacks {exc}") from exc


def approval_problem(
    approval: Approval, result: MessageResult, required: list[Finding], user: str, key: bytes | None
) -> str | None:
    """Why an approval does not cover this message (None when it does)."""
    if approval.message != result.digest:
        return "the approval is for a different message (or the message changed after approval)"
    missing = [f.id for f in required if f.id not in approval.findings]
    if missing:
        return f"the approval does not cover {', '.join(missing)}"
    if approval.approver.strip().lower() == user.strip().lower():
        return f"the approval is by {approval.approver}, the sender: a second person must approve"
    if key is not None and (not approval.mac or not hmac.compare_digest(approval.mac, _mac(key, approval.payload()))):
        return "the approval's signature does not verify"
    return None


# -- the audit log ------------------------------------------------------------------------------


def audit_entry(result: MessageResult, decision: str, user: str, reason: str = "") -> dict[str, Any]:
    """One JSON line: time, user, message digest, findings, decision, reason; personal data
    masked (finding texts are masked already, recipients are masked here)."""
    draft = result.draft
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user,
        "source": result.source,
        "message": result.digest,
        "verdict": result.verdict.label,
        "decision": decision,
        "reason": reason,
        "recipients": [mask_address(r.address) for r in draft.recipients] if draft else [],
        "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity.label} for f in result.findings],
    }


def append_audit(path: Path | None, entry: dict[str, Any]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(str(path), f"cannot write the audit log ({exc.strerror or type(exc).__name__})") from exc


# -- putting it together for one message -----------------------------------------------------


@dataclass(frozen=True)
class DecisionInputs:
    acknowledged: frozenset[str]
    approval: Path | None
    user: str
    interactive: bool
    lang: str


def decide(result: MessageResult, policy: Any, inputs: DecisionInputs, notes: list[str]) -> MessageResult:
    """Apply approvals, acknowledgements and the dialog; record the decision in the audit log.

    ``notes`` receives one-line explanations for the report (why an approval was refused).
    """
    from dataclasses import replace

    if result.error or result.draft is None:
        return result
    pending = [f for f in result.findings if f.severity is Severity.CONFIRM]
    blocking = [f for f in result.findings if f.severity is Severity.BLOCK]
    if not pending and not blocking:
        return result
    required = [f for f in result.findings if needs_approval(f, policy.approval_required_for)]
    approved = False
    if required:
        approved = _approved(result, policy, inputs, required, notes)
        if not approved:
            notes.append(f"needs approval by a second person: mailguard approve {result.source} --by NAME")
    decision: str | None = None
    reason = ""
    # The sender can acknowledge findings, but never those that need a second person.
    open_confirms = [
        f
        for f in pending
        if (f in required and not approved) or (f not in required and f.id not in inputs.acknowledged)
    ]
    if not blocking and required and not approved:
        decision = "needs-approval"
    elif not blocking and not open_confirms:
        decision = "approved" if required else "acknowledged"
    elif inputs.interactive:
        from mailguard.shells import interactive

        outcome = interactive.run(interactive.build(result, policy, inputs.lang))
        decision, reason = outcome.decision, outcome.reason
        if decision == "confirmed" and required and not approved:
            decision = "needs-approval"
    if decision is not None:
        append_audit(policy.audit_log, audit_entry(result, decision, inputs.user, reason))
        return replace(result, decision=decision)
    return result


def _approved(
    result: MessageResult, policy: Any, inputs: DecisionInputs, required: list[Finding], notes: list[str]
) -> bool:
    path = inputs.approval or default_approval_path(result.source)
    if inputs.approval is None and not path.is_file():
        return False
    approval = load_approval(path)
    problem = approval_problem(approval, result, required, inputs.user, approval_key(policy.approval_key_env))
    if problem:
        notes.append(f"approval {path} refused: {problem}")
        return False
    return True
