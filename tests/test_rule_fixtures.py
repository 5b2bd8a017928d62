"""One runner for the per-rule fixture files in tests/fixtures/rules/ (as sqlfluff does).

Every case states which rules must fire (with severity) and which must stay quiet on the
legitimate look-alike; every shipped rule must have both kinds of case. A case fails on any
MG000 it does not expect (sqlfluff's runner fails on "Unexpected exception"): a rule that
crashes blocks as rule-error, and only the runner would notice.

The docs are fixtures too: each rule's *Example* and *Use instead* code blocks are run as
messages, the first must make the rule fire and the second must leave it quiet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import with_attachments
from conftest import FIXTURES, eml
from mailguard import check
from mailguard.policy import Policy
from mailguard.rules import registry

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in RULE_FIXTURES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}"))
    return params


def case_input(case: dict[str, Any], book: Path) -> tuple[bytes, Policy]:
    """A fixture case's message (with its attachments) and policy (with its address book,
    written to ``book``)."""
    settings = dict(case.get("policy") or {})
    if "address_book" in case:
        book.write_text(yaml.safe_dump(case["address_book"], allow_unicode=True), encoding="utf-8")
        settings["address_book"] = str(book)
    policy = Policy.from_mapping(settings, source="fixture")
    message = eml(case["message"])
    if "attachments" in case:
        message = with_attachments(message, case["attachments"])
    return message, policy


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    message, policy = case_input(case, tmp_path / "contacts.yaml")
    result = check(message, policy, source=case["name"])
    assert result.error is None, result.error
    produced = {(f.rule, f.severity.label) for f in result.findings}
    if not any(f.startswith("MG000:") for f in case.get("fires", [])):
        crashed = [f.message.en for f in result.findings if f.rule == "MG000"]
        assert not crashed, f"unexpected rule error: {crashed}"
    for expected in case.get("fires", []):
        rule, severity = expected.split(":")
        assert (rule, severity) in produced, f"{expected} expected, got {sorted(produced)}"
    for rule in case.get("quiet", []):
        assert rule not in {f.rule for f in result.findings}, f"{rule} must stay quiet"
    if "verdict" in case:
        assert result.verdict.label == case["verdict"]


def test_every_rule_has_fixtures_that_fire_and_stay_quiet() -> None:
    by_rule: dict[str, dict[str, int]] = {}
    for path in RULE_FIXTURES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts = by_rule.setdefault(data["rule"], {"fires": 0, "quiet": 0})
        for case in data["cases"]:
            counts["fires"] += any(f.startswith(data["rule"] + ":") for f in case.get("fires", []))
            counts["quiet"] += data["rule"] in case.get("quiet", [])
    for rule_id, rule in registry().items():
        if rule.scope != "message":
            continue  # run and template rules are proven in tests/test_batch.py and tests/test_templates.py
        assert rule_id in by_rule, f"{rule_id} has no fixture file"
        assert by_rule[rule_id]["quiet"] > 0, f"{rule_id} has no look-alike that stays quiet"
        if rule_id != "MG000":  # proven in test_engine.py by an injected failing rule
            assert by_rule[rule_id]["fires"] > 0, f"{rule_id} has no case where it fires"


def test_fixture_files_are_named_after_their_rule() -> None:
    for path in RULE_FIXTURES:
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["rule"] == Path(path).stem


# Rules whose Example or Use instead is prose, a policy snippet or a placeholder rather than
# a message (the reason is given); every other message rule's docs run as fixtures.
_DOCS_NOT_A_MESSAGE = {
    "MG000": "raised by the engine when a rule fails (tests/test_engine.py)",
    "MG103": "off by default; the example stands for 600 addresses",
    "MG104": "the example is a policy snippet",
    "MG105": "the example is a policy snippet",
    "MG202": "the example lists attachment names",
    "MG204": "the example describes a 10 GB ZIP",
    "MG409": "the example describes a 120-row CSV",
    "MG411": "the example describes a PDF",
    "MG900": "the example describes 5,000 MIME parts",
    "MG901": "the example is one header in running text (tests/fixtures/rules/MG901.yaml)",
}
_DOC_DEFAULTS = {"from": "k.mori@example-city.lg.jp", "to": "jiro@example.jp", "subject": "ご連絡"}
# The office the docs are written for: its own domain, and one known partner.
_DOC_POLICY = {"internal_domains": ["example-city.lg.jp"], "known_domains": ["example.jp"]}
_FENCE = re.compile(r"^ *```[ \t]*\n(.*?)^ *```", re.MULTILINE | re.DOTALL)
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z-]*: ")


def _doc_block(doc: str, section: str) -> str | None:
    """The first plain code block of a docs section (dedented), or None."""
    found = re.search(rf"## {section}\n(.*?)(?=\n *## |\Z)", doc, re.DOTALL)
    block = _FENCE.search(found.group(1)) if found else None
    if block is None:
        return None
    lines = block.group(1).splitlines()
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return "\n".join(x[indent:] for x in lines)


def _doc_message(block: str) -> bytes:
    """A docs block as a draft: its header lines (comments after `#` dropped), the default
    From/To/Subject where it names none, and the rest as the body."""
    lines = block.splitlines()
    headers: list[str] = []
    while lines and _HEADER_LINE.match(lines[0]):
        headers.append(lines.pop(0).split("    #", 1)[0].rstrip())
    if lines and not lines[0].strip():
        lines.pop(0)
    named = {h.split(":", 1)[0].lower() for h in headers}
    headers += [f"{k.title()}: {v}" for k, v in _DOC_DEFAULTS.items() if k not in named]
    return eml("\n".join([*headers, "", *lines, ""]))


def _docs_cases() -> list[Any]:
    params = []
    for rule_id, rule in registry().items():
        if rule.scope != "message" or rule_id in _DOCS_NOT_A_MESSAGE:
            continue
        for section, fires in (("Example", True), ("Use instead", False)):
            block = _doc_block(rule.__doc__ or "", section)
            if block is not None:
                params.append(pytest.param(rule_id, block, fires, id=f"{rule_id} docs: {section}"))
    return params


@pytest.mark.parametrize(("rule_id", "block", "fires"), _docs_cases())
def test_docs_examples_are_fixtures(rule_id: str, block: str, fires: bool) -> None:
    result = check(_doc_message(block), Policy.from_mapping(_DOC_POLICY, source="docs"), source=f"{rule_id} docs")
    assert result.error is None, result.error
    rules = {f.rule for f in result.findings}
    assert "MG000" not in rules, [f.message.en for f in result.findings if f.rule == "MG000"]
    assert (rule_id in rules) is fires, f"{rule_id} {'must fire' if fires else 'must stay quiet'}; got {sorted(rules)}"


def test_every_message_rule_example_runs_unless_it_says_why() -> None:
    for rule_id, rule in registry().items():
        if rule.scope == "message" and rule_id not in _DOCS_NOT_A_MESSAGE:
            assert _doc_block(rule.__doc__ or "", "Example") is not None, f"{rule_id}: Example has no code block"
