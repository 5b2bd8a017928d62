"""The merge-run library API (:class:`Batch`) and the target list reader.

A sending pipeline that renders and sends in one loop checks each message as it is rendered
(``Batch.check``) and reconciles the run at the end (``Batch.close``). The rules themselves
(MG501-MG504) live in ``rules/``; the run machinery is :mod:`mailguard.engine`'s
:func:`~mailguard.engine.in_run` and :class:`~mailguard.engine.RunCheck`, shared with
``mailguard batch`` (:mod:`mailguard.shells.runner`).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mailguard.engine import RunCheck, in_run, run_verdict
from mailguard.errors import PolicyError
from mailguard.findings import fingerprint_secret, reason
from mailguard.policy import Policy
from mailguard.result import BatchResult, MessageResult
from mailguard.rules._run import Facts, Target, Targets, facts_of, row_of

__all__ = ["Batch", "BatchResult", "Facts", "Target", "Targets", "facts_of", "load_targets"]


def load_targets(path: Path, limit: int | None = None) -> Targets:
    """CSV with at least an ``email`` column, optionally ``name`` and ``id`` (any Japanese
    encoding); a regular file of at most ``limit`` bytes (``limits.max_input_bytes``)."""
    from mailguard.errors import InputError
    from mailguard.files import not_csv, read_regular
    from mailguard.limits import Limits
    from mailguard.readers.charset import decode_document

    source = str(path)
    cap = Limits().max_input_bytes if limit is None else limit
    try:
        text = decode_document(read_regular(path, cap, "target_list"), source)
    except InputError as exc:
        raise PolicyError(source, exc.reason) from exc
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "email" not in fields:
            raise PolicyError(source, reason("error.targets.no_email_column"))
        reader.fieldnames = fields
        rows = []
        for number, row in enumerate(reader, start=2):
            email = (row.get("email") or "").strip()
            if "@" not in email:
                raise PolicyError(source, reason("error.targets.bad_email", row=number))
            rows.append(Target(email, (row.get("name") or "").strip(), (row.get("id") or "").strip()))
    except csv.Error as exc:
        raise PolicyError(source, not_csv(reader.line_num, exc)) from exc
    return Targets(source, tuple(rows))


class Batch:
    """Check messages of a merge run as they are rendered, then reconcile the run.

    ``row`` (a mapping with ``email`` and optionally ``name`` and ``id``) is the merge row a
    message came from: a message whose recipient or salutation does not belong to its own
    row is blocked at once, even in a one-message run.
    """

    def __init__(self, policy: Policy | None = None, targets: Targets | Iterable[Mapping[str, str]] | None = None):
        from mailguard.shells.userdata import with_secret

        self.policy = with_secret(policy or Policy.default())
        if targets is not None and not isinstance(targets, Targets):
            targets = Targets("<targets>", tuple(row_of(r) for r in targets))
        self.checker = RunCheck(self.policy, targets)
        self.counts: Counter[str] = Counter()
        self.sources: list[str] = []

    def check(self, message: Any, row: Mapping[str, str] | None = None, source: str | None = None) -> MessageResult:
        from mailguard import check as check_one

        index = self.checker.count
        result = check_one(message, self.policy, source=source or f"message {index + 1}")
        self.sources.append(result.source)
        with fingerprint_secret(self.policy.fingerprint_secret):  # the run findings made here
            result, facts = in_run(result, index, self.checker.inputs, row)
        self.checker.add(facts)
        self.counts[result.verdict.label if not result.error else "error"] += 1
        return result

    def close(self) -> BatchResult:
        with fingerprint_secret(self.policy.fingerprint_secret):
            findings = self.checker.finish(lambda indexes: {i: self.sources[i] for i in indexes})
        return BatchResult(
            self.policy.source, dict(self.counts), findings, run_verdict(self.counts), self.counts["error"]
        )

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.summary = self.close()
