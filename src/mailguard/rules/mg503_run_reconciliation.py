"""MG503 run-reconciliation: targets without a message, duplicates, odd forms (#3, #14, #17)."""

from __future__ import annotations

import itertools
from array import array
from collections import Counter

from mailguard.findings import Finding, Param, Severity, reason
from mailguard.mask import mask_address
from mailguard.rules import RunRule
from mailguard.rules._run import MAX_SOURCES_LISTED, Collector, Facts, NameResolver, RunInputs, configured, key

NO_SHAPE = 0xFFFF


class RunReconciliation(RunRule):
    """
    ## What it does
    Reconciles a run: targets with no message, addresses that receive more than one message,
    and messages whose form (attachment count, length) differs from the rest of the run.
    These need confirmation and are listed in the run summary; `--manifest` records every
    source, recipient, verdict and content hash so that what went out can be proved later.
    Internal copies and the sender's own address are not counted as recipients: an archive
    Bcc on every message is not a duplicate.

    ## Why
    Incidents #3, #14 and #17: items believed sent were never sent or were lost in a
    hand-over; counting what goes in and what comes out catches it.

    ## Example
    120 targets, 119 messages; or one message carrying two attachments where all others carry one.

    ## Use instead
    Find the missing row or the odd message before reporting the run as done.

    ## Configuration
    Only `enabled` and `severity`.

    ## Known problems
    A message's *form* is its attachment count and its number of written lines. A legitimate
    personal note (one extra line for one recipient) makes that message odd and asks for
    confirmation; a message with the right number of attachments but the wrong file is the
    same form and passes.

    Every address that receives two messages is a duplicate, even when that is intended (a
    parent with two children in the same school gets two letters). Targets without a message
    are only found with `--targets`; without it, a missing row is not noticed.

    ## References
    Incidents #3, #14, #17.
    """

    id = "MG503"
    name = "run-reconciliation"
    incidents = (3, 14, 17)
    default_severity = Severity.CONFIRM
    summary = reason("MG503.summary")

    def collector(self, run: RunInputs) -> Collector | None:
        return _Reconciliation(self, run)


class _Reconciliation(Collector):
    """Per message: its recipients' keys and its form's number (about 10 bytes a message)."""

    def __init__(self, rule: RunReconciliation, run: RunInputs) -> None:
        self.rule = rule
        self.run = run
        listed = run.targets.by_email() if run.targets else {}
        self.count = 0
        self.recipient = array("q")
        self.more_recipients: dict[int, tuple[int, ...]] = {}
        self.listed = {key(a) for a in listed}
        self.shape = array("H")
        self.shapes: dict[str, int] = {}

    def add(self, facts: Facts) -> None:
        index = self.count
        self.count += 1
        recipients = tuple(key(a) for a in facts.recipients)
        recipients += tuple(k for k in (key(a) for a in facts.internal) if k in self.listed)
        self.recipient.append(recipients[0] if recipients else 0)
        if len(recipients) > 1:
            self.more_recipients[index] = recipients[1:]
        self.shape.append(self.shapes.setdefault(facts.shape, len(self.shapes)) if facts.shape else NO_SHAPE)

    def _recipients_of(self, index: int) -> tuple[int, ...]:
        first = self.recipient[index]
        return ((first,) if first else ()) + self.more_recipients.get(index, ())

    def finish(self, names: NameResolver) -> list[Finding]:
        results: list[Finding] = []
        keys = array("q", (k for k in self.recipient if k))
        for extra in self.more_recipients.values():
            keys.extend(extra)
        ordered = sorted(keys)  # sorting finds repeats without a dictionary of every address
        duplicates = {a for a, b in itertools.pairwise(ordered) if a == b}
        del ordered
        if duplicates:
            involved = [i for i in range(self.count) if duplicates & set(self._recipients_of(i))]
            shown = names(involved[:MAX_SOURCES_LISTED])
            results.append(
                self.rule.run_finding(
                    reason("MG503.duplicates", count=len(duplicates)),
                    reason("MG503.duplicates.fix"),
                    [shown[i] for i in involved[:MAX_SOURCES_LISTED]],
                )
            )
        targets = self.run.targets
        if targets is not None:
            sent = set(keys)
            missing = [t for t in targets.rows if key(t.email.lower()) not in sent]
            if missing:
                labels = tuple(t.id or mask_address(t.email) for t in missing[:5])
                more: Param = reason("MG503.and_more") if len(missing) > 5 else ""
                results.append(
                    self.rule.run_finding(
                        reason("MG503.missing", count=len(missing), labels=labels, more=more),
                        reason("MG503.missing.fix"),
                        (targets.source,),
                    )
                )
        odd = self._odd_shapes(names)
        if odd is not None:
            results.append(odd)
        return [configured(f, self.run.policy) for f in results]

    def _odd_shapes(self, names: NameResolver) -> Finding | None:
        shapes = Counter(s for s in self.shape if s != NO_SHAPE)
        if self.count < 3 or len(shapes) < 2:
            return None
        usual = shapes.most_common(1)[0][0]
        odd = [i for i in range(self.count) if self.shape[i] not in (usual, NO_SHAPE)]
        labels = {v: k for k, v in self.shapes.items()}
        shown = names(odd[:MAX_SOURCES_LISTED])
        return self.rule.run_finding(
            reason(
                "MG503.odd",
                count=len(odd),
                usual=labels[usual],
                example=shown[odd[0]],
                shape=labels[self.shape[odd[0]]],
            ),
            reason("MG503.odd.fix"),
            [shown[i] for i in odd[:MAX_SOURCES_LISTED]],
        )
