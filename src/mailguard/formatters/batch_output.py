"""Streaming writers for ``mailguard batch``: each message's report is written as it arrives
(in input order), the run's findings and summary at the end. Nothing is held for output but
what SARIF needs in one object; every word comes from the catalogue."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mailguard.catalogue import words
from mailguard.findings import Severity
from mailguard.formatters import policy_line
from mailguard.result import BatchResult, Report, run_finding_dict

if TYPE_CHECKING:
    from mailguard.policy import Policy

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
            self.stream.write(f"E {report.source}: {report.error_words(self.lang)}\n")
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
        self.stream.write(policy_line(result.policy_source, lang) + "\n")


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
        if report.personal_data == "shown":
            self.log.personal_data = "shown"
        if report.error:
            self.log.error(report.source, report.error_words(self.lang) or report.error, _code(report))
            return
        self.log.artifact(report.source)
        for finding in report.findings:
            self.log.add(finding, (report.source,), report.verdict)

    def finish(self, result: BatchResult) -> None:
        for finding in result.batch_findings:
            self.log.add(finding, finding.sources)
        self.log.write(self.stream, result.policy_source, result.verdict.label)


def _code(report: Report) -> str:
    return report.error_reason.code if report.error_reason is not None else "error.text"


WRITERS: dict[str, type[BatchWriter]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "sarif": SarifWriter,
}


class Manifest:
    """``--manifest out.json``: what went out, to prove it later (#3, #14, #17).

    Written to a temporary file beside the target (a dot name, so a later run over the same
    directory never lists it) and renamed into place when the run ends: a run that is
    aborted leaves no manifest (:meth:`abort`), and one killed outright leaves only the
    temporary file, whose name says ``incomplete`` and which lacks ``"complete": true``.
    It records the tool version, the policy and its digest, start and end time, per message
    both digests (identity and raw bytes), recipients, finding ids and verdict, and the run's
    verdict and exit status as the command reported them ("error" when a message could not
    be read). Subjects, file names and display names are not recorded.
    """

    def __init__(self, path: Path, policy: Policy) -> None:
        from mailguard import __version__

        self.path = path
        self.temporary = path.with_name(f".{path.name}.incomplete-{os.getpid()}")
        self.temporary.parent.mkdir(parents=True, exist_ok=True)
        self.stream = self.temporary.open("w", encoding="utf-8")
        self.first = True
        head = {
            "manifest": 1,
            "complete": False,
            "tool": f"mailguard {__version__}",
            "policy": policy.source,
            "policy_digest": policy.digest,
            "personal_data": "shown" if policy.show_personal_data else "masked",
            "started": _now(),
        }
        self.stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "messages": [\n')

    def message(self, report: Report) -> None:
        entry: dict[str, object] = {
            "source": report.source,
            "verdict": report.verdict,
            "digest": report.digest,
            "raw_sha256": report.raw_digest,
            "recipients": list(report.recipients),
            "findings": [f.id for f in report.findings],
        }
        if report.error:
            entry["error"] = report.error  # a record: its words in English, whatever the run's --lang
            entry["error_code"] = _code(report)
        self.stream.write(("" if self.first else ",\n") + json.dumps(entry, ensure_ascii=False))
        self.first = False

    def finish(self, result: BatchResult) -> None:
        tail = {
            "finished": _now(),
            "summary": dict(result.counts),
            "verdict": "error" if result.errors else result.verdict.label,
            "exit_code": result.exit_code,
            "batch_findings": [f.id for f in result.batch_findings],
            "complete": True,
        }
        self.stream.write("\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n")
        self.stream.close()
        os.replace(self.temporary, self.path)

    def abort(self) -> None:
        """The run did not finish: no manifest, not a truncated one."""
        self.stream.close()
        self.temporary.unlink(missing_ok=True)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
