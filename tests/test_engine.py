"""The pipeline core: fail closed, finding identity, library entry points."""

from __future__ import annotations

import email.message
from collections.abc import Iterator
from pathlib import Path

import pytest

import mailguard
import mailguard.engine
import mailguard.policy
from conftest import eml
from mailguard import rules as rules_package
from mailguard.findings import Finding, Verdict
from mailguard.model import Draft
from mailguard.policy import Policy
from mailguard.rules import Context, Rule

THREE_CITIZENS = """From: shougai@example-city.lg.jp
To: a@gmail.com, b@docomo.ne.jp, c@ezweb.ne.jp
Subject: x

body
"""


class ExplodingRule(Rule):
    id = "MG999"
    name = "exploding"
    incidents = ()
    default_severity = mailguard.Severity.INFO

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        raise ValueError("secret 1234-5678-9012-3456 in the message")


@pytest.fixture
def exploding_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    with_exploding = {**rules_package.registry(), "MG999": ExplodingRule}
    monkeypatch.setattr(rules_package, "registry", lambda: with_exploding)
    monkeypatch.setattr(mailguard.engine, "registry", lambda: with_exploding)


def test_a_failing_rule_blocks_instead_of_crashing_or_passing(exploding_rule: None) -> None:
    policy = Policy.from_mapping({})
    result = mailguard.check(eml("From: a@example.jp\nTo: b@example.jp\n\nx\n"), policy)
    failures = [f for f in result.findings if f.rule == "MG000"]
    assert result.verdict is Verdict.BLOCK
    assert len(failures) == 1 and "MG999" in failures[0].message.en and "ValueError" in failures[0].message.en
    assert "1234" not in failures[0].message.en  # the error text (maybe personal data) is not echoed


def test_finding_id_is_stable_for_the_same_message() -> None:
    first = mailguard.check(eml(THREE_CITIZENS))
    second = mailguard.check(eml(THREE_CITIZENS))
    assert [f.id for f in first.findings] == [f.id for f in second.findings]
    assert first.findings[0].id.startswith("MG101-")


def test_finding_id_changes_with_the_message_but_fingerprint_only_with_the_finding() -> None:
    base = mailguard.check(eml(THREE_CITIZENS)).findings[0]
    other_subject = mailguard.check(eml(THREE_CITIZENS.replace("Subject: x", "Subject: y"))).findings[0]
    other_recipient = mailguard.check(eml(THREE_CITIZENS.replace("c@ezweb", "d@ezweb"))).findings[0]
    assert other_subject.id != base.id and other_subject.fingerprint == base.fingerprint
    assert other_recipient.fingerprint != base.fingerprint


def test_finding_never_holds_the_plain_offending_value() -> None:
    finding = mailguard.check(eml(THREE_CITIZENS)).findings[0]
    assert "gmail" not in finding.fingerprint and "gmail" not in finding.id


def test_library_accepts_path_bytes_and_email_message(tmp_path: Path) -> None:
    path = tmp_path / "d.eml"
    path.write_bytes(eml(THREE_CITIZENS))
    msg = email.message.EmailMessage()
    msg["From"] = "shougai@example-city.lg.jp"
    msg["To"] = "a@gmail.com, b@docomo.ne.jp, c@ezweb.ne.jp"
    msg["Subject"] = "x"
    msg.set_content("body")
    for given in (path, str(path), path.read_bytes(), msg):
        result = mailguard.check(given)
        assert result.verdict is Verdict.BLOCK, given
        assert result.to_dict()["findings"][0]["rule"] == "MG101"


def test_library_returns_an_error_result_for_unreadable_input(tmp_path: Path) -> None:
    result = mailguard.check(tmp_path / "missing.eml")
    assert result.error == "no such file" and result.exit_code == 4
    assert mailguard.check(b"").exit_code == 4


def test_verdict_is_the_worst_severity() -> None:
    text = "From: a@example-city.lg.jp\nTo: a@gmail.com, b@gmail.com, c@gmail.com, nodomain\n\nx\n"
    result = mailguard.check(eml(text), Policy.from_mapping({"internal_domains": ["example-city.lg.jp"]}))
    assert {f.severity.label for f in result.findings} == {"block", "confirm"}
    assert result.verdict is Verdict.BLOCK
    assert result.findings[0].severity.label == "block"  # worst first


class SlowRule(Rule):
    id = "MG998"
    name = "slow"
    incidents = ()
    default_severity = mailguard.Severity.INFO

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        import time

        time.sleep(5)
        return iter(())


def test_time_limit_per_message_is_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    with_slow = {**rules_package.registry(), "MG998": SlowRule}
    monkeypatch.setattr(rules_package, "registry", lambda: with_slow)
    monkeypatch.setattr(mailguard.engine, "registry", lambda: with_slow)
    policy = Policy.from_mapping({"limits": {"max_seconds": 1}})
    result = mailguard.check(eml("From: a@example.jp\nTo: b@example.jp\n\nx\n"), policy)
    # The finding exists only when the timer interrupted the slow rule.
    stops = [f for f in result.findings if f.rule == "MG900"]
    assert result.verdict is Verdict.CONFIRM and stops and "MG998" in stops[0].message.en


class BusyRule(Rule):
    """A rule that computes far longer than any budget, in Python (as a pathological pattern
    on hostile input would); registered with the id the test gives it."""

    id = "MG150"
    name = "busy"
    incidents = ()
    default_severity = mailguard.Severity.INFO

    def check(self, draft: Draft, ctx: Context) -> Iterator[Finding]:
        import time

        until = time.monotonic() + 60
        while time.monotonic() < until:
            pass
        return iter(())


def _with_rule(monkeypatch: pytest.MonkeyPatch, rule_id: str) -> None:
    busy = type(f"Busy{rule_id}", (BusyRule,), {"id": rule_id, "name": f"busy-{rule_id.lower()}"})
    registered = {**rules_package.registry(), rule_id: busy}
    registered = dict(sorted(registered.items()))
    monkeypatch.setattr(rules_package, "registry", lambda: registered)
    monkeypatch.setattr(mailguard.engine, "registry", lambda: registered)


MY_NUMBER_TO_GMAIL = """From: shougai@example-city.lg.jp
To: citizen@gmail.com
Subject: =?UTF-8?B?44GU5L6d6aC8?=

個人番号: 1234 5678 9018
"""


def test_personal_data_behind_a_rule_that_times_out_is_still_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    # The slow rule runs before the personal-data rules; it gets its share and no more, and
    # MG401 still runs and blocks: the time-out weakens nothing (issue 16).
    _with_rule(monkeypatch, "MG150")
    policy = Policy.from_mapping({"limits": {"max_seconds": 2}})
    result = mailguard.check(eml(MY_NUMBER_TO_GMAIL), policy)
    rules = {f.rule for f in result.findings}
    assert result.verdict is Verdict.BLOCK and "MG401" in rules
    assert any(f.rule == "MG900" and "MG150" in f.message.en for f in result.findings)


@pytest.mark.parametrize(
    ("recipient", "verdict"),
    [("citizen@gmail.com", Verdict.BLOCK), ("tantou@partner-example.co.jp", Verdict.CONFIRM)],
)
def test_a_personal_data_rule_that_times_out_is_as_strict_as_its_finding(
    monkeypatch: pytest.MonkeyPatch, recipient: str, verdict: Verdict
) -> None:
    # What the rule could have found decides: to a personal address the policy blocks
    # personal data, so the time-out blocks; to an organisation it asks (never a pass).
    _with_rule(monkeypatch, "MG499")
    policy = Policy.from_mapping({"limits": {"max_seconds": 2}})
    text = f"From: a@example-city.lg.jp\nTo: {recipient}\nSubject: x\n\nこんにちは\n"
    result = mailguard.check(eml(text), policy)
    stops = [f for f in result.findings if f.rule == "MG900" and "MG499" in f.message.en]
    assert result.verdict is verdict and len(stops) == 1
    assert stops[0].severity.label == verdict.label


def test_the_time_limit_holds_in_a_thread_and_restores_the_hosts_signal_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import signal
    import threading

    _with_rule(monkeypatch, "MG150")
    policy = Policy.from_mapping({"limits": {"max_seconds": 1}})
    results: list[mailguard.MessageResult] = []
    worker = threading.Thread(target=lambda: results.append(mailguard.check(eml(THREE_CITIZENS), policy)))
    worker.start()
    worker.join(30)  # the busy rule alone would take 60 s
    assert not worker.is_alive() and results
    assert any(f.rule == "MG900" and "MG150" in f.message.en for f in results[0].findings)
    assert results[0].verdict is Verdict.BLOCK  # MG101 still ran (three citizens visible)

    def host(signum: int, frame: object) -> None:
        raise AssertionError("the host's handler")

    previous = signal.signal(signal.SIGALRM, host)
    try:
        mailguard.check(eml(THREE_CITIZENS), policy)
        assert signal.getsignal(signal.SIGALRM) is host
    finally:
        signal.signal(signal.SIGALRM, previous)


def _blocks_signals_and_sleeps() -> str:
    """A stand-in for a C call that no signal reaches (PDFium on a hostile stream)."""
    import signal
    import time

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(60)
    return "finished"


def test_a_call_no_signal_reaches_is_stopped_from_outside() -> None:
    from mailguard.limits import TimeLimit, run_in_child

    with pytest.raises(TimeLimit):
        run_in_child(_blocks_signals_and_sleeps, seconds=0.5)
    assert run_in_child(sorted, [3, 1, 2], seconds=10) == [1, 2, 3]
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_in_child(divmod, 1, 0, seconds=10)


def test_an_isolated_check_returns_the_same_result() -> None:
    from mailguard.engine import check_bytes, check_isolated

    policy = Policy.default()
    isolated = check_isolated(eml(THREE_CITIZENS), "x.eml", policy)
    here = check_bytes(eml(THREE_CITIZENS), "x.eml", policy)
    assert [f.id for f in isolated.findings] == [f.id for f in here.findings]
    assert isolated.verdict is here.verdict is Verdict.BLOCK
