"""Wall time of `mailguard check one.eml` against the floor of its unavoidable imports.

The floor: a Python process that imports click, email-validator, PyYAML, tldextract and the
email package and does one offline suffix lookup. Prints the median of each over repeated
runs and the ratio (target: at most 1.3x).

    python benchmarks/check_startup.py --runs 30

Measure with compiled bytecode, as after any pip install: where PYTHONDONTWRITEBYTECODE is
set, run `python -m compileall src` and unset it for the benchmark, or every run compiles
the whole package and the ratio says more about that than about mailguard.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "05-two-partners.eml"
FLOOR = (
    "import click, email_validator, yaml, email, email.parser, email.utils, tldextract;"
    "tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)('mail.example-city.lg.jp')"
)


def median_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    floor = median_time([sys.executable, "-c", FLOOR], arguments.runs)
    check = median_time([sys.executable, "-m", "mailguard", "check", str(DRAFT)], arguments.runs)
    print(f"floor (imports + one suffix lookup): {floor * 1000:7.1f} ms")
    print(f"mailguard check one.eml:             {check * 1000:7.1f} ms")
    print(f"ratio: {check / floor:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
