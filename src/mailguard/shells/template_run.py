"""``mailguard template``: the template rules (MG601-MG604), each sample row rendered and
checked by every message rule and the run rules, then the in-template suppressions
(MG690, MG691)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mailguard.errors import InputError
from mailguard.findings import Finding, Param, Severity, fingerprint_secret, reason
from mailguard.limits import TimeLimit, time_limit
from mailguard.policy import Policy
from mailguard.readers.template import Template
from mailguard.result import TemplateResult, worst
from mailguard.rules import TemplateRule, registry
from mailguard.rules.mg603_template_undefined import TemplateUndefined
from mailguard.rules.mg690_invalid_suppression import InvalidSuppression
from mailguard.rules.mg691_unused_suppression import UnusedSuppression
from mailguard.shells.templates import load_template, render, rows_of

__all__ = ["TemplateResult", "check_template"]


def check_template(path: Path, policy: Policy, data: Path | None = None, limit: int | None = None) -> TemplateResult:
    """The template's findings, keyed with the policy's fingerprint secret (the shell put it
    there); an unreadable template or data file is a result with ``error`` set."""
    try:
        template = load_template(path, policy.limits.max_input_bytes)
        rows = list(rows_of(data, limit, policy.limits.max_input_bytes)) if data else []
    except InputError as error:
        return TemplateResult(str(path), worst(()), (), 0, error.problem, error.reason)
    with fingerprint_secret(policy.fingerprint_secret):
        return _checked(template, policy, rows)


def _checked(template: Template, policy: Policy, rows: list[dict[str, str]]) -> TemplateResult:
    path = str(template.source)
    seconds = policy.limits.max_seconds
    try:
        with time_limit(seconds):
            findings = _static(template, policy, rows)
        findings += _rendered(template, policy, rows)
        with time_limit(seconds):
            findings = _suppress(template, policy, findings)
    except TimeLimit:
        return TemplateResult(
            str(path), worst(()), (), len(rows), error_reason=reason("error.template.too_slow", seconds=str(seconds))
        )
    findings.sort(key=lambda f: (-f.severity, f.line or 1, f.rule))
    return TemplateResult(str(path), worst(findings), tuple(findings), len(rows))


def _configured(findings: list[Finding], policy: Policy) -> list[Finding]:
    """Only enabled rules, at the severity the policy sets."""
    kept = []
    for finding in findings:
        config = policy.rule(finding.rule)
        if config.enabled:
            kept.append(finding if config.severity is None else finding.with_severity(config.severity))
    return kept


def _static(template: Template, policy: Policy, rows: list[dict[str, str]]) -> list[Finding]:
    found: list[Finding] = []
    for rule_id, cls in registry().items():
        if issubclass(cls, TemplateRule) and policy.rule(rule_id).enabled:
            found += cls().check_template(template, policy)
    if rows:
        found += TemplateUndefined().missing_columns(template, set(rows[0]))
    return _configured(found, policy)


def _rendered(template: Template, policy: Policy, rows: list[dict[str, str]]) -> list[Finding]:
    """Each sample row rendered and checked by every rule, then the rows as one run."""
    from jinja2 import TemplateError

    from mailguard.shells.batch import Batch

    if not rows:
        return []
    batch = Batch(policy)
    findings: list[Finding] = []
    for number, row in enumerate(rows, start=1):
        label = f"row {number}"
        try:
            with time_limit(policy.limits.max_seconds):
                message = render(template, row)
        except (TemplateError, ValueError, InputError, TimeLimit) as error:
            line = getattr(error, "lineno", None) or 1
            why = _why_not_rendered(error, policy)
            findings += _configured([TemplateUndefined().does_not_render(template, number, line, why)], policy)
            continue
        result = batch.check(message, row=row, source=f"{template.source}#{number}")
        # The row names the recipient, and MG504 compares it with the salutation: MG201's
        # "recipient's name unknown" note adds nothing here.
        kept = [
            f for f in result.findings if not (f.rule == "MG201" and f.severity is Severity.INFO and row.get("name"))
        ]
        findings += [replace(f, location=f"{label}:{f.location}") for f in kept]
    summary = batch.close()
    findings += [replace(f, location="run") for f in summary.batch_findings]
    return findings


def _why_not_rendered(error: BaseException, policy: Policy) -> Param:
    """Why a row does not render: Jinja's own words (quoted), or a reason of ours."""
    if isinstance(error, TimeLimit):
        return reason("error.template.row_too_slow", seconds=str(policy.limits.max_seconds))
    if isinstance(error, InputError):
        return error.said()
    return str(error)


def _suppress(template: Template, policy: Policy, findings: list[Finding]) -> list[Finding]:
    """Apply ``{# mailguard: allow RULE -- reason #}``; report bad and unused ones."""
    known = registry()
    kept = list(findings)
    extra: list[Finding] = []
    for suppression in template.suppressions:
        invalid = InvalidSuppression().problem(template, suppression, known)
        if invalid is not None:
            extra.append(invalid)
            continue
        before = len(kept)
        kept = [f for f in kept if f.rule not in suppression.rules or f.rule in ("MG690", "MG691")]
        if len(kept) == before:
            extra.append(UnusedSuppression().unused(template, suppression))
    return kept + _configured(extra, policy)
