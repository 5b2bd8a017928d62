"""Every pattern that reads message text takes time linear in the text (issue 16).

Proven by steps, never by the clock: ``benchmarks/patterns.py`` counts the steps a
backtracking matcher takes over hostile inputs built from each pattern's own structure
(long runs of what a repeat accepts, after the text that leads to it, failing at the end),
at two sizes; a linear pattern doubles its steps when the input doubles, a quadratic one
quadruples them.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("patterns", ROOT / "benchmarks" / "patterns.py")
assert _spec and _spec.loader
patterns = importlib.util.module_from_spec(_spec)
sys.modules["patterns"] = patterns
_spec.loader.exec_module(patterns)

SIZE = 128  # past every bounded window ({0,40}, {1,64}) so that a bound shows as linear
BUDGET = 150_000
KNOWN_BUDGET = 5_000  # enough to see a known pattern is still superlinear, and quick
LINEAR = 1.35

# Patterns in modules owned elsewhere that are still superlinear (issue 16 item 1): strict,
# an entry that has become linear fails the test, so remove it when its pattern is fixed.
KNOWN_SUPERLINEAR = {
    "mailguard.content.personal._EMAIL",  # the roster's e-mail token, searched per line
    "mailguard.content.personal._LICENCE",  # 運転免許証番号 + open \s*
    "mailguard.content.personal._PASSPORT",  # passport + \s* twice: cubic
    # searched over a run without "@" (by the clock too: 18 s at 20,000 letters, 41 s at 40,000)
    "mailguard.readers.addresses._ADDRESS",
    "mailguard.readers.addresses._ASCII_LOCAL_TAIL",  # [...]+$ searched: every start runs to the end
    "mailguard.readers.addresses._PLAIN",
}
# Where the step counter's model is coarser than sre (which tries a repeat followed by a
# literal only where the literal stands, and fails a header block at its first bad line):
# these are linear by the clock (``benchmarks/patterns.py --clock``), not measured here.
MODEL_GAPS = {"mailguard.readers.mime._CRLF_BLOCK", "mailguard.readers.mime._LF_BLOCK"}

ALL = list(patterns.text_patterns())


def test_the_step_counter_tells_linear_from_quadratic() -> None:
    quadratic = re.compile(r"\s+x")  # searched over spaces: every start re-reads the run
    linear = re.compile(r"x\s+y")
    assert patterns.worst_exponent(quadratic, SIZE, budget=BUDGET)[0] > 1.8
    assert patterns.worst_exponent(linear, SIZE, budget=BUDGET)[0] < LINEAR
    cubic = re.compile(r"a\s*\s*\s*b")
    assert patterns.worst_exponent(cubic, SIZE, budget=BUDGET)[0] > 2.5
    assert patterns.steps(re.compile(r"ab+c"), "xabbbc") < 40  # it really walks the pattern


def test_every_text_pattern_is_found() -> None:
    names = {name for name, _ in ALL}
    assert len(names) > 60 and names >= KNOWN_SUPERLINEAR | MODEL_GAPS
    assert "mailguard.readers.template._RULE_LIST" in names


MEASURED = [(name, pattern) for name, pattern in ALL if name not in MODEL_GAPS]


@pytest.mark.parametrize(("name", "pattern"), MEASURED, ids=[name.removeprefix("mailguard.") for name, _ in MEASURED])
def test_text_pattern_is_linear(name: str, pattern: re.Pattern[str]) -> None:
    module, _, attribute = name.rpartition(".")
    anchored = patterns.anchored_only(sys.modules[module], attribute)
    budget = KNOWN_BUDGET if name in KNOWN_SUPERLINEAR else BUDGET
    exponent, worst = patterns.worst_exponent(pattern, SIZE, anchored, budget=budget)
    if name in KNOWN_SUPERLINEAR:
        assert exponent > LINEAR, f"{name} is linear now: remove it from KNOWN_SUPERLINEAR"
    else:
        assert exponent <= LINEAR, f"{name} grows with exponent {exponent:.2f} on {worst}"
