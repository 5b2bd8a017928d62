"""The held-out set is reproducible: a fresh run of its generator gives the committed files.

Only the generator is tested here; the set's verdicts are measured (benchmarks/accuracy.py
--set tests/holdout), never asserted, so that nobody tunes the rules to it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_holdout_reproduces_the_committed_set() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_holdout.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(list((ROOT / "tests" / "holdout" / "cases").glob("*.eml"))) >= 80
