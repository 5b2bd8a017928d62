"""The pipeline core: draft -> rules -> findings -> verdict. Every shell calls this."""

from __future__ import annotations

from pathlib import Path

from mailguard.destinations.parties import group_parties
from mailguard.errors import InputError
from mailguard.findings import Finding
from mailguard.limits import TimeLimit, deadline
from mailguard.model import Draft
from mailguard.policy import Policy
from mailguard.readers import read_bytes, read_file
from mailguard.result import MessageResult, worst
from mailguard.rules import Context, Rule, registry
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
    from mailguard.findings import Verdict

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
