"""Accuracy of mailguard on the evaluation set in tests/eval/ (realistic city-office mail).

    python benchmarks/accuracy.py            # tables for the default and the city policy, then the misses
    python benchmarks/accuracy.py --json     # the same, machine-readable
    python benchmarks/accuracy.py --set tests/holdout   # another set of the same layout (the held-out set)

Each case in ``tests/eval/cases.yaml`` names the policy its expectation was written for
(``default``: the shipped policy; ``city``: ``tests/eval/city-policy.yaml``), the verdicts that
are right for it and, for a risky draft, the rule(s) of which one must fire (at confirm or
block) for the draft to count as caught by the right rule. ``tests/test_evaluation.py`` uses
:func:`evaluate` from here, so the test and this report judge the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

import mailguard
from mailguard.findings import Severity

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
POLICY_NAMES = ("default", "city")


@dataclass(frozen=True)
class Case:
    file: str
    kind: str
    allowed: tuple[str, ...]
    rules: tuple[str, ...]
    incidents: tuple[int, ...]
    policy: str
    reason: str
    format: str = ""
    charset: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Outcome:
    file: str
    kind: str
    policy: str
    allowed: tuple[str, ...]
    rules: tuple[str, ...]
    verdict: str  # pass / confirm / block / error
    fired: tuple[str, ...]  # rules with a confirm or block finding
    info: tuple[str, ...]  # rules with only information findings
    error: str | None

    @property
    def right_rule(self) -> bool:
        return bool(set(self.rules) & set(self.fired))

    @property
    def ok(self) -> bool:
        """As expected: the verdict is allowed and, for a risky draft, the right rule fired."""
        if self.verdict not in self.allowed:
            return False
        return self.kind != "risky" or self.right_rule

    @property
    def category(self) -> str:
        if self.kind == "legitimate":
            return {"pass": "passed", "confirm": "confirmed", "block": "blocked"}.get(self.verdict, "error")
        if self.verdict == "error":
            return "error"
        if self.verdict == "pass":
            return "passed"
        return "right rule" if self.right_rule else "other rule"

    def got(self) -> str:
        return f"{self.verdict} [{', '.join(self.fired)}]"


def load_cases(path: Path = EVAL_DIR / "cases.yaml") -> list[Case]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for entry in entries:
        cases.append(
            Case(
                file=entry["file"],
                kind=entry["kind"],
                allowed=tuple(entry["allowed"]),
                rules=tuple(entry.get("rules") or ()),
                incidents=tuple(entry.get("incidents") or ()),
                policy=entry["policy"],
                reason=entry["reason"],
                format=entry.get("format", ""),
                charset=entry.get("charset", ""),
                lang=entry.get("lang", ""),
            )
        )
    return cases


def load_policies(eval_dir: Path = EVAL_DIR) -> dict[str, mailguard.Policy]:
    return {"default": mailguard.Policy.default(), "city": mailguard.Policy.from_file(eval_dir / "city-policy.yaml")}


def evaluate(
    cases: Iterable[Case], policies: Mapping[str, mailguard.Policy], cases_dir: Path = EVAL_DIR / "cases"
) -> list[Outcome]:
    """Check every case under its own policy (one run over the set)."""
    outcomes = []
    for case in cases:
        result = mailguard.check(cases_dir / case.file, policies[case.policy])
        fired: tuple[str, ...] = ()
        info: tuple[str, ...] = ()
        if result.error:
            verdict = "error"
        else:
            verdict = result.verdict.label
            fired = tuple(sorted({f.rule for f in result.findings if f.severity >= Severity.CONFIRM}))
            info = tuple(sorted({f.rule for f in result.findings} - set(fired)))
        outcomes.append(
            Outcome(case.file, case.kind, case.policy, case.allowed, case.rules, verdict, fired, info, result.error)
        )
    return outcomes


LEGIT_COLUMNS = ("passed", "confirmed", "blocked", "error")
RISKY_COLUMNS = ("right rule", "other rule", "passed", "error")


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for policy in POLICY_NAMES:
        mine = [o for o in outcomes if o.policy == policy]
        legit = [o for o in mine if o.kind == "legitimate"]
        risky = [o for o in mine if o.kind == "risky"]
        data[policy] = {
            "legitimate": {"total": len(legit), **{c: sum(o.category == c for o in legit) for c in LEGIT_COLUMNS}},
            "risky": {"total": len(risky), **{c: sum(o.category == c for o in risky) for c in RISKY_COLUMNS}},
            "as_expected": sum(o.ok for o in mine),
            "total": len(mine),
        }
    return data


def misses(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    return [
        {
            "case": o.file,
            "policy": o.policy,
            "kind": o.kind,
            "expected": {"allowed": list(o.allowed), "rules": list(o.rules)},
            "got": o.verdict,
            "fired": list(o.fired),
            "info": list(o.info),
            "error": o.error,
        }
        for o in outcomes
        if not o.ok
    ]


def render(outcomes: Sequence[Outcome], seconds: float, set_name: str = "tests/eval") -> str:
    data = summary(outcomes)
    lines = [f"mailguard {mailguard.__version__} on {len(outcomes)} cases of {set_name} ({seconds:.1f} s)", ""]
    head = f"{'policy':8} {'legitimate':>10} {'passed':>7} {'confirmed':>9} {'blocked':>7} | {'risky':>5} {'right rule':>10} {'other rule':>10} {'passed':>6} | {'as expected':>11}"
    lines += [head, "-" * len(head)]
    for policy in POLICY_NAMES:
        legit, risky = data[policy]["legitimate"], data[policy]["risky"]
        errors = legit["error"] + risky["error"]
        lines.append(
            f"{policy:8} {legit['total']:>10} {legit['passed']:>7} {legit['confirmed']:>9} {legit['blocked']:>7} | "
            f"{risky['total']:>5} {risky['right rule']:>10} {risky['other rule']:>10} {risky['passed']:>6} | "
            f"{data[policy]['as_expected']:>5}/{data[policy]['total']:<5}"
            + (f"  ({errors} unreadable)" if errors else "")
        )
    missed = [o for o in outcomes if not o.ok]
    lines += ["", f"misses ({len(missed)}):"]
    for o in missed:
        expected = "/".join(o.allowed) + (f" by {'|'.join(o.rules)}" if o.rules else "")
        extra = f" (info: {', '.join(o.info)})" if o.info else ""
        lines.append(f"  {o.file:48} {o.policy:7} expected {expected:28} got {o.got()}{extra}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--cases", type=Path, default=None, help="cases file (default: SET/cases.yaml)")
    parser.add_argument(
        "--set",
        type=Path,
        default=EVAL_DIR,
        help="set directory: cases.yaml, cases/, city-policy.yaml (default: tests/eval)",
    )
    args = parser.parse_args(argv)
    if args.cases is None:
        args.cases = args.set / "cases.yaml"
    start = time.perf_counter()
    outcomes = evaluate(load_cases(args.cases), load_policies(args.cases.parent), args.cases.parent / "cases")
    seconds = time.perf_counter() - start
    if args.json:
        json.dump(
            {
                "version": mailguard.__version__,
                "cases": len(outcomes),
                "seconds": round(seconds, 2),
                "summary": summary(outcomes),
                "misses": misses(outcomes),
                "outcomes": [{**asdict(o), "ok": o.ok, "category": o.category} for o in outcomes],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        try:
            print(render(outcomes, seconds, str(args.set)))
        except BrokenPipeError:  # e.g. piped into head
            sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
