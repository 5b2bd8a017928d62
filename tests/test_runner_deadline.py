"""The batch budget is a bound from outside too (issue 16): a message whose check sits in
work no signal reaches (a C call such as PDFium's) is stopped by the parent killing its
worker at the deadline; the run goes on, reports that message as stopped (exit 4), and
loses or repeats no other report."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import mailguard.engine
from conftest import eml
from mailguard import rules as rules_package
from mailguard.findings import Finding, Severity
from mailguard.model import Draft
from mailguard.policy import Policy
from mailguard.rules import Context, Rule
from mailguard.shells.cli import _check_files
from mailguard.shells.runner import CHUNK, Item, run_batch


class HangingRule(Rule):
    """Holds like a C call that ignores signals, on messages that say HANG: SIGALRM is
    blocked, so neither the rule's share nor the message's budget can interrupt it."""

    id = "MG151"
    name = "hanging"
    incidents = ()
    default_severity = Severity.INFO

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        if "HANG" in draft.body:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(120)
        return iter(())


@pytest.fixture
def hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    registered = dict(sorted({**rules_package.registry(), HangingRule.id: HangingRule}.items()))
    monkeypatch.setattr(rules_package, "registry", lambda: registered)
    monkeypatch.setattr(mailguard.engine, "registry", lambda: registered)


def message(n: int, hang: bool = False) -> Item:
    body = "HANG" if hang else f"body {n}"
    return (f"m{n:03d}", eml(f"From: a@example-city.lg.jp\nTo: user{n}@example-city.lg.jp\nSubject: s{n}\n\n{body}\n"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_check_no_signal_reaches_is_stopped_and_the_run_goes_on(hanging: None, jobs: int) -> None:
    hung = {2, CHUNK + 3}  # in the first chunk after two messages, and in the second chunk
    items = [message(n, hang=n in hung) for n in range(CHUNK + 6)]
    seen: list[dict[str, object]] = []
    result = run_batch(
        lambda: items,
        Policy.from_mapping({"limits": {"max_seconds": 1}}),
        jobs=jobs,
        on_message=lambda report: seen.append(json.loads(report.encoded)),
    )
    assert [report["source"] for report in seen] == [name for name, _ in items]  # none lost, none twice
    stopped = [report["source"] for report in seen if report.get("error")]
    assert stopped == [f"m{n:03d}" for n in sorted(hung)]
    assert all("longer than 1 s and was stopped" in str(r["error"]) for r in seen if r.get("error"))
    assert all(r["verdict"] == "pass" for r in seen if not r.get("error"))
    assert result.errors == 2 and result.exit_code == 4


def test_mailguard_check_is_bounded_from_outside_too(hanging: None, tmp_path: Path) -> None:
    # `mailguard check a b c` checks the drafts in one child process, each bounded from
    # outside: the hanging one is stopped, the next goes on in a new child, order is kept
    paths = []
    for n in range(4):
        paths.append(tmp_path / f"d{n}.eml")
        paths[-1].write_bytes(message(n, hang=n in (1, 3))[1])
    results = _check_files(tuple(paths), Policy.from_mapping({"limits": {"max_seconds": 1}}))
    assert [r.source for r in results] == [str(p) for p in paths]
    assert [r.exit_code for r in results] == [0, 4, 0, 4]
    assert all("longer than 1 s and was stopped" in (r.error or "") for r in results[1::2])
    assert results[0].draft is not None and results[0].draft.body.strip() == "body 0"  # the whole result came back


def test_a_single_draft_is_bounded_too(hanging: None, tmp_path: Path) -> None:
    draft = tmp_path / "hang.eml"
    draft.write_bytes(message(0, hang=True)[1])
    result = mailguard.engine.check_path(draft, Policy.from_mapping({"limits": {"max_seconds": 1}}), isolated=True)
    assert result.exit_code == 4 and "longer than 1 s and was stopped" in (result.error or "")


def test_workers_inherit_the_suffix_list_and_rules_the_parent_loaded() -> None:
    # The parent loads them once before forking (engine.prepare): each worker used to parse
    # the suffix list and import every rule module again (about 150 ms a worker).
    from mailguard.destinations import domains

    domains._suffixes.cache_clear()
    policy = Policy.from_mapping({"limits": {"max_seconds": 5}})
    items = [message(n) for n in range(CHUNK + 2)]
    result = run_batch(lambda: items, policy, jobs=2)
    assert result.counts == {"pass": CHUNK + 2}
    assert domains._suffixes.cache_info().currsize == 1  # built here, in the parent
    assert any(key.startswith("message_rules:") for key in policy.memo)
