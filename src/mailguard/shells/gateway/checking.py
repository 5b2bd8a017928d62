"""The engine, run for the gateway: in worker processes, reduced to what the queue keeps.

Checks run in a process pool, not on the SMTP event loop: they are CPU-bound, and the
engine's time limit (``limits.max_seconds``) works only in a process's main thread. A worker
returns a :class:`CheckSummary` (plain data, no message bytes) which is exactly what the
store records and the notices and the console show.

The envelope is the truth about where a message goes: recipients the headers do not show
(a Bcc the client stripped) are added as a ``Bcc:`` line before the check, so the rules see
every real destination, as :mod:`mailguard.shells.smtp` does for library callers.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from mailguard.limits import die_with_parent
from mailguard.policy import Policy

_POLICY: Policy | None = None


@dataclass(frozen=True)
class CheckSummary:
    verdict: str  # pass / confirm / block
    findings: tuple[dict[str, Any], ...]
    identity: str
    summary: dict[str, Any]
    needs_approval: tuple[str, ...] = ()
    error: str | None = None

    @property
    def internal_only(self) -> bool:
        parties = self.summary.get("parties", [])
        return bool(parties) and all(p["kind"] == "internal" for p in parties)

    def rules(self, severity: str | None = None) -> list[str]:
        return sorted({f["rule"] for f in self.findings if severity is None or f["severity"] == severity})


def message_identity(data: bytes) -> str:
    """What releases and approvals at the gateway bind to: the SHA-256 of the exact bytes it
    stores and will relay. Deliberately not :func:`mailguard.identity.message_identity`: that
    one survives re-serialisation (a draft saved again by a mail client), which the gateway
    never does to a held message, and it ignores Date and Message-ID, so two sends of the
    same notice minutes apart would share it; the dedupe key (an SMTP client's retry of the
    same bytes) must not merge them."""
    return hashlib.sha256(data).hexdigest()


def with_envelope(data: bytes, rcpts: Sequence[str]) -> bytes:
    """Add a ``Bcc:`` field naming the envelope recipients the headers do not show, at the end
    of the header block. Bytes without a header block are left alone: a new field must never
    turn something unreadable into a readable message (fail closed)."""
    from mailguard.shells.gateway.rewrite import split_header

    fields, blank, _ = split_header(data)
    if not blank or not fields or not _FIELD.match(fields[0]):
        return data
    headers = BytesHeaderParser(policy=compat32).parsebytes(data)
    shown = {a.lower() for _, a in getaddresses([str(v) for f in ("to", "cc", "bcc") for v in headers.get_all(f, [])])}
    hidden = [r for r in rcpts if r.lower() not in shown]
    if not hidden:
        return data
    end = sum(len(f) for f in fields)
    return data[:end] + b"Bcc: " + ", ".join(hidden).encode("utf-8", "replace") + blank + data[end:]


_FIELD = re.compile(rb"[!-9;-~]+:")


def summarise(data: bytes, rcpts: Sequence[str], policy: Policy) -> CheckSummary:
    """Check one message as the gateway sees it; never raises (the engine never does)."""
    from mailguard.decisions import needs_approval
    from mailguard.engine import check_bytes

    identity = message_identity(data)
    result = check_bytes(with_envelope(data, rcpts), "smtp", policy)
    if result.error or result.draft is None:
        return unreadable(identity, result.error or "the message could not be read")
    draft = result.draft
    findings = tuple(
        {
            "id": f.id,
            "rule": f.rule,
            "name": f.name,
            "severity": f.severity.label,
            "message": {"en": f.message.en, "ja": f.message.ja},
            "fix": {"en": f.fix.en, "ja": f.fix.ja},
            "incidents": list(f.incidents),
        }
        for f in result.findings
    )
    summary = {
        "subject": draft.subject,
        "sender": draft.sender.address if draft.sender else None,
        "parties": [
            {
                "label": p.label,
                "kind": p.kind.value,
                "members": [{"address": r.address, "name": r.name, "field": r.field.value} for r in p.members],
            }
            for p in result.parties
        ],
        "attachments": [
            {"filename": a.filename, "media_type": a.media_type, "size": a.size} for a in draft.attachments
        ],
    }
    approval = tuple(f.id for f in result.findings if needs_approval(f, policy.approval_required_for))
    return CheckSummary(result.verdict.label, findings, identity, summary, approval)


def unreadable(identity: str, problem: str, rule: str = "MG900") -> CheckSummary:
    """Fail closed: a message nobody could read is held (never relayed) for a person."""
    names = {"MG900": ("not-fully-inspected", "confirm"), "MG000": ("rule-error", "block")}
    name, severity = names[rule]
    finding = {
        "id": f"{rule}-{identity[:12]}",
        "rule": rule,
        "name": name,
        "severity": severity,
        "message": {
            "en": f"The gateway could not check this message: {problem}.",
            "ja": f"ゲートウェイはこのメールを検査できませんでした: {problem}。",
        },
        "fix": {
            "en": "Check the message yourself before it is released, or send it again in a readable form.",
            "ja": "解放する前に内容を直接確認するか、読める形式で送り直してください。",
        },
        "incidents": [],
    }
    return CheckSummary(
        severity, (finding,), identity, {"error": problem, "parties": [], "attachments": []}, error=problem
    )


def _init_worker(policy_path: str | None) -> None:
    global _POLICY
    from mailguard.policy import load_policy

    die_with_parent()

    from mailguard.shells.userdata import with_secret

    _POLICY = with_secret(load_policy(Path(policy_path) if policy_path else None))


def _check_in_worker(data: bytes, rcpts: Sequence[str]) -> CheckSummary:
    assert _POLICY is not None
    return summarise(data, rcpts, _POLICY)


@dataclass
class CheckPool:
    """Worker processes that each loaded the policy once. Spawned, not forked: no event loop
    or locks are copied, and (unlike a forkserver, which lives as long as any worker holds its
    pipe) each worker is the gateway's own child and dies with it."""

    policy_path: Path | None
    workers: int
    timeout: float
    _pool: ProcessPoolExecutor | None = field(default=None, init=False)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(str(self.policy_path) if self.policy_path else None,),
            )
        return self._pool

    async def check(self, data: bytes, rcpts: Sequence[str]) -> CheckSummary:
        """The summary; a crashed or hung worker is a held MG000 (fail closed), never a pass."""
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._executor(), _check_in_worker, data, tuple(rcpts))
            return await asyncio.wait_for(future, self.timeout)
        except (BrokenProcessPool, TimeoutError) as exc:
            self._restart()
            problem = "the check timed out" if isinstance(exc, TimeoutError) else "the checking process died"
            return unreadable(message_identity(data), problem, rule="MG000")

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.kill()
            self._pool = None

    def warm(self) -> None:
        """Start the workers now (they import the engine and read the policy), not on mail 1."""
        pool = self._executor()
        for future in [
            pool.submit(_check_in_worker, b"From: a@example.invalid\r\n\r\n", ()) for _ in range(self.workers)
        ]:
            future.result()

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
