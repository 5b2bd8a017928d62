"""What a person decided about a checked message: acknowledgements, a second person's
approval, overrides, and the audit log that records every decision.

Everything binds to the message identity (:mod:`mailguard.identity`) and the finding ids
(keyed by it), so a decision about one message never applies to another, nor to the same
message with a changed recipient, body or attachment, while a re-serialised copy keeps it.

What is cryptographic and what is procedural:

- **Cryptographic.** An approval is an Ed25519 signature over the message identity, the
  finding ids it covers, the approver's name and key, the time and the reason. Only the
  holder of a private key whose public key the policy lists under ``approval.approvers`` can
  make one that verifies; it cannot be moved to a changed message or stretched to cover
  another finding. Verifying needs no secret, so the policy, the gateway and CI can all check.
- **Procedural.** *Who the sender is*: mailguard takes the From address and the login name
  (``--user`` / ``MAILGUARD_USER``, resolved by the shell: :mod:`mailguard.shells.userdata`)
  as the sender, and refuses an approval by an approver
  whose listed addresses include the From address, whose name is the sender's login, or whose
  private key sits in the sender's own key directory. On a shared machine or account anyone
  can type any of these; what keeps the two people apart there is that each private key lives
  only in its owner's account (mode 0600) and that the policy file, which lists the public
  keys, is not writable by senders. Acknowledgements (``--ack``) are the sender's own word:
  they are ids bound to the message, not signatures.

Nothing here reads the environment or opens a terminal: the shell passes who decides, the
keys it holds and, when a person is asked, the dialog itself (``DecisionInputs.dialog``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mailguard.engine import DESTINATION_RULES, PERSONAL_DATA_RULES
from mailguard.errors import InputError
from mailguard.files import CONFIG_LIMIT, open_regular, read_config_text, read_regular
from mailguard.findings import Finding, Reason, Severity, reason
from mailguard.mask import mask_address
from mailguard.policy import Approver, Policy, parse_public_key, public_key_text
from mailguard.result import MessageResult
from mailguard.rules.mg900_inspection import NotFullyInspected

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

APPROVAL_VERSION = 2
APPROVAL_TYPE = "mailguard-approval"
# An approval dated further ahead than this is refused (a clock a little fast is not an attack).
CLOCK_SKEW = timedelta(minutes=5)


def _read(path: Path, what: str) -> bytes:
    """The bytes of ``path`` (a regular file, capped); one line naming it and ``what`` it
    should be when it cannot be read."""
    return read_regular(path, CONFIG_LIMIT, what)


def _same_name(a: str, b: str) -> bool:
    """Names compared as people read them: full-width, case and blanks do not count."""

    def key(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).casefold().split())

    return bool(key(a)) and key(a) == key(b)


def read_acknowledgements(values: Iterable[str], files: Iterable[Path]) -> set[str]:
    """Finding ids from --ack and from acknowledgement files (one id a line, # comments,
    or a JSON list)."""
    found = {v.strip() for v in values if v.strip()}
    for path in files:
        text = read_config_text(path, "acknowledgements")
        if text.lstrip().startswith("["):
            try:
                found.update(str(v) for v in json.loads(text))
            except json.JSONDecodeError as exc:
                raise InputError(str(path), reason("error.ack.json", detail=exc.msg)) from exc
        else:
            found.update(line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip())
    return found


def needs_approval(finding: Finding, required_for: tuple[str, ...]) -> bool:
    """Only a second person's verified approval releases this finding (never ``--ack``, the
    dialog, ``GuardedSMTP(acknowledge=...)`` or an override): its rule is in
    ``approval.required_for``, or it is :func:`unfinished_judgement`."""
    if finding.severity is Severity.INFO:
        return False
    return finding.rule in required_for or unfinished_judgement(finding)


def unfinished_judgement(finding: Finding) -> bool:
    """MG900 for a personal-data (MG4xx) or destination (MG1xx, MG3xx) rule that ran out of
    time (issue 16): what it would have found is unknown, and a sender who could acknowledge
    it alone could buy a weaker verdict with a slow input. The engine makes it a block where
    the mail goes to a personal address or nobody knows where; elsewhere it stays a confirm
    that only an approver releases (or, where the policy lists none, nobody)."""
    head, _, stopped = finding.location.partition(":")
    return (
        finding.rule == NotFullyInspected.id
        and head == "rule"
        and stopped.startswith((PERSONAL_DATA_RULES, *DESTINATION_RULES))
    )


# -- keys -----------------------------------------------------------------------------------


def new_key() -> tuple[bytes, str]:
    """A new Ed25519 key pair: (private key as unencrypted PKCS#8 PEM, public ``ed25519:`` text)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem, public_key_text(_public_bytes(key))


def _public_bytes(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """An approver's private key; one line naming the file when it is missing or not a key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = _read(path, "private_key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InputError(str(path), reason("error.key.not_pem")) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(str(path), reason("error.key.not_ed25519"))
    return key


def public_key_of(key: Ed25519PrivateKey) -> bytes:
    return _public_bytes(key)


def held_public_keys(directory: Path) -> frozenset[bytes]:
    """Public halves of the private keys in ``directory`` (the checking user's key directory):
    an approval made with one of them is the sender approving their own mail."""
    found: set[bytes] = set()
    try:
        paths = sorted(directory.glob("*.key"))
    except OSError:
        return frozenset()
    for path in paths:
        try:
            found.add(_public_bytes(load_private_key(path)))
        except InputError:
            continue
    return frozenset(found)


# -- approvals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """A second person's signed approval of one message identity and its finding ids."""

    message: str
    findings: tuple[str, ...]
    approver: str
    key: str  # ed25519:BASE64, the public key that verifies ``signature``
    time: str
    reason: str = ""
    signature: str = ""

    def payload(self) -> bytes:
        """The exact bytes signed: canonical JSON of everything but the signature."""
        body = {
            "type": APPROVAL_TYPE,
            "version": APPROVAL_VERSION,
            "message": self.message,
            "findings": sorted(self.findings),
            "approver": self.approver,
            "key": self.key,
            "time": self.time,
            "reason": self.reason,
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def to_json(self) -> str:
        data: dict[str, Any] = {**json.loads(self.payload()), "signature": self.signature}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def sign_approval(
    identity: str,
    finding_ids: Iterable[str],
    private_key: Ed25519PrivateKey,
    approver: str,
    *,
    reason: str = "",
    time: datetime | None = None,
) -> Approval:
    """Sign an approval of the message ``identity`` (``Draft.digest``) and ``finding_ids``."""
    when = (time or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    unsigned = Approval(
        identity, tuple(sorted(set(finding_ids))), approver, public_key_text(_public_bytes(private_key)), when, reason
    )
    signature = base64.b64encode(private_key.sign(unsigned.payload())).decode("ascii")
    return replace(unsigned, signature=signature)


def approval_from_json(text: str, where: str) -> Approval:
    """Parse an approval; InputError naming ``where`` when it is not one (the old HMAC
    format 1 included: whoever could verify it could forge it, so it is no longer read)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, reason("error.approval.json", detail=exc.msg)) from exc
    if isinstance(data, dict) and data.get("version") == 1:
        raise InputError(where, reason("error.approval.hmac"))
    if not isinstance(data, dict) or data.get("type") != APPROVAL_TYPE or data.get("version") != APPROVAL_VERSION:
        raise InputError(where, reason("error.approval.not_approval", version=APPROVAL_VERSION))
    try:
        findings = data["findings"]
        if not isinstance(findings, list):
            raise TypeError("findings")
        return Approval(
            message=str(data["message"]),
            findings=tuple(str(i) for i in findings),
            approver=str(data["approver"]),
            key=str(data["key"]),
            time=str(data["time"]),
            reason=str(data.get("reason", "")),
            signature=str(data["signature"]),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(where, reason("error.approval.lacks", field=str(exc))) from exc


def default_approval_path(source: str) -> Path:
    return Path(f"{source}.approval.json")


def load_approval(path: Path) -> Approval:
    return approval_from_json(read_config_text(path, "approval"), str(path))


@dataclass(frozen=True)
class Sender:
    """Who sends, as far as mailguard can tell (procedural, see the module docstring)."""

    addresses: frozenset[str] = frozenset()
    user: str = ""
    held_keys: frozenset[bytes] = frozenset()


@dataclass(frozen=True)
class Verified:
    """The outcome of :func:`verify_approval`: ``approver`` when it holds, else ``why`` not
    (a catalogue reason; ``problem`` is its English words)."""

    approver: Approver | None
    why: Reason | None = None

    @property
    def problem(self) -> str | None:
        return self.why.en if self.why is not None else None

    def __bool__(self) -> bool:
        return self.approver is not None and self.why is None


def _signature_holds(approval: Approval, public_key: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        signature = base64.b64decode(approval.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, approval.payload())
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def _time_problem(approval: Approval, now: datetime) -> Reason | None:
    try:
        when = datetime.fromisoformat(approval.time)
    except ValueError:
        return reason("ui.approval.time_not_date")
    if when.tzinfo is None:
        return reason("ui.approval.time_no_zone")
    if when - now > CLOCK_SKEW:
        return reason("ui.approval.future", time=approval.time)
    return None


def verify_approval(
    approval: Approval,
    *,
    identity: str,
    required: Iterable[str],
    approvers: Iterable[Approver],
    sender: Sender = Sender(),
    now: datetime | None = None,
) -> Verified:
    """Does ``approval`` let a message with this ``identity`` go, for these ``required``
    finding ids, under these listed ``approvers``, sent by ``sender``?

    The key named in the approval must be a listed approver's and the signature must verify
    with it (the name typed in the approval is not trusted: the policy's name for the key is
    reported); the identity must be this message's; every required id must be covered; the
    time must not lie in the future; and the approver must not be the sender.
    """
    raw = parse_public_key(approval.key)
    listed = next((a for a in approvers if raw is not None and a.public_key == raw), None)
    if listed is None:
        return Verified(None, reason("ui.approval.unlisted_key"))
    if not _signature_holds(approval, listed.public_key):
        return Verified(None, reason("ui.approval.bad_signature"))
    if approval.message != identity:
        return Verified(None, reason("ui.approval.other_message"))
    missing = sorted(set(required) - set(approval.findings))
    if missing:
        return Verified(None, reason("ui.approval.not_covered", ids=tuple(missing)))
    problem = _time_problem(approval, now or datetime.now(UTC))
    if problem:
        return Verified(None, problem)
    if sender.addresses & set(listed.addresses):
        return Verified(None, reason("ui.approval.sender_from", name=listed.name))
    if listed.public_key in sender.held_keys or _same_name(listed.name, sender.user):
        return Verified(None, reason("ui.approval.sender", name=listed.name))
    return Verified(listed)


def sender_of(result: MessageResult, user: str, held_keys: frozenset[bytes] = frozenset()) -> Sender:
    draft = result.draft
    addresses = frozenset({draft.sender.address.strip().lower()} if draft and draft.sender else set())
    return Sender(addresses, user, held_keys)


# -- the audit log --------------------------------------------------------------------------

GENESIS = "0" * 64


def line_hash(line: bytes) -> str:
    """Hash of one audit line as written (without its newline): the next line's ``prev``."""
    return hashlib.sha256(line.rstrip(b"\r\n")).hexdigest()


def audit_entry(
    result: MessageResult, decision: str, user: str, reason: str = "", policy: Policy | None = None
) -> dict[str, Any]:
    """One record: time, user, message identity and raw digest, findings, decision, reason;
    personal data masked (finding texts are not recorded, recipients are masked here)."""
    from mailguard import __version__

    draft = result.draft
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "tool": f"mailguard {__version__}",
        "policy": policy.digest if policy is not None else None,
        "user": user,
        "source": result.source,
        "message": result.digest,
        "raw_sha256": draft.raw_digest if draft else None,
        "verdict": result.verdict.label,
        "decision": decision,
        "reason": reason,
        "recipients": [mask_address(r.address) for r in draft.recipients] if draft else [],
        "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity.label} for f in result.findings],
    }


@contextmanager
def _locked(handle: IO[bytes]) -> Iterator[None]:
    """An exclusive lock while the last line is read and the next one appended (two checks
    finishing at once must not both chain from the same line). POSIX only; elsewhere the
    chain still shows an interleaving as a break."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _last_line(handle: IO[bytes]) -> bytes:
    end = handle.seek(0, os.SEEK_END)
    block = b""
    position = end
    while position > 0:
        step = min(4096, position)
        position -= step
        handle.seek(position)
        block = handle.read(step) + block
        stripped = block.rstrip(b"\r\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1]
    return block.rstrip(b"\r\n")


def append_audit(path: Path | None, entry: dict[str, Any]) -> None:
    """Append ``entry`` as one JSON line carrying ``seq`` and ``prev`` (the hash of the line
    before it): an edited, inserted or deleted line breaks the chain."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a+b") as log, _locked(log):
            last = _last_line(log)
            seq = 1
            prev = GENESIS
            if last.strip():
                prev = line_hash(last)
                try:
                    seq = int(json.loads(last).get("seq", 0)) + 1
                except (ValueError, AttributeError, TypeError):
                    seq = 1
            record = {"seq": seq, "prev": prev, **entry}
            log.seek(0, os.SEEK_END)
            log.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            log.flush()
            os.fsync(log.fileno())
    except OSError as exc:
        raise InputError(str(path), reason("error.audit.write", detail=exc.strerror or type(exc).__name__)) from exc


@dataclass
class AuditCheck:
    """What ``mailguard audit verify`` found: problems by line number, and the head hash."""

    entries: int = 0
    problems: list[str] = field(default_factory=list)
    head: str = GENESIS
    hashes: set[str] = field(default_factory=set)


def verify_audit(path: Path) -> AuditCheck:
    """Walk the chain. A line whose ``prev`` is not the hash of the line before it marks an
    edit of that earlier line, or a line inserted or deleted between the two. The newest line
    is protected only by keeping the printed head hash elsewhere (``--head``)."""
    check = AuditCheck()
    expected_prev, expected_seq = GENESIS, 1
    with open_regular(path, "audit_log") as handle:
        for number, line in enumerate(_audit_lines(handle, check), 1):
            expected_prev, expected_seq = _verify_line(check, number, line, expected_prev, expected_seq)
    check.head = expected_prev
    return check


def _audit_lines(handle: IO[bytes], check: AuditCheck) -> Iterator[bytes]:
    """The log's lines one at a time (a log grows for years: it is never held whole); a line
    longer than any record is reported and passed over, never read into memory whole."""
    number = 0
    while line := handle.readline(CONFIG_LIMIT + 1):
        number += 1
        if len(line) > CONFIG_LIMIT and not line.endswith(b"\n"):
            check.problems.append(f"line {number}: longer than {CONFIG_LIMIT} bytes, not a record")
            while (rest := handle.readline(CONFIG_LIMIT + 1)) and not rest.endswith(b"\n"):
                pass
            yield b"-"
            continue
        yield line.rstrip(b"\r\n")


def _verify_line(check: AuditCheck, number: int, line: bytes, expected_prev: str, expected_seq: int) -> tuple[str, int]:
    """One line of the chain: its problems, then the hash and sequence the next must carry."""
    if not line.strip():
        check.problems.append(f"line {number}: empty line")
        return expected_prev, expected_seq
    check.entries += 1
    try:
        record = json.loads(line)
        prev, seq = record["prev"], record["seq"]
    except (ValueError, KeyError, TypeError):
        check.problems.append(f"line {number}: not a chained audit record")
        return line_hash(line), expected_seq + 1
    if prev != expected_prev:
        what = "the first record" if number == 1 else f"line {number - 1}"
        check.problems.append(
            f"line {number}: does not follow {what} (edited, or a line inserted or deleted before it)"
        )
    elif seq != expected_seq:
        check.problems.append(f"line {number}: sequence {seq}, expected {expected_seq}")
    expected_prev = line_hash(line)
    expected_seq = (seq + 1) if isinstance(seq, int) else expected_seq + 1
    check.hashes.add(expected_prev)
    return expected_prev, expected_seq


# -- putting it together for one message -----------------------------------------------------


Ask = Callable[[MessageResult, Policy], tuple[str, str]]
"""A person asked about one message: (decision, reason), the decision one of confirmed,
overridden, cancelled or blocked (the terminal dialog, :mod:`mailguard.shells.interactive`)."""


@dataclass(frozen=True)
class DecisionInputs:
    """Everything a decision depends on besides the result and the policy, resolved by the
    shell: the acknowledged ids, the approval file, who decides (``user``), the public halves
    of the keys that person holds, and the dialog to ask them with (None: nobody is asked)."""

    acknowledged: frozenset[str]
    approval: Path | None
    user: str
    dialog: Ask | None = None
    held_keys: frozenset[bytes] = frozenset()


def decide(result: MessageResult, policy: Policy, inputs: DecisionInputs, notes: list[Reason]) -> MessageResult:
    """Apply approvals, acknowledgements and the dialog; record the decision in the audit log.

    ``notes`` receives one-line explanations for the report (why an approval was refused), as
    catalogue reasons: the shell words them in the reader's language.
    A finding that :func:`needs_approval` (its rule in ``approval.required_for``, or a
    personal-data or destination rule that timed out) is released only by a verified
    approval: not by an acknowledgement, not by the dialog, and not by ``allow_override``.
    """
    if result.error or result.draft is None:
        return result
    pending = [f for f in result.findings if f.severity is Severity.CONFIRM]
    blocking = [f for f in result.findings if f.severity is Severity.BLOCK]
    if not pending and not blocking:
        return result
    required = [f for f in result.findings if needs_approval(f, policy.approval_required_for)]
    approved = bool(required) and _approved(result, policy, inputs, required, notes)
    if required and not approved:
        notes.append(_approval_note(result, policy, required))
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
    elif inputs.dialog is not None:
        decision, reason = inputs.dialog(result, policy)
        if decision in ("confirmed", "overridden") and required and not approved:
            decision = "needs-approval"
    if decision is not None:
        append_audit(policy.audit_log, audit_entry(result, decision, inputs.user, reason, policy))
        return replace(result, decision=decision)
    return result


def _approval_note(result: MessageResult, policy: Policy, required: list[Finding]) -> Reason:
    """What the sender can do about findings only a second person releases."""
    unfinished = tuple(sorted({f.location.partition(":")[2] for f in required if unfinished_judgement(f)}))
    if unfinished and not policy.approvers:
        return reason("ui.approval.unfinished_nobody", rules=unfinished)
    if unfinished:
        return reason("ui.approval.unfinished", rules=unfinished, source=result.source)
    return reason("ui.approval.needed", source=result.source)


def _approved(
    result: MessageResult, policy: Policy, inputs: DecisionInputs, required: list[Finding], notes: list[Reason]
) -> bool:
    path = inputs.approval or default_approval_path(result.source)
    if inputs.approval is None and not path.is_file():
        return False
    verified = verify_approval(
        load_approval(path),
        identity=result.digest or "",
        required=[f.id for f in required],
        approvers=policy.approvers,
        sender=sender_of(result, inputs.user, inputs.held_keys),
    )
    if not verified:
        notes.append(reason("ui.approval.refused", path=str(path), problem=verified.why or ""))
        return False
    return True
