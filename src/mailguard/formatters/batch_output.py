"""Streaming writers for ``mailguard batch``: each message's report is written as it arrives
(in input order), the run's findings and summary at the end. Nothing is held for output."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from mailguard.shells.batch import BatchResult
from mailguard.shells.runner import Checked

_MARK = {"block": "✗", "confirm": "!", "error": "E"}
_WORDS = {
    "en": {
        "across": "Across the run:",
        "fix": "fix",
        "messages": "{n} messages: {counts}; run verdict: {verdict}",
        "top": "top findings",
        "policy": "policy",
        "pass": "pass",
        "confirm": "confirm",
        "block": "block",
        "error": "error",
    },
    "ja": {
        "across": "送信全体の指摘:",
        "fix": "対処",
        "messages": "{n} 通: {counts}。送信全体の判定: {verdict}",
        "top": "多い指摘",
        "policy": "ポリシー",
        "pass": "送信可",
        "confirm": "要確認",
        "block": "送信禁止",
        "error": "読み取りエラー",
    },
}


class BatchWriter:
    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream = stream
        self.lang = lang

    def message(self, checked: Checked) -> None:
        raise NotImplementedError

    def finish(self, result: BatchResult) -> None:
        raise NotImplementedError


class TextWriter(BatchWriter):
    """Only what needs a person: non-pass messages, the run's findings, and a summary."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        self.rules: Counter[str] = Counter()

    def message(self, checked: Checked) -> None:
        if checked.verdict == "pass":
            return  # a pass has info findings at most: nothing to show or count
        report = checked.report
        for finding in report.get("findings", []):
            if finding["severity"] != "info":
                self.rules[f"{finding['rule']} {finding['name']}"] += 1
        if report["verdict"] == "error":
            self.stream.write(f"E {report['source']}: {report['error']}\n")
            return
        rules = sorted({f["rule"] for f in report["findings"] if f["severity"] != "info"})
        self.stream.write(
            f"{_MARK[report['verdict']]} {report['source']}: {report['verdict'].upper()} ({', '.join(rules)})\n"
        )
        for finding in report["findings"]:
            if finding["severity"] != "info":
                self.stream.write(f"    {finding['rule']}: {finding['message']}\n")

    def finish(self, result: BatchResult) -> None:
        words = _WORDS.get(self.lang, _WORDS["en"])
        data = result.to_dict(self.lang)
        if result.batch_findings:
            self.stream.write(f"\n{words['across']}\n")
        for finding in data["batch_findings"]:
            self.stream.write(
                f"{_MARK.get(finding['severity'], 'i')} {finding['rule']} {finding['name']}: {finding['message']}\n"
            )
            self.stream.write(f"    {words['fix']}: {finding['fix']}\n")
        counts = ", ".join(f"{result.counts.get(k, 0)} {words[k]}" for k in ("pass", "confirm", "block", "error"))
        verdict = data["verdict"].upper() if self.lang == "en" else words[data["verdict"]]
        self.stream.write(
            "\n" + words["messages"].format(n=sum(result.counts.values()), counts=counts, verdict=verdict) + "\n"
        )
        if self.rules:
            top = ", ".join(f"{rule} ×{count}" for rule, count in self.rules.most_common(5))
            self.stream.write(f"{words['top']}: {top}\n")
        self.stream.write(f"{words['policy']}: {result.policy_source}\n")


class JsonWriter(BatchWriter):
    """One JSON document, written incrementally: messages first, then the run."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        self.first = True
        self.stream.write('{"messages": [\n')

    def message(self, checked: Checked) -> None:
        self.stream.write(("" if self.first else ",\n") + checked.encoded)
        self.first = False

    def finish(self, result: BatchResult) -> None:
        tail = result.to_dict(self.lang)
        self.stream.write("\n],\n")
        body = json.dumps(tail, ensure_ascii=False, indent=1)[1:-1].strip()
        self.stream.write(body + "\n}\n")


class JsonLinesWriter(BatchWriter):
    """A line per message, then a line per run finding, then the summary line."""

    def message(self, checked: Checked) -> None:
        self.stream.write(checked.encoded + "\n")

    def finish(self, result: BatchResult) -> None:
        data = result.to_dict(self.lang)
        for finding in data.pop("batch_findings"):
            self.stream.write(json.dumps({"batch_finding": finding}, ensure_ascii=False) + "\n")
        self.stream.write(json.dumps({"summary": data}, ensure_ascii=False) + "\n")


class SarifWriter(BatchWriter):
    """SARIF needs the whole log in one object: results are collected compactly."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        self.results: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.sources: list[str] = []

    def message(self, checked: Checked) -> None:
        report = checked.report
        self.sources.append(report["source"])
        if report["verdict"] == "error":
            self.errors.append(f"{report['source']}: {report['error']}")
        for finding in report.get("findings", []):
            self.results.append(_sarif_result(finding, [report["source"]]))

    def finish(self, result: BatchResult) -> None:
        from mailguard.formatters.sarif import sarif_log

        for finding in result.to_dict(self.lang)["batch_findings"]:
            self.results.append(_sarif_result(finding, finding["sources"]))
        log = sarif_log(self.sources, self.results, self.errors, result.policy_source, result.verdict.label, self.lang)
        json.dump(log, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


def _sarif_result(finding: dict[str, Any], sources: list[str]) -> dict[str, Any]:
    from mailguard.formatters.sarif import LEVEL_BY_LABEL, uri

    return {
        "ruleId": finding["rule"],
        "level": LEVEL_BY_LABEL[finding["severity"]],
        "message": {"text": f"{finding['message']} {finding['fix']}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(s)}}} for s in sources[:10]],
        "partialFingerprints": {"mailguardFingerprint/v1": finding.get("fingerprint", finding["id"])},
        "properties": {"findingId": finding["id"]},
    }


WRITERS: dict[str, type[BatchWriter]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "sarif": SarifWriter,
}


class Manifest:
    """``--manifest out.json``: each source, its recipients, verdict and content hash, so the
    sender can prove later what went out (#3, #14, #17)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.first = True
        self.stream.write('{"messages": [\n')

    def message(self, checked: Checked) -> None:
        report = checked.report
        entry = {
            "source": report["source"],
            "verdict": report["verdict"],
            "sha256": report.get("digest"),
            "recipients": [r["address"] for r in report.get("recipients", [])],
            "findings": [f["id"] for f in report.get("findings", [])],
        }
        self.stream.write(("" if self.first else ",\n") + json.dumps(entry, ensure_ascii=False))
        self.first = False

    def finish(self, result: BatchResult) -> None:
        summary = {"policy": result.policy_source, "summary": dict(result.counts), "verdict": result.verdict.label}
        self.stream.write("\n],\n" + json.dumps(summary, ensure_ascii=False)[1:-1] + "\n}\n")
