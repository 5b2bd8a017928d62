"""The pipeline core: draft -> rules -> findings -> verdict. Every shell calls this.

One message: :func:`check_bytes` / :func:`check_draft`. A merge run: :func:`in_run` adds to
one message's result what the run rules say about it alone (computed where the message is
checked) and returns its facts; :class:`RunCheck` collects the facts of the whole run and
reports what only the run shows. Both shells (``mailguard batch`` and the ``Batch`` library
API) and the template runner use exactly these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from mailguard.destinations.parties import group_parties
from mailguard.errors import InputError
from mailguard.findings import Finding, Verdict, ordered
from mailguard.limits import TimeLimit, deadline
from mailguard.model import Draft
from mailguard.policy import Policy
from mailguard.readers import read_bytes, read_file
from mailguard.result import MessageResult, worst
from mailguard.rules import Context, Rule, RunRule, registry
from mailguard.rules._run import Collector, Facts, NameResolver, RunInputs, Targets, configured, facts_of, person_key
from mailguard.rules.mg000_rule_error import RuleError
from mailguard.rules.mg900_inspection import NotFullyInspected


def check_draft(draft: Draft, policy: Policy) -> MessageResult:
    """Run every enabled rule; a rule that raises becomes a blocking finding (fail closed);
    running out of time (``limits.max_seconds``) becomes "not fully inspected"."""
    with deadline(policy.limits.max_seconds):
        return _check_draft(draft, policy)


def _check_draft(draft: Draft, policy: Policy) -> MessageResult:
    ctx = Context(policy=policy, parties=group_parties(draft, policy), draft=draft)
    findings: list[Finding] = []
    for rule_id, rule in _message_rules():
        config = policy.rule(rule_id)
        if not config.enabled:
            continue
        try:
            produced = list(rule.check(draft, ctx))
        except TimeLimit:
            findings.append(NotFullyInspected().time_limit(draft, type(rule), policy.limits.max_seconds))
            break
        except Exception as error:  # fail closed on any rule defect
            findings.append(RuleError().failure(draft, type(rule), error))
            continue
        if config.severity is not None:
            produced = [f.with_severity(config.severity) for f in produced]
        findings.extend(produced)
    findings.sort(key=lambda f: (-f.severity, f.rule, f.location))
    ordered = tuple(findings)
    return MessageResult(draft.source, worst(ordered), ordered, draft, ctx.parties, addressees=ctx.addressees)


def _message_rules() -> list[tuple[str, Rule]]:
    """One (stateless) instance of each rule that runs on single messages."""
    registered = registry()
    cached = _INSTANCES.get(id(registered))
    if cached is None:
        cached = [(rule_id, cls()) for rule_id, cls in registered.items() if cls.scope == "message"]
        _INSTANCES.clear()
        _INSTANCES[id(registered)] = cached
    return cached


_INSTANCES: dict[int, list[tuple[str, Rule]]] = {}


def unreadable(source: str, error: InputError) -> MessageResult:
    return MessageResult(source, Verdict.BLOCK, (), None, error=error.problem)


def check_path(path: str | Path, policy: Policy) -> MessageResult:
    """Check one file; an unreadable file is a result with ``error`` set (exit status 4)."""
    try:
        data = read_file(path)
    except InputError as error:
        return unreadable(str(path), error)
    return check_bytes(data, str(path), policy)


def check_bytes(data: bytes, source: str, policy: Policy) -> MessageResult:
    """Read and check one message within ``limits.max_seconds``; never raises."""
    with deadline(policy.limits.max_seconds):
        try:
            draft = read_bytes(data, source, policy.limits)
        except InputError as error:
            return unreadable(source, error)
        except TimeLimit:
            return unreadable(source, InputError(source, f"reading took longer than {policy.limits.max_seconds} s"))
        return _checked_in_time(draft, policy)


def _checked_in_time(draft: Draft, policy: Policy) -> MessageResult:
    """check_draft under the deadline already set; time running out outside a rule (between
    rules, while sorting) is still a confirm, never an escaping exception."""
    try:
        return check_draft(draft, policy)
    except TimeLimit:
        finding = NotFullyInspected().time_limit(draft, NotFullyInspected, policy.limits.max_seconds)
        return MessageResult(draft.source, worst((finding,)), (finding,), draft)


# -- merge runs ---------------------------------------------------------------------------


def _run_rules(policy: Policy) -> list[RunRule]:
    return [
        cls()
        for rule_id, cls in registry().items()
        if cls.scope == "batch" and issubclass(cls, RunRule) and policy.rule(rule_id).enabled
    ]


def in_run(
    result: MessageResult, index: int, run: RunInputs, row: Mapping[str, str] | None = None
) -> tuple[MessageResult, Facts]:
    """One message as part of a run: its facts for the run checks, and its result with the
    run rules' findings about it alone (outside the target list; not its merge row)."""
    facts = facts_of(result, index)
    if row is not None and person_key(row.get("name") or ""):
        # The row says who the recipient is: the run can then see swapped rows (MG501).
        facts = replace(facts, recipient_names=(*facts.recipient_names, person_key(row.get("name") or "")))
    if result.draft is None:
        return result, facts
    extra: list[Finding] = []
    for rule in _run_rules(run.policy):
        extra += rule.on_message(facts, result, run)
        if row is not None:
            extra += rule.check_row(result, row)
    if not extra:
        return result, facts
    findings = ordered([*result.findings, *(configured(f, run.policy) for f in extra)])
    return replace(result, findings=findings, verdict=worst(findings)), facts


class RunCheck:
    """The checks across the messages of one run: :meth:`add` each message's facts in input
    order, then :meth:`finish`. Each run rule keeps its own compact state."""

    def __init__(self, policy: Policy, targets: Targets | None = None) -> None:
        self.inputs = RunInputs(policy, targets)
        self.collectors: list[Collector] = [
            c for rule in _run_rules(policy) if (c := rule.collector(self.inputs)) is not None
        ]
        self.count = 0

    def add(self, facts: Facts) -> None:
        self.count += 1
        for collector in self.collectors:
            collector.add(facts)

    def finish(self, names: NameResolver) -> tuple[Finding, ...]:
        """The run findings; ``names`` turns message indexes back into source names."""
        return tuple(f for collector in self.collectors for f in collector.finish(names))


def run_verdict(counts: Mapping[str, int]) -> Verdict:
    """The worst verdict among a run's readable messages."""
    return max((Verdict[label.upper()] for label, n in counts.items() if n and label != "error"), default=Verdict.PASS)
