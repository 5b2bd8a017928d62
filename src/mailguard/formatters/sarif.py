"""SARIF 2.1.0 output for code-scanning dashboards and CI annotations: one builder for every
shell (``check``, ``batch``, ``template``).

Each artifact is listed once however often it was given (the schema wants them unique) and
results point at it by index; a finding with a line (templates) gets a ``region``; the rule
table lists only the rules that produced results unless every rule is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO
from urllib.parse import quote

from mailguard import __version__
from mailguard.findings import Finding
from mailguard.result import RunResult, shown_findings
from mailguard.rules import Rule, registry

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL_BY_LABEL = {"info": "note", "confirm": "warning", "block": "error"}
MAX_LOCATIONS = 10


def uri(source: str) -> str:
    return "stdin" if source == "-" else quote(source.replace("\\", "/"), safe="/:._-~")


def _rule(rule: type[Rule], lang: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary.get(lang)},
        "fullDescription": {"text": rule.summary.get(lang)},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "defaultConfiguration": {"level": LEVEL_BY_LABEL[rule.default_severity.label]},
        "properties": {"incidents": [f"#{n}" for n in rule.incidents], "tags": ["email", "privacy"]},
    }


class SarifLog:
    """Collects artifacts, results and errors of one run; :meth:`write` emits the log."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.artifacts: dict[str, int] = {}
        self.results: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.personal_data = "masked"  # "shown" when a run asked for --show-personal-data

    def artifact(self, source: str) -> int:
        """The index of ``source`` in the artifact table (added once)."""
        return self.artifacts.setdefault(uri(source), len(self.artifacts))

    def error(self, source: str, problem: str, code: str | None = None) -> None:
        """A message that could not be read: a notification in the log's language, with the
        stable catalogue code beside the words (``properties.errorCode``)."""
        self.artifact(source)
        notification: dict[str, Any] = {"level": "error", "message": {"text": f"{source}: {problem}"}}
        if code:
            notification["properties"] = {"errorCode": code}
        self.errors.append(notification)

    def add(self, finding: Finding, sources: Iterable[str], verdict: str | None = None) -> None:
        """One result for ``finding``, located in ``sources`` (the message, or a run's messages)."""
        locations = []
        for source in list(sources)[:MAX_LOCATIONS]:
            physical: dict[str, Any] = {"artifactLocation": {"uri": uri(source), "index": self.artifact(source)}}
            if finding.line is not None:
                physical["region"] = {"startLine": finding.line}
            location: dict[str, Any] = {"physicalLocation": physical}
            if finding.line is None and finding.location not in ("run", ""):
                location["logicalLocations"] = [{"name": finding.location, "kind": "member"}]
            locations.append(location)
        properties: dict[str, Any] = {"findingId": finding.id}
        if verdict is not None:
            properties["verdict"] = verdict
        self.results.append(
            {
                "ruleId": finding.rule,
                "level": LEVEL_BY_LABEL[finding.severity.label],
                "message": {"text": f"{finding.message.get(self.lang)} {finding.fix.get(self.lang)}"},
                "locations": locations,
                "partialFingerprints": {"mailguardFingerprint/v1": finding.fingerprint},
                "properties": properties,
            }
        )

    def log(self, policy: str, verdict: str, all_rules: bool = False) -> dict[str, Any]:
        used = {result["ruleId"] for result in self.results}
        rules = [rule for rule in registry().values() if all_rules or rule.id in used]
        index = {rule.id: i for i, rule in enumerate(rules)}
        for result in self.results:
            result["ruleIndex"] = index[result["ruleId"]]
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "mailguard",
                            "version": __version__,
                            "informationUri": "https://pypi.org/project/mailguard/",
                            "rules": [_rule(rule, self.lang) for rule in rules],
                        }
                    },
                    "invocations": [
                        {
                            "executionSuccessful": not self.errors,
                            "toolExecutionNotifications": self.errors,
                        }
                    ],
                    "artifacts": [{"location": {"uri": u}} for u in self.artifacts],
                    "results": self.results,
                    "properties": {"policy": policy, "verdict": verdict, "personalData": self.personal_data},
                }
            ],
        }

    def write(self, stream: TextIO, policy: str, verdict: str, all_rules: bool = False) -> None:
        json.dump(self.log(policy, verdict, all_rules), stream, ensure_ascii=False, indent=2)
        stream.write("\n")


def render(run: RunResult, stream: TextIO, lang: str) -> None:
    log = SarifLog(lang)
    if run.show_personal_data:
        log.personal_data = "shown"
    for message in run.messages:
        if message.error_reason is not None:
            log.error(message.source, message.error_reason.get(lang), message.error_reason.code)
            continue
        log.artifact(message.source)
        for finding in shown_findings(message, run.show_personal_data):
            log.add(finding, (message.source,), message.verdict.label)
    log.write(stream, run.policy_source, run.verdict.label)
