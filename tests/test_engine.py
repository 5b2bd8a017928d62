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
