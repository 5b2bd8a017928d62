"""Render with mailmerge's library and check each message with the row it came from.

    python send_with_guard.py database-swapped.csv   # stops at the first message
    python send_with_guard.py database.csv           # all pass; would send

A real pipeline would send with ``mailguard.GuardedSMTP`` instead of printing.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from mailmerge.template_message import TemplateMessage

from mailguard import Batch
from mailguard.findings import Verdict

HERE = Path(__file__).parent


def main(database: str) -> int:
    template = TemplateMessage(HERE / "registration.txt")
    with open(HERE / database, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(HERE / "targets.csv", encoding="utf-8") as handle:
        approved = list(csv.DictReader(handle))
    batch = Batch(targets=approved)
    for number, row in enumerate(rows, start=1):
        _, _, message = template.render(row)
        result = batch.check(message, row=row, source=f"row {number}")
        if result.verdict is not Verdict.PASS:
            for finding in result.findings:
                print(f"row {number}: {finding.rule} {finding.message.en}")
            return 3
        print(f"row {number}: pass")
    summary = batch.close()
    print(f"run: {summary.verdict.label}")
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "database.csv"))
