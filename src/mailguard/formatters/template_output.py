"""Output of ``mailguard template``: text, JSON, SARIF (with template line numbers), JUnit
XML for CI servers, and GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from mailguard.catalogue import words
from mailguard.formatters import policy_line
from mailguard.result import TemplateResult


def text(results: list[TemplateResult], stream: TextIO, lang: str, policy: str) -> None:
    for result in results:
        if result.error:
            stream.write(f"{result.source}: {words(lang, 'ui.verdict.error')}: {result.error_words(lang)}\n")
            continue
        rows = words(lang, "ui.rows_rendered", {"n": result.rows_checked}) if result.rows_checked else ""
        stream.write(f"{result.source}: {words(lang, f'ui.verdict.{result.verdict.label}')}{rows}\n")
        for finding in result.findings:
            where = words(lang, "ui.line", {"line": finding.line}) if finding.line else finding.location
            severity = words(lang, f"ui.severity.{finding.severity.label}")
            stream.write(f"  {finding.rule} {finding.name} [{severity}] ({where})\n")
            fix = words(lang, "ui.fix")
            stream.write(f"      {finding.message.get(lang)}\n      {fix}: {finding.fix.get(lang)}\n")
    stream.write(policy_line(policy, lang) + "\n")


def json_format(results: list[TemplateResult], stream: TextIO, lang: str, policy: str) -> None:
    exit_code = max((r.exit_code for r in results), default=0)
    data = {"exit_code": exit_code, "policy": policy, "templates": [r.to_dict(lang) for r in results]}
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def sarif(results: list[TemplateResult], stream: TextIO, lang: str, policy: str) -> None:
    from mailguard.formatters.sarif import SarifLog

    log = SarifLog(lang)
    for result in results:
        if result.error_reason is not None:
            log.error(result.source, result.error_reason.get(lang), result.error_reason.code)
            continue
        log.artifact(result.source)
        for finding in result.findings:
            log.add(finding, (result.source,))
    worst = max((r.verdict for r in results if not r.error), default=None)
    log.write(stream, policy, worst.label if worst else "pass")


def junit(results: list[TemplateResult], stream: TextIO, lang: str, policy: str) -> None:
    """One test suite per template; one test case per finding, or one passing case."""
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mailguard">\n')
    for result in results:
        cases = []
        if result.error_reason is not None:
            said, code = quoteattr(result.error_reason.get(lang)), quoteattr(result.error_reason.code)
            cases.append(("input", f"<error type={code} message={said}/>"))
        for finding in result.findings:
            body = escape(f"{finding.message.get(lang)}\nfix: {finding.fix.get(lang)}")
            name = f"{finding.rule} {finding.name} ({finding.location})"
            if finding.severity.label == "info":
                cases.append((name, f"<system-out>{body}</system-out>"))
            else:
                cases.append(
                    (
                        name,
                        f"<failure type={quoteattr(finding.severity.label)} "
                        f"message={quoteattr(finding.message.get(lang))}>{body}</failure>",
                    )
                )
        if not cases:
            cases.append(("all rules", ""))
        failures = sum(1 for _, inner in cases if inner.startswith("<failure"))
        errors = sum(1 for _, inner in cases if inner.startswith("<error"))
        stream.write(
            f'  <testsuite name={quoteattr(result.source)} tests="{len(cases)}" '
            f'failures="{failures}" errors="{errors}">\n'
        )
        for name, inner in cases:
            stream.write(
                f"    <testcase classname={quoteattr(result.source)} name={quoteattr(name)}>{inner}</testcase>\n"
            )
        stream.write("  </testsuite>\n")
    stream.write("</testsuites>\n")


def _annotation_escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github(results: list[TemplateResult], stream: TextIO, lang: str, policy: str) -> None:
    """GitHub Actions workflow commands: one annotation per finding, on its template line."""
    kinds = {"block": "error", "confirm": "warning", "info": "notice"}
    for result in results:
        if result.error_reason is not None:
            stream.write(f"::error file={result.source}::{_annotation_escape(result.error_reason.get(lang))}\n")
        for finding in result.findings:
            title = _annotation_escape(f"{finding.rule} {finding.name}").replace(",", "%2C").replace(":", "%3A")
            text = _annotation_escape(f"{finding.message.get(lang)} {finding.fix.get(lang)}")
            stream.write(
                f"::{kinds[finding.severity.label]} file={result.source},line={finding.line or 1},"
                f"title={title}::{text}\n"
            )


TEMPLATE_FORMATS: dict[str, Callable[[list[TemplateResult], TextIO, str, str], None]] = {
    "text": text,
    "json": json_format,
    "sarif": sarif,
    "junit": junit,
    "github": github,
}
