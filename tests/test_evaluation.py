"""The evaluation set (tests/eval): realistic city-office mail with expectations written first.

Every case is checked once, under the policy its expectation was written for; a case succeeds
when its verdict is among ``allowed`` and, for a risky draft, one of its ``rules`` fired (at
confirm or block). Today's failures are listed in ``tests/eval/known-failures.txt``; the test is
strict both ways, so the list can only shrink:

- a case that fails and is not listed fails the test (a regression, or a new case);
- a listed case that now succeeds fails the test: remove its line from known-failures.txt.

The judging code is ``benchmarks/accuracy.py`` (the same numbers the benchmark prints).
"""

from __future__ import annotations

import collections
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "eval"
KNOWN_FAILURES = EVAL_DIR / "known-failures.txt"
VERDICTS = {"pass", "confirm", "block"}


def _load_accuracy() -> ModuleType:
    name = "mailguard_eval_accuracy"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


accuracy = _load_accuracy()


def _known_failures() -> list[str]:
    names = []
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


@pytest.fixture(scope="module")
def cases() -> list[Any]:
    return list(accuracy.load_cases(EVAL_DIR / "cases.yaml"))


@pytest.fixture(scope="module")
def outcomes(cases: list[Any]) -> dict[str, Any]:
    """One run over the whole set (a few seconds)."""
    policies = accuracy.load_policies(EVAL_DIR)
    return {o.file: o for o in accuracy.evaluate(cases, policies, EVAL_DIR / "cases")}


def test_the_set_is_complete_and_well_formed(cases: list[Any]) -> None:
    from mailguard.rules import registry

    rules = registry()
    files = [c.file for c in cases]
    assert len(files) == len(set(files)), "a file is listed twice in cases.yaml"
    on_disk = sorted(p.name for p in (EVAL_DIR / "cases").iterdir())
    assert sorted(files) == on_disk, "cases.yaml and tests/eval/cases/ list different files"
    assert len(cases) >= 220
    legitimate = [c for c in cases if c.kind == "legitimate"]
    assert len(legitimate) >= 0.6 * len(cases)
    for case in cases:
        assert case.kind in ("legitimate", "risky"), case.file
        assert case.allowed and set(case.allowed) <= VERDICTS, case.file
        assert case.policy in accuracy.POLICY_NAMES, case.file
        assert case.reason.strip() and "\n" not in case.reason, case.file
        assert all(rule in rules for rule in case.rules), case.file
        assert all(1 <= n <= 22 for n in case.incidents), case.file
        if case.kind == "risky":
            assert case.rules, f"{case.file}: a risky case names the rule for its incident"
            assert "pass" not in case.allowed, case.file
    formats = collections.Counter(c.format.split("-")[0] for c in cases)
    charsets = collections.Counter(c.charset for c in cases)
    assert formats["eml"] and formats["msg"]
    assert charsets["ISO-2022-JP"] and charsets["Shift_JIS"] and charsets["UTF-8"]


def test_known_failures_name_cases(cases: list[Any]) -> None:
    known = _known_failures()
    assert len(known) == len(set(known)), "a case is listed twice in known-failures.txt"
    unknown = sorted(set(known) - {c.file for c in cases})
    assert not unknown, f"known-failures.txt lists cases that do not exist: {unknown}"
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        assert not line.strip() or line.startswith("#") or re.match(r"^[\w.-]+\s+#", line), line


def _describe(outcome: Any) -> str:
    expected = "/".join(outcome.allowed) + (f" by {'|'.join(outcome.rules)}" if outcome.rules else "")
    return f"{outcome.file} ({outcome.policy}): expected {expected}, got {outcome.got()}"


def test_no_case_fails_that_is_not_a_known_failure(outcomes: dict[str, Any]) -> None:
    known = set(_known_failures())
    new = [o for name, o in sorted(outcomes.items()) if not o.ok and name not in known]
    assert not new, "cases failing that are not in tests/eval/known-failures.txt:\n  " + "\n  ".join(
        _describe(o) for o in new
    )


def test_known_failures_still_fail(outcomes: dict[str, Any]) -> None:
    fixed = [o for name, o in sorted(outcomes.items()) if o.ok and name in set(_known_failures())]
    assert not fixed, "these cases now succeed: remove them from tests/eval/known-failures.txt\n  " + "\n  ".join(
        f"{o.file} (got {o.got()})" for o in fixed
    )
