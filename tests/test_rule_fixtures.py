"""One runner for the per-rule fixture files in tests/fixtures/rules/ (as sqlfluff does).

Every case states which rules must fire (with severity) and which must stay quiet on the
legitimate look-alike; every shipped rule must have both kinds of case.
"""

from __future__ import annotations

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


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    settings = dict(case.get("policy") or {})
    if "address_book" in case:
        book = tmp_path / "contacts.yaml"
        book.write_text(yaml.safe_dump(case["address_book"], allow_unicode=True), encoding="utf-8")
        settings["address_book"] = str(book)
    policy = Policy.from_mapping(settings, source="fixture")
    message = eml(case["message"])
    if "attachments" in case:
        message = with_attachments(message, case["attachments"])
    result = check(message, policy, source=case["name"])
    assert result.error is None, result.error
    produced = {(f.rule, f.severity.label) for f in result.findings}
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
