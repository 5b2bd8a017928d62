"""MG000 rule-error: the engine's fail-closed finding."""

from __future__ import annotations

from collections.abc import Iterator

from mailguard.findings import Finding, Severity, reason
from mailguard.model import Draft
from mailguard.rules import Context, Rule


class RuleError(Rule):
    """
    ## What it does
    Blocks the message when a rule raised an unexpected error while checking it. The
    finding names the rule and the kind of error (never the data that caused it).

    ## Why
    A checker that passes a message because one of its checks crashed is worse than none:
    fail closed, and report the defect.

    ## Example
    A rule meets a header shape nobody foresaw and raises `ValueError`.

    ## Use instead
    Report the problem (with the rule id and error kind shown); meanwhile check the message
    by hand. This finding cannot be turned off or lowered by the policy.

    ## Configuration
    None. A policy that sets `rules: {MG000: {enabled: false}}` or a severity below `block`
    is refused (exit 4, the error names the key and the file): a crashed check must never
    read as a pass.

    ## Known problems
    Only an exception is noticed. A rule whose defect makes it return nothing (a condition
    written the wrong way round, a header name misspelt) passes the message silently: the
    per-rule fixtures, each with a case that must fire, are the guard against that, not this
    rule.

    Fail-closed has a cost: one crashing rule blocks every message it crashes on, including
    legitimate ones, until the rule is fixed; there is no way to waive it in the policy.

    ## References
    Incidents #5 (a mis-send prevention system must really run) and #7 (a program change
    must not silently stop a check); it guards every other rule.
    """

    id = "MG000"
    name = "rule-error"
    incidents = (5, 7)
    default_severity = Severity.BLOCK
    summary = reason("MG000.summary")

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        return iter(())

    def failure(self, draft: Draft, failed: type[Rule], error: BaseException) -> Finding:
        kind = type(error).__name__
        return self.finding(
            draft,
            message=reason("MG000.failure", id=failed.id, name=failed.name, kind=kind),
            fix=reason("MG000.failure.fix"),
            location=f"rule:{failed.id}",
            value=kind,
        )
