"""Policy loading: layering, discovery, strict validation with the key and file named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mailguard.errors import PolicyError
from mailguard.findings import Severity
from mailguard.policy import Policy, find_policy, load_policy, shipped_dir
from mailguard.rules import registry


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mailguard.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("internal_domain: [a.jp]\n", "'internal_domain'", "unknown key"),
        ("rules:\n  MG101:\n    blok_at: 3\n", "'rules.MG101.blok_at'", "unknown key"),
        ("rules:\n  MG999: {enabled: false}\n", "'rules.MG999'", "unknown rule id"),
        ("rules:\n  MG101: {block_at: three}\n", "'rules.MG101.block_at'", "whole number"),
        ("rules:\n  MG101: {enabled: 'no'}\n", "'rules.MG101.enabled'", "true or false"),
        ("rules:\n  MG101: {severity: fatal}\n", "'rules.MG101.severity'", "one of info, confirm, block"),
        ("internal_domains: example.jp\n", "'internal_domains'", "list of non-empty strings"),
        ("limits: {max_parts: -1}\n", "'limits.max_parts'", "whole number"),
        ("lang: fr\n", "'lang'", "one of en, ja"),
        ("personal_mail_providers: {extras: []}\n", "'personal_mail_providers.extras'", "unknown key"),
    ],
)
def test_invalid_policy_names_key_and_file(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert key in message and problem in message


def test_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"invalid YAML: line 3, column 1"):
        load_policy(write(tmp_path, "internal_domains:\n  - [unclosed\n"))


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="duplicate key 'internal_domains'"):
        load_policy(write(tmp_path, "internal_domains: [a.jp]\ninternal_domains: [b.jp]\n"))


def test_unreadable_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not found"):
        load_policy(tmp_path / "missing.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(binary)
    listing = write(tmp_path, "- a\n- b\n")
    with pytest.raises(PolicyError, match="mapping"):
        load_policy(listing)


def test_user_policy_layers_over_default(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, "internal_domains: [example-city.lg.jp]\nrules:\n  MG101: {block_at: 5}\n"))
    assert policy.internal_domains == ("example-city.lg.jp",)
    assert policy.rule("MG101").options == {"confirm_at": 2, "block_at": 5}
    assert policy.rule("MG102").enabled
    assert "gmail.com" in policy.personal_mail_providers


def test_severity_override_and_disable(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, "rules:\n  MG102: {severity: confirm}\n  MG106: {enabled: false}\n"))
    assert policy.rule("MG102").severity is Severity.CONFIRM
    assert not policy.rule("MG106").enabled


def test_policy_is_found_in_a_parent_directory(tmp_path: Path) -> None:
    write(tmp_path, "internal_domains: [a.jp]\n")
    nested = tmp_path / "drafts" / "2026"
    nested.mkdir(parents=True)
    assert find_policy(nested) == tmp_path / "mailguard.yaml"


def test_shipped_default_documents_every_rule_and_option() -> None:
    text = (shipped_dir() / "default.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for rule_id, rule in registry().items():
        if rule_id == "MG000":
            continue  # cannot be configured: fail closed
        assert rule_id in data["rules"], f"{rule_id} missing from rules/default.yaml"
        assert data["rules"][rule_id]["enabled"] == rule.enabled_by_default
        for option, default in rule.options.items():
            assert data["rules"][rule_id][option] == default, f"{rule_id}.{option} default differs"
    # Commented key by key: every top-level key has a comment line above it.
    for key in data:
        assert re.search(rf"#[^\n]*\n(#[^\n]*\n)*{key}:", text), f"{key} has no comment"


def test_default_policy_object() -> None:
    policy = Policy.default()
    assert "shipped default" in policy.source
    assert policy.internal_domains == ()


def test_fuzz_regression_missing_address_book_names_policy_and_key(tmp_path: Path) -> None:
    """Found by scripts/fuzz.py: the error named only the address book, not the policy."""
    from conftest import FIXTURES

    policy = tmp_path / "p.yaml"
    policy.write_bytes((FIXTURES / "fuzz" / "policy-missing-address-book.yaml").read_bytes())
    with pytest.raises(PolicyError) as caught:
        load_policy(policy)
    assert str(caught.value).startswith(f"{policy}: 'address_book': ")
    assert "contacts.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("rules:\n  MG000: {enabled: false}\n", "'rules.MG000.enabled'", "cannot be disabled"),
        ("rules:\n  MG900: {enabled: false}\n", "'rules.MG900.enabled'", "cannot be disabled"),
        ("rules:\n  MG000: {severity: confirm}\n", "'rules.MG000.severity'", "cannot be lower than block"),
        ("rules:\n  MG900: {severity: info}\n", "'rules.MG900.severity'", "cannot be lower than confirm"),
    ],
)
def test_the_safety_net_cannot_be_switched_off(tmp_path: Path, text: str, key: str, problem: str) -> None:
    """A policy that disabled MG900 would turn a reading-limit hit into a pass."""
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value).startswith(str(path)) and key in str(caught.value) and problem in str(caught.value)


def test_the_safety_net_can_be_raised(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, "rules:\n  MG900: {severity: block}\n"))
    assert policy.rules["MG900"].severity is Severity.BLOCK


def test_a_policy_that_disables_mg900_exits_4_on_the_command_line(tmp_path: Path) -> None:
    from conftest import EXAMPLES, run_cli

    path = write(tmp_path, "rules:\n  MG900: {enabled: false}\n")
    result = run_cli("check", "--policy", str(path), str(EXAMPLES / "05-supervised-orgs-in-cc.eml"))
    assert result.returncode == 4
    assert "'rules.MG900.enabled'" in result.stderr.decode() and str(path) in result.stderr.decode()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("limits:\n  max_seconds: 100000000000000000000\n", "'limits.max_seconds'"),  # 1e20 as written out
        ("limits:\n  max_seconds: 1e20\n", "'limits.max_seconds'"),  # YAML reads this as a string
        ("limits:\n  max_input_bytes: 100000000000000000000000\n", "'limits.max_input_bytes'"),
        ("interactive:\n  countdown_seconds: 100000000000000000000\n", "'interactive.countdown_seconds'"),
        ("rules:\n  MG101: {block_at: 100000000000000000000000}\n", "'rules.MG101.block_at'"),
    ],
)
def test_every_value_that_could_end_in_an_internal_error_is_a_validation_message(
    tmp_path: Path, text: str, key: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value).startswith(str(path)) and key in str(caught.value)
    assert "whole number from 0 to" in str(caught.value)


def test_the_largest_allowed_time_limit_runs(tmp_path: Path) -> None:
    import mailguard
    from conftest import eml

    policy = load_policy(write(tmp_path, "limits:\n  max_seconds: 86400\n"))
    assert mailguard.check(eml("From: a@example.jp\nTo: b@example.jp\n\nx\n"), policy).error is None


BILLION_LAUGHS = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "internal_domains: *i\n"
)


@pytest.mark.parametrize("name", ["mailguard.yaml", "contacts.yaml"])
def test_yaml_aliases_are_refused_before_they_expand(tmp_path: Path, name: str) -> None:
    # ~850 bytes that would construct 9**9 strings: refused at the first anchor, in one line.
    assert len(BILLION_LAUGHS) < 900
    book = tmp_path / "contacts.yaml"
    book.write_text(BILLION_LAUGHS if name == "contacts.yaml" else "- {email: a@example.jp}\n", encoding="utf-8")
    policy = write(tmp_path, BILLION_LAUGHS if name == "mailguard.yaml" else f"address_book: {book}\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(policy)
    message = str(caught.value)
    assert "anchors and aliases" in message and "line 1, column 4" in message and "\n" not in message


def test_address_book_errors_name_file_line_and_column_never_the_entry(tmp_path: Path) -> None:
    book = tmp_path / "contacts.yaml"
    book.write_text("- email: yamada.taro@example.jp\n  name: 山田 太郎\n    aliases: [Taro\n", encoding="utf-8")
    policy = write(tmp_path, f"address_book: {book}\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(policy)
    message = str(caught.value)
    assert str(book) in message and re.search(r"line \d+, column \d+", message) and "\n" not in message
    assert "yamada" not in message and "山田" not in message and "Taro" not in message
    csv_book = tmp_path / "contacts.csv"
    csv_book.write_text("email,name\n" + "a@example.jp," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(write(tmp_path, f"address_book: {csv_book}\n"))
    assert str(csv_book) in str(caught.value) and "line" in str(caught.value) and "xxx" not in str(caught.value)
