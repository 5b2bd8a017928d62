"""Streaming writers for ``mailguard batch``: each message's report is written as it arrives
(in input order), the run's findings and summary at the end. Nothing is held for output but
what SARIF needs in one object; every word comes from the catalogue."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from mailguard.catalogue import words
from mailguard.findings import Severity
from mailguard.result import BatchResult, Report, run_finding_dict

_MARK = {"block": "✗", "confirm": "!", "error": "E", "info": "i"}


class BatchWriter:
    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream = stream
        self.lang = lang

    def message(self, report: Report) -> None:
        raise NotImplementedError

    def finish(self, result: BatchResult) -> None:
        raise NotImplementedError


class TextWriter(BatchWriter):
    """Only what needs a person: non-pass messages, the run's findings, and a summary."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        self.rules: Counter[str] = Counter()

    def message(self, report: Report) -> None:
        if report.verdict == "pass":
            return  # a pass has info findings at most: nothing to show or count
        if report.error:
            self.stream.write(f"E {report.source}: {report.error}\n")
            return
        shown = [f for f in report.findings if f.severity is not Severity.INFO]
        for finding in shown:
            self.rules[f"{finding.rule} {finding.name}"] += 1
        rules = sorted({f.rule for f in shown})
        verdict = words(self.lang, f"ui.verdict.{report.verdict}")
        self.stream.write(f"{_MARK[report.verdict]} {report.source}: {verdict} ({', '.join(rules)})\n")
        for finding in shown:
            self.stream.write(f"    {finding.rule}: {finding.message.get(self.lang)}\n")

    def finish(self, result: BatchResult) -> None:
        lang = self.lang
        if result.batch_findings:
            self.stream.write(f"\n{words(lang, 'run.across')}\n")
        for finding in result.batch_findings:
            mark = _MARK.get(finding.severity.label, "i")
            self.stream.write(f"{mark} {finding.rule} {finding.name}: {finding.message.get(lang)}\n")
            self.stream.write(f"    {words(lang, 'ui.fix')}: {finding.fix.get(lang)}\n")
        counts = ", ".join(
            f"{result.counts.get(k, 0)} {words(lang, f'run.count.{k}')}" for k in ("pass", "confirm", "block", "error")
        )
        label = "error" if result.errors else result.verdict.label
        verdict = label.upper() if lang == "en" else words(lang, f"run.count.{label}")
        total = sum(result.counts.values())
        self.stream.write("\n" + words(lang, "run.messages", {"n": total, "counts": counts, "verdict": verdict}) + "\n")
        if self.rules:
            top = ", ".join(f"{rule} ×{count}" for rule, count in self.rules.most_common(5))
            self.stream.write(f"{words(lang, 'run.top')}: {top}\n")
        self.stream.write(f"{words(lang, 'ui.policy')}: {result.policy_source}\n")


class JsonWriter(BatchWriter):
    """One JSON document, written incrementally: messages first, then the run."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        self.first = True
        self.stream.write('{"messages": [\n')

    def message(self, report: Report) -> None:
        self.stream.write(("" if self.first else ",\n") + report.encoded)
        self.first = False

    def finish(self, result: BatchResult) -> None:
        tail = result.to_dict(self.lang)
        self.stream.write("\n],\n")
        body = json.dumps(tail, ensure_ascii=False, indent=1)[1:-1].strip()
        self.stream.write(body + "\n}\n")


class JsonLinesWriter(BatchWriter):
    """A line per message, then a line per run finding, then the summary line."""

    def message(self, report: Report) -> None:
        self.stream.write(report.encoded + "\n")

    def finish(self, result: BatchResult) -> None:
        data = result.to_dict(self.lang)
        del data["batch_findings"]
        for finding in result.batch_findings:
            line = {"batch_finding": run_finding_dict(finding, self.lang)}
            self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.stream.write(json.dumps({"summary": data}, ensure_ascii=False) + "\n")


class SarifWriter(BatchWriter):
    """SARIF needs the whole log in one object: results are collected compactly."""

    def __init__(self, stream: TextIO, lang: str) -> None:
        from mailguard.formatters.sarif import SarifLog

        super().__init__(stream, lang)
        self.log = SarifLog(lang)

    def message(self, report: Report) -> None:
        if report.error:
            self.log.error(report.source, report.error)
            return
        self.log.artifact(report.source)
        for finding in report.findings:
            self.log.add(finding, (report.source,), report.verdict)

    def finish(self, result: BatchResult) -> None:
        for finding in result.batch_findings:
            self.log.add(finding, finding.sources)
        self.log.write(self.stream, result.policy_source, result.verdict.label)


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

    def message(self, report: Report) -> None:
        entry = {
            "source": report.source,
            "verdict": report.verdict,
            "sha256": report.digest,
            "recipients": list(report.recipients),
            "findings": [f.id for f in report.findings],
        }
        self.stream.write(("" if self.first else ",\n") + json.dumps(entry, ensure_ascii=False))
        self.first = False

    def finish(self, result: BatchResult) -> None:
        summary = {"policy": result.policy_source, "summary": dict(result.counts), "verdict": result.verdict.label}
        self.stream.write("\n],\n" + json.dumps(summary, ensure_ascii=False)[1:-1] + "\n}\n")
