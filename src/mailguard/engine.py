"""The pipeline core: draft -> rules -> findings -> verdict. Every shell calls this.

One message: :func:`check_bytes` / :func:`check_draft`. A merge run: :func:`in_run` adds to
one message's result what the run rules say about it alone (computed where the message is
checked) and returns its facts; :class:`RunCheck` collects the facts of the whole run and
reports what only the run shows. Both shells (``mailguard batch`` and the ``Batch`` library
API) and the template runner use exactly these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from mailguard.destinations import domains
from mailguard.destinations.parties import PartyKind, group_parties
from mailguard.errors import InputError, MailguardError
from mailguard.findings import Finding, Param, Severity, Verdict, fingerprint_secret, ordered, reason
from mailguard.limits import Budget, RuleClock, TimeLimit, alarm_scope, map_in_child, time_limit
from mailguard.model import Draft
from mailguard.policy import Policy
from mailguard.readers import read_bytes, read_file
from mailguard.result import MessageResult, worst
from mailguard.rules import Context, Rule, RunRule, registry
from mailguard.rules._run import Collector, Facts, NameResolver, RunInputs, Targets, configured, facts_of, person_key
from mailguard.rules.mg000_rule_error import RuleError
from mailguard.rules.mg900_inspection import NotFullyInspected
from mailguard.scope import message_scope

T = TypeVar("T")


def check_draft(draft: Draft, policy: Policy, budget: Budget | None = None) -> MessageResult:
    """Run every enabled rule, each under its own share of the message's time budget.

    A rule that raises becomes a blocking finding (MG000, fail closed). A rule that runs out
    of time becomes an MG900 finding for that rule, and the other rules still run: a time-out
    never hides what they find, and never weakens the verdict (see :func:`_timed_out`).
    Fingerprints are keyed with the policy's secret when it names one."""
    with message_scope(), fingerprint_secret(policy.fingerprint_secret), alarm_scope():
        return _check_draft(draft, policy, budget or Budget(policy.limits.max_seconds))


def _check_draft(draft: Draft, policy: Policy, budget: Budget) -> MessageResult:
    ctx = Context(policy=policy, parties=group_parties(draft, policy), draft=draft)
    rules = _enabled_rules(policy)
    clock = RuleClock(budget)
    findings: list[Finding] = []
    for position, (severity, rule) in enumerate(rules):
        try:
            with clock.next(len(rules) - position):
                produced = list(rule.check(draft, ctx))
        except TimeLimit:
            findings.append(_timed_out(draft, ctx, type(rule), budget))
            continue
        except Exception as error:  # fail closed on any rule defect
            findings.append(RuleError().failure(draft, type(rule), error))
            continue
        findings.extend(produced if severity is None else [f.with_severity(severity) for f in produced])
    found = ordered(findings)
    return MessageResult(draft.source, worst(found), found, draft, ctx.parties, addressees=_addressees(ctx, budget))


def _addressees(ctx: Context, budget: Budget) -> tuple[Any, ...]:
    """Who the message is written to, for the run checks: read by the rules already, or
    now within what is left of the budget (nothing, when there is no time left)."""
    if "addressees" in vars(ctx):
        return tuple(ctx.addressees)
    if not budget.unlimited and budget.remaining() <= 0:
        return ()
    try:
        with time_limit(budget.remaining() if not budget.unlimited else 0):
            return tuple(ctx.addressees)
    except TimeLimit:
        return ()


# Rules whose silence would let personal data, or mail to the wrong place, go out: 4xx read
# personal data, 1xx and 3xx judge the destination.
PERSONAL_DATA_RULES = "MG4"
DESTINATION_RULES = ("MG1", "MG3")


def _timed_out(draft: Draft, ctx: Context, rule: type[Rule], budget: Budget) -> Finding:
    """MG900 for a rule that did not finish, at least as strict as what it could have found.

    Where the mail goes decides: a personal address (free mail, a carrier) or a destination
    nobody could resolve is the case the policy blocks, so a personal-data or destination
    rule that timed out blocks there (``personal_data.to_personal_mail``); a personal-data
    rule on mail to an organisation takes ``personal_data.to_external``; anything else is
    MG900's own severity (confirm). A slow input can buy no weaker verdict than its content."""
    policy = ctx.policy
    kinds = {party.kind for party in ctx.parties}
    exposed = not ctx.parties or bool(kinds & {PartyKind.PERSON, PartyKind.UNRESOLVED})
    severity = policy.rule(NotFullyInspected.id).severity or NotFullyInspected.default_severity
    if rule.id.startswith(PERSONAL_DATA_RULES):
        if exposed:
            severity = max(severity, policy.personal_data.get("to_personal_mail", Severity.BLOCK))
        elif any(party.external for party in ctx.parties):
            severity = max(severity, policy.personal_data.get("to_external", Severity.CONFIRM))
    elif rule.id.startswith(DESTINATION_RULES) and exposed:
        severity = Severity.BLOCK
    return NotFullyInspected().time_limit(draft, rule, budget.seconds, severity)


def prepare(policy: Policy) -> None:
    """Load now what the first check would load: every rule module, the rules ``policy``
    enables (memoised on it) and the Public Suffix List. Called before workers are forked,
    so each inherits them rather than loading its own copy (about 300 M instructions a
    worker by callgrind); the checks give the same results either way."""
    _enabled_rules(policy)
    domains.prepare()


def _enabled_rules(policy: Policy) -> list[tuple[Severity | None, Rule]]:
    """The message rules this policy enables, each with the severity it sets (None: the
    rule's own), settled once per policy rather than once per message."""
    registered = _message_rules()

    def enabled() -> list[tuple[Severity | None, Rule]]:
        configs = [(policy.rule(rule_id), rule) for rule_id, rule in registered]
        return [(config.severity, rule) for config, rule in configs if config.enabled]

    return _per_policy(policy, f"message_rules:{id(registered)}", enabled)


def _per_policy(policy: Policy, key: str, build: Callable[[], T]) -> T:
    """``build()``, made once per policy and registry (``key`` names both) and memoised on
    the immutable policy."""
    found: T | None = policy.memo.get(key)
    if found is None:
        found = policy.memo[key] = build()
    return found


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
    return MessageResult(source, Verdict.BLOCK, (), None, error=error.problem, error_reason=error.reason)


def check_path(path: str | Path, policy: Policy, isolated: bool = False) -> MessageResult:
    """Check one file; an unreadable file is a result with ``error`` set (exit status 4).
    ``isolated``: in a child process bounded from outside (:func:`check_isolated`)."""
    try:
        data = read_file(path, policy.limits.max_input_bytes)
    except InputError as error:
        return unreadable(str(path), error)
    return (check_isolated if isolated else check_bytes)(data, str(path), policy)


def check_bytes(data: bytes, source: str, policy: Policy) -> MessageResult:
    """Read and check one message within one budget of ``limits.max_seconds``; never raises.

    Reading gets the whole budget (what it leaves is shared by the rules); a message that
    cannot be read in time is unreadable (exit 4), never a pass."""
    budget = Budget(policy.limits.max_seconds)
    with message_scope(), alarm_scope():  # nothing of this message is remembered after it
        try:
            with time_limit(budget.seconds):
                draft = read_bytes(data, source, policy.limits)
        except InputError as error:
            return unreadable(source, error)
        except TimeLimit:
            return unreadable(
                source, InputError(source, reason("error.read.too_slow", seconds=str(policy.limits.max_seconds)))
            )
        return check_draft(draft, policy, budget)


def check_isolated(data: bytes, source: str, policy: Policy) -> MessageResult:
    """:func:`check_bytes` in a child process that is killed when the budget (and a grace
    second) has passed: the bound from outside for C calls that no signal interrupts (a
    PDF or an archive member that holds the decoder). A killed check is a blocked message
    that says so, never a pass."""
    return next(check_all_isolated([(source, data)], policy))


def check_all_isolated(inputs: Sequence[tuple[str, bytes | None]], policy: Policy) -> Iterator[MessageResult]:
    """Each input, a path to read (``None``) or bytes already read, checked in order in one
    child process (:func:`mailguard.limits.map_in_child`) bounded from outside per message;
    a message stopped at the deadline is unreadable (exit 4), and the next goes on."""
    seconds = policy.limits.max_seconds
    # A result holds addressees: imported before the fork, the child inherits the module
    # rather than the child and then this process (to read the result) each importing it.
    import mailguard.content.addressees  # noqa: F401

    def one(entry: tuple[str, bytes | None]) -> MessageResult:
        source, data = entry
        return check_path(source, policy) if data is None else check_bytes(data, source, policy)

    outcomes = map_in_child(one, inputs, seconds + GRACE_SECONDS if seconds > 0 else 0)
    for (source, _), outcome in zip(inputs, outcomes, strict=True):
        if isinstance(outcome, TimeLimit):
            yield stopped(source, seconds)
        elif isinstance(outcome, BaseException):
            yield unreadable(source, InputError(source, reason("error.check.failed", detail=_failure(outcome))))
        else:
            yield outcome


def stopped(source: str, seconds: float) -> MessageResult:
    """The result of a check stopped from outside at the deadline: unreadable (exit 4),
    saying why; every shell that kills a check reports it in these words."""
    return unreadable(source, InputError(source, reason("error.check.stopped", seconds=str(seconds))))


def _failure(outcome: BaseException) -> Param:
    """What a failed check says about its failure: a mailguard error's reason (shown in the
    reader's language), else the exception as Python words it."""
    return outcome.said() if isinstance(outcome, MailguardError) else str(outcome)


GRACE_SECONDS = 1.0  # past the budget before a check is killed from outside


# -- merge runs ---------------------------------------------------------------------------


def _run_rules(policy: Policy) -> list[RunRule]:
    """The run rules this policy enables (stateless instances: each run's state is in the
    collectors they make), settled once per policy."""
    registered = registry()

    def enabled() -> list[RunRule]:
        return [
            cls()
            for rule_id, cls in registered.items()
            if cls.scope == "batch" and issubclass(cls, RunRule) and policy.rule(rule_id).enabled
        ]

    return _per_policy(policy, f"run_rules:{id(registered)}", enabled)


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
