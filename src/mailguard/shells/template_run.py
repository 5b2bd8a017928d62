"""``mailguard template``: static checks, rendered sample rows, and in-template suppressions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mailguard.errors import InputError
from mailguard.findings import Finding, Text, Verdict
from mailguard.policy import Policy
from mailguard.result import EXIT_UNREADABLE, finding_dict, worst
from mailguard.shells.template_checks import (
    Problem,
    as_finding,
    line_of,
    recipient_problems,
    same_row_problems,
    undefined_problems,
    unsubscribe_problems,
)
from mailguard.shells.templates import Template, load_template, render, rows_of


@dataclass(frozen=True)
class TemplateResult:
    source: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    rows_checked: int = 0
    error: str | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_UNREADABLE if self.error else {0: 0, 1: 1, 2: 3}[int(self.verdict)]

    def to_dict(self, lang: str) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "verdict": "error" if self.error else self.verdict.label}
        if self.error:
            data["error"] = self.error
        data["rows_checked"] = self.rows_checked
        data["findings"] = [finding_dict(f, lang) for f in self.findings]
        return data


def check_template(path: Path, policy: Policy, data: Path | None = None, limit: int | None = None) -> TemplateResult:
    try:
        template = load_template(path)
        rows = list(rows_of(data, limit)) if data else []
    except InputError as error:
        return TemplateResult(str(path), Verdict.BLOCK, (), 0, error.problem)
    findings = _static(template, policy, rows)
    findings += _rendered(template, policy, rows)
    findings = _suppress(template, policy, findings)
    findings.sort(key=lambda f: (-f.severity, line_of(f.location), f.rule))
    return TemplateResult(str(path), worst(tuple(findings)), tuple(findings), len(rows))


def _configured(problems: list[Problem], template: Template, policy: Policy) -> list[Finding]:
    found = []
    for problem in problems:
        config = policy.rule(problem.rule)
        if config.enabled:
            found.append(as_finding(problem, template, config.severity))
    return found


def _static(template: Template, policy: Policy, rows: list[dict[str, str]]) -> list[Finding]:
    problems = recipient_problems(template, policy) + same_row_problems(template)
    if policy.rule("MG604").enabled:
        problems += unsubscribe_problems(template)
    if rows:
        problems += undefined_problems(template, set(rows[0]))
    return _configured(problems, template, policy)


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
            message = render(template, row)
        except (TemplateError, ValueError, InputError) as error:
            problem = Problem(
                "MG603",
                getattr(error, "lineno", None) or 1,
                Text(en=f"{label} does not render: {error}", ja=f"{label} を差し込めません: {error}"),
                Text(en="Fix the template or the data.", ja="テンプレートかデータを直してください。"),
                f"{label}:{error}",
            )
            findings += _configured([problem], template, policy)
            continue
        result = batch.check(message, row=row, source=f"{template.source}#{number}")
        # The row names the recipient, and MG504 compares it with the salutation: MG201's
        # "recipient's name unknown" note adds nothing here.
        kept = [
            f for f in result.findings if not (f.rule == "MG201" and f.severity.label == "info" and row.get("name"))
        ]
        findings += [replace(f, location=f"{label}:{f.location}") for f in kept]
    summary = batch.close()
    findings += [replace(f.as_finding(template.source), location="run") for f in summary.batch_findings]
    return findings


def _suppress(template: Template, policy: Policy, findings: list[Finding]) -> list[Finding]:
    """Apply ``{# mailguard: allow RULE -- reason #}``; report bad and unused ones."""
    from mailguard.rules import registry

    known = registry()
    kept = list(findings)
    extra: list[Problem] = []
    for suppression in template.suppressions:
        unknown = [r for r in suppression.rules if r not in known]
        if unknown or not suppression.reason:
            why = f"unknown rule {', '.join(unknown)}" if unknown else "no reason after --"
            extra.append(
                _problem(
                    "MG690",
                    suppression.line,
                    f"Suppression on line {suppression.line}: {why}.",
                    f"{suppression.line} 行目の抑止コメント: {why}。",
                    "Name known rules and give a reason: {# mailguard: allow MG601 -- why #}.",
                )
            )
            continue
        before = len(kept)
        kept = [f for f in kept if f.rule not in suppression.rules or f.rule in ("MG690", "MG691")]
        if len(kept) == before:
            extra.append(
                _problem(
                    "MG691",
                    suppression.line,
                    f"Suppression on line {suppression.line} ({', '.join(suppression.rules)}) suppresses nothing.",
                    f"{suppression.line} 行目の抑止コメントは何も抑止していません。",
                    "Remove the comment.",
                )
            )
    return kept + _configured(extra, template, policy)


def _problem(rule: str, line: int, en: str, ja: str, fix: str) -> Problem:
    return Problem(rule, line, Text(en=en, ja=ja), Text(en=fix, ja=fix), f"{rule}:{line}:{en}")
