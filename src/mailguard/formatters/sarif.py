"""SARIF 2.1.0 output for code-scanning dashboards and CI annotations."""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..findings import Severity
from ..result import MessageResult, RunResult
from ..rules import Rule, registry

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.INFO: "note", Severity.CONFIRM: "warning", Severity.BLOCK: "error"}


def _uri(source: str) -> str:
    return "stdin" if source == "-" else quote(source.replace("\\", "/"), safe="/:._-~")


def _rule(rule: type[Rule], lang: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary.get(lang)},
        "fullDescription": {"text": rule.summary.get(lang)},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "defaultConfiguration": {"level": _LEVEL[rule.default_severity]},
        "properties": {"incidents": [f"#{n}" for n in rule.incidents], "tags": ["email", "privacy"]},
    }


def _results(message: MessageResult, index: dict[str, int], lang: str) -> list[dict[str, Any]]:
    results = []
    for finding in message.findings:
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": _LEVEL[finding.severity],
                "message": {"text": f"{finding.message.get(lang)} {finding.fix.get(lang)}"},
                "locations": [
                    {
                        "physicalLocation": {"artifactLocation": {"uri": _uri(message.source)}},
                        "logicalLocations": [{"name": finding.location, "kind": "member"}],
                    }
                ],
                "partialFingerprints": {"mailguardFingerprint/v1": finding.fingerprint},
                "properties": {"findingId": finding.id, "verdict": message.verdict.label},
            }
        )
    return results


def render(run: RunResult, stream: TextIO, lang: str) -> None:
    rules = list(registry().values())
    index = {rule.id: i for i, rule in enumerate(rules)}
    notifications = [{"level": "error", "message": {"text": f"{m.source}: {m.error}"}} for m in run.messages if m.error]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mailguard",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/mailguard/",
                        "rules": [_rule(rule, lang) for rule in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "artifacts": [{"location": {"uri": _uri(m.source)}} for m in run.messages],
                "results": [r for m in run.messages for r in _results(m, index, lang)],
                "properties": {"policy": run.policy_source, "verdict": run.verdict.label},
            }
        ],
    }
    json.dump(log, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
