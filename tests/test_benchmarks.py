"""The benchmarks run and print what their docstrings promise (a broken benchmark is found
here, not on the day a number is needed); their figures are never asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(script: str, *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_batch_throughput_measures_both_job_counts_against_the_baseline() -> None:
    out = _run(
        "batch_throughput.py", "--messages", "24", "--repeat", "2", "--other-src", str(BENCHMARKS.parent / "src")
    )
    assert "24 messages, best of 2 rounds" in out
    labels = ["stdlib parse + decode (baseline)", "mailguard batch --jobs 1", "mailguard batch --jobs 2"]
    for label in [*labels, "other tree --jobs 1", "other tree --jobs 2"]:
        assert re.search(rf"{re.escape(label)}\s+\d+\s+\d+\.\d\d\s+\d+ MB", out), out
    assert re.search(r"--jobs 2 vs --jobs 1: \d+\.\d\dx", out), out
    for jobs in (1, 2):
        assert re.search(rf"--jobs {jobs}: this tree \d+\.\d\dx the other tree's speed", out), out


@pytest.mark.slow
def test_check_startup_compares_the_check_with_the_import_floor() -> None:
    # The tree under test against itself as "the other tree": both lines, two figures each.
    out = _run("check_startup.py", "--runs", "2", "--other-src", str(BENCHMARKS.parent / "src"))
    for label in ("median", "best"):
        assert re.search(rf"{label}: floor .* ms, mailguard check one.eml .* ms, ratio \d+\.\d\dx", out), out
    assert len(re.findall(r"the other tree +\d+\.\d ms: this tree takes \d+\.\d\dx its time", out)) == 2, out
