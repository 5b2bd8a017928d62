"""Wall time of `mailguard check one.eml` against the floor of its unavoidable imports.

The floor: a Python process that imports click, email-validator, PyYAML, publicsuffixlist and
the email package and does one offline suffix lookup (the list parsed as mailguard parses it). The two run in turn (so a slow minute of
a shared machine slows both), and the median and the best of each and their ratios are printed
(target: at most 1.3x). With ``--other-src`` a second tree's ``mailguard check`` (another
commit's ``src``) runs in the same turns, and the ratio between the two trees is printed too:
the floor moves when a dependency changes, the other tree does not.

    python benchmarks/check_startup.py --runs 30
    python benchmarks/check_startup.py --runs 30 --other-src /tmp/first-wave/src

Measure with compiled bytecode, as after any pip install: where PYTHONDONTWRITEBYTECODE is
set, run `python -m compileall src` and unset it for the benchmark, or every run compiles
the whole package and the ratio says more about that than about mailguard.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "05-two-partners.eml"
FLOOR = (
    "import click, email_validator, yaml, email, email.parser, email.utils;"
    "from publicsuffixlist import PublicSuffixList;"
    "PublicSuffixList(only_icann=True, accept_encoded_idn=False).privatesuffix('mail.example-city.lg.jp')"
)


def one_run(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--other-src", type=Path, help="another tree's src directory, timed in the same turns")
    arguments = parser.parse_args()
    floor_command = [sys.executable, "-c", FLOOR]
    check_command = [sys.executable, "-m", "mailguard", "check", str(DRAFT)]
    other_env = {**os.environ, "PYTHONPATH": str(arguments.other_src)} if arguments.other_src else None
    floors: list[float] = []
    checks: list[float] = []
    others: list[float] = []
    for _ in range(arguments.runs):  # interleaved: a slow minute of the machine hits all
        floors.append(one_run(floor_command))
        checks.append(one_run(check_command))
        if other_env is not None:
            others.append(one_run(check_command, other_env))
    for label, times in (("median", statistics.median), ("best", min)):
        floor, check = times(floors), times(checks)
        print(
            f"{label:>6}: floor (imports + one suffix lookup) {floor * 1000:6.1f} ms, "
            f"mailguard check one.eml {check * 1000:6.1f} ms, ratio {check / floor:.2f}x"
        )
        if others:
            other = times(others)
            print(f"{'':>6}  the other tree {other * 1000:6.1f} ms: this tree takes {check / other:.2f}x its time")
    print("target: ratio <= 1.3x")


if __name__ == "__main__":
    main()
