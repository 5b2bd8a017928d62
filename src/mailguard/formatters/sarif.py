"""SARIF 2.1.0 output for code-scanning dashboards and CI annotations."""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from mailguard import __version__
from mailguard.result import MessageResult, RunResult, finding_dict
from mailguard.rules import Rule, registry

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL_BY_LABEL = {"info": "note", "confirm": "warning", "block": "error"}


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


def _result(message: MessageResult, finding: dict[str, Any]) -> dict[str, Any]:
    return {
        "ruleId": finding["rule"],
        "level": LEVEL_BY_LABEL[finding["severity"]],
        "message": {"text": f"{finding['message']} {finding['fix']}"},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": uri(message.source)}},
                "logicalLocations": [{"name": finding["location"], "kind": "member"}],
            }
        ],
        "partialFingerprints": {"mailguardFingerprint/v1": finding["fingerprint"]},
        "properties": {"findingId": finding["id"], "verdict": message.verdict.label},
    }


def sarif_log(
    sources: list[str], results: list[dict[str, Any]], errors: list[str], policy: str, verdict: str, lang: str
) -> dict[str, Any]:
    """One SARIF log for a run; ``ruleIndex`` is filled in from the rule table."""
    rules = list(registry().values())
    index = {rule.id: i for i, rule in enumerate(rules)}
    for result in results:
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
                        "rules": [_rule(rule, lang) for rule in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in errors],
                    }
                ],
                "artifacts": [{"location": {"uri": uri(s)}} for s in sources],
                "results": results,
                "properties": {"policy": policy, "verdict": verdict},
            }
        ],
    }


def render(run: RunResult, stream: TextIO, lang: str) -> None:
    results = [_result(m, finding_dict(f, lang)) for m in run.messages for f in m.findings]
    errors = [f"{m.source}: {m.error}" for m in run.messages if m.error]
    log = sarif_log([m.source for m in run.messages], results, errors, run.policy_source, run.verdict.label, lang)
    json.dump(log, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
